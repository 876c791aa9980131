"""The per-indicator charts: what is drawn, where, and when there is nothing to draw."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from apps.targets.charts import BOTTOM, LEFT, RIGHT, TOP, bar_chart, indicator_charts, path_chart
from apps.targets.models import Indicator
from tests import factories as f

pytestmark = pytest.mark.django_db


def _indicator(plan, **fields) -> Indicator:
    """Saved and read back, so the figures are Decimals as on a page."""
    indicator = f.IndicatorFactory(plan=plan, **fields)
    indicator.refresh_from_db()
    return indicator


def _xy(polyline: str) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in polyline.split()]


def test_a_level_indicator_gets_baseline_target_vision_and_the_steady_path(plan):
    gdp = _indicator(
        plan=plan, name="地区生产总值", baseline_value=100, target_value=126, vision_value=200
    )
    chart = path_chart(gdp, plan)
    assert [p.label for p in chart.points] == ["100", "126", "200"]
    assert [y.label for y in chart.years] == ["2020", "2025", "2035"]
    path = _xy(chart.path)
    assert len(path) == 16  # one point a year, 2020 to 2035
    assert path[0][0] == LEFT and path[-1][0] == RIGHT
    # Higher values are drawn higher; every mark stays inside the plot.
    ys = [p.y for p in chart.points]
    assert ys[0] > ys[1] > ys[2]
    assert all(TOP <= y <= BOTTOM for _x, y in path)
    # The target sits on the path, so it is not flagged; the vision point is hollow.
    assert not chart.off_path and chart.hollow_last
    assert not chart.national_points


def test_a_target_off_the_path_is_flagged_like_the_self_check_does(plan):
    off = _indicator(plan=plan, baseline_value=100, target_value=180, vision_value=200)
    assert path_chart(off, plan).off_path


def test_a_compound_path_bends_and_a_rate_path_is_straight(plan):
    quantity = path_chart(
        _indicator(plan=plan, unit="亿元", baseline_value=100, vision_value=400), plan
    )
    rate = path_chart(_indicator(plan=plan, unit="%", baseline_value=40, vision_value=70), plan)
    q, r = _xy(quantity.path), _xy(rate.path)
    middle = len(q) // 2
    # A constant growth rate lies below the straight line between its ends.
    q_line = q[0][1] + (q[-1][1] - q[0][1]) * (q[middle][0] - q[0][0]) / (q[-1][0] - q[0][0])
    assert q[middle][1] > q_line + 5
    r_line = r[0][1] + (r[-1][1] - r[0][1]) * (r[middle][0] - r[0][0]) / (r[-1][0] - r[0][0])
    assert abs(r[middle][1] - r_line) < 0.2


def test_the_national_reference_is_drawn_beside_a_matching_indicator(plan):
    forest = f.IndicatorFactory(
        plan=plan,
        name="森林覆盖率",
        unit="%",
        baseline_value=Decimal("31.6"),
        baseline_data_year=2019,
        target_value=Decimal("32.5"),
    )
    chart = path_chart(forest, plan)
    assert [p.label for p in chart.national_points] == ["23.2", "24.1"]
    # The county lies above the nation: national labels go below their points.
    assert all(p.label_y > p.y for p in chart.national_points)
    assert all(p.label_y < p.y for p in chart.points)


def test_growth_and_cumulative_indicators_get_bars_beside_the_nation(plan):
    energy = f.IndicatorFactory(
        plan=plan,
        name="单位地区生产总值能源消耗降低",
        unit="%",
        expression=Indicator.Expression.CUMULATIVE,
        baseline_value=None,
        target_value=Decimal("14"),
        national_code="CN14-14",
    )
    assert path_chart(energy, plan) is None
    chart = bar_chart(energy, plan)
    assert [(b["label"], b["value"]) for b in chart.bars] == [
        ("本县", "〔14〕"),
        ("全国", "〔13.5〕"),
    ]
    assert chart.bars[0]["length"] > chart.bars[1]["length"]


def test_indicators_without_anything_to_draw_get_no_chart(plan):
    f.IndicatorFactory(plan=plan, name="无目标", target_value=None, vision_value=None)
    f.IndicatorFactory(plan=plan, name="文字目标", target_text="与经济增长同步", vision_value=None)
    f.IndicatorFactory(
        plan=plan,
        name="本县特有增速",
        unit="%",
        expression=Indicator.Expression.ANNUAL,
        target_value=Decimal("7"),
    )
    drawn = f.IndicatorFactory(plan=plan, name="有目标")
    charts = indicator_charts(plan, Indicator.objects.filter(plan=plan))
    assert [c.indicator for c in charts] == [drawn]


def test_chart_labels_are_escaped_text_in_an_inline_svg(plan):
    hostile = f.IndicatorFactory(plan=plan, name="<script>alert(1)</script>指标")
    html = render_to_string("charts/_indicator_chart.html", {"chart": path_chart(hostile, plan)})
    assert "<svg" in html and "Noto Sans CJK SC" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
