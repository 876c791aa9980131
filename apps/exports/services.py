"""Export jobs: asked for in a view, run by a Celery worker, swept when stuck.

Flow (after pretix's exports): the view creates an ExportJob row and queues the
task with the job's id once the transaction commits; the task claims the row with
a conditional UPDATE (so a redelivered message never renders twice), re-checks that
the person who asked may still read the plan, renders, stores the file under an
unguessable name and marks the row finished. A periodic sweep puts jobs whose
worker died back in the queue, or fails them with a message once they have used
their attempts.
"""

import hashlib
import json
import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.checks.scorecard import run_checks
from apps.core.activity import log_activity
from apps.exports import exporters
from apps.exports.exporters import OUTLINE_PDF
from apps.exports.models import ExportJob, export_path
from apps.exports.render import RenderError
from apps.plans.models import Document
from apps.plans.policy import Action, can, principal_for

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class ExportRequest:
    job: ExportJob
    reused: bool


class TooManyExports(Exception):
    """The user already has as many exports queued or running as one person may;
    the message says so."""


def export_request(
    document: Document, user, exporter_key: str = OUTLINE_PDF, options: dict | None = None
) -> ExportRequest:
    """Ask for a file of ``document`` from an exporter: unchanged content gets its
    existing file at once, a job already under way for the same content is joined,
    otherwise a new job is queued after commit — or, for an inline exporter (a
    small workbook), rendered before this returns."""
    exporter = exporters.get(exporter_key)
    options = exporter.clean_options(options or {}, document)
    fingerprint = exporter.fingerprint(document, options)
    done = ExportJob.objects.reusable(document, exporter.key, fingerprint).first()
    if done and done.file and done.file.storage.exists(done.file.name):
        return ExportRequest(done, reused=True)
    active = ExportJob.objects.filter(
        document=document,
        exporter=exporter.key,
        fingerprint=fingerprint,
        status__in=ExportJob.ACTIVE,
    ).first()
    if active:
        return ExportRequest(active, reused=True)
    with transaction.atomic():
        if not exporter.inline:
            _limit_active(user)
        job = ExportJob.objects.create(
            document=document,
            exporter=exporter.key,
            options=options,
            fingerprint=fingerprint,
            stage=document.stage,
            requested_by=user,
        )
        log_activity(
            user,
            "export",
            job,
            plan_id=document.plan_id,
            county_id=document.plan.county_id,
            exporter=exporter.key,
            **{name: value for name, value in options.items() if not isinstance(value, dict)},
        )
        if not exporter.inline:
            transaction.on_commit(lambda: export_dispatch(job.pk))
    if exporter.inline:
        export_run(job.pk)
        job.refresh_from_db()
    return ExportRequest(job, reused=False)


