# Import the Celery app whenever Django starts, so shared_task binds to it and
# tasks queued from views go to the configured broker.
from planner.celery import app as celery_app

__all__ = ("celery_app",)
