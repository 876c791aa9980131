"""Stages and versions: moving the plan's stage freezes a named copy of the whole
plan, which can be read and compared later; PDFs carry the stage."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from apps.exports.models import ExportJob
from apps.exports.services import export_request, export_run
from apps.plans.models import Document
from apps.review.actions import TransitionRefused, document_snapshot, document_stage_move
from apps.review.models import DocumentVersion
from tests import factories as f

Stage = Document.Stage


@pytest.fixture
def written(plan):
    """Two sections with text, the rest of the outline empty."""
    texts = {
        "achievements": "<p>“十三五”时期全县地区生产总值年均增长7.2%。</p>",
        "environment": "<p>外部环境深刻复杂变化，机遇大于挑战。</p>",
    }
    for key, body in texts.items():
        node = plan.outline.nodes.get(key=key)
        node.set_body(body)
        node.save()
    return plan


def _stage_url(plan):
    return reverse("stage_move", args=[plan.outline.pk])


def _cards(page: str) -> list[str]:
    """The headers of the changed-node cards on the compare page."""
    return [
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r'<div class="card-header small">(.*?)</div>', page, re.S)
    ]


# Moving the stage ----------------------------------------------------------------


def test_the_stage_page_offers_only_the_next_stage(client, plan, coordinator):
    client.force_login(coordinator)
    page = client.get(_stage_url(plan)).content.decode()
    assert "当前阶段：前期研究" in page
    options = re.findall(r'<option value="([a-z_]+)"', page)
    assert options == ["approach"]
    assert "十四五基本思路" in page  # a suggested name for the frozen version


def test_in_the_middle_one_step_forward_or_back_is_offered(client, plan, coordinator):
    Document.objects.filter(pk=plan.outline.pk).update(stage=Stage.OUTLINE_DRAFT)
    client.force_login(coordinator)
    page = client.get(_stage_url(plan)).content.decode()
    assert sorted(re.findall(r'<option value="([a-z_]+)"', page)) == ["approach", "consultation"]


def test_moving_the_stage_freezes_a_version_of_every_node(client, written, coordinator):
    plan = written
    client.force_login(coordinator)
    response = client.post(_stage_url(plan), {"stage": "approach", "name": "“十四五”规划基本思路"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.outline.stage == Stage.APPROACH

    version = DocumentVersion.objects.get(document=plan.outline)
    assert response.url == reverse("version_detail", args=[plan.outline.pk, version.pk])
    assert (version.name, version.stage, version.created_by) == (
        "“十四五”规划基本思路",
        Stage.APPROACH,
        coordinator,
    )
    frozen = {n["id"]: n for n in version.snapshot["nodes"]}
    assert set(frozen) == set(plan.outline.nodes.values_list("pk", flat=True))
    for node in plan.outline.nodes.all():
        assert frozen[node.pk]["body"] == node.body
        assert frozen[node.pk]["title"] == node.title

    page = client.get(response.url).content.decode()
    assert "“十四五”规划基本思路" in page
    assert "全县地区生产总值年均增长7.2%" in page
    assert "外部环境深刻复杂变化，机遇大于挑战。" in page
    assert "规划已进入“基本思路”阶段" in page


def test_a_frozen_version_does_not_change_with_the_plan(client, written, coordinator):
    plan = written
    version = document_stage_move(
        plan.outline, actor=coordinator, stage=Stage.APPROACH, name="基本思路稿"
    )
    node = plan.outline.nodes.get(key="environment")
    node.set_body("<p>之后改写的文字。</p>")
    node.save()
    client.force_login(coordinator)
    page = client.get(
        reverse("version_detail", args=[plan.outline.pk, version.pk])
    ).content.decode()
    assert "外部环境深刻复杂变化，机遇大于挑战。" in page
    assert "之后改写的文字。" not in page


def test_jumping_several_stages_is_refused(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(_stage_url(plan), {"stage": "consultation", "name": "征求意见稿"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    plan.refresh_from_db()
    assert plan.outline.stage == Stage.RESEARCH
    assert not DocumentVersion.objects.exists()


def test_a_version_needs_a_name(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(_stage_url(plan), {"stage": "approach", "name": ""})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    plan.refresh_from_db()
    assert plan.outline.stage == Stage.RESEARCH


@pytest.mark.parametrize("persona", ["drafter", "reviewer", "leader"])
def test_only_the_coordinator_moves_the_stage(client, plan, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_stage_url(plan)).status_code == 403
    response = client.post(_stage_url(plan), {"stage": "approach", "name": "基本思路"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.outline.stage == Stage.RESEARCH
    assert not DocumentVersion.objects.exists()


def test_a_stale_stage_move_is_refused(plan, coordinator):
    stale = Document.objects.get(pk=plan.outline.pk)
    # Someone else moved it.
    Document.objects.filter(pk=plan.outline.pk).update(stage=Stage.APPROACH)
    with pytest.raises(TransitionRefused, match="规划阶段刚被他人调整过"):
        document_stage_move(stale, actor=coordinator, stage=Stage.APPROACH, name="基本思路")
    assert Document.objects.get(pk=plan.outline.pk).stage == Stage.APPROACH
    assert not DocumentVersion.objects.exists()


def test_every_member_hears_of_the_new_stage(plan, coordinator, drafter, reviewer, leader):
    version = document_stage_move(
        plan.outline, actor=coordinator, stage=Stage.APPROACH, name="基本思路"
    )
    for user in (drafter, reviewer, leader):
        note = user.notifications.get()
        assert note.title == "规划进入“基本思路”阶段"
        assert note.url == reverse("version_detail", args=[plan.outline.pk, version.pk])
    assert not coordinator.notifications.exists()


# Reading and comparing versions ---------------------------------------------------------


def _freeze(plan, name, user):
    return DocumentVersion.objects.create(
        document=plan.outline,
        stage=plan.outline.stage,
        name=name,
        created_by=user,
        snapshot=document_snapshot(plan.outline),
    )


def test_the_version_list_links_every_version(client, written, coordinator, leader):
    first = _freeze(written, "第一稿", coordinator)
    second = _freeze(written, "第二稿", coordinator)
    client.force_login(leader)
    page = client.get(reverse("version_list", args=[written.outline.pk])).content.decode()
    for version in (first, second):
        assert reverse("version_detail", args=[written.outline.pk, version.pk]) in page
    assert "对比所选两个版本" in page


def test_the_comparison_shows_only_what_changed(client, written, coordinator):
    plan = written
    old = _freeze(plan, "第一稿", coordinator)
    node = plan.outline.nodes.get(key="environment")
    node.set_body("<p>外部环境深刻复杂变化，机遇和挑战并存。</p>")
    node.save()
    new = _freeze(plan, "第二稿", coordinator)

    client.force_login(coordinator)
    page = client.get(
        reverse("version_compare", args=[plan.outline.pk]), {"a": old.pk, "b": new.pk}
    ).content.decode()
    assert "第一稿 → 第二稿" in page
    cards = _cards(page)
    assert len(cards) == 1
    assert node.title in cards[0]
    assert "机遇<del>大于</del><ins>和</ins>挑战<ins>并存</ins>。" in page
    # The unchanged sections are not shown as changed.
    assert "年均增长7.2%" not in page


def test_comparing_identical_versions_says_there_is_no_difference(client, written, coordinator):
    old = _freeze(written, "第一稿", coordinator)
    new = _freeze(written, "第二稿", coordinator)
    client.force_login(coordinator)
    page = client.get(
        reverse("version_compare", args=[written.outline.pk]), {"a": old.pk, "b": new.pk}
    ).content.decode()
    assert _cards(page) == []
    assert "两个版本的正文没有差别。" in page


def test_the_comparison_notes_changed_structured_content(client, written, coordinator):
    old = _freeze(written, "第一稿", coordinator)
    f.RiskFactory(plan=written, title="地方债务风险")
    new = _freeze(written, "第二稿", coordinator)
    client.force_login(coordinator)
    page = client.get(
        reverse("version_compare", args=[written.outline.pk]), {"a": old.pk, "b": new.pk}
    ).content.decode()
    assert "结构化内容的变化" in page
    assert "0 → 1" in page


def test_the_current_draft_is_compared_with_the_last_frozen_version(
    client, written, coordinator, leader
):
    plan = written
    frozen = _freeze(plan, "征求意见稿", coordinator)
    node = plan.outline.nodes.get(key="environment")
    node.set_body("<p>外部环境深刻复杂变化，机遇和挑战并存。</p>")
    node.save()

    client.force_login(leader)
    listing = client.get(reverse("version_list", args=[plan.outline.pk])).content.decode()
    assert "当前稿" in listing
    assert 'name="b" value="current" checked' in " ".join(listing.split())
    page = client.get(
        reverse("version_compare", args=[plan.outline.pk]), {"a": frozen.pk, "b": "current"}
    ).content.decode()
    assert "征求意见稿 → 当前稿" in page
    assert _cards(page) and node.title in _cards(page)[0]
    assert "<ins>并存</ins>" in page
    # Either side may be the current draft; the older one is always on the left.
    swapped = client.get(
        reverse("version_compare", args=[plan.outline.pk]), {"a": "current", "b": frozen.pk}
    ).content.decode()
    assert "征求意见稿 → 当前稿" in swapped


def test_a_version_of_another_plan_cannot_be_compared(client, written, other_plan, coordinator):
    mine = _freeze(written, "第一稿", coordinator)
    theirs = _freeze(other_plan, "邻县稿", None)
    client.force_login(coordinator)
    response = client.get(
        reverse("version_compare", args=[written.outline.pk]), {"a": mine.pk, "b": theirs.pk}
    )
    assert response.status_code == 404
    detail = client.get(reverse("version_detail", args=[written.outline.pk, theirs.pk]))
    assert detail.status_code == 404


# The stage on the PDF ---------------------------------------------------------------------


def test_a_pdf_after_moving_to_consultation_carries_the_stage(
    written, coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    plan = written
    for stage, name in (
        (Stage.APPROACH, "基本思路"),
        (Stage.OUTLINE_DRAFT, "纲要草案"),
        (Stage.CONSULTATION, "征求意见稿"),
    ):
        document_stage_move(plan.outline, actor=coordinator, stage=stage, name=name)
    plan.refresh_from_db()
    assert plan.outline.stage == Stage.CONSULTATION
    assert DocumentVersion.objects.filter(document=plan.outline).count() == 3

    job = export_request(plan.outline, coordinator).job
    assert job.stage == Stage.CONSULTATION
    export_run(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.SUCCEEDED, job.error
    assert job.download_name.endswith("（征求意见稿）.pdf")
    with job.file.open("rb") as handle:
        cover = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "（征求意见稿）" in cover
