from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.models import Department
from apps.core.diff import DiffBudget, diff_html
from apps.core.submissions import AlreadySubmitted, once
from apps.core.text import quotable
from apps.plans import actions as plan_actions
from apps.plans.access import get_document_for_user, get_plan_for_user
from apps.plans.models import OutlineNode, Revision
from apps.plans.outline import numbered
from apps.plans.pages import page_context
from apps.plans.parts import registry
from apps.plans.policy import Action
from apps.plans.revisions import field_changes
from apps.plans.views import node_page
from apps.review import actions
from apps.review.forms import (
    ActivityFilterForm,
    AssignForm,
    DecisionForm,
    DisposeForm,
    OpinionFilterForm,
    OpinionForm,
    ReplyForm,
    StageForm,
)
from apps.review.models import Countersign, DocumentVersion, Opinion, ReviewRound

State = OutlineNode.ReviewState

OPINIONS_PER_PAGE = 50


def _node(document, node_id: int) -> OutlineNode:
    return get_object_or_404(
        document.nodes.select_related("lead_department").prefetch_related("reviewing_departments"),
        pk=node_id,
    )


def _back_to_node(node: OutlineNode):
    return redirect("node_edit", document_id=node.document_id, node_id=node.pk)


# Assignment -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def node_assign(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    node = _node(document, node_id)
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
            return _back_to_node(node)
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


# Review transitions --------------------------------------------------------------


@require_POST
def node_submit(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    node = _node(document, node_id)
    access.require(Action.SUBMIT, node, request)
    try:
        round_ = actions.node_submit(node, actor=request.user)
    except actions.TransitionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("已提交会签（第%(n)s轮）。会签期间正文暂不能修改。") % {"n": round_.number}
        )
    return _back_to_node(node)


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
    node = _node(document, node_id)
    access.require(Action.DECIDE, node, request)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("会签意见无法识别，请重新选择。"))
        return _back_to_node(node)
    round_, department = _deciding_department(access, node)
    if department is False or round_ is None:
        messages.error(request, _("你所在的部门在这一轮已经会签过，或不在会签部门之列。"))
        return _back_to_node(node)
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
    return _back_to_node(node)


@require_POST
def node_reopen(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    node = _node(document, node_id)
    access.require(Action.REOPEN, node, request)
    try:
        actions.node_reopen(node, actor=request.user)
    except actions.TransitionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已重新打开，牵头部门可以继续修改。"))
    return _back_to_node(node)


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
    node = _node(document, node_id)
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
    node = _node(document, node_id)
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
            _("规划已进入“%(stage)s”阶段，并冻结了版本“%(name)s”。")
            % {"stage": document.get_stage_display(), "name": quotable(version.name)},
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


# Opinions ---------------------------------------------------------------------


def _user_departments(access, plan):
    return Department.objects.filter(county_id=plan.county_id, pk__in=access.principal.departments)


@require_POST
def opinion_create(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    plan = document.plan
    node = _node(document, node_id)
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
                url = f"{_back_to_node(node).url}#opinion-{opinion.pk}"
                claim.done(url)
        except AlreadySubmitted as repeat:
            return repeat.response(request, _back_to_node(node).url)
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
    url = f"{_back_to_node(parent.node).url}#opinion-{parent.pk}"
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
            "node", "department", "author"
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
            return redirect(f"{_back_to_node(opinion.node).url}#opinion-{opinion.pk}")
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
        .select_related("department", "author", "node", "disposed_by")
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
        .select_related("department", "author", "disposed_by")
        .prefetch_related(
            Prefetch("replies", queryset=Opinion.objects.select_related("author", "department"))
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


# Activity ---------------------------------------------------------------------


ACTIVITY_PER_PAGE = 50


@require_GET
def activity_log(request: HttpRequest, plan_id: int) -> HttpResponse:
    from apps.core.activity import detail_items
    from apps.core.models import ActivityLog

    plan, access = get_plan_for_user(request, plan_id, manage=True)
    form = ActivityFilterForm(request.GET or None, plan=plan)
    entries = ActivityLog.objects.for_plan(plan.pk).select_related("actor")
    if form.is_bound and not form.is_valid():
        messages.warning(request, _("有的筛选条件无法识别，已忽略，下面按其余条件列出记录。"))
    data = form.cleaned_data if form.is_bound else {}
    if data.get("actor"):
        entries = entries.filter(actor=data["actor"])
    if data.get("verb"):
        entries = entries.filter(verb=data["verb"])
    if data.get("node"):
        # What happened to the node itself and to the opinions on it.
        node_type = ContentType.objects.get_for_model(OutlineNode)
        opinion_type = ContentType.objects.get_for_model(Opinion)
        opinions = Opinion.objects.filter(node=data["node"]).values("pk")
        entries = entries.filter(
            Q(target_type=node_type, target_id=data["node"].pk)
            | Q(target_type=opinion_type, target_id__in=opinions)
        )
    if data.get("since"):
        entries = entries.filter(created_at__date__gte=data["since"])
    if data.get("until"):
        entries = entries.filter(created_at__date__lte=data["until"])
    page = Paginator(entries, ACTIVITY_PER_PAGE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.details = detail_items(entry)
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "review/activity_log.html",
        page_context(
            access,
            filter_form=form,
            log_entries=page.object_list,
            page=page,
            query=filters.urlencode(),
        ),
    )
