from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.forms import DepartmentAddForm
from apps.core.diff import diff_html
from apps.core.submissions import AlreadySubmitted, once
from apps.core.text import MAX_BODY_CHARS, as_id, quotable
from apps.plans import actions
from apps.plans.access import get_county_for_user, get_document_for_user, get_plan_for_user
from apps.plans.forms import (
    DocumentSettingsForm,
    NodeOutlineForm,
    NodeTextForm,
    PlanCreateForm,
    PlanSettingsForm,
)
from apps.plans.kinds import KINDS
from apps.plans.middleware import pop_unsaved
from apps.plans.models import Document, OutlineNode, Plan
from apps.plans.outline_templates import PLAN_TEMPLATES
from apps.plans.pages import overview_url, page_context
from apps.plans.parts import computed_table, document_gaps, item_counts, registry
from apps.plans.policy import (
    Action,
    can,
    counties_where,
    divisions_where,
    principal_for,
    roles_by_county,
)
from apps.plans.stamp import content_stamp


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = roles_by_county(request.user).order_by("county__code")
    plans = (
        Plan.objects.for_user(request.user).select_related("county").prefetch_related("documents")
    )
    counties: dict[int, dict] = {}
    for membership in memberships:
        entry = counties.setdefault(
            membership.county_id, {"county": membership.county, "roles": [], "plans": []}
        )
        entry["roles"].append(membership)
    for plan in plans:
        plan.outline = next(d for d in plan.documents.all() if d.kind == Document.Kind.OUTLINE)
        counties[plan.county_id]["plans"].append(plan)
    managed = set(counties_where(request.user, Action.MANAGE).values_list("pk", flat=True))
    overseen = set(divisions_where(request.user).values_list("pk", flat=True))
    for county_id, entry in counties.items():
        entry["can_create"] = county_id in managed
        entry["oversee"] = county_id in overseen
    return render(request, "plans/dashboard.html", {"counties": list(counties.values())})


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, county_id: int) -> HttpResponse:
    # A county you cannot see does not exist; one you may not manage is a 403.
    county = get_county_for_user(request, county_id, manage=True)
    template = PLAN_TEMPLATES["fyp14"]
    form = PlanCreateForm(
        request.POST or None,
        initial={
            "template": template.key,
            "base_year": template.base_year,
            "vision_year": template.vision_year,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once(request) as claim:
                plan = actions.plan_create(
                    county=county,
                    created_by=request.user,
                    template_key=data["template"],
                    base_year=data["base_year"],
                    vision_year=data["vision_year"],
                    use_parts=data["use_parts"],
                    title=data["title"].strip(),
                )
                claim.done(reverse("plan_overview", args=[plan.pk]))
        except AlreadySubmitted as repeat:
            return repeat.response(request, reverse("dashboard"))
        messages.success(
            request, _("已创建“%(title)s”。") % {"title": quotable(plan.outline.title)}
        )
        return redirect("plan_overview", plan_id=plan.pk)
    templates = {
        key: {"base": t.base_year, "vision": t.vision_year} for key, t in PLAN_TEMPLATES.items()
    }
    return render(
        request,
        "plans/plan_create.html",
        {"form": form, "county": county, "template_years": templates},
    )


@require_GET
def plan_overview(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id)
    counts = item_counts(plan)
    context = page_context(access)
    parts = registry.with_nodes()
    totals = {part.slug: 0 for part in parts}
    for (slug, _node_id), n in counts.items():
        totals[slug] += n
    for entry in context["entries"]:
        entry.items = [
            (part, counts[(part.slug, entry.node.pk)])
            for part in parts
            if (part.slug, entry.node.pk) in counts
        ]
    stamp = None
    sections = []
    for section in registry.overview_sections:
        key = None
        if section.by_content:
            stamp = stamp or content_stamp(plan)
            key = f"overview:{section.template}:{plan.pk}:{stamp}"
            html = cache.get(key)
            if html is not None:
                sections.append((section.place, html))
                continue
        html = render_to_string(
            section.template,
            {
                "plan": plan,
                "document": access.document,
                "access": access,
                **section.context(request, plan, access),
            },
            request=request,
        )
        if key:
            cache.set(key, html, 3600)
        sections.append((section.place, html))
    context.update(
        top_sections=[html for place, html in sections if place == "top"],
        bottom_sections=[html for place, html in sections if place == "bottom"],
        part_totals=[(part, totals[part.slug]) for part in parts],
        **_fill_figures(context["entries"]),
        **_documents_context(plan, access),
    )
    return render(request, "plans/plan_overview.html", context)


def _fill_figures(entries) -> dict:
    text_nodes = [e for e in entries if e.node.level != OutlineNode.Level.ANNEX]
    return {
        "filled": sum(1 for e in text_nodes if e.node.body_length),
        "text_node_count": len(text_nodes),
        "total_chars": sum(e.node.body_length for e in text_nodes),
        "computed_keys": frozenset(registry.computed_tables),
    }


def _documents_context(plan: Plan, access) -> dict:
    """The plan's documents (one query) and the reports the coordinator may start."""
    documents = list(plan.documents.order_by("id"))
    outline = access.document
    existing = {d.kind for d in documents}
    missing = [k for k in KINDS.values() if k.is_report and k.key not in existing]
    creatable, hint = [], ""
    if access.can_manage and missing:
        if outline.is_adopted:
            creatable = missing
        else:
            hint = _("规划纲要审议通过后，可在这里起草中期评估报告和总结评估报告。")
    return {"plan_documents": documents, "creatable_kinds": creatable, "report_hint": hint}


@require_POST
def report_create(request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
    """The coordinator starts the plan's mid-term or final evaluation report."""
    plan, _access = get_plan_for_user(request, plan_id, manage=True)
    document_kind = KINDS.get(kind)
    if document_kind is None or not document_kind.is_report:
        raise Http404("no such kind of report")
    try:
        with once(request) as claim:
            document = actions.report_create(plan, kind=kind, created_by=request.user)
            claim.done(reverse("document_overview", args=[document.pk]))
    except AlreadySubmitted as repeat:
        return repeat.response(request, reverse("plan_overview", args=[plan.pk]))
    except actions.DocumentRefused as refused:
        messages.error(request, str(refused))
        return redirect(reverse("plan_overview", args=[plan.pk]) + "#documents")
    messages.success(request, _("已创建“%(title)s”。") % {"title": quotable(document.title)})
    return redirect("document_overview", document_id=document.pk)


@require_GET
def document_overview(request: HttpRequest, document_id: int) -> HttpResponse:
    """A document's own overview: its outline with what is written. The outline's
    is the plan overview, which adds the plan's structured content."""
    document, access = get_document_for_user(request, document_id)
    if not document.is_report:
        return redirect("plan_overview", plan_id=document.plan_id)
    context = page_context(access, gaps=document_gaps(document))
    context.update(_fill_figures(context["entries"]))
    return render(request, "plans/document_overview.html", context)


@require_http_methods(["GET", "POST"])
def document_settings(request: HttpRequest, document_id: int) -> HttpResponse:
    """A report's title, issuer and dates; the outline's are on the plan settings."""
    document, access = get_document_for_user(request, document_id, manage=True)
    if not document.is_report:
        return redirect("plan_settings", plan_id=document.plan_id)
    form = DocumentSettingsForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        actions.document_settings_save(form, actor=request.user)
        messages.success(request, _("文件设置已保存。"))
        return redirect("document_overview", document_id=document.pk)
    return render(request, "plans/document_settings.html", page_context(access, form=form))


@require_http_methods(["GET", "POST"])
def plan_settings(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id, manage=True)
    document_form = DocumentSettingsForm(request.POST or None, instance=plan.outline)
    form = PlanSettingsForm(request.POST or None, instance=plan)
    if request.method == "POST" and document_form.is_valid() and form.is_valid():
        actions.plan_settings_save(form, document_form, actor=request.user)
        messages.success(request, _("规划设置已保存。"))
        return redirect("plan_overview", plan_id=plan.pk)
    return render(
        request,
        "plans/plan_settings.html",
        page_context(access, form=form, document_form=document_form),
    )


def part_rows(part, items, access) -> list[tuple]:
    """(item, cells, editable) for a part table; editability from one set lookup."""
    editable_nodes = access.editable_node_ids
    rows = []
    for item in items:
        editable = item.node_id in editable_nodes if part.has_node else access.can_manage
        rows.append((item, part.row(item), editable))
    return rows


def _node_items(plan: Plan, node: OutlineNode, access) -> list[tuple]:
    """The structured items presented in a node, grouped by part. Only parts that
    have items here are queried, so the cost is bounded by the number of parts."""
    counts = item_counts(plan)
    groups = []
    for part in registry.with_nodes():
        if (part.slug, node.pk) in counts:
            items = part.queryset(plan).filter(node=node)
            groups.append((part, part_rows(part, items, access)))
    return groups


def _would_edit_if_open(access, node) -> bool:
    """Could this user edit the node if it were still being drafted?"""
    if node.review_state in OutlineNode.EDITABLE_STATES:
        return False
    original = node.review_state
    node.review_state = OutlineNode.ReviewState.DRAFTING
    try:
        return access.can(Action.EDIT, node)
    finally:
        node.review_state = original


def node_page(request, plan, access, node, *, form=None, conflict=None, status=200):
    """Render a node's page: its text (editor or read-only), generated tables, the
    items it presents, and the sections other apps add (review, opinions)."""
    if form is None:
        kept = pop_unsaved(request, request.path_info)
        if kept is not None and access.can(Action.EDIT, node):
            # Typed before the session expired: back in the editor, not yet saved,
            # and still checked against the version it was typed on.
            form = NodeTextForm(
                initial={
                    "body": kept["body"],
                    "loaded_version": kept["loaded_version"] or node.version,
                }
            )
            messages.warning(
                request,
                _("登录过期前你在这里输入的文字已放回编辑框，尚未保存。请检查后点“保存正文”。"),
            )
        else:
            form = NodeTextForm(initial={"body": node.body, "loaded_version": node.version})
    panel = registry.node_panels.get(node.key)
    # The table this node prints when exported (an evaluation report's), shown as
    # it would print now.
    computed = (
        computed_table(node.key, access.document) if node.key in registry.computed_tables else None
    )
    sections = [
        (
            section.place,
            render_to_string(
                section.template,
                {
                    "plan": plan,
                    "document": access.document,
                    "node": node,
                    "access": access,
                    **section.context(request, plan, node, access),
                },
                request=request,
            ),
        )
        for section in registry.node_sections
    ]
    context = page_context(
        access,
        node=node,
        form=form,
        conflict=conflict,
        item_groups=_node_items(plan, node, access),
        panel=panel,
        computed=computed,
        top_sections=[html for place, html in sections if place == "top"],
        bottom_sections=[html for place, html in sections if place == "bottom"],
        node_can_edit=access.can(Action.EDIT, node),
        **(panel.context(plan) if panel else {}),
    )
    context["current"] = next((e for e in context["entries"] if e.node.pk == node.pk), None)
    return render(request, "plans/node_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def node_edit(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    plan = document.plan
    node = get_object_or_404(
        document.nodes.select_related("updated_by", "lead_department").prefetch_related(
            "reviewing_departments"
        ),
        pk=node_id,
    )
    if request.method != "POST":
        return node_page(request, plan, access, node)
    form = NodeTextForm(request.POST)
    if not access.can(Action.EDIT, node) and _would_edit_if_open(access, node) and form.is_valid():
        # The node went to countersign while this user was writing: refusing with a
        # bare 403 would throw the text away, so show it back with the saved text.
        mine = form.cleaned_data["body"]
        conflict = {"theirs": node, "mine": mine, "diff": diff_html(node.body, mine)}
        return node_page(request, plan, access, node, conflict=conflict, status=409)
    access.require(Action.EDIT, node, request)
    if not form.is_valid():
        return node_page(request, plan, access, node, form=form)
    here = reverse("node_edit", args=[document.pk, node.pk])
    try:
        with once(request) as claim:
            result = actions.node_text_save(
                node,
                body=form.cleaned_data["body"],
                loaded_version=form.cleaned_data["loaded_version"],
                user=request.user,
            )
            if result.saved:
                claim.done(here)
            else:
                transaction.set_rollback(True)
    except AlreadySubmitted as repeat:
        # A double click: the first click saved, the second must not report a
        # conflict with the user's own save.
        return repeat.response(request, here)
    if result.saved:
        messages.success(request, _("“%(title)s”已保存。") % {"title": quotable(node.title)})
        return redirect(here)
    # Someone saved after this editor was opened, or the node went to review: keep
    # what this user typed, show what is saved now and the difference, and let a
    # second save go through deliberately.
    node.refresh_from_db()
    mine = form.cleaned_data["body"]
    data = request.POST.copy()
    data["loaded_version"] = str(result.current_version)
    data["body"] = mine
    form = NodeTextForm(data)
    form.is_valid()
    conflict = {"theirs": node, "mine": mine, "diff": diff_html(node.body, mine)}
    return node_page(request, plan, access, node, form=form, conflict=conflict, status=409)


def node_save_too_large(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    """The editor again, with a message, after a save whose request was larger than
    the server accepts (planner/errors.py). The body was refused unread, so the text
    cannot be offered back; the browser's Back button still has it."""
    document, access = get_document_for_user(request, document_id)
    plan = document.plan
    node = get_object_or_404(
        document.nodes.select_related("updated_by", "lead_department").prefetch_related(
            "reviewing_departments"
        ),
        pk=node_id,
    )
    messages.error(
        request,
        _(
            "这次提交的正文太长，没有保存：一节正文最多%(n)s字。你输入的文字没有传到服务器，"
            "请点浏览器的“后退”找回，删减或分成几节后再保存。"
        )
        % {"n": MAX_BODY_CHARS},
    )
    return node_page(request, plan, access, node, status=413)


@require_http_methods(["GET", "POST"])
def node_add(request: HttpRequest, document_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id, manage=True)
    initial = {}
    parent_id = as_id(request.GET.get("parent"))
    if parent_id is not None:
        parent = document.nodes.filter(pk=parent_id).first()
        if parent:
            child_level = {
                OutlineNode.Level.PART: OutlineNode.Level.CHAPTER,
                OutlineNode.Level.CHAPTER: OutlineNode.Level.SECTION,
            }.get(parent.level)
            initial = {"parent": parent.pk, "level": child_level}
    form = NodeOutlineForm(request.POST or None, document=document, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                node = actions.node_create(
                    document,
                    level=form.cleaned_data["level"],
                    parent=form.cleaned_data["parent"],
                    title=form.cleaned_data["title"],
                    guidance=form.cleaned_data["guidance"],
                    actor=request.user,
                )
                claim.done(reverse("node_edit", args=[document.pk, node.pk]))
        except AlreadySubmitted as repeat:
            return repeat.response(request, overview_url(document))
        messages.success(request, _("已添加“%(title)s”。") % {"title": quotable(node.title)})
        return redirect("node_edit", document_id=document.pk, node_id=node.pk)
    return render(request, "plans/node_outline_form.html", page_context(access, form=form))


@require_http_methods(["GET", "POST"])
def node_outline(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id, manage=True)
    node = get_object_or_404(document.nodes, pk=node_id)
    old_parent_id = node.parent_id
    form = NodeOutlineForm(request.POST or None, instance=node, document=document)
    if request.method == "POST" and form.is_valid():
        node = actions.node_outline_save(form, old_parent_id=old_parent_id, actor=request.user)
        messages.success(
            request, _("“%(title)s”的结构信息已保存。") % {"title": quotable(node.title)}
        )
        return redirect("node_edit", document_id=document.pk, node_id=node.pk)
    return render(
        request, "plans/node_outline_form.html", page_context(access, form=form, node=node)
    )


@require_POST
def node_move(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, _access = get_document_for_user(request, document_id, manage=True)
    node = get_object_or_404(document.nodes, pk=node_id)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        messages.error(request, _("无法识别的移动方向。"))
    elif not actions.node_move(node, direction, actor=request.user):
        messages.info(request, _("“%(title)s”已经在最前或最后。") % {"title": quotable(node.title)})
    return redirect(overview_url(document) + f"#node-{node.pk}")


@require_http_methods(["GET", "POST"])
def node_delete(request: HttpRequest, document_id: int, node_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id, manage=True)
    node = get_object_or_404(document.nodes, pk=node_id)
    blockers = actions.node_blockers(node)
    if request.method == "POST":
        try:
            actions.node_delete(node, actor=request.user)
        except actions.NodeNotEmpty:
            messages.error(
                request,
                _("“%(title)s”下还有内容，不能删除，请先移走或删除。")
                % {"title": quotable(node.title)},
            )
            return redirect("node_delete", document_id=document.pk, node_id=node.pk)
        messages.success(request, _("已删除“%(title)s”。") % {"title": quotable(node.title)})
        return redirect(overview_url(document))
    return render(
        request, "plans/node_delete.html", page_context(access, node=node, blockers=blockers)
    )


@require_http_methods(["GET", "POST"])
def moved_to_document(request: HttpRequest, plan_id: int, rest: str) -> HttpResponse:
    """A page of the plan's outline at its old address: sent to the document's (a
    POST keeps its method and body, so a form left open still goes through)."""
    plan, _access = get_plan_for_user(request, plan_id)
    url = f"/documents/{plan.outline.pk}/{rest}"
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    return redirect(url, preserve_request=True)


@require_http_methods(["GET", "POST"])
def departments(request: HttpRequest, county_id: int) -> HttpResponse:
    """A county's departments; its coordinators add to the list."""
    county = get_county_for_user(request, county_id, manage=request.method == "POST")
    can_manage = can(principal_for(request.user, county.pk), Action.MANAGE, county)
    form = DepartmentAddForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        department, created = form.save(actor=request.user)
        name = quotable(department.name)
        if created:
            messages.success(request, _("已添加部门“%(name)s”。") % {"name": name})
        else:
            messages.info(request, _("“%(name)s”已经在部门列表中。") % {"name": name})
        return redirect("departments", county_id=county.pk)
    return render(
        request,
        "accounts/departments.html",
        {
            "county": county,
            "departments": county.departments.all(),
            "form": form if can_manage else None,
        },
    )
