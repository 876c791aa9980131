"""Submit, countersign in parallel, send back, approve, reopen — through the pages."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.plans.models import OutlineNode
from apps.review import actions
from apps.review.models import Countersign, ReviewRound
from tests import factories as f

State = OutlineNode.ReviewState


@pytest.fixture
def finance(reviewer):
    return reviewer.memberships.get().department


@pytest.fixture
def health_reviewer(county):
    health = f.DepartmentFactory(county=county, name="卫生健康局")
    user = f.UserFactory(username="health")
    f.MembershipFactory(user=user, county=county, department=health, role=Role.REVIEWER)
    return user


@pytest.fixture
def node(plan, edu_department, finance, health_reviewer):
    node = plan.outline.nodes.get(key="task_livelihood")
    node.lead_department = edu_department
    node.save()
    node.reviewing_departments.set([finance, health_reviewer.memberships.get().department])
    return node


def _url(name, node):
    return reverse(name, args=[node.document_id, node.pk])


def _save(client, node, text):
    node.refresh_from_db()
    return client.post(_url("node_edit", node), {"body": text, "loaded_version": node.version})


def test_the_whole_countersign(client, node, drafter, reviewer, health_reviewer, coordinator):
    client.force_login(drafter)
    _save(client, node, "第一稿。")
    response = client.post(_url("node_submit", node), follow=True)
    assert "已提交会签（第1轮）" in response.content.decode()
    node.refresh_from_db()
    assert node.review_state == State.SUBMITTED
    round1 = ReviewRound.objects.get(node=node)
    assert round1.revision.body == "<p>第一稿。</p>"
    assert set(round1.countersigns.values_list("decision", flat=True)) == {"pending"}
    # Under countersign nobody edits, the lead drafter included (their text is
    # shown back, not saved).
    assert _save(client, node, "偷偷改").status_code == 409
    node.refresh_from_db()
    assert node.body == "<p>第一稿。</p>"

    client.force_login(reviewer)
    client.post(_url("node_decide", node), {"decision": "approve", "comment": ""})
    node.refresh_from_db()
    assert node.review_state == State.IN_REVIEW  # one of two has approved

    client.force_login(health_reviewer)
    page = client.post(
        _url("node_decide", node), {"decision": "changes", "comment": ""}, follow=True
    )
    assert "退回修改时请写明需要修改的内容" in page.content.decode()
    client.post(_url("node_decide", node), {"decision": "changes", "comment": "补充托育数据"})
    node.refresh_from_db()
    assert node.review_state == State.CHANGES_REQUESTED
    round1.refresh_from_db()
    assert round1.status == ReviewRound.Status.CHANGES_REQUESTED

    client.force_login(drafter)
    _save(client, node, "第二稿，补充了托育数据。")
    client.post(_url("node_submit", node))
    round2 = ReviewRound.objects.get(node=node, status="active")
    assert round2.number == 2 and round2.revision.body == "<p>第二稿，补充了托育数据。</p>"

    for user in (reviewer, health_reviewer):
        client.force_login(user)
        client.post(_url("node_decide", node), {"decision": "approve", "comment": "同意"})
    node.refresh_from_db()
    assert node.review_state == State.APPROVED
    decisions = Countersign.objects.filter(round=round2)
    assert all(c.revision_id == round2.revision_id for c in decisions)
    assert {c.decided_by for c in decisions} == {reviewer, health_reviewer}

    client.force_login(drafter)
    assert _save(client, node, "通过后再改").status_code == 409
    node.refresh_from_db()
    assert "通过后再改" not in node.body
    client.force_login(coordinator)
    client.post(_url("node_reopen", node))
    node.refresh_from_db()
    assert node.review_state == State.DRAFTING


def test_a_department_decides_once_per_round(client, node, drafter, reviewer):
    client.force_login(drafter)
    client.post(_url("node_submit", node))
    client.force_login(reviewer)
    client.post(_url("node_decide", node), {"decision": "approve"})
    page = client.post(_url("node_decide", node), {"decision": "approve"}, follow=True)
    assert "已经会签过" in page.content.decode()
    assert Countersign.objects.filter(decided_by=reviewer).count() == 1


def test_a_decision_is_tied_to_the_revision_it_was_made_on(node, drafter, reviewer, finance):
    from apps.plans.actions import node_text_save

    node_text_save(node, body="<p>甲</p>", loaded_version=1, user=drafter)
    node.refresh_from_db()
    round_ = actions.node_submit(node, actor=drafter)
    actions.countersign_decide(node, actor=reviewer, department=finance, approve=True, comment="")
    decision = Countersign.objects.get(round=round_, department=finance)
    assert decision.revision.version == 2 and decision.revision.body == "<p>甲</p>"


def test_transitions_refuse_when_the_state_has_moved_on(node, drafter, coordinator):
    actions.node_submit(node, actor=drafter)
    with pytest.raises(actions.TransitionRefused) as refused:
        actions.node_submit(OutlineNode.objects.get(pk=node.pk), actor=drafter)
    assert "已提交" in str(refused.value)
    with pytest.raises(actions.TransitionRefused):
        actions.node_reopen(node, actor=coordinator)
    assert ReviewRound.objects.filter(node=node).count() == 1


def test_one_active_round_per_node_is_a_database_rule(node, drafter):
    from django.db import IntegrityError, transaction

    actions.node_submit(node, actor=drafter)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewRound.objects.create(node=node, number=9)


def test_without_reviewers_the_coordinator_approves(
    client, plan, edu_department, drafter, coordinator
):
    node = plan.outline.nodes.get(key="principles")
    node.lead_department = edu_department
    node.save()
    client.force_login(drafter)
    client.post(_url("node_submit", node))
    client.force_login(coordinator)
    page = client.get(_url("node_edit", node)).content.decode()
    assert "未指定会签部门，由规划统筹人员审定" in page
    client.post(_url("node_decide", node), {"decision": "approve"})
    node.refresh_from_db()
    assert node.review_state == State.APPROVED


def test_a_node_without_a_lead_cannot_be_submitted(client, plan, drafter):
    node = plan.outline.nodes.get(key="environment")
    client.force_login(drafter)
    assert client.post(_url("node_submit", node)).status_code == 403


def test_the_node_page_shows_state_and_the_right_buttons(client, node, drafter, reviewer, leader):
    client.force_login(drafter)
    page = client.get(_url("node_edit", node)).content.decode()
    assert "起草中" in page and "提交会签" in page and "教育局" in page
    client.post(_url("node_submit", node))
    client.force_login(reviewer)
    page = client.get(_url("node_edit", node)).content.decode()
    assert "同意" in page and "退回修改" in page and 'name="body"' not in page
    client.force_login(leader)
    page = client.get(_url("node_edit", node)).content.decode()
    assert "提交会签" not in page and "退回修改</button>" not in page and 'name="body"' not in page


def test_the_coordinator_assigns_and_the_board_shows_it(
    client, plan, coordinator, edu_department, finance
):
    node = plan.outline.nodes.get(key="task_ecology")
    client.force_login(coordinator)
    response = client.post(
        reverse("node_assign", args=[plan.outline.pk, node.pk]),
        {
            "lead_department": edu_department.pk,
            "reviewing_departments": [finance.pk],
            "due_date": "2020-01-31",
        },
    )
    assert response.status_code == 302
    node.refresh_from_db()
    assert node.lead_department == edu_department and node.due_date.isoformat() == "2020-01-31"
    board = client.get(reverse("assignment_board", args=[plan.outline.pk])).content.decode()
    assert "教育局" in board and "已超时限" in board and node.title in board


def test_the_lead_cannot_countersign_itself(client, plan, coordinator, edu_department):
    node = plan.outline.nodes.get(key="task_ecology")
    client.force_login(coordinator)
    response = client.post(
        reverse("node_assign", args=[plan.outline.pk, node.pk]),
        {"lead_department": edu_department.pk, "reviewing_departments": [edu_department.pk]},
    )
    assert "牵头部门不需要为自己会签" in response.content.decode()


def test_the_board_shows_who_waits_for_whom(client, plan, node, drafter, reviewer, leader):
    actions.node_submit(node, actor=drafter)
    client.force_login(leader)
    board = client.get(reverse("assignment_board", args=[plan.outline.pk])).content.decode()
    assert "等待本部门会签" in board and "等待其他部门会签" in board
    assert board.count(node.title) >= 3  # lead's list and both reviewers' lists
