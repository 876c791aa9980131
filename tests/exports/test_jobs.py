"""The export job's life: queued after commit, claimed once, swept when stuck."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.exports.exporters import OUTLINE_PDF
from apps.exports.models import ExportJob
from apps.exports.services import (
    MAX_ATTEMPTS,
    TooManyExports,
    export_prune,
    export_request,
    export_run,
    export_sweep,
)
from planner.celery import app as celery_app
from tests import factories as f


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def eager(media):
    """Tasks run in this process when dispatched (the sweep re-dispatches)."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_eager_propagates = False


def test_a_job_is_a_row_first_and_queued_after_commit(
    plan, drafter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        outcome = export_request(plan.outline, drafter)
    job = outcome.job
    assert not outcome.reused
    assert (job.status, job.progress, job.stage, job.requested_by) == (
        "queued",
        0,
        plan.outline.stage,
        drafter,
    )
    assert len(job.fingerprint) == 64
    assert len(callbacks) == 1  # the task is sent only once the row is committed


def test_asking_again_joins_the_job_under_way(plan, drafter, leader):
    first = export_request(plan.outline, drafter).job
    second = export_request(plan.outline, leader)
    assert second.reused and second.job.pk == first.pk
    assert ExportJob.objects.count() == 1


def test_an_unchanged_plan_gets_its_existing_pdf(plan, drafter, media):
    job = export_request(plan.outline, drafter).job
    export_run(job.pk)
    again = export_request(plan.outline, drafter)
    assert again.reused and again.job.pk == job.pk
    assert again.job.status == "succeeded"


def test_a_changed_plan_gets_a_new_pdf(plan, drafter, media):
    job = export_request(plan.outline, drafter).job
    export_run(job.pk)
    f.RiskFactory(plan=plan)
    again = export_request(plan.outline, drafter)
    assert not again.reused and again.job.pk != job.pk


def test_the_worker_records_what_it_made(plan, drafter, media):
    job = export_request(plan.outline, drafter).job
    export_run(job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded" and job.progress == 100
    assert job.page_count > 5 and job.size > 10_000 and len(job.sha256) == 64
    assert job.started_at <= job.finished_at
    assert job.attempts == 1
    assert job.file.name.startswith(f"exports/{plan.outline.pk}/")
    assert job.file.name.endswith(".pdf")
    with job.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_a_redelivered_message_does_not_render_twice(plan, drafter, media):
    job = export_request(plan.outline, drafter).job
    export_run(job.pk)
    job.refresh_from_db()
    first_file = job.file.name
    assert "nothing to do" in export_run(job.pk)
    job.refresh_from_db()
    assert job.file.name == first_file and job.attempts == 1


def test_a_requester_who_lost_access_gets_no_pdf(plan, drafter, media):
    job = export_request(plan.outline, drafter).job
    drafter.memberships.all().delete()
    export_run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "已不能查看" in job.error
    assert not job.file


def _stuck(job, attempts):
    long_ago = timezone.now() - timedelta(hours=1)
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=attempts, started_at=long_ago, heartbeat_at=long_ago
    )


def test_the_sweep_requeues_a_job_whose_worker_died(plan, drafter, eager):
    job = export_request(plan.outline, drafter).job
    _stuck(job, attempts=1)
    counts = export_sweep()
    assert counts["requeued"] == 1
    job.refresh_from_db()
    # Re-dispatched and (eagerly) rendered by the next attempt.
    assert job.status == "succeeded" and job.attempts == 2


def test_the_sweep_gives_up_after_the_attempt_cap(plan, drafter, eager):
    job = export_request(plan.outline, drafter).job
    _stuck(job, attempts=MAX_ATTEMPTS)
    assert export_sweep()["failed"] == 1
    job.refresh_from_db()
    assert job.status == "failed"
    assert f"已连续{MAX_ATTEMPTS}次中断" in job.error


def test_the_sweep_leaves_a_live_render_alone(plan, drafter, eager):
    job = export_request(plan.outline, drafter).job
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    assert export_sweep() == {"requeued": 0, "failed": 0, "redispatched": 0}
    job.refresh_from_db()
    assert job.status == "running"


def test_the_sweep_sends_jobs_the_broker_never_got(plan, drafter, eager):
    job = export_request(plan.outline, drafter).job  # on_commit never ran: never dispatched
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert export_sweep()["redispatched"] == 1
    job.refresh_from_db()
    assert job.status == "succeeded" and job.dispatched_at is not None


def test_a_finished_job_cannot_be_claimed_again(plan, drafter, media):
    job = export_request(plan.outline, drafter).job
    assert job.claim()
    assert not ExportJob.objects.get(pk=job.pk).claim()


def test_an_unexpected_error_fails_the_job_with_a_message(plan, drafter, media, monkeypatch):
    """If the typesetting library itself breaks (simulated at that edge), the job
    says so at once instead of spinning until the sweep gives up."""
    import weasyprint

    from apps.exports import tasks

    job = export_request(plan.outline, drafter).job

    def broken(self, *args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(weasyprint.HTML, "render", broken)
    assert "failed" in tasks.render_export.run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "意外错误（ValueError）" in job.error


# Retention and fairness -----------------------------------------------------------


def _finished(plan, user, *, stage=None, minutes_ago=0, exporter=OUTLINE_PDF):
    """A finished export with a small file, as the worker leaves it."""
    from django.core.files.base import ContentFile

    job = ExportJob.objects.create(
        document=plan.outline,
        exporter=exporter,
        fingerprint=f"{stage}-{minutes_ago}".ljust(64, "0"),
        stage=stage or plan.outline.stage,
        requested_by=user,
        status=ExportJob.Status.SUCCEEDED,
        finished_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    job.file.save("plan.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return job


def test_the_prune_keeps_the_last_of_each_stage_and_the_newest_few(plan, drafter, media, settings):
    settings.EXPORT_KEEP_LAST = 3
    last_research = _finished(plan, drafter, stage="research", minutes_ago=100)
    older_research = _finished(plan, drafter, stage="research", minutes_ago=200)
    drafts = [_finished(plan, drafter, stage="approach", minutes_ago=m) for m in (1, 2, 3, 4, 5)]
    storage = ExportJob._meta.get_field("file").storage
    pruned_names = [drafts[3].file.name, drafts[4].file.name, older_research.file.name]

    assert export_prune() == {"pruned": 3, "orphans": 0}

    kept = set(ExportJob.objects.exclude(file="").values_list("pk", flat=True))
    assert kept == {drafts[0].pk, drafts[1].pk, drafts[2].pk, last_research.pk}
    for name in pruned_names:
        assert not storage.exists(name)
    gone = ExportJob.objects.get(pk=drafts[4].pk)
    assert gone.pruned_at is not None and gone.status == "succeeded"  # the row stays


def test_a_pruned_export_is_made_again_on_request(client, plan, drafter, media, settings):
    settings.EXPORT_KEEP_LAST = 1
    old = _finished(plan, drafter, minutes_ago=10)
    _finished(plan, drafter, minutes_ago=1)
    export_prune()
    client.force_login(drafter)
    page = client.get(reverse("export_detail", args=[plan.outline.pk, old.pk])).content.decode()
    assert "按保留规则清理" in page
    assert client.get(reverse("export_download", args=[plan.outline.pk, old.pk])).status_code == 404


def test_files_of_deleted_plans_are_removed_once_old(plan, drafter, media):
    job = _finished(plan, drafter)
    kept = _finished(plan, drafter, minutes_ago=5)
    storage = ExportJob._meta.get_field("file").storage
    name = job.file.name
    ExportJob.objects.filter(pk=job.pk).delete()
    assert export_prune()["orphans"] == 0  # too new: could be a render saving now
    # Two hours on (the storage's own clock dates the file, whatever the storage is).
    assert export_prune(now=timezone.now() + timedelta(hours=2))["orphans"] == 1
    assert not storage.exists(name)
    assert storage.exists(kept.file.name)  # a job still points to it


def test_the_prune_finds_nothing_to_do_before_the_first_export(db, media):
    assert export_prune() == {"pruned": 0, "orphans": 0}


def test_one_person_may_have_only_a_few_exports_under_way(client, plan, drafter, settings):
    settings.EXPORT_MAX_ACTIVE_PER_USER = 2
    for _ in range(2):
        f.RiskFactory(plan=plan)  # new content: a new job each time
        export_request(plan.outline, drafter)
    f.RiskFactory(plan=plan)
    with pytest.raises(TooManyExports):
        export_request(plan.outline, drafter)
    client.force_login(drafter)
    response = client.post(reverse("export_create", args=[plan.outline.pk]), follow=True)
    assert "请等其中一个完成后再提交" in response.content.decode()
    assert ExportJob.objects.filter(requested_by=drafter).count() == 2


def test_joining_a_job_under_way_does_not_count_against_the_limit(plan, drafter, leader, settings):
    settings.EXPORT_MAX_ACTIVE_PER_USER = 1
    export_request(plan.outline, leader)
    export_request(plan.outline, drafter)  # the same content: joins the leader's job
    assert ExportJob.objects.count() == 1
