"""Writes of the self-check: 不适用 notes, each with its activity-log line."""

from django.db import transaction

from apps.checks.models import Exemption
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
