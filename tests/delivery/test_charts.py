"""The major-project investment charts: by category and by year of the period."""

from decimal import Decimal

import pytest

from apps.delivery.charts import investment_charts
from apps.delivery.models import MajorProject
from tests import factories as f

pytestmark = pytest.mark.django_db


def _projects(plan):
    return list(MajorProject.objects.filter(plan=plan))


def test_investment_is_summed_by_category_largest_first(plan):
    f.MajorProjectFactory(plan=plan, category="transport", period_investment=Decimal("30000"))
    f.MajorProjectFactory(plan=plan, category="industry", period_investment=Decimal("8000"))
    f.MajorProjectFactory(plan=plan, category="industry", period_investment=Decimal("12000"))
    charts = investment_charts(plan, _projects(plan))
    assert [(b.label, b.amount, b.count) for b in charts.categories] == [
        ("交通", 3.0, 1),
        ("产业发展", 2.0, 2),
    ]
    assert charts.categories[0].length > charts.categories[1].length
    assert [label for label, _colour in charts.legend] == ["产业发展", "交通"]


def test_yearly_investment_spreads_over_the_construction_years_inside_the_period(plan):
    # 2023–2027: three of its years fall in 2021–2025, so 6000万 a year there.
    f.MajorProjectFactory(
        plan=plan, start_year=2023, end_year=2027, period_investment=Decimal("18000")
    )
    # 2019–2021: only 2021 is in the period.
    f.MajorProjectFactory(
        plan=plan, start_year=2019, end_year=2021, period_investment=Decimal("5000")
    )
    charts = investment_charts(plan, _projects(plan))
    totals = {bar.year: round(bar.total, 2) for bar in charts.years}
    assert totals == {2021: 0.5, 2022: 0.0, 2023: 0.6, 2024: 0.6, 2025: 0.6}
    # Bars grow upward from the axis in proportion to the amounts.
    heights = {bar.year: sum(s.height for s in bar.segments) for bar in charts.years}
    assert heights[2022] == 0
    assert heights[2023] == pytest.approx(heights[2021] * 6 / 5, abs=0.3)
    assert charts.ticks[0][2] == "0"


def test_stacks_keep_one_colour_per_category(plan):
    f.MajorProjectFactory(plan=plan, category="industry")
    f.MajorProjectFactory(plan=plan, category="new_infra")
    charts = investment_charts(plan, _projects(plan))
    colours = dict(charts.legend)
    for bar in charts.years:
        for segment in bar.segments:
            assert colours[segment.label] == segment.colour


def test_no_projects_no_chart(plan):
    assert investment_charts(plan, []).empty
