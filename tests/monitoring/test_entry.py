"""A department enters its year's values on the entry page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.core.models import ActivityLog
from apps.monitoring import actions
from apps.monitoring.models import IndicatorValue, ProjectProgress, ReportState
from apps.notifications.models import Notification
from tests import factories as f


def _url(plan, year=2021):
    return reverse("monitoring_entry", args=[plan.pk, year])


def _post(client, plan, row, **fields):
    kind = "indicators" if isinstance(row, IndicatorValue) else "projects"
    prefix = ("i" if kind == "indicators" else "p") + str(row.pk)
    data = {"row_kind": kind, "row_id": row.pk, f"{prefix}-loaded_version": row.version}
    data.update({f"{prefix}-{k}": v for k, v in fields.items()})
    return client.post(_url(plan), data)


def test_it_lists_only_the_departments_rows(as_user, adopted, drafter, year2021, coordinator):
    other = f.DepartmentFactory(county=adopted.county, name="农业农村局")
    f.IndicatorFactory(plan=adopted, name="粮食总产量", unit="万吨", source_department=other)
    # The indicator was added after opening: it has no row this year.
    response = as_user(drafter).get(_url(adopted))
    assert response.status_code == 200
    page = response.content.decode()
    assert "地区生产总值" in page and "城东学校新建工程" in page
    assert "粮食总产量" not in page
    assert 'name="viewport"' in page


def test_it_reports_a_value_and_the_coordinator_sees_it(as_user, adopted, drafter, gdp, year2021):
    row = IndicatorValue.objects.get(indicator=gdp)
    client = as_user(drafter)
    response = _post(client, adopted, row, value_text="108.5", source="统计公报", note="")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.value == Decimal("108.5")
    assert row.state == ReportState.SUBMITTED
    assert row.source == "统计公报"
    assert ActivityLog.objects.filter(verb="monitoring_report").count() == 1


def test_a_value_typed_with_another_money_unit_is_converted_with_a_note(
    as_user, adopted, drafter, gdp, year2021
):
    row = IndicatorValue.objects.get(indicator=gdp)
    response = _post(as_user(drafter), adopted, row, value_text="1,085,000万")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.value == Decimal("108.5")
    page = as_user(drafter).get(response["Location"]).content.decode()
    assert "换算为 108.5" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "不是数字"),
        ("1085000", "相差五十倍以上"),  # 万元 typed into a 亿元 box
        ("8.5%", "不能填写百分数"),
        ("", "请填写实际值"),
        ("1e30", "不是数字"),
    ],
)
def test_bad_values_are_refused_in_chinese_and_nothing_is_stored(
    as_user, adopted, drafter, gdp, year2021, typed, message
):
    row = IndicatorValue.objects.get(indicator=gdp)
    response = _post(as_user(drafter), adopted, row, value_text=typed, source="统计局")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    # What was typed is still in the box.
    assert f'value="{typed}"' in page or typed == ""
    row.refresh_from_db()
    assert row.value is None and row.state == ReportState.OWED


def test_a_growth_rate_above_a_hundred_percent_is_refused(as_user, adopted, drafter, year2021):
    growth = f.IndicatorFactory(
        plan=adopted, unit="%", expression="annual", target_value=7, baseline_value=None
    )
    period = year2021
    row = IndicatorValue.objects.create(
        period=period,
        plan=adopted,
        indicator=growth,
        department=drafter.memberships.get().department,
    )
    response = _post(as_user(drafter), adopted, row, value_text="650")
    assert response.status_code == 400
    assert "超过100%" in response.content.decode()


def test_project_progress_is_checked(as_user, adopted, drafter, project, year2021):
    row = ProjectProgress.objects.get(project=project)
    client = as_user(drafter)
    cases = [
        ({"completed_text": "-5", "status": "building", "started_on": "2021-03-01"}, "不能为负数"),
        (
            {"completed_text": "12000", "status": "building", "started_on": "2021-03-01"},
            "超过项目总投资",
        ),
        (
            {"completed_text": "100", "status": "building", "started_on": "2022-03-01"},
            "晚于监测年度",
        ),
        (
            {"completed_text": "100", "status": "completed", "started_on": "2021-03-01"},
            "请填写建成日期",
        ),
        (
            {"completed_text": "100元", "status": "building", "started_on": "2021-03-01"},
            "请换算为万元",
        ),
    ]
    for fields, message in cases:
        response = _post(client, adopted, row, **fields)
        assert response.status_code == 400, fields
        assert message in response.content.decode(), fields
    row.refresh_from_db()
    assert row.completed_investment is None and row.state == ReportState.OWED
    response = _post(
        client,
        adopted,
        row,
        planned_text="0.5亿",
        completed_text="4500",
        status="building",
        started_on="2021-04-01",
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.planned_investment == 5000 and row.completed_investment == 4500


def test_completed_above_total_counts_the_earlier_years(
    as_user, adopted, drafter, project, year2021, coordinator
):
    earlier = ProjectProgress.objects.get(project=project)
    ProjectProgress.objects.filter(pk=earlier.pk).update(completed_investment=8000)
    year2022 = actions.year_open(
        adopted, year=2022, due_date=datetime.date(2023, 3, 31), actor=coordinator
    )
    row = ProjectProgress.objects.get(project=project, period=year2022)
    response = as_user(drafter).post(
        reverse("monitoring_entry", args=[adopted.pk, 2022]),
        {
            "row_kind": "projects",
            "row_id": row.pk,
            f"p{row.pk}-loaded_version": 1,
            f"p{row.pk}-completed_text": "2500",
            f"p{row.pk}-status": "building",
            f"p{row.pk}-started_on": "2021-04-01",
        },
    )
    assert response.status_code == 400
    assert "累计完成投资 10500 万元超过项目总投资 10000 万元" in response.content.decode()


def test_a_stale_form_keeps_what_was_typed(as_user, adopted, drafter, gdp, year2021):
    row = IndicatorValue.objects.get(indicator=gdp)
    IndicatorValue.objects.filter(pk=row.pk).update(version=2)
    response = _post(as_user(drafter), adopted, row, value_text="109", source="我的来源")
    assert response.status_code == 400
    page = response.content.decode()
    assert "已被他人修改" in page and 'value="我的来源"' in page


def test_another_departments_row_is_refused(as_user, adopted, drafter, year2021):
    other = f.DepartmentFactory(county=adopted.county, name="农业农村局")
    row = IndicatorValue.objects.first()
    IndicatorValue.objects.filter(pk=row.pk).update(department=other)
    client = as_user(drafter)
    response = client.post(
        _url(adopted) + f"?department={other.pk}",
        {"row_kind": "indicators", "row_id": row.pk, f"i{row.pk}-value_text": "120"},
    )
    # The drafter cannot ask for another department's page: its rows are not there.
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.value is None


def test_a_locked_year_takes_no_value(as_user, adopted, drafter, gdp, year2021, coordinator):
    actions.year_lock(year2021, actor=coordinator)
    row = IndicatorValue.objects.get(indicator=gdp)
    client = as_user(drafter)
    response = _post(client, adopted, row, value_text="120")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已锁定" in page
    row.refresh_from_db()
    assert row.value is None


def test_a_lagging_binding_indicator_warns_at_once(
    as_user, adopted, drafter, coordinator, energy, year2021
):
    row = IndicatorValue.objects.get(indicator=energy)
    # 0.5% in the first year of a 〔15〕% five-year reduction: far behind the path.
    response = _post(as_user(drafter), adopted, row, value_text="0.5", source="统计局")
    assert response.status_code == 302
    warned = Notification.objects.filter(kind=Notification.Kind.WARNING)
    assert {n.recipient for n in warned} == {coordinator, drafter}
    assert "单位地区生产总值能耗降低" in warned.first().title


def test_an_outsider_gets_404(as_user, adopted, outsider, year2021):
    assert as_user(outsider).get(_url(adopted)).status_code == 404
