"""A monitoring year and the evaluation report in a real browser.

The planning office opens 2026 for an adopted 十五五 outline; 教育局 enters its
values on a phone-sized screen; the coordinator accepts them and locks the year;
the dashboard shows each indicator's standing and warns about the binding one
that lags. Then the 中期评估报告: started from the overview, a chapter written by
教育局 and countersigned by 财政局, and its PDF, rendered by a real worker, prints
the table computed from the year's values.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from apps.monitoring.models import IndicatorValue, MonitoringYear, ReportState
from apps.plans.models import Document, OutlineNode
from apps.review.actions import node_assign
from tests import factories as f
from tests.plugins.browser import watch_csp

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_a_year_reported_on_a_phone_locked_and_evaluated_in_the_midterm_report(
    page, login, browser, live_server, worker, fifteenth, coordinator, drafter, reviewer, shots
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

    # The mid-term report, started from the plan's overview.
    page.goto(reverse("plan_overview", args=[plan.pk]))
    page.click("button:has-text('起草中期评估报告')")
    page.wait_for_selector(".alert-success")
    report = plan.documents.get(kind=Document.Kind.MIDTERM)
    main = page.inner_text("main")
    assert "报告自查" in main
    assert "约束性指标“劳动年龄人口平均受教育年限”2026年滞后于时序进度" in main
    chapter = report.nodes.get(key="indicator_progress")
    fin = reviewer.memberships.get().department
    node_assign(chapter, actor=coordinator, lead=department, reviewers=[fin], due_date=None)

    # 教育局 explains the lag and sends the chapter for countersign.
    edu = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    edu.goto("/accounts/login/")
    edu.fill("input[name=username]", drafter.username)
    edu.fill("input[name=password]", f.PASSWORD)
    edu.click("button[type=submit]")
    edu.wait_for_url("**/")
    chapter_url = reverse("node_edit", args=[report.pk, chapter.pk])
    edu.goto(chapter_url)
    assert "劳动年龄人口平均受教育年限" in edu.inner_text(".computed-preview")
    edu.locator("[data-rich-editor]").click()
    edu.keyboard.type(
        "劳动年龄人口平均受教育年限提升慢于进度，主要是职业教育扩招尚未见效，"
        "下一步扩大中职和高职招生。"
    )
    edu.click("button:has-text('保存正文')")
    edu.wait_for_selector(".alert-success")
    edu.click("button:has-text('提交会签')")
    edu.wait_for_selector("text=已提交会签（第1轮）")
    edu.context.close()

    # 财政局 countersigns.
    fin_page = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    fin_page.goto("/accounts/login/")
    fin_page.fill("input[name=username]", reviewer.username)
    fin_page.fill("input[name=password]", f.PASSWORD)
    fin_page.click("button[type=submit]")
    fin_page.wait_for_url("**/")
    fin_page.goto(chapter_url)
    fin_page.click("button:has-text('同意')")
    fin_page.wait_for_selector("text=会签意见已记录")
    fin_page.context.close()
    chapter.refresh_from_db()
    assert chapter.review_state == OutlineNode.ReviewState.APPROVED

    # The self-check no longer asks for the explanation; the PDF prints the table.
    page.goto(reverse("document_overview", args=[report.pk]))
    assert "滞后于时序进度" not in page.inner_text("[data-report-gaps]")
    page.click("button:has-text('生成 PDF 草稿')")
    page.wait_for_url("**/exports/*/")
    page.locator("a:has-text('下载 PDF')").wait_for(timeout=120_000)
    with page.expect_download() as info:
        page.click("a:has-text('下载 PDF')")
    text = "".join(p.extract_text() for p in PdfReader(info.value.path()).pages)
    flat = "".join(text.split())
    assert "主要指标完成情况" in flat
    assert "2026年" in flat and "11.01" in flat and "滞后（约束性）" in flat
    assert "快于预期" in flat
