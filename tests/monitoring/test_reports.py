"""The evaluation report's tables and self-check, computed from the monitoring."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.monitoring import actions
from apps.monitoring.models import IndicatorValue, ProjectProgress, ProjectStatus, ReportState
from apps.monitoring.report_checks import report_gaps
from apps.plans.actions import node_text_save, report_create
from apps.plans.models import Document
from apps.plans.parts import computed_table
from tests import factories as f


def _accept(indicator, year, value):
    IndicatorValue.objects.filter(indicator=indicator, period__year=year).update(
        value=Decimal(value), state=ReportState.ACCEPTED
    )


def _report(plan, coordinator):
    return report_create(plan, kind=Document.Kind.MIDTERM, created_by=coordinator)


def test_the_indicator_table_prints_accepted_values_by_year_with_the_standing(
    adopted, coordinator, gdp, energy, year2021
):
    actions.year_open(adopted, year=2022, due_date=datetime.date(2023, 3, 31), actor=coordinator)
    _accept(gdp, 2021, "108.5")
    _accept(gdp, 2022, "118")
    _accept(energy, 2021, "0.5")
    # Reported but not yet accepted: not printed.
    IndicatorValue.objects.filter(indicator=energy, period__year=2022).update(
        value=Decimal("0.6"), state=ReportState.SUBMITTED
    )
    report = _report(adopted, coordinator)
    table = computed_table("indicator_progress", report)
    assert table.columns[4:6] == ("2021年", "2022年")
    rows = {row[1]: row for _heading, rows in table.groups for row in rows}
    assert rows["地区生产总值（亿元）"][2:] == ("100", "150", "108.5", "118", "基本符合预期")
    energy_row = rows["单位地区生产总值能耗降低（%）"]
    assert energy_row[4:] == ("0.5", "—", "滞后（约束性）")
    assert "5个百分点" in table.notes[0]


def test_without_monitoring_the_report_prints_the_plans_targets(adopted, coordinator, gdp):
    report = _report(adopted, coordinator)
    table = computed_table("indicator_progress", report)
    assert "录入年度监测数据后" in " ".join(table.notes)


def test_the_project_table_rolls_up_what_was_accepted(adopted, coordinator, project, year2021):
    ProjectProgress.objects.filter(project=project).update(
        status=ProjectStatus.BUILDING,
        started_on=datetime.date(2021, 3, 1),
        planned_investment=5000,
        completed_investment=4000,
        state=ReportState.ACCEPTED,
    )
    table = computed_table("project_progress", _report(adopted, coordinator))
    assert "截至2021年" in table.title
    total = table.groups[-1][1][0]
    assert total[:5] == ("合计", "1", "10000", "4000", "40.0%")
    assert "在建1个" in table.notes[1]


def test_the_tables_cost_the_same_queries_whatever_the_size(
    adopted, coordinator, edu_department, year2021
):
    report = _report(adopted, coordinator)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            computed_table("indicator_progress", report)
            computed_table("project_progress", report)
        return len(captured)

    small = queries()
    for _n in range(5):
        f.IndicatorFactory(plan=adopted, source_department=edu_department, baseline_data_year=2019)
        f.MajorProjectFactory(plan=adopted)
    actions.year_open(adopted, year=2022, due_date=datetime.date(2023, 3, 31), actor=coordinator)
    IndicatorValue.objects.update(value=Decimal("120"), state=ReportState.ACCEPTED)
    ProjectProgress.objects.update(completed_investment=100, state=ReportState.ACCEPTED)
    assert queries() == small


def test_the_self_check_lists_missing_values_and_unexplained_lagging_binding_indicators(
    as_user, adopted, coordinator, leader, gdp, energy, year2021
):
    _accept(energy, 2021, "0.5")
    report = _report(adopted, coordinator)
    messages = [gap.message for gap in report_gaps(report)]
    assert messages == [
        "约束性指标“单位地区生产总值能耗降低”2021年滞后于时序进度，报告正文还没有说明原因和措施。",
        "1项指标缺少2021年已审核的实际值：“地区生产总值”。",
    ]
    page = as_user(leader).get(reverse("document_overview", args=[report.pk])).content.decode()
    assert "报告自查" in page and "2 项待补充" in page
    # The value is accepted and the text explains the lag: nothing left.
    _accept(gdp, 2021, "108")
    node = report.nodes.get(key="indicator_progress")
    node_text_save(
        node,
        body="<p>单位地区生产总值能耗降低进度滞后，主要是新上项目能耗较高。</p>",
        loaded_version=node.version,
        user=coordinator,
    )
    assert report_gaps(report) == []


def test_a_report_without_monitoring_says_so(adopted, coordinator, gdp):
    gaps = report_gaps(_report(adopted, coordinator))
    assert [g.severity for g in gaps] == ["error"]
    assert "还没有开展年度监测" in gaps[0].message


def test_the_outline_has_no_report_self_check(adopted, coordinator, year2021):
    assert report_gaps(adopted.outline) == []
