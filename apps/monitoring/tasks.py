"""Periodic reminders of monitoring deadlines."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from apps.monitoring.actions import remind_due_soon


@shared_task(soft_time_limit=120, time_limit=180)
def send_monitoring_reminders() -> int:
    return remind_due_soon(timezone.localdate(), timedelta(days=7))
