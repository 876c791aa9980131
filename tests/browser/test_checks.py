"""The self-check in a real browser: the planner reads the scorecard from the
overview, follows a finding to the form where it is fixed, and sees it pass; then
asks for a draft with the report appended, rendered by a real worker."""

import pytest
from django.urls import reverse

from apps.checks.scorecard import run_checks
from apps.delivery.models import MajorProject
from apps.demo.seed import demo_password, seed_demo
from apps.exports.models import ExportJob
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings, worker):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return f.as_draft(seed_demo())


def test_planner_follows_a_finding_fixes_it_and_exports_the_report(page, login, demo):
    login("planner", demo_password())
    page.goto(reverse("plan_overview", args=[demo.pk]))
    # The charts are drawn on the page, with their Chinese labels.
    first_chart = page.locator("#indicator-charts svg.chart-svg").first
    assert first_chart.bounding_box()["height"] > 100
    assert "2035" in first_chart.text_content()
    assert "平稳路径" in page.inner_text("#indicator-charts .path-legend")
    assert page.locator("#investment-charts svg.chart-svg").count() == 2

    before = run_checks(demo)
    page.click("#scorecard-summary a:has-text('查看体检报告')")
    page.wait_for_url("**/checks/")
    assert f"{before.passed}/{before.total}" in page.inner_text("main")

    road = MajorProject.objects.get(plan=demo, name="县城北外环路")
    finding = page.locator(".finding-list li", has_text="县城北外环路")
    finding.locator("a:has-text('去修改')").click()
    page.wait_for_url(f"**/parts/major-projects/{road.pk}/")
    missing = road.total_investment - road.funding_total + (road.funding_other or 0)
    page.fill("input[name=funding_other]", str(missing))
    page.click("form button[type=submit]:has-text('保存')")
    page.wait_for_load_state()

    page.goto(reverse("scorecard", args=[demo.pk]))
    text = page.inner_text("main")
    assert "县城北外环路" not in text
    assert "东湖文旅康养度假区" in text  # the other unbalanced projects are still listed

    page.goto(reverse("export_list", args=[demo.outline.pk]))
    page.check("input[name=with_scorecard]")
    page.click("button:has-text('生成 PDF 草稿')")
    page.wait_for_url("**/exports/*/")
    page.locator("a:has-text('下载 PDF')").wait_for(timeout=120_000)
    job = ExportJob.objects.get(document=demo.outline)
    assert job.with_scorecard
    assert job.scorecard["passed"] == run_checks(demo).passed
    assert "已附体检报告" in page.inner_text("#job-status")
    with page.expect_download() as info:
        page.click("a:has-text('下载 PDF')")
    assert info.value.suggested_filename.endswith("附体检报告）.pdf")
