"""The statistics page's charts: horizontal bars (topics, channels, chapters,
departments, answers) and columns per day, drawn as SVG on the server with no
script (templates/consultation/_bars.html). No queries."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from apps.core.charts import FONT_FAMILY, PALETTE

WIDTH = 700
LABEL_WIDTH = 190
ROW = 22
MAX_BARS = 15


@dataclass
class Bar:
    label: str
    value: int
    people: int
    y: float
    length: float

    @property
    def text_y(self) -> float:
        return self.y + 11

    @property
    def value_x(self) -> float:
        return round(LABEL_WIDTH + self.length + 6, 1)

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= 15 else self.label[:14] + "…"


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    colour: str
    others: int = 0  # how many values did not fit
    width: int = WIDTH
    label_x: int = LABEL_WIDTH - 6
    bar_x: int = LABEL_WIDTH
    font_family: str = FONT_FAMILY

    @property
    def height(self) -> int:
        return len(self.bars) * ROW + 6


def bar_chart(title: str, tally: list[tuple[str, int, int]], colour: str) -> BarChart:
    top = max((n for _label, n, _p in tally), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 70
    bars = [
        Bar(label, n, people, y=i * ROW + 3, length=round(room * n / top, 1))
        for i, (label, n, people) in enumerate(tally[:MAX_BARS])
    ]
    return BarChart(title, bars, colour, others=max(len(tally) - MAX_BARS, 0))


@dataclass
class Column:
    day: date
    value: int
    x: float
    y: float
    height: float


@dataclass
class DayChart:
    columns: list[Column]
    bar_width: float
    width: int = WIDTH
    height: int = 130
    bottom: int = 100
    font_family: str = FONT_FAMILY
    colour: str = PALETTE[0]

    @property
    def first(self) -> Column | None:
        return self.columns[0] if self.columns else None

    @property
    def last(self) -> Column | None:
        return self.columns[-1] if len(self.columns) > 1 else None

    @property
    def peak(self) -> Column | None:
        return max(self.columns, key=lambda c: c.value) if self.columns else None


def day_chart(by_day: list[tuple[date, int]]) -> DayChart:
    if not by_day:
        return DayChart([], 0)
    # Every day from the first to the last, the quiet ones too (at most a year).
    first, last = by_day[0][0], by_day[-1][0]
    counts = dict(by_day)
    days = [first.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1)][-366:]
    top = max(counts.values()) or 1
    step = (WIDTH - 20) / len(days)
    columns = []
    for i, day in enumerate(days):
        value = counts.get(day, 0)
        height = round(80 * value / top, 1)
        columns.append(Column(day, value, round(10 + i * step, 1), round(100 - height, 1), height))
    return DayChart(columns, round(max(step - 2, 1), 1))


def statistics_charts(stats) -> dict:
    return {
        "topic": bar_chart(_("按主题"), stats.by_topic, PALETTE[0]),
        "channel": bar_chart(_("按渠道"), stats.by_channel, PALETTE[1]),
        "chapter": bar_chart(_("按章节"), stats.by_chapter, PALETTE[2]),
        "department": bar_chart(_("按承办部门（合并后）"), stats.by_department, PALETTE[3]),
        "answer": bar_chart(_("按采纳情况（合并后）"), stats.by_answer, PALETTE[4]),
        "days": day_chart(stats.by_day),
    }
