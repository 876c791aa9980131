"""Writing the activity log, and reading its details as a person would."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import ActivityLog

# A refusal repeated by the same person at the same address within this window
# adds to the count of the first row instead of writing a new one.
REPEAT_WINDOW = timedelta(minutes=1)
# Refusals one person may add as new rows per window, whatever the addresses.
DENIED_ROWS_PER_WINDOW = 20


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
    entry = activity_entry(actor, verb, target, plan_id=plan_id, county_id=county_id, **detail)
    entry.save()
    return entry


def activity_entry(
    actor,
    verb: str,
    target: models.Model | None = None,
    *,
    plan_id: int | None = None,
    county_id: int | None = None,
    **detail,
) -> ActivityLog:
    """The entry ``log_activity`` appends, not yet saved (an import writes many at
    once)."""
    if target is not None:
        plan_id = plan_id or getattr(target, "plan_id", None)
        if plan_id is None and target._meta.label_lower == "plans.plan":
            plan_id = target.pk
        if county_id is None:
            county_id = getattr(target, "county_id", None)
    return ActivityLog(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        county_id=county_id,
        plan_id=plan_id,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=getattr(target, "pk", None),
        target_repr=str(target)[:200] if target is not None else "",
        detail={k: _plain(v) for k, v in detail.items() if v is not None},
    )


def log_denied(actor, target, *, plan_id: int, county_id: int, action: str, path: str) -> None:
    """Record a refused request, without letting one person flood the log.

    The same refusal again within REPEAT_WINDOW (a reload, a script) counts on the
    row already written; beyond DENIED_ROWS_PER_WINDOW new rows in the window, the
    latest row counts the rest. Either way every refusal is counted somewhere.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    recent = ActivityLog.objects.filter(
        actor=user, verb="denied", created_at__gte=timezone.now() - REPEAT_WINDOW
    )
    same = recent.filter(detail__path=path).order_by("-id").values_list("pk", flat=True).first()
    if same is None and recent.count() >= DENIED_ROWS_PER_WINDOW:
        same = recent.order_by("-id").values_list("pk", flat=True).first()
    if same is not None:
        ActivityLog.objects.count_repeat(same)
        return
    log_activity(
        actor, "denied", target, plan_id=plan_id, county_id=county_id, action=action, path=path
    )


def _plain(value):
    """JSON-safe detail values: lazy translations and other objects become text."""
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


# Reading details -------------------------------------------------------------------


@dataclass(frozen=True)
class DetailKey:
    label: str
    # Stored value → what to show (a choices mapping, or a function of the value).
    values: Mapping | Callable | None = None


_DETAIL_KEYS: dict[str, DetailKey] = {
    "count": DetailKey(_("合计"), lambda n: _("%(n)s次") % {"n": n}),
}
# Details kept for the record but not shown in the table (the address refused).
HIDDEN_DETAIL = {"path"}


def describe_detail(key: str, label, values: Mapping | Callable | None = None) -> None:
    """Say how a detail key reads (called by the app that writes it, at start-up)."""
    _DETAIL_KEYS[key] = DetailKey(label, values)


def _display(value, values) -> str:
    if isinstance(value, list):
        return "、".join(_display(v, values) for v in value)
    if isinstance(value, bool):
        return str(_("是")) if value else str(_("否"))
    if callable(values):
        return str(values(value))
    if values is not None:
        return str(values.get(value, value))
    return str(value)


def detail_items(entry: ActivityLog) -> list[tuple[str, str]]:
    """(label, value) pairs of an entry's details, in words: 处理结果 部分采纳, not
    disposition partly_adopted."""
    items = []
    detail = dict(entry.detail)
    if entry.repeats:
        detail["count"] = entry.repeats + 1
    for key, value in detail.items():
        if key in HIDDEN_DETAIL:
            continue
        known = _DETAIL_KEYS.get(key)
        label = str(known.label) if known else key
        items.append((label, _display(value, known.values if known else None)))
    return items
