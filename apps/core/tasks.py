"""Periodic housekeeping of the core tables."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from apps.core.models import Submission


@shared_task(soft_time_limit=60, time_limit=90)
def prune_submissions() -> int:
    """Form tokens older than a day: no double click comes that late."""
    cutoff = timezone.now() - timedelta(days=1)
    deleted, _ = Submission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
