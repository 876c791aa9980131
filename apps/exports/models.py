import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.plans.models import Document


def export_path(job: "ExportJob", filename: str = "") -> str:
    """One name per job, the same for every attempt (so a retried render replaces
    rather than adds a file), and unguessable: the file is never served by URL, but
    a name that cannot be enumerated protects a misconfigured media server."""
    secret = hashlib.sha256(f"{settings.SECRET_KEY}:export:{job.pk}".encode()).hexdigest()
    return f"exports/{job.document_id}/{secret[:32]}.{job.exporter_info.extension}"


class ExportJobQuerySet(models.QuerySet):
    def for_document(self, document: Document) -> "ExportJobQuerySet":
        return self.filter(document=document)

    def reusable(self, document: Document, exporter: str, fingerprint: str) -> "ExportJobQuerySet":
        """Finished exports of exactly this content by this exporter, newest first.
        (The fingerprint covers the options too, so a draft with the self-check
        appendix never stands in for one without.)"""
        return self.filter(
            document=document,
            exporter=exporter,
            fingerprint=fingerprint,
            status=ExportJob.Status.SUCCEEDED,
        ).order_by("-finished_at")


class ExportJob(models.Model):
    """One request for a file of a document (a PDF draft, a workbook, …): a
    database row before it is a task.

    The row names the exporter that makes the file and its options
    (apps/exports/exporters.py), and carries everything the page shows while the
    worker renders (status, progress, error) and everything the history needs
    afterwards (file, size, pages, hash, who asked, which content, until when the
    file is kept).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("排版中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="export_jobs")
    exporter = models.CharField(_("文件"), max_length=30, default="outline_pdf")
    options = models.JSONField(_("选项"), default=dict, blank=True)
    fingerprint = models.CharField(_("内容指纹"), max_length=64, db_index=True)
    stage = models.CharField(_("阶段"), max_length=20, choices=Document.Stage)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    progress_note = models.CharField(_("进度说明"), max_length=100, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("交给队列时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近进度时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    size = models.PositiveIntegerField(_("文件大小（字节）"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    file = models.FileField(_("文件"), upload_to=export_path, blank=True)
    # Until when a file that is not the last of its kind is kept (export_prune),
    # and when the file was deleted; the row stays.
    expires_at = models.DateTimeField(_("文件保留至"), null=True, blank=True)
    pruned_at = models.DateTimeField(_("文件清理时间"), null=True, blank=True)
    # The self-check at the time of rendering (Scorecard.summary()), so the export
    # history shows the draft getting better.
    scorecard = models.JSONField(_("体检结果"), default=dict, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("导出")
        verbose_name_plural = _("导出")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self) -> str:
        return f"{self.document} · {self.exporter_label} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def exporter_info(self):
        from apps.exports.exporters import get

        return get(self.exporter)

    @property
    def exporter_label(self) -> str:
        return str(self.exporter_info.label)

    @property
    def with_scorecard(self) -> bool:
        return bool(self.options.get("with_scorecard"))

    @property
    def retry_options(self) -> list[tuple[str, str]]:
        """The options a “generate again” button posts back (which part's table,
        which department); the self-check flag has its own input."""
        return [
            (name, str(value))
            for name, value in sorted(self.options.items())
            if isinstance(value, (str, int)) and not isinstance(value, bool)
        ]

    @property
    def download_name(self) -> str:
        return self.exporter_info.download_name(self)

    @property
    def scorecard_score(self) -> str:
        """“26/30”, or "" for exports made before the self-check existed."""
        if not self.scorecard:
            return ""
        return f"{self.scorecard['passed']}/{self.scorecard['total']}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    def claim(self) -> bool:
        """Move QUEUED → RUNNING with a conditional UPDATE; False if another delivery
        of the task (or the sweep) got there first, in which case nothing is done."""
        now = timezone.now()
        claimed = ExportJob.objects.filter(pk=self.pk, status=self.Status.QUEUED).update(
            status=self.Status.RUNNING,
            started_at=now,
            heartbeat_at=now,
            attempts=F("attempts") + 1,
            progress=1,
            progress_note=_("开始排版"),
            error="",
        )
        if claimed:
            self.refresh_from_db()
        return bool(claimed)

    def report_progress(self, percent: int, note: str) -> None:
        # Only a running job moves forward; a job the sweep gave up on stays failed.
        ExportJob.objects.filter(pk=self.pk, status=self.Status.RUNNING).update(
            progress=percent, progress_note=note, heartbeat_at=timezone.now()
        )

    def fail(self, message: str) -> None:
        ExportJob.objects.filter(pk=self.pk, status__in=self.ACTIVE).update(
            status=self.Status.FAILED, error=message, finished_at=timezone.now()
        )

    def requeue(self, note: str) -> bool:
        return bool(
            ExportJob.objects.filter(pk=self.pk, status=self.Status.RUNNING).update(
                status=self.Status.QUEUED, progress=0, progress_note=note, dispatched_at=None
            )
        )
