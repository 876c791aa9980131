"""The activity log: every review action, export and refusal leaves one row that
can never be changed, and the coordinator can read them per plan."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from apps.core.models import ActivityLog
from apps.exports.models import ExportJob
from apps.exports.services import export_request
from apps.plans.models import Document
from apps.review import actions


@pytest.fixture
def finance(reviewer):
    return reviewer.memberships.get().department


@pytest.fixture
def node(plan, edu_department, finance):
    node = plan.outline.nodes.get(key="task_livelihood")
    node.lead_department = edu_department
    node.save()
    node.reviewing_departments.set([finance])
    return node


def _last(verb: str) -> ActivityLog:
    return ActivityLog.objects.filter(verb=verb).latest("id")


def _assert_row(verb, actor, plan, target_repr):
    row = _last(verb)
    assert row.actor == actor
    assert row.plan_id == plan.pk
    assert row.target_repr == target_repr
    assert row.created_at is not None
    return row


def test_assigning_is_logged(node, plan, coordinator, edu_department, finance):
    actions.node_assign(
        node,
        actor=coordinator,
        lead=edu_department,
        reviewers=[finance],
        due_date=date(2021, 3, 31),
    )
    row = _assert_row("assign", coordinator, plan, node.title)
    assert row.detail == {"lead": "教育局", "reviewers": ["财政局"], "due": "2021-03-31"}


def test_submitting_deciding_and_reopening_are_logged(
    node, plan, drafter, reviewer, finance, coordinator
):
    actions.node_submit(node, actor=drafter)
    assert _assert_row("submit", drafter, plan, node.title).detail == {"round": 1}

    actions.countersign_decide(
        node, actor=reviewer, department=finance, approve=False, comment="请补充。"
    )
    row = _assert_row("request_changes", reviewer, plan, node.title)
    assert row.detail["department"] == "财政局" and row.detail["round"] == 1

    actions.node_submit(node, actor=drafter)
    actions.countersign_decide(node, actor=reviewer, department=finance, approve=True, comment="")
    assert _assert_row("approve", reviewer, plan, node.title).detail["round"] == 2

    actions.node_reopen(node, actor=coordinator)
    _assert_row("reopen", coordinator, plan, node.title)


def test_opinions_replies_and_dispositions_are_logged(node, plan, reviewer, finance, coordinator):
    opinion = actions.opinion_add(
        node, actor=reviewer, department=finance, text="建议补充学前教育资源配置的内容。"
    )
    _assert_row("opinion", reviewer, plan, "建议补充学前教育资源配置的内容。")

    actions.opinion_add(
        node, actor=coordinator, department=None, text="请教育局研究。", parent=opinion
    )
    _assert_row("reply", coordinator, plan, "请教育局研究。")

    actions.opinion_dispose(opinion, actor=coordinator, disposition="adopted", reason="")
    row = _assert_row("dispose", coordinator, plan, "建议补充学前教育资源配置的内容。")
    assert row.detail == {"disposition": "adopted"}


def test_moving_the_stage_is_logged(plan, coordinator):
    actions.document_stage_move(
        plan.outline, actor=coordinator, stage=Document.Stage.APPROACH, name="基本思路"
    )
    row = _assert_row("stage", coordinator, plan, plan.outline.title)
    assert row.county_id == plan.county_id
    assert row.detail["version"] == "基本思路"
    assert row.detail["stage"] == "基本思路"
    assert row.detail["previous"] == "前期研究"


def test_asking_for_and_downloading_a_pdf_are_logged(client, plan, drafter, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    job = export_request(plan.outline, drafter).job
    row = _assert_row("export", drafter, plan, str(job))
    assert row.detail == {"exporter": "outline_pdf"}
    assert row.county_id == plan.county_id

    # What the worker would have left behind (rendering is tested in tests/exports).
    job.file.save("plan.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    job.status = ExportJob.Status.SUCCEEDED
    job.save()

    client.force_login(drafter)
    response = client.get(reverse("export_download", args=[plan.outline.pk, job.pk]))
    assert response.status_code == 200
    _assert_row("download", drafter, plan, str(job))


def test_reaching_into_another_county_is_logged_as_denied(client, plan, node, outsider):
    client.force_login(outsider)
    response = client.get(reverse("node_edit", args=[plan.outline.pk, node.pk]))
    assert response.status_code == 404
    row = _last("denied")
    assert row.actor == outsider
    assert (row.plan_id, row.county_id) == (plan.pk, plan.county_id)
    assert row.detail["action"] == "view"
    assert row.detail["path"] == reverse("node_edit", args=[plan.outline.pk, node.pk])


def test_a_refused_action_of_a_member_is_logged_as_denied(client, plan, drafter):
    client.force_login(drafter)
    response = client.post(reverse("stage_move", args=[plan.outline.pk]), {"stage": "approach"})
    assert response.status_code == 403
    row = _last("denied")
    assert row.actor == drafter and row.plan_id == plan.pk
    assert row.detail["action"] == "move_stage"


def test_a_log_row_cannot_be_changed_or_deleted(node, drafter):
    actions.node_submit(node, actor=drafter)
    row = _last("submit")
    row.verb = "something_else"
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()
    assert ActivityLog.objects.get(pk=row.pk).verb == "submit"


def test_a_log_row_cannot_be_changed_or_deleted_in_bulk_either(node, drafter):
    """The append-only promise should hold for queryset updates and deletes too
    (a careless ``.filter(...).delete()`` in a view or a shell)."""
    actions.node_submit(node, actor=drafter)
    rows = ActivityLog.objects.filter(verb="submit")
    with pytest.raises(ValueError):
        rows.update(verb="something_else")
    with pytest.raises(ValueError):
        rows.delete()
    assert ActivityLog.objects.filter(verb="submit").count() == 1


def test_the_coordinator_reads_the_plans_log(
    client, node, plan, other_plan, drafter, reviewer, finance, coordinator, outsider
):
    actions.node_submit(node, actor=drafter)
    actions.opinion_add(node, actor=reviewer, department=finance, text="建议补充学前教育。")
    other_node = other_plan.outline.nodes.get(key="environment")
    actions.opinion_add(other_node, actor=outsider, department=None, text="邻县自己的意见。")

    client.force_login(coordinator)
    response = client.get(reverse("activity_log", args=[plan.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "操作记录" in page
    page = page[page.index("<tbody>") :]  # the log table, not the sidebar
    assert "提交会签" in page and "提出意见" in page  # the verbs in words, not codes
    assert node.title in page
    assert "建议补充学前教育。" in page
    assert str(drafter) in page and str(reviewer) in page
    assert "邻县自己的意见。" not in page
    # Newest first.
    assert page.index("建议补充学前教育。") < page.index(node.title)


@pytest.mark.parametrize("persona", ["drafter", "reviewer", "leader"])
def test_only_the_coordinator_reads_the_log(client, plan, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("activity_log", args=[plan.pk])).status_code == 403


def test_another_countys_log_is_not_found(client, plan, outsider):
    client.force_login(outsider)
    assert client.get(reverse("activity_log", args=[plan.pk])).status_code == 404


# Reading the log: words, not codes; pages and filters; no flooding ---------------


def _log_page(client, plan, **params):
    response = client.get(reverse("activity_log", args=[plan.pk]), params)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<tbody>") :]


def test_details_read_as_labels_not_stored_codes(
    client, node, plan, coordinator, reviewer, finance, edu_department
):
    actions.node_assign(
        node, actor=coordinator, lead=edu_department, reviewers=[finance], due_date=date(2021, 3, 1)
    )
    opinion = actions.opinion_add(node, actor=reviewer, department=finance, text="意见")
    actions.opinion_dispose(opinion, actor=coordinator, disposition="partly_adopted", reason="理由")
    actions.node_submit(node, actor=coordinator)
    client.force_login(coordinator)
    page = _log_page(client, plan)
    assert "处理结果：部分采纳" in page and "partly_adopted" not in page
    assert "牵头部门：教育局" in page and "会签部门：财政局" in page
    assert "完成时限：2021-03-01" in page
    assert "轮次：第1轮" in page


def test_a_refusal_repeated_within_a_minute_is_counted_on_one_row(client, plan, node, outsider):
    client.force_login(outsider)
    url = reverse("node_edit", args=[plan.outline.pk, node.pk])
    for _ in range(25):
        assert client.get(url).status_code == 404
    rows = ActivityLog.objects.filter(verb="denied", actor=outsider)
    assert rows.count() == 1
    assert rows.get().repeats == 24


def test_refusals_at_many_addresses_cannot_flood_the_log(client, plan, outsider):
    from apps.core.activity import DENIED_ROWS_PER_WINDOW

    client.force_login(outsider)
    for node_id in range(1000, 1060):
        client.get(reverse("node_edit", args=[plan.outline.pk, node_id]))
    rows = ActivityLog.objects.filter(verb="denied", actor=outsider)
    assert rows.count() == DENIED_ROWS_PER_WINDOW
    # Every refusal is still counted.
    assert sum(r.repeats + 1 for r in rows) == 60


def test_the_repeat_count_shows_in_words(client, plan, node, outsider, coordinator):
    client.force_login(outsider)
    for _ in range(3):
        client.get(reverse("node_edit", args=[plan.outline.pk, node.pk]))
    client.force_login(coordinator)
    page = _log_page(client, plan)
    assert "拒绝访问" in page and "合计：3次" in page and "被拒绝的操作：查看规划" in page


def test_the_log_filters_by_person_action_node_and_date(
    client, node, plan, drafter, reviewer, finance, coordinator
):
    other = plan.outline.nodes.get(key="environment")
    actions.node_submit(node, actor=drafter)
    actions.opinion_add(node, actor=reviewer, department=finance, text="关于本节的意见")
    actions.opinion_add(other, actor=reviewer, department=finance, text="关于另一节的意见")
    client.force_login(coordinator)

    by_person = _log_page(client, plan, actor=reviewer.pk)
    assert "提交会签" not in by_person and "关于本节的意见" in by_person

    by_verb = _log_page(client, plan, verb="submit")
    assert "提交会签" in by_verb and "关于本节的意见" not in by_verb

    by_node = _log_page(client, plan, node=node.pk)
    assert "关于本节的意见" in by_node and "提交会签" in by_node
    assert "关于另一节的意见" not in by_node

    today = date.today().isoformat()
    assert "关于本节的意见" in _log_page(client, plan, since=today, until=today)
    assert "没有符合条件的记录" in _log_page(client, plan, until="2000-01-01")


def test_a_filter_that_cannot_be_read_is_ignored_with_a_message(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.get(
        reverse("activity_log", args=[plan.pk]), {"since": "昨天", "actor": "x"}, follow=True
    )
    assert response.status_code == 200
    assert "有的筛选条件无法识别" in response.content.decode()


def test_the_log_comes_a_page_at_a_time(client, node, plan, reviewer, finance, coordinator):
    for index in range(55):
        actions.opinion_add(node, actor=reviewer, department=finance, text=f"第{index}条意见")
    client.force_login(coordinator)
    first = _log_page(client, plan)
    assert "第54条意见" in first and "第4条意见" not in first
    assert "共 56 条" in first  # the 55 opinions and the plan's creation
    second = _log_page(client, plan, page=2)
    assert "第4条意见" in second and "第54条意见" not in second


def test_every_write_outside_review_leaves_a_line_too(client, plan, coordinator):
    """Structure edits, settings, deleting an item, 不适用 notes and departments go
    through actions that log them, like the review's own transitions."""
    from tests import factories as f

    client.force_login(coordinator)
    client.post(
        reverse("node_add", args=[plan.outline.pk]),
        {"level": "chapter", "parent": "", "title": "新增一章", "guidance": ""},
    )
    node = plan.outline.nodes.get(title="新增一章")
    client.post(reverse("node_move", args=[plan.outline.pk, node.pk]), {"direction": "up"})
    client.post(reverse("node_delete", args=[plan.outline.pk, node.pk]))
    client.post(
        reverse("plan_settings", args=[plan.pk]),
        {"title": plan.outline.title, "backcast_tolerance": "12"},
    )
    risk = f.RiskFactory(plan=plan)
    client.post(reverse("part_delete", args=[plan.pk, "risks", risk.pk]))
    client.post(
        reverse("exemption_add", args=[plan.pk]), {"code": "new_infra", "reason": "市级统一布局"}
    )
    client.post(reverse("departments", args=[plan.county_id]), {"name": "统计局"})
    verbs = list(ActivityLog.objects.order_by("id").values_list("verb", flat=True))
    assert verbs[1:] == [
        "outline",
        "outline",
        "outline",
        "settings",
        "delete",
        "exempt",
        "department",
    ]
    page = _log_page(client, plan)
    assert "调整纲要结构" in page and "变更：删除" in page and "删除内容" in page
    assert "修改的项目：倒排路径容差（%）" in page
