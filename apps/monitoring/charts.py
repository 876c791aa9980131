"""Actual against path: one small SVG chart per indicator with reported values.

The measure follows the indicator's expression, as the judgement does: the level
reached, the average growth to date, or the cumulative figure to date; beside it
the steady path to the target for the same measure and the target itself at the
end of the period. Computed from the board already loaded; no queries.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from apps.core.charts import FONT_FAMILY, Scale, padded_range
from apps.targets.models import Indicator, format_number
from apps.targets.progress import Standing

WIDTH, HEIGHT = 260, 132
LEFT, RIGHT, TOP, BOTTOM = 18, 242, 18, 104


@dataclass
class ProgressChart:
    indicator: Indicator
    standing: str
    label: str
    font_family: str = FONT_FAMILY
    width: int = WIDTH
    height: int = HEIGHT
    path: str = ""
    actual: str = ""
    points: list[dict] = field(default_factory=list)
    target: dict | None = None
    years: list[dict] = field(default_factory=list)
    axis_y: float = BOTTOM

    @property
    def title(self) -> str:
        return self.indicator.name_with_unit

    @property
    def lagging(self) -> bool:
        return self.standing == Standing.LAGGING


def _line(points) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def _start(indicator: Indicator) -> Decimal | None:
    """The measure at the base year: the baseline for a level, nothing for growth,
    zero for a cumulative figure."""
    if indicator.expression == Indicator.Expression.LEVEL:
        return indicator.baseline_value
    if indicator.expression == Indicator.Expression.CUMULATIVE:
        return Decimal(0)
    return None


def progress_charts(plan, board) -> list[ProgressChart]:
    charts = []
    xs = Scale(plan.base_year, plan.target_year, LEFT, RIGHT)
    for line in board.lines:
        indicator = line.indicator
        judged = [
            c for c in line.cells if c.progress is not None and c.progress.achieved is not None
        ]
        if not judged or indicator.target_value is None:
            continue
        start = _start(indicator)
        actual = [(c.year, c.progress.achieved) for c in judged]
        path = [(c.year, c.progress.expected) for c in judged if c.progress.expected is not None]
        if start is not None:
            actual.insert(0, (plan.base_year, start))
            path.insert(0, (plan.base_year, start))
        target = (plan.target_year, indicator.target_value)
        values = [v for _y, v in actual + path] + [target[1]]
        if indicator.expression != Indicator.Expression.LEVEL:
            # A growth rate or a yearly figure reads against zero, not magnified.
            values.append(Decimal(0))
        lo, hi = padded_range(values, pad=0.2)
        ys = Scale(lo, hi, BOTTOM, TOP)
        latest = line.latest
        chart = ProgressChart(
            indicator,
            standing=latest.standing if latest else "",
            label=latest.label if latest else "",
        )
        chart.path = _line((xs(y), ys(v)) for y, v in path)
        chart.actual = _line((xs(y), ys(v)) for y, v in actual)
        for year, value in actual:
            x, y = xs(year), ys(value)
            chart.points.append(
                {"x": x, "y": y, "label": format_number(value), "label_y": max(y - 6, 9)}
            )
        tx, ty = xs(target[0]), ys(target[1])
        chart.target = {
            "x": tx,
            "y": ty,
            "corner_x": round(tx - 3, 1),
            "corner_y": round(ty - 3, 1),
            "label": indicator.target_display(),
            "label_y": min(ty + 13, BOTTOM - 2),
        }
        for year in range(plan.base_year, plan.target_year + 1):
            x = xs(year)
            anchor = (
                "start"
                if year == plan.base_year
                else "end"
                if year == plan.target_year
                else "middle"
            )
            chart.years.append({"x": x, "label": str(year), "anchor": anchor})
        charts.append(chart)
    return charts
