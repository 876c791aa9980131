"""Celery tasks: ids in, one service call, bounded in time and retries."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError
from django.utils.translation import gettext as _

from apps.exports import services


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
    except OperationalError:
        # The database went away mid-render: put the job back so the retry can
        # claim it again.
        services.ExportJob.objects.filter(pk=job_id, status="running").update(status="queued")
        raise


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_exports() -> dict:
    return services.export_sweep()