def _limit_active(user) -> None:
    """One person's renders must not fill the queue for everyone: the user's row is
    locked so that simultaneous requests count each other."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    running = ExportJob.objects.filter(requested_by=user, status__in=ExportJob.ACTIVE).count()
    if running >= settings.EXPORT_MAX_ACTIVE_PER_USER:
        raise TooManyExports(
            _("你已有%(n)s个导出正在排队或排版，请等其中一个完成后再提交。") % {"n": running}
        )


def export_dispatch(job_id: int) -> None:
    """Hand a job to the broker. A broker that is down leaves the job queued; the
    sweep sends it again, so the request is not lost."""
    from apps.exports.tasks import render_export

    try:
        render_export.delay(job_id)
    except Exception:  # kombu raises several kinds for an unreachable broker
        logger.exception("could not queue export job %s; the sweep will retry", job_id)
        return
    ExportJob.objects.filter(pk=job_id).update(dispatched_at=timezone.now())


def _may_still_read(job: ExportJob) -> bool:
    requester = job.requested_by
    if requester is None or not requester.is_active:
        return False
    document = job.document
    # What the file is of, for the policy: the document, or what the exporter
    # names (a 衔接 round's package is read by the city through the round).
    subject = job.exporter_info.subject
    target = subject(document, job.options) if subject is not None else document
    return can(principal_for(requester, document.plan.county_id), Action.VIEW, target)


def _expected_pages(job: ExportJob) -> int:
    previous = (
        ExportJob.objects.filter(
            document_id=job.document_id,
            exporter=job.exporter,
            status=ExportJob.Status.SUCCEEDED,
        )
        .exclude(page_count=None)
        .order_by("-finished_at")
        .values_list("page_count", flat=True)
        .first()
    )
    return previous or 40


@contextmanager
def heartbeat(job: ExportJob):
    """Touch the job row every EXPORT_HEARTBEAT seconds while the render runs, from
    a side thread with its own database connection, so that silence means the
    process is gone (killed, out of memory, the machine rebooted) whatever phase
    the render is in."""
    from django.db import connection

    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.EXPORT_HEARTBEAT):
                ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"export-heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=settings.EXPORT_HEARTBEAT + 5)


def export_run(job_id: int) -> str:
    """Render one job through its exporter. Returns what happened, for the log."""
    job = ExportJob.objects.select_related(
        "document", "document__plan", "document__plan__county", "requested_by"
    ).get(pk=job_id)
    if not job.claim():
        return f"job {job_id} is {job.status}; nothing to do"
    if not _may_still_read(job):
        job.fail(_("提交导出的用户已不能查看这份规划，导出已取消。"))
        return f"job {job_id} failed: requester lost access"
    document = job.document
    exporter = job.exporter_info
    # The self-check at this moment goes with every export of the text, for the
    # history; a table's template has nothing to do with it.
    card = run_checks(document.plan) if exporter.records_scorecard else None
    context = exporters.RenderContext(expected_pages=_expected_pages(job), scorecard=card)
    try:
        with heartbeat(job):
            result = exporter.render(document, job.options, job.report_progress, context)
    except RenderError as exc:
        job.fail(str(exc))
        return f"job {job_id} failed: {exc}"
    job.report_progress(95, _("保存文件"))
    digest = hashlib.sha256(result.content).hexdigest()
    now = timezone.now()
    with transaction.atomic():
        locked = ExportJob.objects.select_for_update().get(pk=job_id)
        if locked.status != ExportJob.Status.RUNNING:
            # The sweep gave up on this run while it was rendering; keep its verdict.
            return f"job {job_id} was {locked.status} before it finished"
        # Same name on every attempt: a render killed after writing its file but
        # before this commit leaves nothing behind once the next attempt is saved.
        name = export_path(locked)
        if locked.file.storage.exists(name):
            locked.file.storage.delete(name)
        locked.file.save(f"export.{exporter.extension}", ContentFile(result.content), save=False)
        locked.status = ExportJob.Status.SUCCEEDED
        locked.progress = 100
        locked.progress_note = _("已完成")
        locked.page_count = result.page_count
        locked.size = len(result.content)
        locked.sha256 = digest
        locked.scorecard = card.summary() if card is not None else {}
        locked.finished_at = now
        locked.expires_at = now + timedelta(days=settings.EXPORT_KEEP_DAYS)
        locked.save(
            update_fields=[
                "file",
                "status",
                "progress",
                "progress_note",
                "page_count",
                "size",
                "sha256",
                "scorecard",
                "finished_at",
                "expires_at",
            ]
        )
    return f"job {job_id} done: {result.page_count or 0} pages"


def export_sweep(now=None) -> dict[str, int]:
    """Deal with jobs nobody is working on.

    * RUNNING with no heartbeat for EXPORT_STALE_AFTER seconds: the worker died
      (or was killed). Re-queue it while attempts remain, else fail it.
    * QUEUED but never handed to the broker (it was down when the job was asked
      for), or handed over so long ago that the message must have been lost: send
      it again. A second delivery is harmless because the task claims the row
      conditionally.
    """
    now = now or timezone.now()
    stale_after = timedelta(seconds=settings.EXPORT_STALE_AFTER)
    counts = {"requeued": 0, "failed": 0, "redispatched": 0}
    stuck = ExportJob.objects.filter(
        status=ExportJob.Status.RUNNING, heartbeat_at__lt=now - stale_after
    )
    for job in stuck:
        if job.attempts >= MAX_ATTEMPTS:
            job.fail(
                _(
                    "排版进程已连续%(n)s次中断，导出失败。请稍后重试；"
                    "如仍失败，请联系管理员检查排版服务。"
                )
                % {"n": job.attempts}
            )
            counts["failed"] += 1
        elif job.requeue(_("排版进程中断，已重新排队")):
            # export_dispatch stamps dispatched_at again once the broker has it.
            export_dispatch(job.pk)
            counts["requeued"] += 1
    waiting = (
        ExportJob.objects.filter(status=ExportJob.Status.QUEUED)
        .filter(
            Q(dispatched_at=None, created_at__lt=now - timedelta(seconds=10))
            | Q(dispatched_at__lt=now - timedelta(seconds=settings.EXPORT_REDISPATCH_AFTER))
        )
        .values_list("pk", flat=True)
    )
    for job_id in waiting:
        export_dispatch(job_id)
        counts["redispatched"] += 1
    return counts


def export_prune(now=None) -> dict[str, int]:
    """Delete the files nobody needs any more, keeping the rows for the history.

    Kept: the newest file of each document, exporter, options and stage, which is
    what a stage ended with; besides those, the newest EXPORT_KEEP_LAST files of
    each document until they expire (EXPORT_KEEP_DAYS after they were made). A
    pruned job shows as such and a new export makes the file again. Stored files
    that no job points to (their document was deleted) go too, once they are an hour
    old, so a render saving its file right now is never touched.
    """
    now = now or timezone.now()
    keep_last = settings.EXPORT_KEEP_LAST
    jobs = (
        ExportJob.objects.filter(status=ExportJob.Status.SUCCEEDED)
        .exclude(file="")
        .order_by("document_id", "-finished_at", "-id")
        .values_list("pk", "document_id", "exporter", "options", "stage", "expires_at", "file")
    )
    seen_per_document: dict[int, int] = {}
    newest_of: set[tuple] = set()
    prune: list[tuple[int, str]] = []
    referenced: set[str] = set()
    for pk, document_id, exporter, options, stage, expires_at, name in jobs:
        rank = seen_per_document.get(document_id, 0)
        seen_per_document[document_id] = rank + 1
        group = (document_id, exporter, json.dumps(options, sort_keys=True), stage)
        recent = rank < keep_last and (expires_at is None or expires_at > now)
        if recent or group not in newest_of:
            newest_of.add(group)
            referenced.add(name)
        else:
            prune.append((pk, name))
    storage = ExportJob._meta.get_field("file").storage
    for pk, name in prune:
        # Clear the row first: a download in between finds no file rather than a
        # missing one.
        if ExportJob.objects.filter(pk=pk, file=name).update(file="", pruned_at=now):
            storage.delete(name)
    orphans = _orphan_files(storage, referenced, now)
    for name in orphans:
        storage.delete(name)
    return {"pruned": len(prune), "orphans": len(orphans)}


def _orphan_files(storage, referenced: set[str], now) -> list[str]:
    """Files under exports/ that no job points to, more than an hour old. Only the
    storage API is used, so the file system and an object store (S3, where
    folders are key prefixes and ``exists("exports")`` is false) answer alike."""
    try:
        folders, _files = storage.listdir("exports")
    except FileNotFoundError:
        return []  # nothing was ever exported
    except NotImplementedError:
        logger.warning("%s cannot list its files: orphaned export files are kept", storage)
        return []
    referenced = referenced | set(ExportJob.objects.exclude(file="").values_list("file", flat=True))
    old = now - timedelta(hours=1)
    orphans = []
    for folder in folders:
        _sub, names = storage.listdir(f"exports/{folder}")
        for filename in names:
            name = f"exports/{folder}/{filename}"
            if name not in referenced and storage.get_modified_time(name) < old:
                orphans.append(name)
    return orphans
