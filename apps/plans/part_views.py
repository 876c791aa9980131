"""List, add, edit and delete pages shared by every structured part of a plan."""

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.submissions import AlreadySubmitted, once
from apps.core.text import as_id, quotable
from apps.plans import actions
from apps.plans.access import get_plan_for_user
from apps.plans.pages import page_context
from apps.plans.parts import Part, registry
from apps.plans.policy import Action
from apps.plans.views import part_rows


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go after a save: back to the page the drafter came from, if it is ours."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@require_GET
def part_list(request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id)
    part = registry.get(kind)
    qs = part.queryset(plan)
    if part.has_node:
        qs = qs.select_related("node")
    rows = part_rows(part, qs, access)
    return render(request, part.list_template, page_context(access, part=part, rows=rows))


def _form_page(request, plan, access, part: Part, form, item=None, conflict=None, status=200):
    context = page_context(
        access,
        part=part,
        form=form,
        item=item,
        conflict=conflict,
        next=_next_url(request, ""),
        can_edit=access.can(Action.EDIT, item) if item is not None else access.can_write,
    )
    extra = getattr(form, "page_context", None)
    if extra:
        context.update(extra())
    return render(request, part.form_template, context, status=status)


@require_http_methods(["GET", "POST"])
def part_create(request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id, write=True)
    part = registry.get(kind)
    if not part.has_node:
        # Parts without a node (indicator categories) are the plan's structure.
        access.require(Action.MANAGE, plan, request)
    initial = {
        name: value
        for name, value in request.GET.items()
        if name in part.form_class.base_fields and as_id(value) is not None
    }
    form = part.form_class(request.POST or None, plan=plan, access=access, initial=initial)
    if request.method == "POST" and form.is_valid():
        next_url = _next_url(request, part_url(plan, part))
        try:
            with once(request) as claim:
                actions.item_save(part, form, plan=plan, user=request.user, loaded_version=None)
                claim.done(next_url)
        except AlreadySubmitted as repeat:
            return repeat.response(request, next_url)
        messages.success(
            request,
            _("已添加%(what)s“%(name)s”。")
            % {"what": part.verbose_name, "name": quotable(form.instance)},
        )
        _after_save(request, part, plan, form.instance)
        return redirect(next_url)
    return _form_page(request, plan, access, part, form)


@require_http_methods(["GET", "POST"])
def part_edit(request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id)
    part = registry.get(kind)
    item = get_object_or_404(part.queryset(plan), pk=item_id)
    if request.method != "POST":
        form = part.form_class(instance=item, plan=plan, access=access)
        return _form_page(request, plan, access, part, form, item)

    access.require(Action.EDIT, item, request)
    form = part.form_class(request.POST, instance=item, plan=plan, access=access)
    if not form.is_valid():
        return _form_page(request, plan, access, part, form, item)
    loaded = form.cleaned_data.get("loaded_version") or item.version
    next_url = _next_url(request, part_url(plan, part))
    try:
        with once(request) as claim:
            result = actions.item_save(
                part, form, plan=plan, user=request.user, loaded_version=loaded
            )
            if result.saved:
                claim.done(next_url)
            else:
                transaction.set_rollback(True)
    except AlreadySubmitted as repeat:
        return repeat.response(request, next_url)
    if result.saved:
        messages.success(
            request,
            _("%(what)s“%(name)s”已保存。")
            % {"what": part.verbose_name, "name": quotable(form.instance)},
        )
        _after_save(request, part, plan, form.instance)
        return redirect(next_url)
    # Someone else saved first. Keep this user's input in the form, show the saved
    # version beside it, and accept the next save as a deliberate overwrite.
    current = part.queryset(plan).get(pk=item.pk)
    data = request.POST.copy()
    data["loaded_version"] = str(result.current_version)
    form = part.form_class(data, instance=current, plan=plan, access=access)
    form.is_valid()
    labels = [column.label for column in part.columns]
    conflict = {"current": current, "row": list(zip(labels, part.row(current), strict=True))}
    return _form_page(request, plan, access, part, form, current, conflict=conflict, status=409)


def _after_save(request, part: Part, plan, item) -> None:
    notice = getattr(part.form_class, "after_save_message", None)
    if notice:
        text = notice(item, plan)
        if text:
            messages.warning(request, text)


@require_http_methods(["GET", "POST"])
def part_delete(request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id, write=True)
    part = registry.get(kind)
    item = get_object_or_404(part.queryset(plan), pk=item_id)
    access.require(Action.EDIT, item, request)
    if request.method == "POST":
        name = str(item)
        try:
            actions.item_delete(part, item, actor=request.user)
        except (ProtectedError, RestrictedError) as exc:
            blocking = sorted({str(obj) for obj in exc.args[1]})[:5] if len(exc.args) > 1 else []
            messages.error(
                request,
                _("“%(name)s”仍被其他内容引用（%(refs)s），请先修改或删除这些内容。")
                % {"name": name, "refs": "、".join(blocking)},
            )
            return redirect(_next_url(request, part_url(plan, part)))
        messages.success(request, _("已删除“%(name)s”。") % {"name": quotable(name)})
        return redirect(_next_url(request, part_url(plan, part)))
    return render(
        request,
        "plans/part_delete.html",
        page_context(access, part=part, item=item, next=_next_url(request, "")),
    )


def part_url(plan, part: Part) -> str:
    from django.urls import reverse

    return reverse("part_list", args=[plan.pk, part.slug])
