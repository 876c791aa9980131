"""Per-indicator charts: where an indicator starts, where the plan takes it, where
the vision wants it, the steady path between, and the national reference.

A level indicator gets a path chart over the years base → target → vision. A growth
or five-year cumulative indicator has no path; when the national table has the same
kind of figure, it gets two bars instead: the county's target beside the nation's.
Everything is computed from indicators already loaded; no queries.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from apps.core.charts import FONT_FAMILY, Scale, padded_range
from apps.targets.backcast import implied_value, path_kind_for_unit
from apps.targets.models import Indicator, format_number
from apps.targets.reference import NATIONAL_TABLES, national_match

WIDTH, HEIGHT = 260, 128
LEFT, RIGHT, TOP, BOTTOM = 16, 244, 16, 102
PERCENT_UNITS = {"%", "％"}


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    label_y: float
    anchor: str = "middle"

    @property
    def corner_x(self) -> float:  # a 6 × 6 marker centred on the point
        return round(self.x - 3, 1)

    @property
    def corner_y(self) -> float:
        return round(self.y - 3, 1)


@dataclass
class PathChart:
    indicator: Indicator
    font_family: str = FONT_FAMILY
    kind: str = "path"
    width: int = WIDTH
    height: int = HEIGHT
    path: str = ""  # the steady path, an SVG polyline
    line: str = ""  # baseline → target → vision as planned
    points: list[Point] = field(default_factory=list)
    national_line: str = ""
    national_points: list[Point] = field(default_factory=list)
    years: list[Point] = field(default_factory=list)
    off_path: bool = False
    axis_y: float = BOTTOM
    tick_end: float = BOTTOM + 3
    hollow_last: bool = False  # the vision point is drawn hollow

    @property
    def title(self) -> str:
        return self.indicator.name_with_unit


@dataclass
class BarChart:
    indicator: Indicator
    font_family: str = FONT_FAMILY
    kind: str = "bars"
    width: int = WIDTH
    height: int = 96
    bars: list[dict] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.indicator.name_with_unit


def _same_unit(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return a == b or {a, b} <= PERCENT_UNITS


def _polyline(points) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def _anchor(x: float) -> str:
    if x <= LEFT + 20:
        return "start"
    if x >= RIGHT - 20:
        return "end"
    return "middle"


def path_chart(indicator: Indicator, plan) -> PathChart | None:
    if indicator.expression != Indicator.Expression.LEVEL or indicator.baseline_value is None:
        return None
    target = None if indicator.target_text else indicator.target_value
    vision = indicator.vision_value
    if target is None and vision is None:
        return None
    start = indicator.baseline_data_year or plan.base_year
    ref = national_match(indicator, plan.ordinal)
    national = []
    if (
        ref is not None
        and ref.expression == "level"
        and ref.baseline is not None
        and ref.target_value is not None
        and _same_unit(ref.unit, indicator.unit)
    ):
        table = NATIONAL_TABLES.get(plan.ordinal)
        ref_start = ref.baseline_data_year or (table.base_year if table else plan.base_year)
        national = [(ref_start, ref.baseline), (plan.target_year, ref.target_value)]

    steady = []
    if vision is not None:
        kind = path_kind_for_unit(indicator.unit)
        for year in range(start, plan.vision_year + 1):
            value = implied_value(
                indicator.baseline_value, vision, start, year, plan.vision_year, kind
            )
            if value is None:
                steady = []
                break
            steady.append((year, value))

    planned = [(start, indicator.baseline_value)]
    if target is not None:
        planned.append((plan.target_year, target))
    if vision is not None:
        planned.append((plan.vision_year, vision))

    first_year = min([start] + [y for y, _v in national])
    xs = Scale(first_year, plan.vision_year, LEFT, RIGHT)
    lo, hi = padded_range([v for _y, v in planned + steady + national], pad=0.18)
    ys = Scale(lo, hi, BOTTOM, TOP)

    chart = PathChart(indicator)
    chart.path = _polyline((xs(y), ys(v)) for y, v in steady)
    chart.line = _polyline((xs(y), ys(v)) for y, v in planned)
    chart.hollow_last = vision is not None

    # Labels go above a point, except where the other series lies above it there:
    # then the lower series is labelled underneath, so the two never collide.
    def county_at(year):
        before = [(y, v) for y, v in planned if y <= year] or planned[:1]
        after = [(y, v) for y, v in planned if y >= year] or planned[-1:]
        (y0, v0), (y1, v1) = before[-1], after[0]
        return (
            float(v0) if y1 == y0 else float(v0) + (float(v1) - float(v0)) * (year - y0) / (y1 - y0)
        )

    national_above = {year: float(value) >= county_at(year) for year, value in national}

    def above(y):
        return max(y - 6, TOP - 6)

    def below(y):
        return min(y + 13, BOTTOM - 2)

    for year, value in planned:
        x, y = xs(year), ys(value)
        under = any(abs(year - ny) <= 1 and up for ny, up in national_above.items())
        chart.points.append(
            Point(x, y, format_number(value), below(y) if under else above(y), _anchor(x))
        )
    if national:
        chart.national_line = _polyline((xs(y), ys(v)) for y, v in national)
        for year, value in national:
            x, y = xs(year), ys(value)
            label_y = above(y) if national_above[year] else below(y)
            chart.national_points.append(Point(x, y, format_number(value), label_y, _anchor(x)))
    seen = set()
    for year in (start, plan.target_year, plan.vision_year):
        if year not in seen:
            seen.add(year)
            x = xs(year)
            chart.years.append(Point(x, BOTTOM, str(year), HEIGHT - 10, _anchor(x)))
    if vision is not None and target is not None and steady:
        implied = dict(steady).get(plan.target_year)
        if implied:
            deviation = abs(float(target) - float(implied)) / abs(float(implied)) * 100
            chart.off_path = deviation > float(plan.backcast_tolerance)
    return chart


def _figure(value, expression: str) -> str:
    text = format_number(value)
    return f"〔{text}〕" if expression == Indicator.Expression.CUMULATIVE else text


def bar_chart(indicator: Indicator, plan) -> BarChart | None:
    """County target beside the national one for growth and cumulative indicators."""
    if indicator.expression == Indicator.Expression.LEVEL or indicator.target_value is None:
        return None
    ref = national_match(indicator, plan.ordinal)
    if ref is None or ref.target_value is None or ref.expression != indicator.expression:
        return None
    values = [
        (_("本县"), indicator.target_value, "county"),
        (_("全国"), ref.target_value, "nation"),
    ]
    biggest = max(float(v) for _label, v, _k in values) or 1.0
    chart = BarChart(indicator)
    for row, (label, value, who) in enumerate(values):
        length = round(max(float(value), 0) / biggest * 150, 1)
        y = 30 + row * 30
        chart.bars.append(
            {
                "label": label,
                "who": who,
                "y": y,
                "length": length,
                "value": _figure(value, indicator.expression),
                "value_x": round(56 + length + 6, 1),
                "text_y": y + 10,
            }
        )
    return chart


def indicator_charts(plan, indicators) -> list[PathChart | BarChart]:
    """One chart for each indicator that can have one, in table order."""
    charts = []
    for indicator in indicators:
        chart = path_chart(indicator, plan) or bar_chart(indicator, plan)
        if chart is not None:
            charts.append(chart)
    return charts


def charts_for_table(plan, table: dict) -> list[PathChart | BarChart]:
    """The charts of an ``indicator_table(plan)`` result, reusing its loaded rows."""
    rows = [indicator for group in table["indicator_groups"] for _seq, indicator in group.rows]
    return indicator_charts(plan, rows)
