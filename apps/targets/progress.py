"""Where an indicator stands in a year of the period (时序进度), for the yearly
monitoring and the mid-term and final evaluation.

Each year's actual is judged against the steady path from the baseline to the
target, with the arithmetic of the indicator's expression, and classified as the
national mid-term review of an outline does: 提前实现 (the period's target already
reached), 快于预期, 基本符合预期 or 滞后, the band of 基本符合 being the plan's
tolerance in percentage points of the planned change.

* A level target (目标年水平值): the path from baseline to target is a straight
  line for a rate or share (%, ‰) and a constant growth rate for a quantity, as
  in the back-cast (apps/targets/backcast.py). 完成进度 is the share of the
  planned change achieved; the path's share at that year is the 时序进度.
* A ceiling or a floor (<, ≤, >, ≥) the baseline already keeps is a line to hold:
  基本符合预期 while it is kept, 滞后 when it is crossed. One the baseline does not
  keep yet is a level target towards the bound.
* An average annual growth target (年均增长): each year's actual is that year's
  growth; the average to date (compounded for a quantity, plain for a rate) is
  compared with the target, the band taken relative to the target.
* A five-year cumulative target 〔 〕: each year's actual is that year's
  figure. A percentage (〔13.5〕% lower energy intensity) is compounded — two
  years of 3% are 5.91% — and its path has the same constant yearly rate; a count
  or an amount (〔4〕万人 new jobs) is summed, its path a straight line.
* A text target is judged by a person.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.cells import number_text
from apps.targets.backcast import PathKind, path_kind_for_unit


class Standing(StrEnum):
    ACHIEVED = "achieved"
    FASTER = "faster"
    ON_TRACK = "on_track"
    LAGGING = "lagging"
    MANUAL = "manual"
    UNKNOWN = "unknown"


STANDING_LABELS = {
    Standing.ACHIEVED: gettext_lazy("提前实现"),
    Standing.FASTER: gettext_lazy("快于预期"),
    Standing.ON_TRACK: gettext_lazy("基本符合预期"),
    Standing.LAGGING: gettext_lazy("滞后"),
    Standing.MANUAL: gettext_lazy("人工判断"),
    Standing.UNKNOWN: gettext_lazy("无法判断"),
}

FLOORS = {">", "≥"}
CEILINGS = {"<", "≤"}


@dataclass(frozen=True)
class ProgressInput:
    unit: str
    expression: str  # Indicator.Expression value: level, annual, cumulative
    operator: str  # "", ">", "≥", "<", "≤"
    target: Decimal | None
    target_text: str
    baseline: Decimal | None
    base_year: int  # the plan's base year: the schedule starts there
    target_year: int
    tolerance: Decimal  # percentage points of the planned change (relative for growth)


@dataclass(frozen=True)
class Progress:
    standing: Standing
    year: int
    # What was compared: the level, the average growth to date or the cumulative
    # figure to date, in the indicator's unit.
    achieved: Decimal | None = None
    # The path's value for the same measure in that year.
    expected: Decimal | None = None
    # 完成进度 and 时序进度, % of the planned change (level and cumulative targets).
    progress_pct: Decimal | None = None
    schedule_pct: Decimal | None = None
    reason: str = ""

    @property
    def label(self) -> str:
        return str(STANDING_LABELS[self.standing])

    @property
    def lagging(self) -> bool:
        return self.standing == Standing.LAGGING


def _q(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def judge(data: ProgressInput, actuals: dict[int, Decimal], year: int) -> Progress:
    """Where the indicator stands in ``year``, from the actuals reported for the
    years of the period up to it ({year: value}; what a value means depends on
    the expression, see the module's docstring)."""
    n = data.target_year - data.base_year
    k = year - data.base_year
    if not 0 < k <= n or n <= 0:
        return Progress(
            Standing.UNKNOWN,
            year,
            reason=_("%(year)s年不在规划期内。") % {"year": year},
        )
    if data.target is None:
        reason = _("文字目标由规划办对照实际情况判断。") if data.target_text else _("没有目标值。")
        return Progress(
            Standing.MANUAL if data.target_text else Standing.UNKNOWN, year, reason=reason
        )
    if data.expression == "level" and actuals.get(year) is None:
        return _missing(year, [year])
    if data.expression != "level":
        missing = [y for y in range(data.base_year + 1, year + 1) if actuals.get(y) is None]
        if missing:
            return _missing(year, missing)
    if data.expression == "annual":
        return _annual(data, actuals, year, k, n)
    if data.expression == "cumulative":
        return _cumulative(data, actuals, year, k, n)
    return _level(data, actuals[year], year, k, n)


def _missing(year: int, years: list[int]) -> Progress:
    listed = "、".join(str(y) for y in years)
    return Progress(
        Standing.UNKNOWN, year, reason=_("缺少%(years)s年的实际值。") % {"years": listed}
    )


def keeps(operator: str, value: Decimal, bound: Decimal) -> bool:
    """Does ``value`` keep the bound ``operator bound`` (a ceiling or a floor)?"""
    return {
        ">": value > bound,
        "≥": value >= bound,
        "<": value < bound,
        "≤": value <= bound,
    }[operator]


def _band(deviation: Decimal, tolerance: Decimal) -> Standing:
    if deviation > tolerance:
        return Standing.FASTER
    if deviation < -tolerance:
        return Standing.LAGGING
    return Standing.ON_TRACK


def _level(data: ProgressInput, actual: Decimal, year: int, k: int, n: int) -> Progress:
    target, baseline = data.target, data.baseline
    if data.operator and (baseline is None or keeps(data.operator, baseline, target)):
        # A line to hold: kept or crossed.
        kept = keeps(data.operator, actual, target)
        return Progress(
            Standing.ON_TRACK if kept else Standing.LAGGING,
            year,
            achieved=actual,
            expected=target,
            reason=""
            if kept
            else _("实际值越过了目标界限 %(op)s%(t)s。")
            % {"op": data.operator, "t": number_text(target)},
        )
    if baseline is None:
        return Progress(Standing.UNKNOWN, year, achieved=actual, reason=_("没有基期值。"))
    change = target - baseline
    if change == 0:
        return Progress(Standing.UNKNOWN, year, achieved=actual, reason=_("目标值与基期值相同。"))
    kind = path_kind_for_unit(data.unit)
    if kind == PathKind.COMPOUND and baseline > 0 and target > 0:
        expected = baseline * (target / baseline) ** (Decimal(k) / Decimal(n))
    else:
        expected = baseline + change * Decimal(k) / Decimal(n)
    progress = (actual - baseline) / change * 100
    schedule = (expected - baseline) / change * 100
    result = dict(
        year=year,
        achieved=actual,
        expected=_q(expected),
        progress_pct=_q(progress),
        schedule_pct=_q(schedule),
    )
    if progress >= 100 and k < n:
        return Progress(Standing.ACHIEVED, **result)
    return Progress(_band(progress - schedule, data.tolerance), **result)


def _annual(data: ProgressInput, actuals: dict, year: int, k: int, n: int) -> Progress:
    rates = [Decimal(actuals[y]) for y in range(data.base_year + 1, year + 1)]
    target = data.target
    if path_kind_for_unit(data.unit) == PathKind.COMPOUND:
        product = Decimal(1)
        for rate in rates:
            product *= 1 + rate / 100
        if product <= 0:
            return Progress(Standing.UNKNOWN, year, reason=_("实际增速无法复合计算。"))
        average = (product ** (Decimal(1) / Decimal(k)) - 1) * 100
        whole = (1 + target / 100) ** n
        reached = product >= whole
    else:
        average = sum(rates) / k
        reached = False
    result = dict(year=year, achieved=_q(average), expected=target)
    if data.operator in CEILINGS:
        kept = keeps(data.operator, average, target)
        return Progress(Standing.ON_TRACK if kept else Standing.LAGGING, **result)
    if reached and k < n and target > 0:
        return Progress(Standing.ACHIEVED, **result)
    deviation = (average - target) / abs(target) * 100 if target else average - target
    standing = _band(deviation, data.tolerance)
    if (
        data.operator in FLOORS
        and standing == Standing.LAGGING
        and keeps(data.operator, average, target)
    ):
        standing = Standing.ON_TRACK
    return Progress(standing, **result)


def _cumulative(data: ProgressInput, actuals: dict, year: int, k: int, n: int) -> Progress:
    values = [Decimal(actuals[y]) for y in range(data.base_year + 1, year + 1)]
    target = data.target
    if target == 0:
        return Progress(Standing.UNKNOWN, year, reason=_("累计目标为零。"))
    if path_kind_for_unit(data.unit) == PathKind.LINEAR and 0 < target < 100:
        # A cumulative percentage compounds, year on year.
        kept = Decimal(1)
        for value in values:
            kept *= 1 - value / 100
        achieved = (1 - kept) * 100
        expected = (1 - (1 - target / 100) ** (Decimal(k) / Decimal(n))) * 100
    else:
        achieved = sum(values)
        expected = target * Decimal(k) / Decimal(n)
    progress = achieved / target * 100
    schedule = expected / target * 100
    result = dict(
        year=year,
        achieved=_q(achieved),
        expected=_q(expected),
        progress_pct=_q(progress),
        schedule_pct=_q(schedule),
    )
    if data.operator in CEILINGS:
        # At most this much over the period (a cumulative cap): judged on the path.
        standing = Standing.ON_TRACK if achieved <= expected else Standing.LAGGING
        return Progress(standing, **result)
    if progress >= 100 and k < n:
        return Progress(Standing.ACHIEVED, **result)
    return Progress(_band(progress - schedule, data.tolerance), **result)


def progress_input(indicator, plan, tolerance: Decimal) -> ProgressInput:
    return ProgressInput(
        unit=indicator.unit,
        expression=indicator.expression,
        operator=indicator.target_operator,
        target=indicator.target_value,
        target_text=indicator.target_text,
        baseline=indicator.baseline_value,
        base_year=plan.base_year,
        target_year=plan.target_year,
        tolerance=tolerance,
    )
