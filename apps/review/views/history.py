"""Revisions: a node's and an item's history, comparing any two, restoring one."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.core.diff import diff_html
from apps.plans import actions as plan_actions
from apps.plans.access import get_document_for_user, get_plan_for_user
from apps.plans.models import OutlineNode, Revision
from apps.plans.pages import page_context
from apps.plans.parts import registry
from apps.plans.policy import Action
from apps.plans.revisions import field_changes
from apps.review.views.common import review_node

# History ----------------------------------------------------------------------


def _compare(revisions: list[Revision], request: HttpRequest):
    by_id = {r.pk: r for r in revisions}
    try:
        a = by_id.get(int(request.GET.get("a", "")))
        b = by_id.get(int(request.GET.get("b", "")))
    except ValueError:
        a = b = None
    if not (a and b) and len(revisions) >= 2:
        b, a = revisions[0], revisions[1]
    if a and b and a.version > b.version:
        a, b = b, a
    return a, b


@require_GET
def node_history(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    node = review_node(document, node_id)
    revisions = list(Revision.objects.of(node).select_related("author"))
    a, b = _compare(revisions, request)
    return render(
        request,
        "review/node_history.html",
        page_context(
            access,
            node=node,
            revisions=revisions,
            a=a,
            b=b,
            diff=diff_html(a.body, b.body) if a and b else None,
            can_restore=access.can(Action.EDIT, node),
            item_histories=_item_histories(node),
        ),
    )


def _item_histories(node: OutlineNode) -> list[dict]:
    """The structured items saved in this node, each with a link to its history:
    one grouped query over the node's item revisions."""
    node_type = ContentType.objects.get_for_model(OutlineNode)
    rows = (
        Revision.objects.filter(node=node)
        .exclude(content_type=node_type)
        .values("content_type", "object_id")
        .annotate(count=Count("id"), last=Max("created_at"), latest=Max("id"))
        .order_by("-last")
    )
    rows = list(rows)
    names = dict(
        Revision.objects.filter(pk__in=[r["latest"] for r in rows]).values_list("pk", "object_repr")
    )
    histories = []
    for row in rows:
        part = registry.for_model(ContentType.objects.get_for_id(row["content_type"]).model_class())
        if part is not None:
            histories.append({**row, "part": part, "name": names.get(row["latest"], "")})
    return histories


@require_POST
def revision_restore(request: HttpRequest, document_id: int, node_id: int, revision_id: int):
    document, access = get_document_for_user(request, document_id)
    node = review_node(document, node_id)
    access.require(Action.EDIT, node, request)
    revision = get_object_or_404(Revision.objects.of(node), pk=revision_id)
    result = plan_actions.node_text_save(
        node,
        body=revision.body,
        loaded_version=node.version,
        user=request.user,
        note=_("恢复自第%(v)s版") % {"v": revision.version},
    )
    if result.saved:
        messages.success(
            request, _("已恢复第%(v)s版的内容，并保存为新的修订。") % {"v": revision.version}
        )
    else:
        messages.error(request, _("这一节刚被他人保存或已提交会签，未能恢复，请刷新后再试。"))
    return redirect("node_history", document_id=document.pk, node_id=node.pk)


@require_GET
def item_history(request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id)
    part = registry.get(kind)
    item = get_object_or_404(part.model.objects.filter(plan=plan), pk=item_id)
    revisions = list(
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(part.model), object_id=item.pk
        ).select_related("author")
    )
    a, b = _compare(revisions, request)
    return render(
        request,
        "review/item_history.html",
        page_context(
            access,
            part=part,
            item=item,
            revisions=revisions,
            a=a,
            b=b,
            changes=field_changes(part.model, a.data, b.data) if a and b else None,
        ),
    )
