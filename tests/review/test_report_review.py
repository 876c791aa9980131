"""An evaluation report is reviewed the way the outline is: assigned, countersigned,
commented on, moved through its own stages with frozen versions."""

import pytest
from django.urls import reverse

from apps.plans.actions import report_create
from apps.plans.models import Document, OutlineNode
from apps.review.models import DocumentVersion, Opinion, ReviewRound
from tests import factories as f

State = OutlineNode.ReviewState


@pytest.fixture
def finance(reviewer):
    return reviewer.memberships.get().department


@pytest.fixture
def report(plan, coordinator):
    plan.outline.stage = Document.Stage.ADOPTED
    plan.outline.save()
    return report_create(plan, kind=Document.Kind.MIDTERM, created_by=coordinator)


@pytest.fixture
def chapter(report, edu_department, finance):
    node = report.nodes.get(key="problems")
    node.lead_department = edu_department
    node.save()
    node.reviewing_departments.set([finance])
    return node


def _url(name, node, *extra):
    return reverse(name, args=[node.document_id, node.pk, *extra])


def test_a_report_chapter_goes_through_one_countersign_round(
    client, chapter, coordinator, drafter, reviewer, edu_department, finance
):
    # The planning office assigns it on the report's own board.
    client.force_login(coordinator)
    board = client.get(reverse("assignment_board", args=[chapter.document_id])).content.decode()
    assert "存在的问题" in board and "发展基础与发展环境" not in board
    # The education bureau writes and submits it.
    client.force_login(drafter)
    response = client.post(
        _url("node_edit", chapter), {"body": "<p>指标滞后的原因。</p>", "loaded_version": 1}
    )
    assert response.status_code == 302
    page = client.post(_url("node_submit", chapter), follow=True).content.decode()
    assert "已提交会签（第1轮）" in page
    # The finance bureau countersigns it.
    client.force_login(reviewer)
    client.post(_url("node_decide", chapter), {"decision": "approve", "comment": ""})
    chapter.refresh_from_db()
    assert chapter.review_state == State.APPROVED
    round_ = ReviewRound.objects.get(node=chapter)
    assert round_.status == ReviewRound.Status.APPROVED
    assert round_.revision.body == "<p>指标滞后的原因。</p>"
    assert round_.countersigns.get().department == finance


def test_opinions_on_a_report_are_in_the_reports_ledger(client, chapter, reviewer, finance, plan):
    client.force_login(reviewer)
    client.post(
        _url("opinion_create", chapter),
        {"text": "请补充财政收入指标的原因分析。", "department": finance.pk, "quote": ""},
    )
    opinion = Opinion.objects.get()
    assert opinion.document_id == chapter.document_id
    assert opinion.stage == Document.Stage.REPORT_DRAFT
    ledger = client.get(reverse("opinion_list", args=[chapter.document_id])).content.decode()
    assert "请补充财政收入指标的原因分析。" in ledger
    outline_ledger = client.get(reverse("opinion_list", args=[plan.outline.pk])).content.decode()
    assert "请补充财政收入指标的原因分析。" not in outline_ledger


def test_a_report_moves_through_its_own_stages_and_freezes_versions(
    client, report, coordinator, plan
):
    f.IndicatorFactory(plan=plan, name="地区生产总值")
    client.force_login(coordinator)
    url = reverse("stage_move", args=[report.pk])
    form = client.get(url).content.decode()
    # One step from 初稿: 征求意见稿 only; the outline's stages are not offered.
    assert 'value="consultation"' in form and 'value="research"' not in form
    assert "十四五中期评估报告征求意见稿（初稿定稿）" in form
    page = client.post(
        url, {"stage": "consultation", "name": "中期评估报告征求意见稿"}, follow=True
    ).content.decode()
    assert "中期评估报告已进入“征求意见稿”阶段" in page
    report.refresh_from_db()
    assert report.stage == Document.Stage.CONSULTATION
    version = DocumentVersion.objects.get(document=report)
    # The computed tables are frozen with the report, keyed by node.
    node = report.nodes.get(key="indicator_progress")
    frozen = version.snapshot["computed"][str(node.pk)]
    assert frozen["groups"][0][1][0][1] == "地区生产总值（亿元）"
    compare = client.get(
        reverse("version_compare", args=[report.pk]), {"a": version.pk, "b": "current"}
    )
    assert compare.status_code == 200
    # The report's last stage is final: no draft marks, the date of the meeting.
    report.stage = Document.Stage.REPORTED
    assert report.is_final
