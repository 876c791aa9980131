"""The permission policy as a table: role × department × review state."""

import pytest

from apps.accounts.models import Role
from apps.plans.models import OutlineNode
from apps.plans.policy import Action, Principal, can, nodes_where, principal_for
from tests import factories as f

State = OutlineNode.ReviewState


@pytest.fixture
def led_node(plan, edu_department):
    node = plan.outline.nodes.get(key="task_livelihood")
    node.lead_department = edu_department
    node.save()
    return node


def test_a_user_in_several_departments_drafts_for_each(plan, edu_department, led_node):
    health = f.DepartmentFactory(county=plan.county, name="卫生健康局")
    user = f.UserFactory()
    f.MembershipFactory(user=user, county=plan.county, department=health, role=Role.DRAFTER)
    principal = principal_for(user, plan.county_id)
    assert not can(principal, Action.EDIT, led_node)
    f.MembershipFactory(user=user, county=plan.county, department=edu_department, role=Role.DRAFTER)
    assert can(principal_for(user, plan.county_id), Action.EDIT, led_node)


@pytest.mark.parametrize(
    ("state", "edit", "submit"),
    [
        (State.DRAFTING, True, True),
        (State.CHANGES_REQUESTED, True, True),
        (State.SUBMITTED, False, False),
        (State.IN_REVIEW, False, False),
        (State.APPROVED, False, False),
    ],
)
def test_the_lead_drafter_edits_only_in_editable_states(drafter, led_node, state, edit, submit):
    led_node.review_state = state
    principal = principal_for(drafter, led_node.plan.county_id)
    assert can(principal, Action.EDIT, led_node) is edit
    assert can(principal, Action.SUBMIT, led_node) is submit


def test_an_unassigned_node_is_open_to_every_drafter_but_cannot_be_submitted(plan, drafter):
    node = plan.outline.nodes.get(key="environment")
    principal = principal_for(drafter, plan.county_id)
    assert can(principal, Action.EDIT, node)
    assert not can(principal, Action.SUBMIT, node)


def test_reviewers_comment_and_countersign_but_never_edit(plan, reviewer, led_node):
    principal = principal_for(reviewer, plan.county_id)
    led_node.reviewing_departments.set([reviewer.memberships.get().department])
    assert can(principal, Action.COMMENT, led_node)
    assert not can(principal, Action.EDIT, led_node)
    assert not can(principal, Action.DECIDE, led_node)  # nothing submitted yet
    led_node.review_state = State.SUBMITTED
    assert can(principal, Action.DECIDE, led_node)


def test_a_reviewer_of_another_department_cannot_countersign(plan, led_node):
    other = f.DepartmentFactory(county=plan.county, name="交通运输局")
    user = f.UserFactory()
    f.MembershipFactory(user=user, county=plan.county, department=other, role=Role.REVIEWER)
    led_node.reviewing_departments.set([f.DepartmentFactory(county=plan.county, name="水利局")])
    led_node.review_state = State.SUBMITTED
    assert not can(principal_for(user, plan.county_id), Action.DECIDE, led_node)


def test_without_reviewing_departments_the_coordinator_decides(plan, coordinator, led_node):
    led_node.review_state = State.SUBMITTED
    assert can(principal_for(coordinator, plan.county_id), Action.DECIDE, led_node)


def test_the_leader_only_reads(plan, leader, led_node):
    principal = principal_for(leader, plan.county_id)
    assert can(principal, Action.VIEW, plan)
    for action in Action:
        if action != Action.VIEW:
            assert not can(principal, action, led_node), action


def test_unknown_actions_and_objects_are_denied(plan, coordinator, led_node):
    principal = principal_for(coordinator, plan.county_id)
    assert not can(principal, "delete_everything", plan)
    assert not can(principal, "delete_everything", led_node)
    assert not can(principal, Action.VIEW, object())


def test_another_countys_coordinator_sees_nothing(plan, outsider):
    principal = principal_for(outsider, plan.county_id)
    assert principal.roles == frozenset()
    assert not can(principal, Action.VIEW, plan)
    assert not nodes_where(principal, Action.EDIT, plan.outline).exists()


def test_a_principal_of_one_county_gets_nothing_on_another_countys_plan(
    plan, other_plan, coordinator
):
    principal = principal_for(coordinator, plan.county_id)
    assert not can(principal, Action.VIEW, other_plan)


def test_nodes_where_agrees_with_can(
    plan, drafter, coordinator, reviewer, edu_department, led_node
):
    other = plan.outline.nodes.get(key="task_rural")
    other.lead_department = f.DepartmentFactory(county=plan.county, name="农业农村局")
    other.save()
    submitted = plan.outline.nodes.get(key="risks")
    submitted.review_state = State.SUBMITTED
    submitted.save()
    for user in (drafter, coordinator, reviewer):
        principal = principal_for(user, plan.county_id)
        listed = set(nodes_where(principal, Action.EDIT, plan.outline).values_list("pk", flat=True))
        decided = {n.pk for n in plan.outline.nodes.all() if can(principal, Action.EDIT, n)}
        assert listed == decided, user.username
    drafter_nodes = set(
        nodes_where(principal_for(drafter, plan.county_id), Action.EDIT, plan.outline)
    )
    assert (
        led_node in drafter_nodes and other not in drafter_nodes and submitted not in drafter_nodes
    )


def test_site_admins_read_every_county(plan):
    admin = f.UserFactory(is_superuser=True)
    principal = principal_for(admin, plan.county_id)
    assert can(principal, Action.VIEW, plan)
    assert not can(principal, Action.EDIT, plan)
    assert isinstance(principal, Principal)
