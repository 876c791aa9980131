from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from apps.exports.models import ExportJob


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _job(plan, **fields):
    return ExportJob.objects.create(
        document=plan.outline, fingerprint="f" * 64, stage=plan.outline.stage, **fields
    )


def test_asking_for_a_pdf_redirects_to_its_job(
    client, plan, leader, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("export_create", args=[plan.outline.pk]))
    job = ExportJob.objects.get(document=plan.outline)
    assert response["Location"] == reverse("export_detail", args=[plan.outline.pk, job.pk])
    assert job.requested_by == leader
    assert len(callbacks) == 1


def test_the_job_page_shows_progress_and_polls(client, plan, leader):
    job = _job(plan, status="running", progress=42, progress_note="正在排版第 7 页")
    client.force_login(leader)
    page = client.get(reverse("export_detail", args=[plan.outline.pk, job.pk])).content.decode()
    assert '<progress class="job-progress" max="100" value="42">' in page
    assert "正在排版第 7 页" in page
    assert 'hx-trigger="every 1s"' in page
    assert '<meta http-equiv="refresh" content="3">' in page  # without JavaScript


def test_htmx_gets_only_the_status_fragment(client, plan, leader):
    job = _job(plan, status="queued", dispatched_at=timezone.now())
    client.force_login(leader)
    response = client.get(
        reverse("export_detail", args=[plan.outline.pk, job.pk]), headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.strip().startswith('<section id="job-status"')
    assert "<html" not in page
    assert "已排队" in page
    assert "no-cache" in response["Cache-Control"]


def test_a_request_the_queue_never_got_says_so(client, plan, leader):
    job = _job(plan, status="queued", dispatched_at=None)
    client.force_login(leader)
    page = client.get(reverse("export_detail", args=[plan.outline.pk, job.pk])).content.decode()
    assert "排版队列暂时无法连接" in page and "已排队" not in page


def test_a_finished_job_offers_the_download_and_stops_polling(client, plan, leader, media):
    job = _job(plan, status="succeeded", page_count=38, size=920_000, sha256="a" * 64)
    job.file.save("plan.pdf", ContentFile(b"%PDF-1.7"))
    client.force_login(leader)
    page = client.get(reverse("export_detail", args=[plan.outline.pk, job.pk])).content.decode()
    assert reverse("export_download", args=[plan.outline.pk, job.pk]) in page
    assert "hx-trigger" not in page and "http-equiv" not in page


def test_a_failed_job_says_what_went_wrong_and_offers_a_retry(client, plan, leader):
    job = _job(plan, status="failed", error="服务器没有安装中文字体，无法排版PDF。")
    client.force_login(leader)
    page = client.get(reverse("export_detail", args=[plan.outline.pk, job.pk])).content.decode()
    assert "导出失败" in page and "没有安装中文字体" in page
    assert reverse("export_create", args=[plan.outline.pk]) in page


def test_the_download_is_an_attachment_with_a_chinese_name(client, plan, leader, media):
    job = _job(plan, status="succeeded")
    job.file.save("plan.pdf", ContentFile(b"%PDF-1.7 body"))
    client.force_login(leader)
    response = client.get(reverse("export_download", args=[plan.outline.pk, job.pk]))
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    expected = quote(f"{plan.outline.title}（{plan.outline.get_stage_display()}）.pdf")
    assert f"filename*=utf-8''{expected}" in disposition
    assert b"".join(response.streaming_content) == b"%PDF-1.7 body"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_no_download_before_the_file_exists(client, plan, leader):
    job = _job(plan, status="running")
    client.force_login(leader)
    assert client.get(reverse("export_download", args=[plan.outline.pk, job.pk])).status_code == 404


def test_the_history_lists_every_export(client, plan, leader):
    _job(plan, status="succeeded", page_count=38, size=900_000)
    _job(plan, status="failed", error="x")
    client.force_login(leader)
    page = client.get(reverse("export_list", args=[plan.outline.pk])).content.decode()
    assert page.count("job-badge") == 2
    assert "已完成" in page and "失败" in page


def test_the_coordinator_previews_the_print_html(client, plan, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("print_preview", args=[plan.outline.pk])).content.decode()
    assert plan.outline.title in page
    assert "/static/exports/print.css" in page


def test_a_job_of_another_plan_is_404_under_this_one(client, plan, other_plan, leader, media):
    job = _job(other_plan, status="succeeded")
    job.file.save("plan.pdf", ContentFile(b"%PDF"))
    client.force_login(leader)
    assert client.get(reverse("export_detail", args=[plan.outline.pk, job.pk])).status_code == 404
    assert client.get(reverse("export_download", args=[plan.outline.pk, job.pk])).status_code == 404


def test_the_file_is_not_reachable_by_a_media_url(client, plan, leader, media, settings):
    job = _job(plan, status="succeeded")
    job.file.save("plan.pdf", ContentFile(b"%PDF-1.7"))
    client.force_login(leader)
    assert (
        client.get("/" + (settings.MEDIA_URL or "").strip("/") + "/" + job.file.name).status_code
        == 404
    )
    assert client.get("/media/" + job.file.name).status_code == 404
