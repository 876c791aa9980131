"""Writes of the self-check: 不适用 notes and the county's 规范表述, each with its
activity-log line."""

from django.db import transaction

from apps.checks.models import Exemption, Wording
from apps.checks.wording import STARTER
from apps.core.activity import log_activity


def exemption_set(plan, *, code: str, reason: str, actor) -> Exemption:
    """Say why a check does not apply to this plan (or change the reason)."""
    with transaction.atomic():
        exemption, _created = Exemption.objects.update_or_create(
            plan=plan, code=code, defaults={"reason": reason, "created_by": actor}
        )
        log_activity(actor, "exempt", exemption, plan_id=plan.pk)
    return exemption


def exemption_remove(exemption: Exemption, *, actor) -> None:
    with transaction.atomic():
        log_activity(actor, "unexempt", exemption, plan_id=exemption.plan_id)
        exemption.delete()


def wording_save(wording: Wording, *, actor) -> Wording:
    """Add an entry to the county's glossary or change one."""
    with transaction.atomic():
        created = wording.pk is None
        if created:
            wording.created_by = actor
        wording.save()
        log_activity(
            actor,
            "wording",
            wording,
            county_id=wording.county_id,
            discouraged=wording.discouraged,
            preferred=wording.preferred,
        )
    return wording


def wording_delete(wording: Wording, *, actor) -> None:
    with transaction.atomic():
        log_activity(
            actor,
            "wording_delete",
            wording,
            county_id=wording.county_id,
            discouraged=wording.discouraged,
        )
        wording.delete()


def wording_add_starter(county, *, actor) -> int:
    """Take the starter list's entries the county does not have yet (an entry it
    has, perhaps reworded, is left as the county wrote it). Returns how many."""
    with transaction.atomic():
        have = set(Wording.objects.filter(county=county).values_list("discouraged", flat=True))
        new = [
            Wording(
                county=county,
                discouraged=bad,
                preferred=good,
                reason=str(reason),
                created_by=actor,
            )
            for bad, good, reason in STARTER
            if bad not in have
        ]
        Wording.objects.bulk_create(new)
        if new:
            log_activity(actor, "wording_starter", county, county_id=county.pk, added=len(new))
    return len(new)
