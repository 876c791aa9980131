"""Stages and frozen versions of a document, and comparing them (also with the current draft)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.diff import DiffBudget, diff_html
from apps.core.text import quotable
from apps.plans.access import get_document_for_user
from apps.plans.pages import page_context
from apps.plans.policy import Action
from apps.review import actions
from apps.review.forms import (
    StageForm,
)
from apps.review.models import DocumentVersion

# Stages and versions ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def stage_move(request: HttpRequest, document_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    access.require(Action.MOVE_STAGE, document, request)
    form = StageForm(request.POST or None, document=document)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.document_stage_move(
                document,
                actor=request.user,
                stage=form.cleaned_data["stage"],
                name=form.cleaned_data["name"],
            )
        except actions.TransitionRefused as exc:
            messages.error(request, str(exc))
            return redirect("stage_move", document_id=document.pk)
        messages.success(
            request,
            _("%(what)s已进入“%(stage)s”阶段，并冻结了版本“%(name)s”。")
            % {
                "what": actions.subject_of(document),
                "stage": document.get_stage_display(),
                "name": quotable(version.name),
            },
        )
        return redirect("version_detail", document_id=document.pk, version_id=version.pk)
    return render(request, "review/stage_move.html", page_context(access, form=form))


@require_GET
def version_list(request: HttpRequest, document_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    versions = (
        DocumentVersion.objects.filter(document=document)
        .select_related("created_by")
        .defer("snapshot")
    )
    return render(request, "review/version_list.html", page_context(access, versions=versions))


@require_GET
def version_detail(request: HttpRequest, document_id: int, version_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    version = get_object_or_404(DocumentVersion.objects.filter(document=document), pk=version_id)
    return render(request, "review/version_detail.html", page_context(access, version=version))


CURRENT = "current"


@dataclass(frozen=True)
class CurrentDraft:
    """The plan as it reads now, as one side of a comparison with frozen versions."""

    snapshot: dict
    name: str = gettext_lazy("当前稿")
    pk: str = CURRENT
    created_at: datetime = field(default_factory=timezone.now)


@require_GET
def version_compare(request: HttpRequest, document_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    versions = {str(v.pk): v for v in DocumentVersion.objects.filter(document=document)}
    chosen = [request.GET.get("a", ""), request.GET.get("b", "")]
    if CURRENT in chosen:
        versions[CURRENT] = CurrentDraft(actions.document_snapshot(document))
    try:
        a, b = (versions[key] for key in chosen)
    except KeyError:
        raise Http404("choose two versions of this plan") from None
    if a.created_at > b.created_at:
        a, b = b, a
    # One budget for the whole page: many changed chapters share it.
    budget = DiffBudget()
    old = {n["id"]: n for n in a.snapshot["nodes"]}
    rows = []
    for node in b.snapshot["nodes"]:
        before = old.pop(node["id"], None)
        if before is None:
            rows.append(
                {"node": node, "status": "added", "diff": diff_html("", node["body"], budget)}
            )
        elif before["body"] != node["body"] or before["title"] != node["title"]:
            rows.append(
                {
                    "node": node,
                    "status": "changed",
                    "diff": diff_html(before["body"], node["body"], budget),
                }
            )
    removed = list(old.values())
    part_changes = []
    for slug, part in b.snapshot["parts"].items():
        before = a.snapshot["parts"].get(slug, {"rows": []})
        if len(before["rows"]) != len(part["rows"]) or before["rows"] != part["rows"]:
            part_changes.append((part["label"], len(before["rows"]), len(part["rows"])))
    return render(
        request,
        "review/version_compare.html",
        page_context(access, a=a, b=b, rows=rows, removed=removed, part_changes=part_changes),
    )
