"""Writing the activity log."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from apps.core.models import ActivityLog


def log_activity(
    actor,
    verb: str,
    target: models.Model | None = None,
    *,
    plan_id: int | None = None,
    county_id: int | None = None,
    **detail,
) -> ActivityLog:
    """Append one entry. ``plan_id``/``county_id`` are taken from the target when it
    has them, so callers only pass what the target cannot tell."""
    if target is not None:
        plan_id = plan_id or getattr(target, "plan_id", None)
        if plan_id is None and target._meta.label_lower == "plans.plan":
            plan_id = target.pk
        if county_id is None:
            county_id = getattr(target, "county_id", None)
    return ActivityLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        county_id=county_id,
        plan_id=plan_id,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=getattr(target, "pk", None),
        target_repr=str(target)[:200] if target is not None else "",
        detail={k: _plain(v) for k, v in detail.items() if v is not None},
    )


def _plain(value):
    """JSON-safe detail values: lazy translations and other objects become text."""
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)
