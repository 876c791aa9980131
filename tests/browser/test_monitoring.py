"""A monitoring year in a real browser.

The planning office opens 2026 for an adopted 十五五 outline; 教育局 enters its
values on a phone-sized screen; the coordinator accepts them and locks the year;
the dashboard shows each indicator's standing and warns about the binding one
that lags.
"""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from apps.monitoring.models import IndicatorValue, MonitoringYear, ReportState
from apps.plans.models import Document
from tests import factories as f
from tests.plugins.browser import watch_csp

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shots():
    path = Path(os.environ.get("SHOTS_DIR", "/tmp/shots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def fifteenth(county, coordinator, edu_department):
    """示范县's 十五五 outline, adopted, with two of 教育局's indicators."""
    plan = f.make_plan(county, coordinator, template_key="fyp15", base_year=2025)
    Document.objects.filter(pk=plan.outline.pk).update(stage=Document.Stage.ADOPTED)
    plan.refresh_from_db()
    f.IndicatorFactory(
        plan=plan,
        name="劳动年龄人口平均受教育年限",
        unit="年",
        baseline_value=Decimal("11.0"),
        target_value=Decimal("11.5"),
        attribute="binding",
        source_department=edu_department,
    )
    f.IndicatorFactory(
        plan=plan,
        name="学前教育毛入园率",
        unit="%",
        baseline_value=Decimal("90"),
        target_value=Decimal("95"),
        source_department=edu_department,
    )
    return plan


def test_a_department_reports_on_a_phone_and_the_coordinator_locks_the_year(
    page, login, browser, live_server, fifteenth, coordinator, drafter, shots
):
    plan = fifteenth
    # The planning office opens 2026.
    login(coordinator.username, f.PASSWORD)
    page.goto(reverse("monitoring_dashboard", args=[plan.pk]))
    page.select_option("select[name=year]", "2026")
    page.fill("input[name=due_date]", "2027-03-31")
    page.click("button:has-text('开启年度监测')")
    page.wait_for_url(f"**{reverse('monitoring_year', args=[plan.pk, 2026])}")
    assert "教育局" in page.inner_text("main")

    # 教育局 on a phone.
    phone = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    mobile = phone.new_page()
    blocked = watch_csp(mobile)
    mobile.goto("/accounts/login/")
    mobile.fill("input[name=username]", drafter.username)
    mobile.fill("input[name=password]", f.PASSWORD)
    mobile.click("button[type=submit]")
    mobile.wait_for_url("**/")
    mobile.goto(reverse("monitoring_entry", args=[plan.pk, 2026]))
    # Nothing is wider than the screen.
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    card = mobile.locator("section.entry-card", has_text="学前教育毛入园率")
    # A share typed as a fraction first: refused on the card, nothing saved.
    card.locator("input[name$=value_text]").fill("0.92")
    card.locator("input[name$=source]").fill("县教育局教育事业统计")
    card.locator("button:has-text('保存并报送')").click()
    card = mobile.locator("section.entry-card", has_text="学前教育毛入园率")
    assert "相差五十倍以上" in card.inner_text()
    assert card.locator("input[name$=source]").input_value() == "县教育局教育事业统计"
    card.locator("input[name$=value_text]").fill("92")
    card.locator("button:has-text('保存并报送')").click()
    mobile.wait_for_selector("text=已报送“学前教育毛入园率”")
    other = mobile.locator("section.entry-card", has_text="劳动年龄人口平均受教育年限")
    other.locator("input[name$=value_text]").fill("11.01")
    other.locator("input[name$=source]").fill("县教育局")
    other.locator("button:has-text('保存并报送')").click()
    mobile.wait_for_selector("text=已报送“劳动年龄人口平均受教育年限”")
    mobile.screenshot(path=str(shots / "monitoring-phone-entry.png"), full_page=True)
    assert blocked == []
    phone.close()
    assert IndicatorValue.objects.filter(state=ReportState.SUBMITTED).count() == 2

    # The coordinator accepts both and locks the year.
    page.goto(reverse("monitoring_year", args=[plan.pk, 2026]))
    for _ in range(2):
        page.locator("button:has-text('审核通过')").first.click()
        page.wait_for_load_state()
    page.click("button:has-text('锁定本年度')")
    page.wait_for_selector("text=已锁定2026年度监测数据")
    assert MonitoringYear.objects.get(plan=plan, year=2026).is_locked
    assert IndicatorValue.objects.filter(state=ReportState.ACCEPTED).count() == 2

    page.goto(reverse("monitoring_dashboard", args=[plan.pk]))
    main = page.inner_text("main")
    assert "约束性指标预警" in main
    assert "劳动年龄人口平均受教育年限：2026年滞后于时序进度" in main
    row = page.locator("table.monitoring-matrix tr", has_text="学前教育毛入园率")
    assert "快于预期" in row.inner_text()
    page.screenshot(path=str(shots / "monitoring-dashboard.png"), full_page=True)

    # A locked year takes no value any more, even from the planning office.
    department = drafter.memberships.get().department
    page.goto(reverse("monitoring_entry", args=[plan.pk, 2026]) + f"?department={department.pk}")
    assert "已锁定" in page.inner_text("main")
    assert "劳动年龄人口平均受教育年限" in page.inner_text("main")
    assert page.locator("button:has-text('保存并报送')").count() == 0
