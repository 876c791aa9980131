"""Evaluation reports: documents of the plan started from its overview once the
outline is adopted, with their own outline, title, overview and settings."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.models import ActivityLog
from apps.plans.actions import DocumentRefused, document_create, report_create
from apps.plans.kinds import KINDS
from apps.plans.models import Document
from apps.plans.outline import numbered

Stage = Document.Stage


def adopt(document: Document) -> Document:
    document.stage = Stage.ADOPTED
    document.save(update_fields=["stage"])
    return document


def _create_url(plan, kind="midterm"):
    return reverse("report_create", args=[plan.pk, kind])


@pytest.fixture
def adopted(plan):
    adopt(plan.outline)
    return plan


@pytest.fixture
def report(adopted, coordinator):
    return report_create(adopted, kind=Document.Kind.MIDTERM, created_by=coordinator)


# Creating one ---------------------------------------------------------------------


def test_it_creates_the_midterm_report_from_the_overview(client, adopted, coordinator):
    client.force_login(coordinator)
    response = client.post(_create_url(adopted), follow=True)
    report = adopted.documents.get(kind="midterm")
    assert response.redirect_chain[-1][0] == reverse("document_overview", args=[report.pk])
    assert report.title == "示范县“十四五”规划纲要实施中期评估报告"
    assert report.stage == Stage.REPORT_DRAFT
    titles = [(e.label, e.node.title, e.node.key) for e in numbered(report.nodes.all())]
    chapters = [(label, title) for label, title, _key in titles if label.endswith("章")]
    assert chapters == [
        ("第一章", "总体进展"),
        ("第二章", "主要指标完成情况"),
        ("第三章", "重点任务推进情况"),
        ("第四章", "重大项目建设情况"),
        ("第五章", "存在的问题"),
        ("第六章", "下一步建议和后期展望"),
    ]
    keys = {key for _label, _title, key in titles}
    assert {"indicator_progress", "project_progress"} <= keys
    # Every node has guidance for the drafter, with the period filled in.
    assert all(node.guidance and "{" not in node.guidance for node in report.nodes.all())
    page = response.content.decode()
    assert "报告目录" in page and "纲要目录" not in page
    entry = ActivityLog.objects.get(
        verb="create_document", target_id=report.pk, detail__kind="midterm"
    )
    assert entry.plan_id == adopted.pk and entry.actor == coordinator
    # The log reads the kind in words.
    log = client.get(reverse("activity_log", args=[adopted.pk])).content.decode()
    assert "新建文件" in log and "中期评估报告" in log and "midterm" not in log


def test_it_creates_the_final_report_with_its_own_last_chapter(client, adopted, coordinator):
    client.force_login(coordinator)
    client.post(_create_url(adopted, "final"))
    report = adopted.documents.get(kind="final")
    assert report.title == "示范县“十四五”规划纲要实施总结评估报告"
    assert report.nodes.filter(key="next_plan").exists()
    assert not report.nodes.filter(key="adjustment_proposal").exists()


def test_it_is_refused_before_the_outline_is_adopted(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(_create_url(plan), follow=True)
    assert "规划纲要审议通过后才能起草中期评估报告" in response.content.decode()
    assert not plan.documents.filter(kind="midterm").exists()


def test_an_outline_under_adjustment_is_still_adopted(client, plan, coordinator):
    plan.outline.stage = Stage.ADJUSTMENT
    plan.outline.save()
    client.force_login(coordinator)
    client.post(_create_url(plan, "final"))
    assert plan.documents.filter(kind="final").exists()


def test_one_report_of_each_kind_per_plan(client, report, coordinator):
    client.force_login(coordinator)
    response = client.post(_create_url(report.plan), follow=True)
    assert "本规划已经有中期评估报告" in response.content.decode()
    assert report.plan.documents.filter(kind="midterm").count() == 1
    with pytest.raises(DocumentRefused):
        report_create(report.plan, kind="midterm", created_by=coordinator)
    # And the database says so too, whatever the code path.
    with pytest.raises(IntegrityError), transaction.atomic():
        document_create(report.plan, kind="midterm", template_key="midterm", created_by=None)


def test_it_wants_post(client, adopted, coordinator):
    client.force_login(coordinator)
    assert client.get(_create_url(adopted)).status_code == 405


def test_a_drafter_cannot_create_a_report(client, adopted, drafter):
    client.force_login(drafter)
    assert client.post(_create_url(adopted)).status_code == 403
    assert not adopted.documents.filter(kind="midterm").exists()


def test_another_countys_plan_is_not_found(client, adopted, outsider):
    client.force_login(outsider)
    assert client.post(_create_url(adopted)).status_code == 404


def test_an_unknown_kind_is_not_found(client, adopted, coordinator):
    client.force_login(coordinator)
    assert client.post(_create_url(adopted, "outline")).status_code == 404
    assert client.post(_create_url(adopted, "special")).status_code == 404


# The overview ----------------------------------------------------------------------


def test_the_plan_overview_lists_the_documents_and_offers_the_missing_reports(
    client, report, coordinator, drafter
):
    client.force_login(coordinator)
    page = client.get(reverse("plan_overview", args=[report.plan_id])).content.decode()
    assert reverse("document_overview", args=[report.pk]) in page
    assert "初稿" in page
    # The mid-term report exists; only the final one is offered.
    assert _create_url(report.plan, "final") in page
    assert _create_url(report.plan, "midterm") not in page
    client.force_login(drafter)
    page = client.get(reverse("plan_overview", args=[report.plan_id])).content.decode()
    assert _create_url(report.plan, "final") not in page


def test_before_adoption_the_overview_says_when_reports_can_start(client, plan, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("plan_overview", args=[plan.pk])).content.decode()
    assert "规划纲要审议通过后，可在这里起草" in page
    assert _create_url(plan) not in page


def test_the_report_overview_and_sidebar_show_the_reports_own_tree(client, report, leader):
    client.force_login(leader)
    page = client.get(reverse("document_overview", args=[report.pk])).content.decode()
    assert report.title in page
    assert "报告目录" in page and "纲要目录" not in page
    assert "总体进展" in page
    # The outline's chapters are not the report's.
    assert "发展基础与发展环境" not in page
    node = report.nodes.get(key="indicator_progress")
    assert reverse("node_edit", args=[report.pk, node.pk]) in page


def test_the_outlines_document_overview_is_the_plan_overview(client, plan, leader):
    client.force_login(leader)
    response = client.get(reverse("document_overview", args=[plan.outline.pk]))
    assert response["Location"] == reverse("plan_overview", args=[plan.pk])


def test_the_report_overview_costs_the_same_however_long_the_report(
    client, report, leader, django_assert_num_queries
):
    client.force_login(leader)
    url = reverse("document_overview", args=[report.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    chapter = report.nodes.get(key="problems")
    for n in range(30):
        report.nodes.create(
            plan=report.plan, parent=chapter, level="section", position=n + 10, title=f"问题{n}"
        )
    with django_assert_num_queries(len(small)):
        client.get(url)


# Settings --------------------------------------------------------------------------


def test_the_coordinator_sets_the_reports_title_and_meeting(client, report, coordinator):
    client.force_login(coordinator)
    url = reverse("document_settings", args=[report.pk])
    page = client.get(url).content.decode()
    assert "审议会议" in page and "主要指标表的位置" not in page
    response = client.post(
        url,
        {
            "title": "示范县“十四五”规划实施中期评估报告",
            "issuing_body": "",
            "stage_date": "2023-09-01",
            "approved_on": "",
            "approved_by": "",
            "empty_nodes": "mark",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "示范县“十四五”规划实施中期评估报告"
    assert report.stage_dates[Stage.REPORT_DRAFT] == "2023-09-01"


def test_a_drafter_cannot_change_the_reports_settings(client, report, drafter):
    client.force_login(drafter)
    assert client.get(reverse("document_settings", args=[report.pk])).status_code == 403


def test_another_countys_report_is_not_found(client, report, outsider):
    client.force_login(outsider)
    for name in ("document_overview", "document_settings", "export_list", "version_list"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404, name


# Stages ----------------------------------------------------------------------------


def test_final_and_adopted_along_the_outlines_chain(plan):
    outline = plan.outline
    seen = {}
    for stage in KINDS["outline"].stages:
        outline.stage = stage
        seen[stage] = (outline.is_final, outline.is_adopted)
    assert seen[Stage.SUBMISSION] == (False, False)
    assert seen[Stage.ADOPTED] == (True, True)
    # The 调整稿 is a draft again, of a plan that stays adopted.
    assert seen[Stage.ADJUSTMENT] == (False, True)
    assert seen[Stage.ADJUSTED] == (True, True)


def test_a_report_is_final_when_reported(report):
    assert not report.is_final and not report.is_adopted
    report.stage = Stage.REPORTED
    assert report.is_final and report.is_adopted


def test_a_double_click_creates_one_report_and_leads_to_it(client, adopted, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("plan_overview", args=[adopted.pk])).content.decode()
    token = page.split('name="submission" value="', 1)[1].split('"', 1)[0]
    first = client.post(_create_url(adopted), {"submission": token})
    second = client.post(_create_url(adopted), {"submission": token})
    report = adopted.documents.get(kind="midterm")
    assert first["Location"] == second["Location"] == reverse("document_overview", args=[report.pk])


def test_the_dashboard_lists_a_plans_reports_under_it(client, report, leader):
    client.force_login(leader)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("document_overview", args=[report.pk]) in page
    assert report.title in page
