"""Export files go through Django's storage API only, so every web and worker host
may share one storage (README, Scaling across hosts).

`make test` runs these twice: on the file system in the PostgreSQL pass, and with
the files in an S3 bucket on a local moto server in the storage pass
(tests/plugins/storage.py), where the worker, a separate process, writes into the
bucket and this process reads, streams and prunes from it.
"""

import hashlib
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.exports.exporters import OUTLINE_PDF
from apps.exports.models import ExportJob
from apps.exports.services import export_prune, export_request, export_run
from tests import factories as f
from tests.plugins.storage import stored_keys
from tests.plugins.worker import wait_for_job


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_the_pass_uses_the_storage_it_says(export_storage):
    """The S3 pass must not quietly fall back to the file system (and the other
    passes must not need S3)."""
    storage = ExportJob._meta.get_field("file").storage
    expected = "S3Storage" if export_storage is not None else "FileSystemStorage"
    assert storage.__class__.__name__ == expected


@pytest.mark.django_db(transaction=True)
def test_the_worker_stores_the_pdf_and_the_web_process_streams_it_back(
    worker, export_storage, client, county, coordinator, settings
):
    plan = f.make_plan(county, coordinator)
    job = wait_for_job(export_request(plan.outline, coordinator).job)
    assert job.status == "succeeded", job.error
    storage = job.file.storage
    assert storage.exists(job.file.name) and storage.size(job.file.name) == job.size
    if export_storage is not None:
        # In the bucket, and nowhere on this machine's disk.
        assert job.file.name in stored_keys(export_storage)
        assert not (Path(settings.MEDIA_ROOT) / job.file.name).exists()

    client.force_login(coordinator)
    response = client.get(reverse("export_download", args=[plan.outline.pk, job.pk]))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert int(response["Content-Length"]) == job.size
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert hashlib.sha256(body).hexdigest() == job.sha256
    assert len(PdfReader(io.BytesIO(body)).pages) == job.page_count

    # Asked again for the same content: the stored file is found and reused.
    assert export_request(plan.outline, coordinator).reused


def _finished(plan, user, *, minutes_ago: int) -> ExportJob:
    job = ExportJob.objects.create(
        document=plan.outline,
        exporter=OUTLINE_PDF,
        fingerprint=str(minutes_ago).ljust(64, "0"),
        stage=plan.outline.stage,
        requested_by=user,
        status=ExportJob.Status.SUCCEEDED,
        finished_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    job.file.save("plan.pdf", ContentFile(b"%PDF-1.7 " + str(minutes_ago).encode()), save=True)
    return job


def test_the_prune_lists_dates_and_deletes_through_the_storage(plan, drafter, media, settings):
    """Object stores have no folders, only key prefixes: the prune finds the
    document folders, their files and their age through listdir and
    get_modified_time all the same."""
    settings.EXPORT_KEEP_LAST = 1
    older = _finished(plan, drafter, minutes_ago=10)
    newest = _finished(plan, drafter, minutes_ago=1)
    storage = newest.file.storage
    orphan = storage.save("exports/999999/left-behind.pdf", ContentFile(b"%PDF-1.7 orphan"))
    folders, files = storage.listdir("exports")
    assert str(plan.outline.pk) in folders and "999999" in folders and files == []

    assert export_prune() == {"pruned": 1, "orphans": 0}  # the orphan is too new yet
    assert export_prune(now=timezone.now() + timedelta(hours=2)) == {"pruned": 0, "orphans": 1}
    assert not storage.exists(older.file.name) and not storage.exists(orphan)
    assert storage.exists(newest.file.name)
    assert ExportJob.objects.get(pk=older.pk).pruned_at is not None


def test_a_file_gone_from_the_storage_is_not_found_not_an_error(client, plan, leader, media):
    job = export_request(plan.outline, leader).job
    export_run(job.pk)
    job.refresh_from_db()
    assert export_request(plan.outline, leader).reused  # while its file is there
    job.file.storage.delete(job.file.name)  # e.g. a bucket's expiry rule
    client.force_login(leader)
    url = reverse("export_download", args=[plan.outline.pk, job.pk])
    assert client.get(url).status_code == 404
    # A new request makes the file again rather than offering the lost one.
    assert not export_request(plan.outline, leader).reused
