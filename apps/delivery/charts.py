"""Major-project investment charts: in-period investment by category, and by year.

The yearly chart spreads each project's in-period investment evenly over the years
of its construction that fall inside the period (the project table gives no
year-by-year schedule), and says so under the chart. Amounts are shown in 亿元.
No queries: the projects come from the project table already loaded.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from apps.core.charts import FONT_FAMILY, PALETTE, Scale, format_amount, nice_step, wan_to_yi
from apps.delivery.models import MajorProject

CATEGORY_COLOURS = {
    value: PALETTE[i % len(PALETTE)] for i, value in enumerate(MajorProject.Category.values)
}

BAR_WIDTH = 560
LABEL_WIDTH = 96
ROW = 22


@dataclass
class CategoryBar:
    label: str
    colour: str
    amount: float  # 亿元
    count: int
    y: float = 0
    length: float = 0

    @property
    def text_y(self) -> float:
        return self.y + 11

    @property
    def value_x(self) -> float:
        return round(LABEL_WIDTH + self.length + 6, 1)

    @property
    def amount_label(self) -> str:
        return format_amount(self.amount, 2)


@dataclass
class Segment:
    colour: str
    label: str
    y: float
    height: float
    amount: float


@dataclass
class YearBar:
    year: int
    x: float
    total: float
    segments: list[Segment] = field(default_factory=list)
    top: float = 0
    centre: float = 0

    @property
    def total_y(self) -> float:
        return round(self.top - 4, 1)

    @property
    def total_label(self) -> str:
        return format_amount(self.total, 1)


@dataclass
class InvestmentCharts:
    categories: list[CategoryBar]
    years: list[YearBar]
    ticks: list[tuple[float, float, str]]  # (line y, label y, label)
    legend: list[tuple[str, str]]
    by_category_height: int
    width: int = BAR_WIDTH
    by_year_height: int = 230
    plot_left: int = 48
    plot_right: int = BAR_WIDTH - 12
    plot_bottom: int = 200
    bar_width: float = 0
    label_x: int = LABEL_WIDTH - 6
    bar_x: int = LABEL_WIDTH
    tick_label_x: int = 42
    year_y: int = 216
    font_family: str = FONT_FAMILY

    @property
    def empty(self) -> bool:
        return not self.categories


def _period_years(project: MajorProject, first: int, last: int) -> range:
    return range(max(project.start_year, first), min(project.end_year, last) + 1)


def investment_charts(plan, projects) -> InvestmentCharts:
    first, last = plan.base_year + 1, plan.target_year
    labels = dict(MajorProject.Category.choices)
    by_category: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    by_year: dict[int, dict[str, float]] = {year: {} for year in range(first, last + 1)}
    for project in projects:
        by_category[project.category] = (
            by_category.get(project.category, Decimal(0)) + project.period_investment
        )
        counts[project.category] = counts.get(project.category, 0) + 1
        years = _period_years(project, first, last)
        if not years or not project.period_investment:
            continue
        share = wan_to_yi(project.period_investment) / len(years)
        for year in years:
            cell = by_year[year]
            cell[project.category] = cell.get(project.category, 0.0) + share

    order = MajorProject.Category.values
    bars = sorted(
        (
            CategoryBar(str(labels[c]), CATEGORY_COLOURS[c], wan_to_yi(amount), counts[c])
            for c, amount in by_category.items()
        ),
        key=lambda b: -b.amount,
    )
    biggest = max((b.amount for b in bars), default=0) or 1.0
    track = BAR_WIDTH - LABEL_WIDTH - 90
    for row, bar in enumerate(bars):
        bar.y = 6 + row * ROW
        bar.length = round(max(bar.amount, 0) / biggest * track, 1)

    charts = InvestmentCharts(
        categories=bars,
        years=[],
        ticks=[],
        legend=[(str(labels[c]), CATEGORY_COLOURS[c]) for c in order if c in by_category],
        by_category_height=12 + len(bars) * ROW,
    )
    top_total = max((sum(cell.values()) for cell in by_year.values()), default=0)
    step = nice_step(top_total)
    ceiling = step * max(1, -(-top_total // step)) if top_total else step
    ys = Scale(0, ceiling, charts.plot_bottom, 16)
    slots = max(len(by_year), 1)
    slot = (charts.plot_right - charts.plot_left) / slots
    charts.bar_width = round(slot * 0.56, 1)
    tick = 0.0
    while tick <= ceiling + 1e-9:
        charts.ticks.append((ys(tick), ys(tick) + 3, format_amount(tick, 1)))
        tick += step
    for i, (year, cell) in enumerate(sorted(by_year.items())):
        x = round(charts.plot_left + slot * i + (slot - charts.bar_width) / 2, 1)
        bar = YearBar(year, x, sum(cell.values()), centre=round(x + charts.bar_width / 2, 1))
        base = 0.0
        for category in order:
            amount = cell.get(category)
            if not amount:
                continue
            y_top, y_bottom = ys(base + amount), ys(base)
            bar.segments.append(
                Segment(
                    CATEGORY_COLOURS[category],
                    str(labels[category]),
                    y_top,
                    round(y_bottom - y_top, 1),
                    amount,
                )
            )
            base += amount
        bar.top = ys(base)
        charts.years.append(bar)
    return charts


def charts_for_table(plan, table: dict) -> InvestmentCharts:
    """The charts of a ``project_table(plan)`` result, reusing its loaded rows."""
    projects = [p for group in table["project_groups"] for p in group.projects]
    return investment_charts(plan, projects)
