"""The monitoring dashboard: indicators × years judged, warnings, projects rolled up."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.monitoring import actions
from apps.monitoring.models import IndicatorValue, ProjectProgress, ProjectStatus, ReportState
from apps.monitoring.summary import indicator_board, project_board
from tests import factories as f


def _set(indicator, year, value, state=ReportState.ACCEPTED):
    IndicatorValue.objects.filter(indicator=indicator, period__year=year).update(
        value=Decimal(value), state=state
    )


def test_it_shows_each_indicators_standing_and_the_binding_warning(
    as_user, adopted, leader, gdp, energy, year2021
):
    _set(gdp, 2021, "112")  # path 108.4: ahead
    _set(energy, 2021, "0.5")  # path ≈3.2% of 〔15〕: lagging, binding
    response = as_user(leader).get(reverse("monitoring_dashboard", args=[adopted.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "快于预期" in page and "滞后" in page
    assert "约束性指标预警" in page and "单位地区生产总值能耗降低" in page
    # One chart per indicator with a judged value.
    assert page.count('class="chart progress-chart') == 2
    assert "开启年度监测" not in page


def test_before_adoption_it_says_when_monitoring_starts(as_user, plan, coordinator):
    page = as_user(coordinator).get(reverse("monitoring_dashboard", args=[plan.pk]))
    assert "审议通过后" in page.content.decode()
    assert "开启年度监测" not in page.content.decode()


def test_a_text_target_takes_the_planning_offices_judgement(adopted, coordinator, year2021):
    reform = f.IndicatorFactory(
        plan=adopted, name="营商环境", unit="", target_value=None, target_text="全省前列"
    )
    IndicatorValue.objects.create(
        period=year2021,
        plan=adopted,
        indicator=reform,
        progress_text="排名全省第5",
        state=ReportState.SUBMITTED,
    )
    row = IndicatorValue.objects.get(indicator=reform)
    row.period = year2021
    actions.row_accept(row, actor=coordinator, judged="on_track")
    line = next(x for x in indicator_board(adopted).lines if x.indicator == reform)
    assert line.latest.label == "基本符合预期"


def test_projects_roll_up_by_category_department_and_significance(
    adopted, coordinator, project, year2021, edu_department
):
    late = f.MajorProjectFactory(
        plan=adopted,
        name="产业园基础设施",
        category="transport",
        significance="key_matter",
        start_year=2021,
        end_year=2021,
        total_investment=4000,
        period_investment=4000,
    )
    period2021 = year2021
    ProjectProgress.objects.create(period=period2021, plan=adopted, project=late)
    ProjectProgress.objects.filter(project=project).update(
        status=ProjectStatus.BUILDING,
        started_on=datetime.date(2021, 4, 1),
        planned_investment=5000,
        completed_investment=4000,
    )
    ProjectProgress.objects.filter(project=late).update(
        status=ProjectStatus.PREPARING, planned_investment=4000, completed_investment=0
    )
    board = project_board(adopted, 2021)
    assert board.schedule_rate == Decimal("20.0")
    total = board.total
    assert (total.count, total.completed, total.period_investment) == (2, 4000, 14000)
    assert total.completion_rate == Decimal("28.6")
    assert total.year_rate == Decimal("44.4")  # 4000 of 9000 planned this year
    assert (total.started, total.due_to_start, total.start_rate) == (1, 2, Decimal("50.0"))
    assert (total.finished, total.due_to_finish, total.finish_rate) == (0, 1, Decimal("0.0"))
    assert {r.label for r in board.by_category} == {"产业发展", "交通"}
    assert {r.label for r in board.by_significance} == {"大事", "要事"}
    assert {r.label: r.count for r in board.by_department} == {"教育局": 1, "未分配": 1}


def _dashboard_queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("monitoring_dashboard", args=[plan.pk])).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_indicators_projects_or_years(
    as_user, adopted, coordinator, edu_department, year2021
):
    client = as_user(coordinator)
    small = _dashboard_queries(client, adopted)
    for _n in range(6):
        # A baseline from another year prints with a * (read from the plan's years).
        f.IndicatorFactory(plan=adopted, source_department=edu_department, baseline_data_year=2019)
        f.MajorProjectFactory(plan=adopted)
    for year in (2022, 2023):
        actions.year_open(
            adopted, year=year, due_date=datetime.date(year + 1, 3, 31), actor=coordinator
        )
    IndicatorValue.objects.update(value=Decimal("120"), state=ReportState.SUBMITTED)
    ProjectProgress.objects.update(completed_investment=100, planned_investment=200)
    assert _dashboard_queries(client, adopted) == small
    pages = ("monitoring_year", "monitoring_entry")
    dept = edu_department.pk
    counts = {}
    for name in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name, args=[adopted.pk, 2022]), {"department": dept})
        assert response.content.decode().count("实际值（亿元）") == (
            7 if name == "monitoring_entry" else 0
        )
        counts[name] = len(queries)
    for _n in range(4):
        f.IndicatorFactory(plan=adopted, source_department=edu_department)
        f.MajorProjectFactory(plan=adopted)
    actions.year_open(adopted, year=2024, due_date=datetime.date(2025, 3, 31), actor=coordinator)
    for name in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name, args=[adopted.pk, 2024]), {"department": dept})
        assert response.content.decode().count("实际值（亿元）") == (
            11 if name == "monitoring_entry" else 0
        )
        assert len(queries) == counts[name], name
