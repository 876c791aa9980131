"""Publishing a frozen version for the public, and the public's reading pages: no
login, nothing but the published text, the explanation and the dates."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.consultation.actions import consultation_publish
from apps.consultation.models import Consultation
from apps.review.actions import document_stage_move


@pytest.fixture
def version(plan, coordinator):
    node = plan.outline.nodes.get(key="environment")
    node.set_body("<p>全县常住人口约42万人，城镇化率达到58%。</p>")
    node.save()
    return document_stage_move(
        plan.outline, actor=coordinator, stage="approach", name="基本思路（征求意见稿）"
    )


def _publish(plan, coordinator, version, days=(0, 30), **extra):
    today = timezone.localdate()
    return consultation_publish(
        plan.outline,
        actor=coordinator,
        version=version,
        topics=[],
        title="示范县“十四五”规划纲要公开征求意见",
        explanation="为广泛听取社会各界意见，现将纲要草案全文公布。",
        starts_on=today + timedelta(days=days[0]),
        ends_on=today + timedelta(days=days[1]),
        channels="电子邮箱：ghk@example.gov.cn",
        **extra,
    )


def test_the_planning_office_publishes_a_frozen_version(client, plan, coordinator, version):
    client.force_login(coordinator)
    today = timezone.localdate()
    response = client.post(
        reverse("consultation_create", args=[plan.outline.pk]),
        {
            "version": version.pk,
            "title": "公开征求意见",
            "explanation": "起草说明。",
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=30)).isoformat(),
            "channels": "",
            "topics_text": "",
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.version == version and consultation.published_by == coordinator
    # Topics default to the 篇 of the version.
    assert consultation.topics[0] == "开启全面建设社会主义现代化新征程"
    listing = client.get(reverse("consultation_list", args=[plan.outline.pk])).content.decode()
    assert "公开征求意见" in listing and "征求意见中" in listing


def test_bad_dates_and_a_foreign_version_are_refused(
    client, plan, coordinator, version, other_plan, outsider
):
    foreign = document_stage_move(
        other_plan.outline, actor=outsider, stage="approach", name="别的版本"
    )
    client.force_login(coordinator)
    today = timezone.localdate()
    page = client.post(
        reverse("consultation_create", args=[plan.outline.pk]),
        {
            "version": foreign.pk,
            "title": "保留的标题",
            "explanation": "说明",
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
        },
    ).content.decode()
    assert "所选版本不属于本规划" in page and "截止日期不能早于开始日期" in page
    assert "保留的标题" in page
    assert not Consultation.objects.exists()


def test_a_drafter_may_not_publish(client, plan, drafter):
    client.force_login(drafter)
    assert client.get(reverse("consultation_create", args=[plan.outline.pk])).status_code == 403


def test_the_public_reads_the_frozen_text_and_nothing_of_the_draft(
    client, plan, coordinator, version
):
    consultation = _publish(plan, coordinator, version)
    node = plan.outline.nodes.get(key="environment")
    # The draft moves on after publication; the public page does not.
    node.set_body("<p>内部讨论稿：人口数据待统计局核实。</p>")
    node.save()
    overview = client.get(reverse("public_consultation", args=[consultation.pk]))
    assert overview.status_code == 200
    text = overview.content.decode()
    assert "为广泛听取社会各界意见" in text and "ghk@example.gov.cn" in text
    assert "示范县人民政府" in text
    chapter = client.get(reverse("public_chapter", args=[consultation.pk, node.pk]))
    body = chapter.content.decode()
    assert "全县常住人口约42万人" in body and "内部讨论稿" not in body
    # Nobody who drafted it is named; the pages may be cached (the text never changes).
    assert coordinator.username not in body and str(coordinator) not in body
    assert "public" in chapter["Cache-Control"] and "max-age=300" in chapter["Cache-Control"]
    assert "default-src 'self'" in chapter["Content-Security-Policy"]


def test_before_it_starts_it_does_not_exist_and_after_it_ends_it_stays(
    client, plan, coordinator, version
):
    upcoming = _publish(plan, coordinator, version, days=(3, 30))
    assert client.get(reverse("public_consultation", args=[upcoming.pk])).status_code == 404
    county = client.get(reverse("public_county", args=[plan.county.code])).content.decode()
    assert upcoming.title not in county
    ended = _publish(plan, coordinator, version, days=(-40, -10))
    page = client.get(reverse("public_consultation", args=[ended.pk])).content.decode()
    assert "征求意见已截止，文本仍可阅读" in page


def test_nodes_outside_the_version_and_other_counties_are_not_there(
    client, plan, coordinator, version, other_plan, outsider
):
    consultation = _publish(plan, coordinator, version)
    stranger = other_plan.outline.nodes.first()
    url = reverse("public_chapter", args=[consultation.pk, stranger.pk])
    assert client.get(url).status_code == 404
    other = client.get(reverse("public_county", args=[other_plan.county.code])).content.decode()
    assert consultation.title not in other
    assert client.get(reverse("public_county", args=["000000"])).status_code == 404


def test_the_explanation_is_plain_text(client, plan, coordinator, version):
    consultation = _publish(plan, coordinator, version)
    Consultation.objects.filter(pk=consultation.pk).update(
        explanation='<script>alert(1)</script><img src=x onerror="alert(2)">'
    )
    page = client.get(reverse("public_consultation", args=[consultation.pk])).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_the_form_offers_dates_a_date_field_can_show(client, plan, coordinator, version):
    client.force_login(coordinator)
    page = client.get(reverse("consultation_create", args=[plan.outline.pk])).content.decode()
    today = timezone.localdate()
    assert f'value="{today.isoformat()}"' in page
    assert f'value="{(today + timedelta(days=30)).isoformat()}"' in page
