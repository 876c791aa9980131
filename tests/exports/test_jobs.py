"""The export job's life: queued after commit, claimed once, swept when stuck."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.exports.models import ExportJob
from apps.exports.services import MAX_ATTEMPTS, export_request, export_run, export_sweep
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
        outcome = export_request(plan, drafter)
    job = outcome.job
    assert not outcome.reused
    assert (job.status, job.progress, job.stage, job.requested_by) == (
        "queued",
        0,
        plan.stage,
        drafter,
    )
    assert len(job.fingerprint) == 64
    assert len(callbacks) == 1  # the task is sent only once the row is committed


def test_asking_again_joins_the_job_under_way(plan, drafter, leader):
    first = export_request(plan, drafter).job
    second = export_request(plan, leader)
    assert second.reused and second.job.pk == first.pk
    assert ExportJob.objects.count() == 1


def test_an_unchanged_plan_gets_its_existing_pdf(plan, drafter, media):
    job = export_request(plan, drafter).job
    export_run(job.pk)
    again = export_request(plan, drafter)
    assert again.reused and again.job.pk == job.pk
    assert again.job.status == "succeeded"


def test_a_changed_plan_gets_a_new_pdf(plan, drafter, media):
    job = export_request(plan, drafter).job
    export_run(job.pk)
    f.RiskFactory(plan=plan)
    again = export_request(plan, drafter)
    assert not again.reused and again.job.pk != job.pk


def test_the_worker_records_what_it_made(plan, drafter, media):
    job = export_request(plan, drafter).job
    export_run(job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded" and job.progress == 100
    assert job.page_count > 5 and job.size > 10_000 and len(job.sha256) == 64
    assert job.started_at <= job.finished_at
    assert job.attempts == 1
    assert job.file.name.startswith(f"exports/{plan.pk}/") and job.file.name.endswith(".pdf")
    with job.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_a_redelivered_message_does_not_render_twice(plan, drafter, media):
    job = export_request(plan, drafter).job
    export_run(job.pk)
    job.refresh_from_db()
    first_file = job.file.name
    assert "nothing to do" in export_run(job.pk)
    job.refresh_from_db()
    assert job.file.name == first_file and job.attempts == 1


def test_a_requester_who_lost_access_gets_no_pdf(plan, drafter, media):
    job = export_request(plan, drafter).job
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
    job = export_request(plan, drafter).job
    _stuck(job, attempts=1)
    counts = export_sweep()
    assert counts["requeued"] == 1
    job.refresh_from_db()
    # Re-dispatched and (eagerly) rendered by the next attempt.
    assert job.status == "succeeded" and job.attempts == 2


def test_the_sweep_gives_up_after_the_attempt_cap(plan, drafter, eager):
    job = export_request(plan, drafter).job
    _stuck(job, attempts=MAX_ATTEMPTS)
    assert export_sweep()["failed"] == 1
    job.refresh_from_db()
    assert job.status == "failed"
    assert f"已连续{MAX_ATTEMPTS}次中断" in job.error


def test_the_sweep_leaves_a_live_render_alone(plan, drafter, eager):
    job = export_request(plan, drafter).job
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    assert export_sweep() == {"requeued": 0, "failed": 0, "redispatched": 0}
    job.refresh_from_db()
    assert job.status == "running"


def test_the_sweep_sends_jobs_the_broker_never_got(plan, drafter, eager):
    job = export_request(plan, drafter).job  # on_commit never ran: never dispatched
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert export_sweep()["redispatched"] == 1
    job.refresh_from_db()
    assert job.status == "succeeded" and job.dispatched_at is not None


def test_a_finished_job_cannot_be_claimed_again(plan, drafter, media):
    job = export_request(plan, drafter).job
    assert job.claim()
    assert not ExportJob.objects.get(pk=job.pk).claim()


def test_an_unexpected_error_fails_the_job_with_a_message(plan, drafter, media, monkeypatch):
    """If the typesetting library itself breaks (simulated at that edge), the job
    says so at once instead of spinning until the sweep gives up."""
    import weasyprint

    from apps.exports import tasks

    job = export_request(plan, drafter).job

    def broken(self, *args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(weasyprint.HTML, "render", broken)
    assert "failed" in tasks.render_export.run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "意外错误（ValueError）" in job.error
