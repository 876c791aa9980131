"""The demo plan after adoption, in a real browser: the planning office starts the
mid-term report from the overview, writes a chapter, sees the computed table and
the print preview; the adjustment comparison reads the adopted targets."""

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.demo.seed import demo_password, seed_demo
from apps.plans.models import Document
from apps.review.actions import document_stage_move
from apps.targets.models import Indicator

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def adopted_demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    plan = seed_demo()
    # The demo is adopted and has its half-written mid-term report; these tests
    # start the report themselves.
    assert plan.outline.stage == Document.Stage.ADOPTED
    plan.documents.filter(kind=Document.Kind.MIDTERM).delete()
    return plan


def test_the_planning_office_starts_and_writes_the_midterm_report(page, login, adopted_demo, shots):
    login("planner", demo_password())
    page.goto(reverse("plan_overview", args=[adopted_demo.pk]))
    page.screenshot(path=shots / "reports-1-plan-overview.png", full_page=False)
    page.click("button:has-text('起草中期评估报告')")
    page.wait_for_selector(".alert-success")
    assert "示范县“十四五”规划纲要实施中期评估报告" in page.inner_text("h1")
    assert "报告目录" in page.inner_text("aside")
    page.screenshot(path=shots / "reports-2-report-overview.png", full_page=True)

    page.click("aside a:has-text('主要指标完成情况')")
    table = page.locator(".computed-preview table")
    assert table.count() == 1
    assert "地区生产总值" in table.inner_text()
    page.locator("[data-rich-editor]").click()
    page.keyboard.type("主要指标总体进展顺利，约束性指标均按进度推进。")
    page.click("button:has-text('保存正文')")
    page.wait_for_selector(".alert-success")
    page.screenshot(path=shots / "reports-3-indicator-chapter.png", full_page=True)

    report = adopted_demo.documents.get(kind="midterm")
    page.goto(reverse("export_list", args=[report.pk]))
    assert "附体检报告" not in page.inner_text("main")
    page.screenshot(path=shots / "reports-4a-exports.png", full_page=False)
    page.goto(reverse("print_preview", args=[report.pk]))
    assert "主要指标完成情况" in page.inner_text("main")
    page.screenshot(path=shots / "reports-4-print-preview.png", full_page=True)


def test_the_adjustment_comparison(page, login, adopted_demo, shots):
    planner = User.objects.get(username="planner")
    outline = adopted_demo.outline
    document_stage_move(outline, actor=planner, stage=Document.Stage.ADJUSTMENT, name="调整稿")
    indicator = Indicator.objects.filter(plan=adopted_demo).order_by("pk").first()
    indicator.target_value = (indicator.target_value or 0) + 5
    indicator.save()
    login("planner", demo_password())
    page.goto(reverse("version_list", args=[outline.pk]))
    page.click("a:has-text('规划调整对照')")
    assert page.locator("tr[data-status=changed]").count() == 1
    page.screenshot(path=shots / "reports-5-adjustment.png", full_page=True)
