"""Deleting the public's contacts once their consultation is long over."""

from celery import shared_task
from django.utils import timezone

from apps.consultation.actions import forget_contacts as forget


@shared_task(soft_time_limit=120, time_limit=180)
def forget_contacts() -> int:
    return forget(timezone.localdate())
