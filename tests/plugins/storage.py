"""Export files on another storage than the file system: S3 through django-storages,
against a moto server on 127.0.0.1 started for the session.

Off unless PLANNER_TEST_STORAGE=s3 (`make test-storage`, which runs the tests
marked "storage"). Then the storage is configured the way a deployment configures
it, through DJANGO_STORAGE_BACKEND and DJANGO_STORAGE_OPTIONS: read by the settings
helper for this process, and inherited by the Celery worker the tests start (a
separate process, which is why an in-memory storage would not do). Nothing of the
export path may then touch MEDIA_ROOT: a file written there would not be found.
"""

import json
import os

import pytest

BUCKET = "planner-test-exports"


def s3_enabled() -> bool:
    return os.environ.get("PLANNER_TEST_STORAGE", "").strip().lower() == "s3"


def _moto_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


@pytest.fixture(scope="session", autouse=True)
def export_storage():
    """The default storage for the session: unchanged (the file system) normally,
    an S3 bucket on a local moto server with PLANNER_TEST_STORAGE=s3. Yields the
    bucket's boto3 client then (None otherwise), for tests that look inside."""
    if not s3_enabled():
        yield None
        return
    import boto3
    from django.conf import settings
    from django.test import override_settings

    from planner.settings.env import storage_from_env

    server, endpoint = _moto_server()
    credentials = {"aws_access_key_id": "planner-test", "aws_secret_access_key": "planner-test"}
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **credentials)
    client.create_bucket(Bucket=BUCKET)
    saved = {
        name: os.environ.get(name) for name in ("DJANGO_STORAGE_BACKEND", "DJANGO_STORAGE_OPTIONS")
    }
    os.environ["DJANGO_STORAGE_BACKEND"] = "storages.backends.s3.S3Storage"
    os.environ["DJANGO_STORAGE_OPTIONS"] = json.dumps(
        {
            "bucket_name": BUCKET,
            "endpoint_url": endpoint,
            "region_name": "us-east-1",
            "access_key": credentials["aws_access_key_id"],
            "secret_key": credentials["aws_secret_access_key"],
            # Private objects, never a public URL: files are served by the download view.
            "default_acl": "private",
            "querystring_auth": True,
        }
    )
    override = override_settings(STORAGES={**settings.STORAGES, "default": storage_from_env()})
    override.enable()
    try:
        yield client
    finally:
        override.disable()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        server.stop()


def stored_keys(client) -> set[str]:
    """Every key in the test bucket."""
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
    return {entry["Key"] for page in pages for entry in page.get("Contents", ())}


@pytest.fixture(autouse=True)
def _empty_bucket(export_storage):
    """Each test starts with an empty bucket, as each starts with an empty media
    folder on the file system: a file left by an earlier test (whose rows were
    rolled back) would otherwise count as an orphan."""
    if export_storage is None:
        return
    keys = sorted(stored_keys(export_storage))
    for start in range(0, len(keys), 1000):
        export_storage.delete_objects(
            Bucket=BUCKET,
            Delete={"Objects": [{"Key": key} for key in keys[start : start + 1000]]},
        )
