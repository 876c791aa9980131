"""Who drafts and countersigns each node, and the board of what each department owes."""

from collections import defaultdict

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.models import Department
from apps.core.text import quotable
from apps.plans.access import get_document_for_user
from apps.plans.models import OutlineNode
from apps.plans.outline import numbered
from apps.plans.pages import page_context
from apps.plans.policy import Action
from apps.review import actions
from apps.review.forms import (
    AssignForm,
)
from apps.review.models import Countersign, ReviewRound
from apps.review.views.common import back_to_node, review_node

State = OutlineNode.ReviewState

# Assignment -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def node_assign(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    node = review_node(document, node_id)
    access.require(Action.ASSIGN, node, request)
    form = AssignForm(request.POST or None, instance=node)
    if request.method == "POST" and form.is_valid():
        actions.node_assign(
            node,
            actor=request.user,
            lead=form.cleaned_data["lead_department"],
            reviewers=list(form.cleaned_data["reviewing_departments"]),
            due_date=form.cleaned_data["due_date"],
        )
        messages.success(request, _("“%(title)s”的分工已保存。") % {"title": quotable(node.title)})
        if request.POST.get("back") == "node":
            return back_to_node(node)
        return redirect("assignment_board", document_id=document.pk)
    return render(request, "review/node_assign.html", page_context(access, node=node, form=form))


@require_GET
def assignment_board(request: HttpRequest, document_id: int) -> HttpResponse:
    """Per department: what it owes, what is overdue, what waits for whom."""
    document, access = get_document_for_user(request, document_id)
    plan = document.plan
    today = timezone.localdate()
    entries = {e.node.pk: e for e in numbered(document.nodes.all())}
    nodes = (
        document.nodes.exclude(level=OutlineNode.Level.ANNEX)
        .select_related("lead_department")
        .prefetch_related(
            "reviewing_departments",
            Prefetch(
                "review_rounds",
                queryset=ReviewRound.objects.filter(
                    status=ReviewRound.Status.ACTIVE
                ).prefetch_related(
                    Prefetch(
                        "countersigns", queryset=Countersign.objects.select_related("department")
                    )
                ),
                to_attr="active_rounds",
            ),
        )
    )
    departments = {d.pk: d for d in Department.objects.filter(county_id=plan.county_id)}
    board = defaultdict(
        lambda: {"owed": [], "overdue": [], "waiting_on_them": [], "waiting_on_others": []}
    )
    unassigned = []
    for node in nodes:
        row = {"node": node, "entry": entries[node.pk]}
        overdue = bool(
            node.due_date and node.due_date < today and node.review_state != State.APPROVED
        )
        if node.lead_department_id is None:
            unassigned.append(row)
            continue
        lead = board[node.lead_department_id]
        if node.review_state in OutlineNode.EDITABLE_STATES:
            lead["owed"].append(row)
        if overdue:
            lead["overdue"].append(row)
        for round_ in node.active_rounds:
            pending = [
                c.department
                for c in round_.countersigns.all()
                if c.decision == Countersign.Decision.PENDING
            ]
            row = {**row, "pending": pending}
            if pending:
                lead["waiting_on_others"].append(row)
            for department in pending:
                board[department.pk]["waiting_on_them"].append(row)
    columns = [
        {"department": departments[pk], **lists}
        for pk, lists in sorted(board.items(), key=lambda kv: (departments[kv[0]].position, kv[0]))
    ]
    return render(
        request,
        "review/assignment_board.html",
        page_context(access, columns=columns, unassigned=unassigned, today=today),
    )
