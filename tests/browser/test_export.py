"""Asking for the demo plan's PDF in a real browser, with a real worker rendering it."""

import pytest
from django.urls import reverse

from apps.demo.seed import demo_password, seed_demo
from apps.exports.models import ExportJob
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings, worker):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return f.as_draft(seed_demo())


def test_planner_asks_watches_and_downloads_the_pdf(page, login, demo):
    login("planner", demo_password())
    page.goto(reverse("plan_overview", args=[demo.pk]))
    page.click("button:has-text('生成 PDF 草稿')")
    page.wait_for_url("**/exports/*/")
    # The status box shows the queue or the progress bar, then the download.
    assert page.locator("#job-status").count() == 1
    page.locator("a:has-text('下载 PDF')").wait_for(timeout=120_000)
    assert "PDF 已生成" in page.inner_text("#job-status")
    with page.expect_download() as info:
        page.click("a:has-text('下载 PDF')")
    download = info.value
    assert download.suggested_filename == f"{demo.outline.title}（前期研究）.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # Asking again for the unchanged plan answers at once with the same file.
    page.goto(reverse("export_list", args=[demo.outline.pk]))
    page.click("button:has-text('生成 PDF 草稿')")
    page.wait_for_url("**/exports/*/")
    assert "直接提供已生成的PDF" in page.content()
    assert ExportJob.objects.filter(document=demo.outline).count() == 1


def test_neighbor_reaches_neither_the_job_nor_the_file(page, login, demo):
    job = ExportJob.objects.create(
        document=demo.outline, fingerprint="x", stage=demo.outline.stage, status="queued"
    )
    login("neighbor", demo_password())
    for url in (
        reverse("export_list", args=[demo.outline.pk]),
        reverse("export_detail", args=[demo.outline.pk, job.pk]),
        reverse("export_download", args=[demo.outline.pk, job.pk]),
    ):
        assert page.goto(url).status == 404, url
