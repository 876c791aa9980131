"""Countersign (会签): submitting a node, deciding on it, reopening it, and the
review box on the node page."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.plans.access import get_document_for_user
from apps.plans.models import OutlineNode
from apps.plans.policy import Action
from apps.review import actions
from apps.review.forms import (
    DecisionForm,
)
from apps.review.models import Countersign, ReviewRound
from apps.review.views.common import back_to_node, review_node

# Review transitions --------------------------------------------------------------


@require_POST
def node_submit(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    node = review_node(document, node_id)
    access.require(Action.SUBMIT, node, request)
    try:
        round_ = actions.node_submit(node, actor=request.user)
    except actions.TransitionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("已提交会签（第%(n)s轮）。会签期间正文暂不能修改。") % {"n": round_.number}
        )
    return back_to_node(node)


def _deciding_department(access, node: OutlineNode):
    """The department on whose behalf this user countersigns: one of theirs that
    still owes a decision in the active round; None when the planning office
    decides alone because nobody was asked to countersign."""
    round_ = node.review_rounds.filter(status=ReviewRound.Status.ACTIVE).first()
    if round_ is None:
        return None, None
    pending = round_.countersigns.filter(
        decision=Countersign.Decision.PENDING, department_id__in=access.principal.departments
    ).select_related("department")
    first = pending.first()
    if first is not None:
        return round_, first.department
    if not node.reviewing_departments.exists() and access.principal.is_coordinator:
        return round_, None
    return round_, False


@require_POST
def node_decide(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    node = review_node(document, node_id)
    access.require(Action.DECIDE, node, request)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("会签意见无法识别，请重新选择。"))
        return back_to_node(node)
    round_, department = _deciding_department(access, node)
    if department is False or round_ is None:
        messages.error(request, _("你所在的部门在这一轮已经会签过，或不在会签部门之列。"))
        return back_to_node(node)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        actions.countersign_decide(
            node,
            actor=request.user,
            department=department,
            approve=approve,
            comment=form.cleaned_data["comment"],
        )
    except actions.TransitionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("会签意见已记录。") if approve else _("已退回修改。"))
    return back_to_node(node)


@require_POST
def node_reopen(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    node = review_node(document, node_id)
    access.require(Action.REOPEN, node, request)
    try:
        actions.node_reopen(node, actor=request.user)
    except actions.TransitionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已重新打开，牵头部门可以继续修改。"))
    return back_to_node(node)


def review_section(request, plan, node, access) -> dict:
    """The review box on a node's page (registered with plans as a node section)."""
    if node.level == OutlineNode.Level.ANNEX:
        return {"show": False}
    rounds = list(
        node.review_rounds.prefetch_related(
            Prefetch(
                "countersigns",
                queryset=Countersign.objects.select_related("department", "decided_by", "revision"),
            )
        ).select_related("revision", "submitted_by")[:3]
    )
    can_decide = access.can(Action.DECIDE, node)
    if can_decide:
        _round, department = _deciding_department(access, node)
        can_decide = department is not False
    return {
        "show": True,
        "rounds": rounds,
        "can_submit": access.can(Action.SUBMIT, node),
        "can_decide": can_decide,
        "can_reopen": access.can(Action.REOPEN, node),
        "can_assign": access.can(Action.ASSIGN, node),
        "decision_form": DecisionForm(),
    }
