"""The planning office opens a year, reviews what departments sent, locks it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.core.models import ActivityLog
from apps.monitoring import actions
from apps.monitoring.models import (
    IndicatorValue,
    MonitoringYear,
    ProjectProgress,
    ProjectStatus,
    ReportState,
)
from apps.notifications.models import Notification
from apps.plans.models import Document
from tests import factories as f


def test_it_opens_a_year_with_a_row_per_indicator_and_project(
    as_user, adopted, coordinator, drafter, gdp, energy, project, edu_department
):
    response = as_user(coordinator).post(
        reverse("monitoring_open", args=[adopted.pk]), {"year": 2021, "due_date": "2022-03-31"}
    )
    assert response.status_code == 302
    period = MonitoringYear.objects.get(plan=adopted, year=2021)
    assert IndicatorValue.objects.filter(period=period).count() == 2
    row = ProjectProgress.objects.get(period=period)
    # Found by its 责任单位 among the county's departments.
    assert row.department == edu_department
    assert Notification.objects.filter(recipient=drafter, kind="monitoring").count() == 1


def test_a_year_outside_the_period_or_before_adoption_is_refused(
    as_user, plan, adopted, coordinator
):
    client = as_user(coordinator)
    response = client.post(
        reverse("monitoring_open", args=[adopted.pk]), {"year": 2027, "due_date": "2028-03-31"}
    )
    assert response.status_code == 302
    assert not MonitoringYear.objects.exists()
    assert "2027" in client.get(response["Location"]).content.decode()
    Document.objects.filter(pk=adopted.outline.pk).update(stage=Document.Stage.SUBMISSION)
    response = client.post(
        reverse("monitoring_open", args=[adopted.pk]), {"year": 2021, "due_date": "2022-03-31"}
    )
    assert "审议通过后" in client.get(response["Location"]).content.decode()
    assert not MonitoringYear.objects.exists()


def test_a_drafter_cannot_open_lock_or_review(as_user, adopted, drafter, year2021):
    client = as_user(drafter)
    row = IndicatorValue.objects.first()
    assert (
        client.post(
            reverse("monitoring_open", args=[adopted.pk]), {"year": 2022, "due_date": "2023-03-31"}
        ).status_code
        == 403
    )
    assert client.post(reverse("monitoring_lock", args=[adopted.pk, 2021])).status_code == 403
    url = reverse("monitoring_row_review", args=[adopted.pk, 2021, "indicators", row.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 403


def _report(row, user, **values):
    form_class = None
    from apps.monitoring.forms import IndicatorValueForm

    form_class = IndicatorValueForm
    data = {"loaded_version": row.version, **values}
    form = form_class(data, instance=row)
    assert form.is_valid(), form.errors
    actions.row_report(row, form, actor=user)


def test_accept_return_and_report_again(as_user, adopted, coordinator, drafter, gdp, year2021):
    row = IndicatorValue.objects.get(indicator=gdp)
    _report(row, drafter, value_text="108")
    client = as_user(coordinator)
    url = reverse("monitoring_row_review", args=[adopted.pk, 2021, "indicators", row.pk])
    assert client.post(url, {"decision": "return"}).status_code == 302
    row.refresh_from_db()
    assert row.state == ReportState.SUBMITTED  # no reason, no return
    client.post(url, {"decision": "return", "reason": "请按统计公报数据更正"})
    row.refresh_from_db()
    assert row.state == ReportState.RETURNED
    told = Notification.objects.get(recipient=drafter, title__contains="退回")
    assert told.body == "请按统计公报数据更正"
    page = as_user(drafter).get(reverse("monitoring_entry", args=[adopted.pk, 2021]))
    assert "请按统计公报数据更正" in page.content.decode()
    _report(row, drafter, value_text="107.6")
    as_user(coordinator).post(url, {"decision": "accept"})
    row.refresh_from_db()
    assert row.state == ReportState.ACCEPTED and row.value == Decimal("107.6")
    # Accepted: the department can no longer change it.
    form_data = {
        "row_kind": "indicators",
        "row_id": row.pk,
        f"i{row.pk}-loaded_version": row.version,
        f"i{row.pk}-value_text": "130",
    }
    as_user(drafter).post(reverse("monitoring_entry", args=[adopted.pk, 2021]), form_data)
    row.refresh_from_db()
    assert row.value == Decimal("107.6")


def test_lock_and_reopen_are_logged(as_user, adopted, coordinator, drafter, gdp, year2021):
    client = as_user(coordinator)
    client.post(reverse("monitoring_lock", args=[adopted.pk, 2021]))
    year2021.refresh_from_db()
    assert year2021.is_locked
    row = IndicatorValue.objects.get(indicator=gdp)
    with pytest.raises(actions.MonitoringRefused, match="已锁定"):
        _report(row, drafter, value_text="108")
    response = client.post(reverse("monitoring_reopen", args=[adopted.pk, 2021]), {"reason": ""})
    year2021.refresh_from_db()
    assert year2021.is_locked
    client.post(reverse("monitoring_reopen", args=[adopted.pk, 2021]), {"reason": "统计局修订数据"})
    year2021.refresh_from_db()
    assert not year2021.is_locked
    entry = ActivityLog.objects.get(verb="monitoring_reopen")
    assert entry.detail["reason"] == "统计局修订数据"
    log = client.get(reverse("activity_log", args=[adopted.pk])).content.decode()
    assert "重新打开监测年度" in log and "原因：统计局修订数据" in log
    assert response.status_code == 302


def test_reassigning_a_row_moves_it_to_the_other_department(
    as_user, adopted, coordinator, drafter, gdp, year2021
):
    other = f.DepartmentFactory(county=adopted.county, name="统计局")
    row = IndicatorValue.objects.get(indicator=gdp)
    url = reverse("monitoring_row_review", args=[adopted.pk, 2021, "indicators", row.pk])
    as_user(coordinator).post(url, {"decision": "assign", "department": other.pk})
    row.refresh_from_db()
    assert row.department == other
    # Next year starts from this year's assignment.
    period = actions.year_open(
        adopted, year=2022, due_date=datetime.date(2023, 3, 31), actor=coordinator
    )
    assert IndicatorValue.objects.get(period=period, indicator=gdp).department == other
    # Another county's department is refused.
    foreign = f.DepartmentFactory(county=f.CountyFactory(name="远县", code="330997"))
    as_user(coordinator).post(url, {"decision": "assign", "department": foreign.pk})
    row.refresh_from_db()
    assert row.department == other


def test_project_status_carries_over_to_the_next_year(adopted, coordinator, project, year2021):
    ProjectProgress.objects.filter(project=project).update(
        status=ProjectStatus.BUILDING, started_on=datetime.date(2021, 5, 1)
    )
    period = actions.year_open(
        adopted, year=2022, due_date=datetime.date(2023, 3, 31), actor=coordinator
    )
    row = ProjectProgress.objects.get(period=period)
    assert row.status == ProjectStatus.BUILDING
    assert row.started_on == datetime.date(2021, 5, 1)


def test_remind_tells_only_departments_that_owe(as_user, adopted, coordinator, drafter, year2021):
    Notification.objects.all().delete()
    as_user(coordinator).post(reverse("monitoring_remind", args=[adopted.pk, 2021]))
    assert Notification.objects.filter(recipient=drafter).count() == 1
    IndicatorValue.objects.update(state=ReportState.ACCEPTED)
    ProjectProgress.objects.update(state=ReportState.ACCEPTED)
    Notification.objects.all().delete()
    as_user(coordinator).post(reverse("monitoring_remind", args=[adopted.pk, 2021]))
    assert not Notification.objects.exists()


def test_the_board_lists_what_each_department_owes(as_user, adopted, leader, year2021):
    response = as_user(leader).get(reverse("monitoring_year", args=[adopted.pk, 2021]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "教育局" in page and "锁定本年度" not in page


def test_the_board_shows_rows_to_review_first_and_filters_by_state_and_department(
    as_user, adopted, coordinator, drafter, gdp, energy, year2021, edu_department
):
    _report(IndicatorValue.objects.get(indicator=gdp), drafter, value_text="108")
    client = as_user(coordinator)
    url = reverse("monitoring_year", args=[adopted.pk, 2021])
    page = client.get(url).content.decode()
    assert "地区生产总值（亿元）" in page and "单位地区生产总值能耗降低" not in page
    page = client.get(url, {"show": "owed"}).content.decode()
    assert "单位地区生产总值能耗降低" in page and "地区生产总值（亿元）" not in page
    other = f.DepartmentFactory(county=adopted.county, name="统计局")
    page = client.get(url, {"show": "all", "department": other.pk}).content.decode()
    assert "单位地区生产总值能耗降低" not in page and "城东学校新建工程" not in page
    page = client.get(url, {"show": "bogus", "department": "x"}).content.decode()
    assert "地区生产总值（亿元）" in page


def test_departments_are_reminded_once_a_week_before_the_due_date(
    adopted, coordinator, drafter, year2021
):
    Notification.objects.all().delete()
    before = year2021.due_date - datetime.timedelta(days=5)
    assert actions.remind_due_soon(before, datetime.timedelta(days=7)) == 1
    assert actions.remind_due_soon(before, datetime.timedelta(days=7)) == 0  # once per due date
    told = Notification.objects.get(recipient=drafter)
    assert "2021年度" in told.title and "3项" in told.title
    Notification.objects.all().delete()
    actions.year_lock(year2021, actor=coordinator)
    year2021.due_date += datetime.timedelta(days=1)
    year2021.save()
    assert actions.remind_due_soon(before, datetime.timedelta(days=7)) == 0  # locked
