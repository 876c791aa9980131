"""Opinions (意见): posting and answering them, the ledger, and their box on the node page."""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.models import Department
from apps.core.submissions import AlreadySubmitted, once
from apps.plans.access import get_document_for_user
from apps.plans.outline import numbered
from apps.plans.pages import page_context
from apps.plans.policy import Action
from apps.plans.views import node_page
from apps.review import actions
from apps.review.forms import (
    DisposeForm,
    OpinionFilterForm,
    OpinionForm,
    ReplyForm,
)
from apps.review.models import Opinion
from apps.review.views.common import back_to_node, review_node

OPINIONS_PER_PAGE = 50


# Opinions ---------------------------------------------------------------------


def _user_departments(access, plan):
    return Department.objects.filter(county_id=plan.county_id, pk__in=access.principal.departments)


@require_POST
def opinion_create(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    plan = document.plan
    node = review_node(document, node_id)
    access.require(Action.COMMENT, node, request)
    form = OpinionForm(request.POST, departments=_user_departments(access, plan))
    if form.is_valid():
        try:
            with once(request) as claim:
                opinion = actions.opinion_add(
                    node,
                    actor=request.user,
                    department=form.cleaned_data["department"],
                    text=form.cleaned_data["text"],
                    quote=form.cleaned_data["quote"],
                )
                url = f"{back_to_node(node).url}#opinion-{opinion.pk}"
                claim.done(url)
        except AlreadySubmitted as repeat:
            return repeat.response(request, back_to_node(node).url)
        messages.success(request, _("意见已提交，规划统筹人员处理后会通知你。"))
        return redirect(url)
    # Keep what was typed: the node page shows the form again with its errors.
    request.opinion_form = form
    return node_page(request, plan, access, node)


@require_POST
def opinion_reply(request: HttpRequest, document_id: int, opinion_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    plan = document.plan
    parent = get_object_or_404(
        Opinion.objects.filter(document=document, parent=None), pk=opinion_id
    )
    access.require(Action.COMMENT, parent.node, request)
    form = ReplyForm(request.POST)
    url = f"{back_to_node(parent.node).url}#opinion-{parent.pk}"
    if form.is_valid():
        try:
            with once(request) as claim:
                actions.opinion_add(
                    parent.node,
                    actor=request.user,
                    department=_user_departments(access, plan).first(),
                    text=form.cleaned_data["text"],
                    parent=parent,
                )
                claim.done(url)
        except AlreadySubmitted as repeat:
            return repeat.response(request, url)
        messages.success(request, _("回复已发表。"))
    else:
        messages.error(request, _("回复内容不能为空。"))
    return redirect(url)


@require_http_methods(["GET", "POST"])
def opinion_dispose(request: HttpRequest, document_id: int, opinion_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    access.require(Action.DISPOSE, document, request)
    opinion = get_object_or_404(
        Opinion.objects.filter(document=document, parent=None).select_related(
            "node", "department", "author", "source_division"
        ),
        pk=opinion_id,
    )
    form = DisposeForm(request.POST or None, instance=opinion)
    if request.method == "POST" and form.is_valid():
        actions.opinion_dispose(
            opinion,
            actor=request.user,
            disposition=form.cleaned_data["disposition"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("意见处理结果已保存。"))
        if request.POST.get("back") == "node":
            return redirect(f"{back_to_node(opinion.node).url}#opinion-{opinion.pk}")
        return redirect("opinion_list", document_id=document.pk)
    return render(
        request,
        "review/opinion_dispose.html",
        page_context(access, opinion=opinion, form=form),
    )


def filtered_opinions(document, params):
    form = OpinionFilterForm(params or None, document=document)
    opinions = (
        Opinion.objects.filter(document=document, parent=None)
        .select_related("department", "author", "node", "disposed_by", "source_division")
        .annotate(reply_count=Count("replies"))
        .order_by("created_at", "id")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["department"]:
            opinions = opinions.filter(department=data["department"])
        if data["node"]:
            opinions = opinions.filter(node=data["node"])
        if data["disposition"]:
            opinions = opinions.filter(disposition=data["disposition"])
        if data["stage"]:
            opinions = opinions.filter(stage=data["stage"])
        if data["round"] is not None:
            opinions = opinions.filter(round=data["round"])
    return form, opinions


@require_GET
def opinion_list(request: HttpRequest, document_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    form, opinions = filtered_opinions(document, request.GET)
    if form.is_bound and not form.is_valid():
        messages.warning(request, _("有的筛选条件无法识别，已忽略，下面按其余条件列出意见。"))
    labels = {e.node.pk: e.label for e in numbered(document.nodes.defer("body", "guidance"))}
    # A deadline day brings hundreds of opinions: one page of them at a time (the
    # Excel summary still has them all).
    page = Paginator(opinions, OPINIONS_PER_PAGE).get_page(request.GET.get("page"))
    for opinion in page.object_list:
        opinion.node_label = labels.get(opinion.node_id, "")
    filters = request.GET.copy()
    filters.pop("page", None)
    counts = dict(
        Opinion.objects.filter(document=document, parent=None)
        .values_list("disposition")
        .annotate(n=Count("id"))
        .values_list("disposition", "n")
    )
    return render(
        request,
        "review/opinion_list.html",
        page_context(
            access,
            filter_form=form,
            opinions=page.object_list,
            page=page,
            counts=[(d, counts.get(d.value, 0)) for d in Opinion.Disposition],
            query=filters.urlencode(),
        ),
    )


def opinions_section(request, plan, node, access) -> dict:
    """The opinions on a node's page (registered with plans as a node section)."""
    threads = list(
        Opinion.objects.filter(node=node, parent=None)
        .select_related("department", "author", "disposed_by", "source_division")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Opinion.objects.select_related("author", "department", "source_division"),
            )
        )
    )
    form = getattr(request, "opinion_form", None)
    if form is None and access.can(Action.COMMENT, node):
        form = OpinionForm(departments=_user_departments(access, plan))
    return {
        "threads": threads,
        "opinion_form": form if access.can(Action.COMMENT, node) else None,
        "reply_form": ReplyForm(),
        "can_dispose": access.can(Action.DISPOSE, access.document),
        "today": date.today(),
    }
