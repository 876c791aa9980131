"""SIGKILL the process that is rendering a PDF, with a real worker on Redis.

The worker's pool process is killed in the middle of the layout. Celery's main
process starts a new one and hands it the redelivered message, which must not
render twice (the job row is claimed already). The job's heartbeat stops; the
sweep, the next time it runs after EXPORT_STALE_AFTER seconds of silence (the test
runs it with its clock set that far ahead instead of waiting), puts the job back in
the queue, and the new pool process completes it — with exactly one file. A job
whose render is killed every time stops at the attempt cap with a message.
"""

import os
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from apps.accounts.models import User
from apps.exports.models import ExportJob
from apps.exports.services import MAX_ATTEMPTS, export_request, export_sweep
from tests.plugins.worker import wait_for_job

pytestmark = pytest.mark.django_db(transaction=True)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid …; comm may hold spaces, so split after ")".
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _kill_render(worker, job, attempt: int) -> None:
    """Wait until attempt number ``attempt`` is laying pages out, then SIGKILL the
    pool process doing it."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status == "running" and job.attempts == attempt and job.progress >= 20:
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f"attempt {attempt} never started: {job.status} {job.attempts}")
    children = _children(worker.pid)
    assert children, "the worker has no pool process"
    for pid in children:
        os.kill(pid, signal.SIGKILL)


def _sweep_after_silence():
    later = timezone.now() + timedelta(seconds=settings.EXPORT_STALE_AFTER + 1)
    return export_sweep(now=later)


def _files(plan) -> list[Path]:
    # Files are kept per document: the plan's outline here.
    folder = Path(settings.MEDIA_ROOT) / "exports" / str(plan.outline.pk)
    return sorted(folder.glob("*.pdf")) if folder.exists() else []


@pytest.fixture
def demo(settings, worker):
    from apps.demo.seed import seed_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Twice the demo, so a render lasts long enough to be caught in the middle.
    return seed_demo(scale=2)


def _redelivered(worker, job, times: int) -> None:
    """Wait until Celery's main process has noticed the death (it checks its pool
    every few seconds), started a new pool process and handed it the message again,
    which found the job claimed and did nothing."""
    line = f"job {job.pk} is running; nothing to do"
    deadline = time.monotonic() + 60
    while worker.log.read_text().count(line) < times:
        assert time.monotonic() < deadline, worker.log.read_text()[-3000:]
        time.sleep(0.2)
    job.refresh_from_db()


def test_a_render_killed_midway_is_finished_by_a_restarted_worker(worker, demo):
    job = export_request(demo.outline, User.objects.get(username="planner")).job
    _kill_render(worker, job, attempt=1)

    _redelivered(worker, job, times=1)
    # The redelivered message found the job claimed: nothing renders it twice, and
    # without a heartbeat it only waits for the sweep.
    assert job.status == "running" and job.attempts == 1

    assert _sweep_after_silence()["requeued"] == 1
    job = wait_for_job(job)
    assert job.status == "succeeded", job.error
    assert job.attempts == 2
    assert len(_files(demo)) == 1
    with job.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_a_render_killed_every_time_stops_at_the_attempt_cap(worker, demo):
    node = demo.outline.nodes.get(key="environment")
    node.title = node.title + "（再改）"  # new content: not the PDF of the first test
    node.save()
    job = export_request(demo.outline, User.objects.get(username="planner")).job
    for attempt in range(1, MAX_ATTEMPTS + 1):
        _kill_render(worker, job, attempt=attempt)
        _redelivered(worker, job, times=attempt)
        counts = _sweep_after_silence()
        if attempt < MAX_ATTEMPTS:
            assert counts["requeued"] == 1, counts
    job.refresh_from_db()
    assert counts["failed"] == 1
    assert job.status == "failed"
    assert f"已连续{MAX_ATTEMPTS}次中断" in job.error and "联系管理员" in job.error
    assert not job.file
    # Failed stays failed: a late message for it changes nothing.
    assert ExportJob.objects.get(pk=job.pk).claim() is False
