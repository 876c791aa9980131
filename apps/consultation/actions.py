import hashlib
import re
import unicodedata
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.consultation.models import Consultation, Suggestion
from apps.core.activity import log_activity


def default_topics(version) -> list[str]:
    """The 篇 of the version (or its 章 when it has none) as topics."""
    nodes = version.snapshot.get("nodes", [])
    parts = [n["title"] for n in nodes if n.get("level") == "part"]
    chapters = [n["title"] for n in nodes if n.get("level") == "chapter"]
    return (parts or chapters)[:30]


def consultation_publish(document, *, actor, version, topics: list[str], **fields) -> Consultation:
    """Publish ``version`` of ``document`` for the public's suggestions."""
    with transaction.atomic():
        consultation = Consultation.objects.create(
            document=document,
            version=version,
            topics=topics or default_topics(version),
            published_by=actor,
            **fields,
        )
        log_activity(
            actor,
            "consultation_publish",
            consultation,
            plan_id=document.plan_id,
            county_id=document.plan.county_id,
            version=version.name,
            starts_on=consultation.starts_on.isoformat(),
            ends_on=consultation.ends_on.isoformat(),
        )
    return consultation


_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
REPEAT_WINDOW = timedelta(days=1)


def text_fingerprint(text: str) -> str:
    """The text without width, case, spaces or punctuation: how a repeat is told."""
    plain = _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())
    return hashlib.sha256(plain.encode()).hexdigest()


def suggestion_submit(consultation: Consultation, *, node: dict | None, client: str, **fields):
    """Store a suggestion from the public; the same text from the same address
    within a day is the one already stored (returned, ``created`` False)."""
    fingerprint = text_fingerprint(fields["text"])
    with transaction.atomic():
        earlier = Suggestion.objects.filter(
            consultation=consultation,
            client=client,
            fingerprint=fingerprint,
            created_at__gte=timezone.now() - REPEAT_WINDOW,
        ).first()
        if earlier is not None:
            return earlier, False
        suggestion = Suggestion.objects.create(
            consultation=consultation,
            node_id=node["id"] if node else None,
            node_title=node["title"][:120] if node else "",
            client=client,
            fingerprint=fingerprint,
            channel=Suggestion.Channel.ONLINE,
            **fields,
        )
    return suggestion, True


def suggestion_moderate(suggestion: Suggestion, *, actor, hide: bool, reason: str = "") -> None:
    with transaction.atomic():
        suggestion.hidden = hide
        suggestion.hidden_reason = reason if hide else ""
        suggestion.save(update_fields=["hidden", "hidden_reason"])
        document = suggestion.consultation.document
        log_activity(
            actor,
            "suggestion_hide" if hide else "suggestion_show",
            suggestion,
            plan_id=document.plan_id,
            county_id=document.plan.county_id,
            reason=reason,
        )


def forget_contacts(today) -> int:
    """Blank the contact of every suggestion whose consultation ended more than
    PLANNER_CONTACT_RETENTION_DAYS days before ``today``; the number blanked."""
    from django.conf import settings

    cutoff = today - timedelta(days=settings.PLANNER_CONTACT_RETENTION_DAYS)
    return (
        Suggestion.objects.filter(consultation__ends_on__lt=cutoff)
        .exclude(contact="")
        .update(contact="")
    )
