"""Every file of a document comes from a registered exporter, through one job row."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.exports import exporters
from apps.exports.models import ExportJob
from apps.exports.services import export_prune, export_request
from apps.review import actions


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def opinion(plan, reviewer):
    node = plan.outline.nodes.get(key="environment")
    finance = reviewer.memberships.get().department
    return actions.opinion_add(node, actor=reviewer, department=finance, text="补充人口数据。")


def test_the_registry_names_each_format_once():
    keys = [e.key for e in exporters.all_exporters()]
    assert len(keys) == len(set(keys))
    assert {exporters.OUTLINE_PDF, exporters.OPINIONS_PDF, exporters.OPINIONS_XLSX} <= set(keys)
    with pytest.raises(ValueError):
        exporters.register(exporters.get(exporters.OUTLINE_PDF))


def test_the_opinions_workbook_is_an_export_job_of_its_own(client, plan, reviewer, opinion, media):
    client.force_login(reviewer)
    url = reverse("opinions_xlsx", args=[plan.outline.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == exporters.XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=3, column=5).value == "补充人口数据。"
    job = ExportJob.objects.get()
    assert (job.exporter, job.status, job.requested_by) == (
        exporters.OPINIONS_XLSX,
        "succeeded",
        reviewer,
    )
    assert job.file.name.endswith(".xlsx")
    # Unchanged opinions: the same file again, no second job.
    assert client.get(url).content == response.content
    assert ExportJob.objects.count() == 1
    # Another filter is other content; so is a changed opinion.
    client.get(url, {"disposition": "adopted"})
    assert ExportJob.objects.count() == 2
    actions.opinion_add(opinion.node, actor=reviewer, department=opinion.department, text="再补充")
    client.get(url)
    assert ExportJob.objects.count() == 3


def test_the_options_a_job_was_asked_with_are_on_its_row(plan, coordinator, media):
    job = export_request(plan.outline, coordinator, options={"with_scorecard": "on"}).job
    assert job.options == {"with_scorecard": True}
    assert job.exporter == exporters.OUTLINE_PDF and job.with_scorecard
    # An option the exporter does not take is not recorded.
    other = export_request(plan.outline, coordinator, exporters.OPINIONS_PDF, {"with_scorecard": 1})
    assert other.job.options == {}


def test_an_expired_file_goes_even_among_the_newest_few(plan, drafter, media, settings):
    from django.core.files.base import ContentFile

    settings.EXPORT_KEEP_LAST = 5
    jobs = []
    for minutes in (1, 2):
        job = ExportJob.objects.create(
            document=plan.outline,
            fingerprint=f"{minutes}".ljust(64, "0"),
            stage=plan.outline.stage,
            status=ExportJob.Status.SUCCEEDED,
            finished_at=timezone.now() - timedelta(minutes=minutes),
            expires_at=timezone.now() - timedelta(minutes=1),
        )
        job.file.save("x.pdf", ContentFile(b"%PDF-1.7"), save=True)
        jobs.append(job)
    assert export_prune()["pruned"] == 1
    newest, older = (ExportJob.objects.get(pk=j.pk) for j in jobs)
    assert newest.file and not older.file  # the last of its stage stays, expired or not
