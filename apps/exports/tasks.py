"""Celery tasks: ids in, one service call, bounded in time and retries."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_init
from django.conf import settings
from django.db import OperationalError
from django.utils.translation import gettext as _

from apps.exports import services
from apps.exports.render import CJK_FONT_HINT, cjk_fonts, harfbuzz_subsetter_available

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    # A message is re-delivered if the worker dies, and the job's conditional
    # claim makes a second delivery a no-op once the first has started.
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=5,
    max_retries=services.MAX_ATTEMPTS,
    soft_time_limit=settings.EXPORT_SOFT_TIME_LIMIT,
    time_limit=settings.EXPORT_HARD_TIME_LIMIT,
)
def render_export(self, job_id: int) -> str:
    try:
        return services.export_run(job_id)
    except SoftTimeLimitExceeded:
        services.ExportJob(pk=job_id).fail(
            _("排版超过了%(s)s秒的时间限制，已停止。请精简特别长的表格后重试，或联系管理员。")
            % {"s": settings.EXPORT_SOFT_TIME_LIMIT}
        )
        return f"job {job_id} timed out"
    except (OperationalError, ConnectionError):
        # The database or the network went away mid-render: put the job back so
        # the automatic retry can claim it again.
        services.ExportJob.objects.filter(pk=job_id, status="running").update(status="queued")
        raise
    except Exception as exc:
        # A failure that a retry would only repeat: say so on the job page.
        logger.exception("export job %s failed", job_id)
        services.ExportJob(pk=job_id).fail(
            _("排版时发生意外错误（%(error)s）。请稍后重试；如仍失败，请把这条信息告诉管理员。")
            % {"error": type(exc).__name__}
        )
        return f"job {job_id} failed: {exc!r}"


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_exports() -> dict:
    return services.export_sweep()


@shared_task(soft_time_limit=300, time_limit=360)
def prune_exports() -> dict:
    from apps.exports.excel.importing import prune_sheet_imports
    from apps.exports.word.importing import prune_imports

    return {
        **services.export_prune(),
        "word_imports": prune_imports(),
        "sheet_imports": prune_sheet_imports(),
    }


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=5,
    max_retries=3,
    soft_time_limit=300,
    time_limit=360,
)
def read_sheet_import(import_id: int) -> str:
    """Read a large uploaded spreadsheet, with progress on its import page."""
    from apps.exports.excel.importing import read_stored
    from apps.plans.models import SheetImport

    try:
        return read_stored(import_id)
    except SoftTimeLimitExceeded:
        SheetImport.objects.filter(pk=import_id).update(
            status=SheetImport.Status.FAILED,
            error=_("读取表格超过了时间限制，已停止。请删去无关的工作表或分批导入。"),
            upload=None,
        )
        return f"sheet import {import_id} timed out"


@worker_init.connect
def warn_about_fonts(**kwargs) -> None:
    """Say loudly at worker start what would make every render fail or crawl."""
    if not cjk_fonts():
        logger.error("No CJK font installed: every PDF export will fail. Run: %s", CJK_FONT_HINT)
    if not harfbuzz_subsetter_available():
        logger.warning(
            "libharfbuzz-subset is missing: WeasyPrint falls back to fontTools and PDF "
            "exports take about four times longer. Run: apt-get install libharfbuzz-subset0"
        )
