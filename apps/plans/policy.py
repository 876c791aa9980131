"""The one permission policy: who may do what to a plan, a node or an item.

A decision depends on the county (membership), the user's roles and departments
in it, and the object's review state. The same rules answer both questions a page
asks: "may this user do X to this object" (``can``) and "which objects may this
user do X to" (``nodes_where``), so a list never shows an edit link the edit page
would refuse. Anything not granted here — an unknown action, an unknown kind of
object — is denied.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Membership, Role
from apps.plans.models import OutlineNode, Plan, PlanItem


class Action(StrEnum):
    VIEW = "view"  # read the plan, a node, an item; ask for a PDF
    EDIT = "edit"  # change a node's text or its items
    MANAGE = "manage"  # outline structure, plan settings, categories
    ASSIGN = "assign"  # set lead / reviewing departments and due dates
    SUBMIT = "submit"  # send a node for countersign
    DECIDE = "decide"  # countersign: approve or request changes
    REOPEN = "reopen"  # make an approved node editable again
    COMMENT = "comment"  # leave an opinion or reply
    DISPOSE = "dispose"  # answer an opinion: adopted / partly / not adopted
    MOVE_STAGE = "move_stage"  # move the plan to another stage


# How a refused action reads in the activity log.
ACTION_LABELS = {
    Action.VIEW: _("查看规划"),
    Action.EDIT: _("修改内容"),
    Action.MANAGE: _("管理纲要结构和设置"),
    Action.ASSIGN: _("分工"),
    Action.SUBMIT: _("提交会签"),
    Action.DECIDE: _("会签"),
    Action.REOPEN: _("重新打开"),
    Action.COMMENT: _("提出意见"),
    Action.DISPOSE: _("处理意见"),
    Action.MOVE_STAGE: _("调整阶段"),
}

COORDINATOR_ONLY = {Action.MANAGE, Action.ASSIGN, Action.DISPOSE, Action.MOVE_STAGE}
COMMENTING_ROLES = frozenset({Role.COORDINATOR, Role.DRAFTER, Role.REVIEWER})
DECIDING_ROLES = frozenset({Role.COORDINATOR, Role.REVIEWER})


@dataclass(frozen=True)
class Principal:
    """A user as seen from one county: roles and departments there."""

    user_id: int | None
    county_id: int
    roles: frozenset[str]
    departments: frozenset[int]
    site_admin: bool = False

    @property
    def is_member(self) -> bool:
        return bool(self.roles)

    @property
    def is_coordinator(self) -> bool:
        return Role.COORDINATOR in self.roles

    @property
    def is_drafter(self) -> bool:
        return Role.DRAFTER in self.roles


def principal_for(user, county_id: int) -> Principal:
    if not user.is_authenticated:
        return Principal(None, county_id, frozenset(), frozenset())
    rows = list(
        Membership.objects.filter(user=user, county_id=county_id).values_list(
            "role", "department_id"
        )
    )
    return Principal(
        user.pk,
        county_id,
        frozenset(role for role, _dept in rows),
        frozenset(dept for _role, dept in rows if dept is not None),
        site_admin=user.is_superuser,
    )


def _reviewing_ids(node: OutlineNode) -> set[int]:
    # Uses the prefetch cache when the caller prefetched reviewing_departments.
    return {d.pk for d in node.reviewing_departments.all()}


def _can_plan(principal: Principal, action: str) -> bool:
    if action == Action.VIEW:
        return principal.is_member or principal.site_admin
    if not principal.is_member:
        return False
    if action in COORDINATOR_ONLY:
        return principal.is_coordinator
    if action == Action.EDIT:
        return principal.is_coordinator or principal.is_drafter
    if action == Action.COMMENT:
        return bool(principal.roles & COMMENTING_ROLES)
    return False


def _drafts_node(principal: Principal, node: OutlineNode) -> bool:
    if principal.is_coordinator:
        return True
    if not principal.is_drafter:
        return False
    return node.lead_department_id is None or node.lead_department_id in principal.departments


def _can_node(principal: Principal, action: str, node: OutlineNode) -> bool:
    if action in {Action.VIEW, Action.COMMENT} or action in COORDINATOR_ONLY:
        return _can_plan(principal, action)
    if not principal.is_member:
        return False
    state = node.review_state
    if action == Action.EDIT:
        return (
            node.level != OutlineNode.Level.ANNEX
            and state in OutlineNode.EDITABLE_STATES
            and _drafts_node(principal, node)
        )
    if action == Action.SUBMIT:
        return (
            node.level != OutlineNode.Level.ANNEX
            and node.lead_department_id is not None
            and state in OutlineNode.EDITABLE_STATES
            and _drafts_node(principal, node)
        )
    if action == Action.DECIDE:
        if state not in OutlineNode.UNDER_REVIEW_STATES:
            return False
        reviewing = _reviewing_ids(node)
        if not reviewing:
            # Nobody to countersign: the planning office decides.
            return principal.is_coordinator
        return bool(principal.roles & DECIDING_ROLES) and bool(reviewing & principal.departments)
    if action == Action.REOPEN:
        return principal.is_coordinator and state == OutlineNode.ReviewState.APPROVED
    return False


def can(principal: Principal, action: str, obj) -> bool:
    """May ``principal`` do ``action`` to ``obj`` (a Plan, OutlineNode or PlanItem)?"""
    if isinstance(obj, Plan):
        return obj.county_id == principal.county_id and _can_plan(principal, action)
    if isinstance(obj, OutlineNode):
        return _can_node(principal, action, obj)
    if isinstance(obj, PlanItem):
        if action == Action.VIEW:
            return _can_plan(principal, action)
        if action == Action.EDIT:
            return _can_node(principal, action, obj.node)
        return False
    # Plan-level objects without a node (indicator categories) are structure.
    if getattr(obj, "plan_id", None) is not None and action in {Action.VIEW, Action.EDIT}:
        return _can_plan(principal, Action.VIEW if action == Action.VIEW else Action.MANAGE)
    return False


def nodes_where(principal: Principal, action: str, plan: Plan) -> QuerySet[OutlineNode]:
    """The nodes of ``plan`` on which ``principal`` may do ``action`` (EDIT or SUBMIT)."""
    nodes = plan.nodes.all()
    if action not in {Action.EDIT, Action.SUBMIT} or not principal.is_member:
        return nodes.none()
    nodes = nodes.exclude(level=OutlineNode.Level.ANNEX).filter(
        review_state__in=OutlineNode.EDITABLE_STATES
    )
    if action == Action.SUBMIT:
        nodes = nodes.exclude(lead_department=None)
    if principal.is_coordinator:
        return nodes
    if principal.is_drafter:
        return nodes.filter(Q(lead_department=None) | Q(lead_department__in=principal.departments))
    return nodes.none()
