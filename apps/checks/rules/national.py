"""三.2 加强规划衔接: the county's targets beside the national outline's."""

from django.utils.translation import gettext as _

from apps.checks.data import PlanData
from apps.checks.registry import Finding, Severity, Thinking, check
from apps.checks.rules.common import (
    item_finding,
)
from apps.targets.models import Indicator, format_number
from apps.targets.reference import national_match

# 与上位规划比较 ------------------------------------------------------------------


def _direction(baseline, target) -> int:
    if baseline is None or target is None:
        return 0
    return (target > baseline) - (target < baseline)


@check(
    "upper-level-binding",
    thinking=Thinking.STRATEGIC,
    section="三.1",
    severity=Severity.WARNING,
    title=_("约束性目标不弱于国家方向"),
)
def weaker_than_national(data: PlanData) -> list[Finding]:
    findings = []
    for i in data.indicators:
        ref = national_match(i, data.plan.ordinal)
        if ref is None or i.attribute != Indicator.Attribute.BINDING or i.target_value is None:
            continue
        weaker = False
        if ref.expression == "cumulative" and i.expression == Indicator.Expression.CUMULATIVE:
            weaker = ref.target_value is not None and i.target_value < ref.target_value
        elif (
            ref.expression == "level" and ref.baseline is not None and ref.target_value is not None
        ):
            national = _direction(ref.baseline, ref.target_value)
            county = _direction(i.baseline_value, i.target_value)
            weaker = national != 0 and county == -national
        if weaker:
            findings.append(
                item_finding(
                    data,
                    "indicators",
                    i,
                    _("约束性指标“%(n)s”的目标%(c)s弱于国家纲要的方向（国家：%(r)s）。")
                    % {"n": i.name, "c": i.target_display(), "r": _national_display(ref)},
                )
            )
    return findings


def _national_display(ref) -> str:
    if ref.target_text:
        return ref.target_text
    number = f"{ref.target_operator}{format_number(ref.target_value)}"
    return f"〔{number}〕" if ref.expression == "cumulative" else number


def national_comparison(plan, indicators) -> list[dict]:
    """County indicators beside their national reference, for the scorecard page."""
    rows = []
    for i in indicators:
        ref = national_match(i, plan.ordinal)
        if ref is not None:
            rows.append(
                {"indicator": i, "national": ref, "national_target": _national_display(ref)}
            )
    return rows
