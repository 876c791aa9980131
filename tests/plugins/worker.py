"""A real Celery worker process on Redis, rendering against the test database.

The worker is a separate process started with the same settings module; it finds
the test database by name and the files under the same media folder (or in the
same S3 bucket, tests/plugins/storage.py), so what it renders is exactly what the
tests committed.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("the worker tests need PostgreSQL and Redis: run them with `make test`")
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture(scope="session")
def media_root(export_storage, tmp_path_factory):
    """One media folder for this process and the worker, for the whole session
    (override_settings tells the file storage to forget its old location). After
    the export storage (tests/plugins/storage.py), whose environment the worker
    inherits when the files are on S3."""
    from django.test import override_settings

    path = tmp_path_factory.mktemp("media")
    override = override_settings(MEDIA_ROOT=str(path))
    override.enable()
    yield path
    override.disable()


@pytest.fixture(scope="session")
def worker(django_db_setup, django_db_blocker, media_root, tmp_path_factory):
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith("redis://"):
        pytest.fail("the worker tests need Redis as broker: run them with `make test`")
    import redis

    redis.Redis.from_url(broker).flushdb()
    with django_db_blocker.unblock():
        database_url = _database_url()
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url + "?pool=false",
        "CELERY_BROKER_URL": broker,
        "DJANGO_MEDIA_ROOT": str(media_root),
        "PLANNER_VAR_DIR": str(tmp_path_factory.mktemp("var")),
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "planner",
                "worker",
                "--loglevel=INFO",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "-n",
                "test@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"Celery worker did not start:\n{log.read_text()}")
        time.sleep(0.2)
    process.log = log
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for_job(job, timeout: float = 120):
    """Poll the job row until the worker has finished with it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in ("succeeded", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"export job {job.pk} still {job.status} after {timeout}s")
