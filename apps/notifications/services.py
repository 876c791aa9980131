"""Sending notifications: an inbox row now, an email once the transaction commits."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from apps.notifications.models import Notification

logger = logging.getLogger(__name__)


def notify(
    recipients: Iterable,
    kind: str,
    title: str,
    *,
    body: str = "",
    url: str = "",
    dedupe_key: str = "",
    exclude=None,
) -> list[Notification]:
    """Create one inbox message per recipient (skipping ``exclude``, usually the
    person who acted, and anyone already told about ``dedupe_key``), and email them
    after commit, so a rolled-back action never sends mail."""
    people = {user.pk: user for user in recipients if user is not None}
    if exclude is not None:
        people.pop(exclude.pk, None)
    if dedupe_key:
        told = set(
            Notification.objects.filter(dedupe_key=dedupe_key, recipient_id__in=people).values_list(
                "recipient_id", flat=True
            )
        )
        people = {pk: user for pk, user in people.items() if pk not in told}
    created = Notification.objects.bulk_create(
        Notification(
            recipient=user, kind=kind, title=title, body=body, url=url, dedupe_key=dedupe_key
        )
        for user in people.values()
    )
    ids = [n.pk for n in created if n.pk]
    transaction.on_commit(lambda: _email(ids))
    return created


def _email(ids: list[int]) -> None:
    """Send the messages over one connection, so a slow or dead mail server costs one
    timeout for the whole batch, not one per recipient."""
    site = settings.PLANNER_SITE_URL.rstrip("/")
    notes = [
        note
        for note in Notification.objects.filter(pk__in=ids, emailed_at=None).select_related(
            "recipient"
        )
        if note.recipient.email
    ]
    if not notes:
        return
    messages = [
        (
            f"{settings.EMAIL_SUBJECT_PREFIX}{note.title}",
            f"{note.body}\n\n{site}{note.url}" if note.url else note.body,
            None,
            [note.recipient.email],
        )
        for note in notes
    ]
    try:
        send_mass_mail(messages)
    except Exception:  # a mail server outage must not break the action that notified
        logger.exception("could not email notifications %s", [n.pk for n in notes])
        return
    Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=timezone.now())
