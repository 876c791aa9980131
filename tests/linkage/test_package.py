"""The 衔接 package: one PDF through the export worker with the comparison, the
ledger and the version handed over, downloaded by the city."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from apps.exports.models import ExportJob
from apps.linkage.exporters import LINKAGE_PACKAGE, package_data
from tests.plugins.worker import wait_for_job


def test_the_package_holds_what_the_city_files(linkage, city_plan):
    node = linkage.document.nodes.get(key="environment")
    from apps.linkage import actions

    actions.linkage_opinion(linkage, node, actor=None, department=None, text="请补充耕地保护措施。")
    data = package_data(linkage)
    assert data["city"] == "示范市" and data["version"] == "衔接论证稿（第1轮）"
    forest = next(row for row in data["indicators"] if row["name"] == "森林覆盖率")
    assert forest["city_target"] == "≥62" and forest["target"] == "≥59"
    assert forest["flags"] == ["弱于市级目标"]
    assert {p["name"] for p in data["projects"]} == {
        "示范县智能农机装备产业园项目",
        "示范县冷链物流中心",
    }
    assert [o["text"] for o in data["opinions"]] == ["请补充耕地保护措施。"]
    assert data["opinions"][0]["department"] == "示范市"


@pytest.mark.django_db(transaction=True)
def test_the_city_downloads_the_package_made_by_the_worker(
    worker, client, linkage, city_plan, city_reviewer, other_city_reviewer
):
    client.force_login(city_reviewer)
    response = client.post(reverse("linkage_package", args=[linkage.pk]))
    job = ExportJob.objects.get(exporter=LINKAGE_PACKAGE)
    assert response["Location"] == reverse("linkage_package_job", args=[linkage.pk, job.pk])
    job = wait_for_job(job)
    assert job.status == "succeeded", job.error
    download = client.get(reverse("linkage_package_download", args=[linkage.pk, job.pk]))
    assert download.status_code == 200
    assert (
        "衔接材料（第1轮）.pdf" in download["Content-Disposition"]
        or "filename*" in download["Content-Disposition"]
    )
    pdf = b"".join(download.streaming_content)
    pages = [re.sub(r"\s", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    assert "衔接材料（第1轮）" in pages[0] and "提交示范市衔接审核" in pages[0]
    text = "".join(pages)
    for heading in ("一、主要指标衔接对照", "二、重大项目衔接对照", "三、衔接意见及采纳情况"):
        assert heading in text
    assert "弱于市级目标" in text and "示范县冷链物流中心" in text
    assert "附：衔接论证稿（第1轮）" in text
    # Another city may not fetch it, even knowing the numbers.
    client.force_login(other_city_reviewer)
    url = reverse("linkage_package_download", args=[linkage.pk, job.pk])
    assert client.get(url).status_code == 404
