"""The self-check and PDF drafts: every export records it, coordinators may append
it to an internal draft, and an adopted plan never carries it."""

import pytest
from django.urls import reverse

from apps.checks.models import Exemption
from apps.checks.scorecard import run_checks
from apps.exports.fingerprint import document_fingerprint
from apps.exports.models import ExportJob
from apps.exports.render import print_html
from apps.exports.services import export_request, export_run
from apps.plans.models import Document
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _adopt(plan):
    plan.outline.stage = Document.Stage.ADOPTED
    plan.outline.save()


def test_every_export_records_the_scorecard_of_its_moment(plan, drafter, media):
    f.KeyTaskFactory(plan=plan, lead_department=None)
    job = export_request(plan.outline, drafter).job
    export_run(job.pk)
    job.refresh_from_db()
    card = run_checks(plan)
    assert job.scorecard["passed"] == card.passed and job.scorecard["total"] == card.total
    assert "tasks-lead" in {x["check"] for x in job.scorecard["findings"]}
    assert not job.with_scorecard


def test_the_history_shows_the_draft_getting_better(client, plan, coordinator, media):
    task = f.KeyTaskFactory(plan=plan, lead_department=None)
    first = export_request(plan.outline, coordinator).job
    export_run(first.pk)
    task.lead_department = f.DepartmentFactory(county=plan.county)
    task.save()
    second = export_request(plan.outline, coordinator).job
    export_run(second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.scorecard["passed"] == first.scorecard["passed"] + 1
    client.force_login(coordinator)
    page = client.get(reverse("export_list", args=[plan.outline.pk])).content.decode()
    assert first.scorecard_score in page and second.scorecard_score in page
    detail = client.get(reverse("export_detail", args=[plan.outline.pk, first.pk])).content.decode()
    assert "当时的体检结果" in detail and "每项重点任务都有牵头部门" in detail


def test_a_coordinator_appends_the_scorecard_to_a_draft(client, plan, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("export_list", args=[plan.outline.pk])).content.decode()
    assert 'name="with_scorecard"' in page
    client.post(reverse("export_create", args=[plan.outline.pk]), {"with_scorecard": "1"})
    job = ExportJob.objects.get(document=plan.outline)
    assert job.with_scorecard
    assert job.download_name.endswith("附体检报告）.pdf")
    # The plain draft is a different document, not a reuse of this one.
    client.post(reverse("export_create", args=[plan.outline.pk]))
    plain = ExportJob.objects.exclude(pk=job.pk).get()
    assert not plain.with_scorecard and plain.fingerprint != job.fingerprint


def test_only_the_planning_office_may_append_it(client, plan, drafter):
    client.force_login(drafter)
    page = client.get(reverse("export_list", args=[plan.outline.pk])).content.decode()
    assert 'name="with_scorecard"' not in page
    response = client.post(
        reverse("export_create", args=[plan.outline.pk]), {"with_scorecard": "1"}
    )
    assert response.status_code == 403
    assert not ExportJob.objects.exists()


def test_an_adopted_plan_never_carries_it(client, plan, coordinator):
    _adopt(plan)
    client.force_login(coordinator)
    page = client.get(reverse("export_list", args=[plan.outline.pk])).content.decode()
    assert 'name="with_scorecard"' not in page
    response = client.post(
        reverse("export_create", args=[plan.outline.pk]), {"with_scorecard": "1"}, follow=True
    )
    assert "审议通过的规划纲要不附体检报告" in response.content.decode()
    assert not ExportJob.objects.exists()
    # Nor through the service or the renderer.
    job = export_request(plan.outline, coordinator, options={"with_scorecard": True}).job
    assert not job.with_scorecard
    assert "规划体检报告" not in print_html(plan.outline, scorecard=run_checks(plan))


def test_the_appendix_is_at_the_end_of_the_print_html_and_in_the_contents(plan):
    f.KeyTaskFactory(plan=plan, title="建设县域物流枢纽", lead_department=None)
    html = print_html(plan.outline, scorecard=run_checks(plan))
    assert 'href="#scorecard"' in html
    report = html[html.index('id="scorecard"') :]
    assert "附：规划体检报告" in report
    assert "重点任务“建设县域物流枢纽”没有牵头部门" in report
    assert "规划体检报告" not in print_html(plan.outline)


def test_a_not_applicable_note_changes_a_draft_with_the_report_only(plan):
    plain, carded = (
        document_fingerprint(plan.outline),
        document_fingerprint(plan.outline, with_scorecard=True),
    )
    assert plain != carded
    Exemption.objects.create(plan=plan, code="new_infra", reason="由市级统一布局")
    assert document_fingerprint(plan.outline) == plain
    assert document_fingerprint(plan.outline, with_scorecard=True) != carded


def test_a_failed_draft_with_the_report_is_retried_with_it(client, plan, coordinator):
    job = ExportJob.objects.create(
        document=plan.outline,
        fingerprint="f" * 64,
        stage=plan.outline.stage,
        status="failed",
        error="排版超时",
        options={"with_scorecard": True},
    )
    client.force_login(coordinator)
    page = client.get(reverse("export_detail", args=[plan.outline.pk, job.pk])).content.decode()
    assert '<input type="hidden" name="with_scorecard" value="1">' in page
