"""Actual against path: one small SVG chart per indicator with reported values.

The measure follows the indicator's expression, as the judgement does: the level
reached, the average growth to date, or the cumulative figure to date; beside it
the steady path to the target for the same measure and the target itself at the
end of the period. Computed from the board already loaded; no queries.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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

    def svg(self) -> str:
        """The chart as inline SVG, written here rather than in a template: a plan
        has a hundred charts of some forty values each, and the template engine's
        lookups would cost more than the rest of the page."""
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" '
            f'viewBox="0 0 {self.width} {self.height}" width="{self.width}" '
            f'height="{self.height}" role="img" aria-label="{escape(self.aria_label)}" '
            f'font-family="{escape(self.font_family)}" font-size="9">',
            f'<line x1="16" y1="{self.axis_y}" x2="244" y2="{self.axis_y}" '
            'stroke="#c8c8c8" stroke-width="0.8" />',
        ]
        for year in self.years:
            parts.append(
                f'<line x1="{year["x"]}" y1="{self.axis_y}" x2="{year["x"]}" y2="107" '
                'stroke="#999" stroke-width="0.8" />'
                f'<text x="{year["x"]}" y="120" text-anchor="{year["anchor"]}" '
                f'fill="#666">{year["label"]}</text>'
            )
        parts.append(
            f'<polyline points="{self.path}" fill="none" stroke="#8a8a8a" '
            'stroke-width="1.2" stroke-dasharray="3 2" />'
        )
        target = self.target
        parts.append(
            f'<rect x="{target["corner_x"]}" y="{target["corner_y"]}" width="6" height="6" '
            'fill="#3e7cb1" />'
            f'<text x="{target["x"]}" y="{target["label_y"]}" text-anchor="end" '
            f'fill="#2f5f88">{escape(target["label"])}</text>'
        )
        parts.append(
            f'<polyline points="{self.actual}" fill="none" stroke="#b5473a" stroke-width="1.4" />'
        )
        for point in self.points:
            parts.append(
                f'<circle cx="{point["x"]}" cy="{point["y"]}" r="2.6" fill="#b5473a" />'
                f'<text x="{point["x"]}" y="{point["label_y"]}" text-anchor="middle" '
                f'fill="#222">{escape(point["label"])}</text>'
            )
        parts.append("</svg>")
        return mark_safe("".join(parts))  # every text above is escaped

    @property
    def aria_label(self) -> str:
        return _("%(name)s：实际值与时序路径") % {"name": self.title}


def _line(points) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def _n(value: float) -> str:
    """A coordinate as text: a float in a template would be localised, which costs
    more than the whole chart when a plan has a hundred indicators."""
    return str(value)


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
                {
                    "x": _n(x),
                    "y": _n(y),
                    "label": format_number(value),
                    "label_y": _n(max(y - 6, 9)),
                }
            )
        tx, ty = xs(target[0]), ys(target[1])
        chart.target = {
            "x": _n(tx),
            "y": _n(ty),
            "corner_x": _n(round(tx - 3, 1)),
            "corner_y": _n(round(ty - 3, 1)),
            "label": indicator.target_display(),
            "label_y": _n(min(ty + 13, BOTTOM - 2)),
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
            chart.years.append({"x": _n(x), "label": str(year), "anchor": anchor})
        charts.append(chart)
    return charts
