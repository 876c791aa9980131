"""Back-casting maths: from a baseline and a vision-year value to the target year.

The seed paper asks counties to describe the vision first and derive the stage
targets from it. For an indicator with a baseline and a vision-year value, the
value on a steady path at the target year is

* a quantity (output, income, patents per 10 000 people…) grows at a constant
  rate: ``B · (V / B) ** ((t − b) / (v − b))``;
* a rate or share (%, ‰, 百分点) moves in a straight line: ``B + (V − B) · (t − b) / (v − b)``,
  because compounding a percentage has no meaning.

``b`` is the year the baseline figure is really from (a * row's data year), ``t``
the target year, ``v`` the vision year. The editing page and the plan self-check
use this one module, so they always agree.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext as _

RATE_UNITS = {"%", "％", "‰", "百分点", "个百分点"}


class PathKind(StrEnum):
    COMPOUND = "compound"
    LINEAR = "linear"


def path_kind_for_unit(unit: str) -> PathKind:
    return PathKind.LINEAR if unit.strip() in RATE_UNITS else PathKind.COMPOUND


@dataclass(frozen=True)
class PathResult:
    """What the back-cast says about one indicator's target."""

    kind: PathKind
    implied: Decimal | None
    deviation_pct: Decimal | None = None
    off_path: bool = False
    reason: str = ""
    # True when ``implied`` is an average annual growth rate (%) rather than a level.
    annual: bool = False

    @property
    def computable(self) -> bool:
        return self.implied is not None


def _quantize(value: float) -> Decimal:
    # Two decimals are enough to compare with a typed target and to show on a page.
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def implied_value(
    baseline: Decimal,
    vision: Decimal,
    baseline_year: int,
    target_year: int,
    vision_year: int,
    kind: PathKind,
) -> Decimal | None:
    """The value at ``target_year`` on a steady path; None when no path exists."""
    span = vision_year - baseline_year
    if span <= 0 or not (baseline_year <= target_year <= vision_year):
        return None
    share = (target_year - baseline_year) / span
    b, v = float(baseline), float(vision)
    if kind == PathKind.LINEAR:
        return _quantize(b + (v - b) * share)
    if b <= 0 or v <= 0:
        # A constant growth rate cannot pass through zero or change sign.
        return None
    return _quantize(b * (v / b) ** share)


def implied_annual_growth(
    baseline: Decimal, vision: Decimal, baseline_year: int, vision_year: int
) -> Decimal | None:
    """Average annual growth (%) that takes a quantity from baseline to vision."""
    span = vision_year - baseline_year
    if span <= 0 or baseline <= 0 or vision <= 0:
        return None
    return _quantize(((float(vision) / float(baseline)) ** (1 / span) - 1) * 100)


def _deviation(target: Decimal, implied: Decimal) -> Decimal:
    if implied == 0:
        deviation = Decimal("0") if target == 0 else Decimal("100")
    else:
        deviation = abs(target - implied) / abs(implied) * 100
    return deviation.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PathInput:
    unit: str
    expression: str  # Indicator.Expression value
    baseline: Decimal | None
    vision: Decimal | None
    target: Decimal | None
    baseline_year: int
    target_year: int
    vision_year: int
    tolerance_pct: Decimal


def check_path(data: PathInput) -> PathResult:
    """Compare a target with the steady path from baseline to vision; never blocks.

    A level target is compared with the path's value at the target year. An
    average-annual-growth target on a quantity is compared with the growth rate the
    path implies. Cumulative figures and growth targets on rates have no path.
    """
    kind = path_kind_for_unit(data.unit)
    if data.expression == "cumulative":
        return PathResult(kind, None, reason=_("五年累计指标不按路径推算。"))
    if data.expression == "annual" and kind == PathKind.LINEAR:
        return PathResult(kind, None, reason=_("比率类指标的年均增长不按路径推算。"))
    if data.baseline is None or data.vision is None:
        return PathResult(
            kind, None, reason=_("同时填写基期值和远景年值后，可推算目标年的平稳路径值。")
        )
    if data.expression == "annual":
        implied = implied_annual_growth(
            data.baseline, data.vision, data.baseline_year, data.vision_year
        )
    else:
        implied = implied_value(
            data.baseline,
            data.vision,
            data.baseline_year,
            data.target_year,
            data.vision_year,
            kind,
        )
    if implied is None:
        return PathResult(kind, None, reason=_("基期值或远景年值不大于零，无法按复合增长推算。"))
    annual = data.expression == "annual"
    if data.target is None:
        return PathResult(kind, implied, annual=annual)
    deviation = _deviation(data.target, implied)
    return PathResult(kind, implied, deviation, deviation > data.tolerance_pct, annual=annual)


def indicator_path(indicator, plan) -> PathResult:
    """The back-cast check for a saved or unsaved Indicator of ``plan``."""
    return check_path(
        PathInput(
            unit=indicator.unit,
            expression=indicator.expression,
            baseline=indicator.baseline_value,
            vision=indicator.vision_value,
            target=None if indicator.target_text else indicator.target_value,
            baseline_year=indicator.baseline_data_year or plan.base_year,
            target_year=plan.target_year,
            vision_year=plan.vision_year,
            tolerance_pct=plan.backcast_tolerance,
        )
    )
