"""Redis going away while the web app runs, and coming back.

A Redis server of the test's own (``redis-server`` on a free port) is the broker
of the web app here; the test stops it for real. Pages keep working; asking for a
PDF answers at once, says the queue is unavailable and keeps the request; once
Redis is back, the sweep hands the request to it.
"""

import subprocess
import time
from datetime import timedelta

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from apps.exports.models import ExportJob
from apps.exports.services import export_sweep
from planner.celery import app as celery_app
from tests.faults import free_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


class RedisServer:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def queued(self) -> int:
        return redis.Redis.from_url(self.url).llen("celery")


def _use_broker(url: str) -> None:
    # Celery keeps its connection pools per app; drop them so the next message
    # goes to ``url``.
    celery_app.conf.broker_url = url
    celery_app.conf.broker_write_url = url
    celery_app.conf.broker_read_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    previous = celery_app.conf.broker_url
    _use_broker(server.url)
    yield server
    _use_broker(previous)
    if server.process.poll() is None:
        server.stop()


def test_with_redis_gone_pages_work_and_the_export_waits_for_it(client, plan, leader, broker):
    client.force_login(leader)
    overview = reverse("plan_overview", args=[plan.pk])
    client.post(reverse("export_create", args=[plan.outline.pk]))
    first = ExportJob.objects.get()
    assert first.dispatched_at is not None and broker.queued() == 1

    broker.stop()
    assert client.get(overview).status_code == 200
    assert client.get(reverse("scorecard", args=[plan.pk])).status_code == 200

    plan.outline.title = plan.outline.title + "（修改）"  # new content, so a new job
    plan.outline.save()
    response = client.post(reverse("export_create", args=[plan.outline.pk]), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "排版队列暂时无法连接" in page and "无需重新提交" in page
    job = ExportJob.objects.exclude(pk=first.pk).get()
    assert job.status == "queued" and job.dispatched_at is None
    # The job page keeps saying so, and the history lists the request.
    detail = client.get(reverse("export_detail", args=[plan.outline.pk, job.pk])).content.decode()
    assert "排版队列暂时无法连接" in detail
    assert client.get(reverse("export_list", args=[plan.outline.pk])).status_code == 200

    # While Redis is away the sweep tries and keeps the request.
    later = timezone.now() + timedelta(seconds=30)
    assert export_sweep(now=later)["redispatched"] == 1
    job.refresh_from_db()
    assert job.status == "queued" and job.dispatched_at is None

    broker.start()  # empty: the first message went with the old server
    assert export_sweep(now=later)["redispatched"] == 1
    job.refresh_from_db()
    assert job.dispatched_at is not None
    assert broker.queued() == 1
