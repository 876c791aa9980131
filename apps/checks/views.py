from django import forms
from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.checks import actions
from apps.checks.forms import WordingForm
from apps.checks.models import Exemption, Wording
from apps.checks.rules import national_comparison
from apps.checks.scorecard import run_checks
from apps.checks.wording import STARTER
from apps.core.text import quotable
from apps.delivery.models import KeyTask
from apps.plans.access import get_plan_for_user
from apps.plans.pages import page_context
from apps.plans.policy import Action
from apps.targets.models import Indicator

EXEMPTION_CHOICES = [
    *[
        (f"area:{area.value}", gettext_lazy("任务领域：%(a)s") % {"a": area.label})
        for area in KeyTask.Area
    ],
    ("new_infra", gettext_lazy("新型基础设施项目")),
]


class ExemptionForm(forms.Form):
    code = forms.ChoiceField(
        label=gettext_lazy("不适用的事项"),
        choices=EXEMPTION_CHOICES,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("理由"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


@require_GET
def scorecard(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id)
    return _scorecard_page(request, plan, access, ExemptionForm() if access.can_manage else None)


def _scorecard_page(request, plan, access, form) -> HttpResponse:
    card = run_checks(plan)
    indicators = list(Indicator.objects.filter(plan=plan).select_related("category"))
    for indicator in indicators:
        indicator.plan = plan  # the * flag needs the plan's years, not a query
    exemptions = list(Exemption.objects.filter(plan=plan).select_related("created_by"))
    labels = dict(EXEMPTION_CHOICES)
    for exemption in exemptions:
        exemption.label = labels.get(exemption.code, exemption.code)
    return render(
        request,
        "checks/scorecard.html",
        page_context(
            access,
            card=card,
            comparison=national_comparison(plan, indicators),
            exemptions=exemptions,
            exemption_form=form,
            wording_count=Wording.objects.filter(county_id=plan.county_id).count(),
        ),
    )


@require_POST
def exemption_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id)
    access.require(Action.MANAGE, plan, request)
    form = ExemptionForm(request.POST)
    if not form.is_valid():
        # Shown again with what was typed, so the reason is not lost.
        messages.error(request, _("请选择事项并写明不适用的理由。"))
        return _scorecard_page(request, plan, access, form)
    actions.exemption_set(
        plan,
        code=form.cleaned_data["code"],
        reason=form.cleaned_data["reason"],
        actor=request.user,
    )
    messages.success(request, _("已记录不适用说明。"))
    return redirect("scorecard", plan_id=plan.pk)


@require_POST
def exemption_remove(request: HttpRequest, plan_id: int, exemption_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id)
    access.require(Action.MANAGE, plan, request)
    exemption = get_object_or_404(Exemption, plan=plan, pk=exemption_id)
    actions.exemption_remove(exemption, actor=request.user)
    messages.success(request, _("已撤销不适用说明。"))
    return redirect("scorecard", plan_id=plan.pk)


def _wordings(plan):
    return Wording.objects.filter(county_id=plan.county_id)


def _wording_page(request, plan, access, form, *, editing=None) -> HttpResponse:
    return render(
        request,
        "checks/wording.html",
        page_context(
            access,
            wordings=_wordings(plan).select_related("created_by"),
            form=form,
            editing=editing,
            starter_missing=_starter_missing(plan),
        ),
    )


def _starter_missing(plan) -> int:
    have = set(_wordings(plan).values_list("discouraged", flat=True))
    return sum(1 for bad, _good, _reason in STARTER if bad not in have)


@require_http_methods(["GET", "POST"])
def wording_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The county's 规范表述: everyone reads it; the planning office keeps it."""
    plan, access = get_plan_for_user(request, plan_id)
    if request.method != "POST":
        form = WordingForm(county=plan.county) if access.can_manage else None
        return _wording_page(request, plan, access, form)
    access.require(Action.MANAGE, plan, request)
    form = WordingForm(request.POST, county=plan.county)
    if not _saved(form, request.user):
        return _wording_page(request, plan, access, form)
    messages.success(request, _("已添加“%(p)s”。") % {"p": quotable(form.instance.discouraged)})
    return redirect("wording_list", plan_id=plan.pk)


def _saved(form: WordingForm, actor) -> bool:
    """Valid and stored. Someone adding the same phrase at the same moment passes
    the form's check too; the unique constraint then refuses, with the message the
    form gives."""
    if not form.is_valid():
        return False
    try:
        actions.wording_save(form.instance, actor=actor)
    except IntegrityError:
        form.add_error(
            "discouraged", _("词表中已有“%(p)s”。") % {"p": form.cleaned_data["discouraged"]}
        )
        return False
    return True


@require_http_methods(["GET", "POST"])
def wording_edit(request: HttpRequest, plan_id: int, wording_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id)
    wording = get_object_or_404(_wordings(plan), pk=wording_id)
    access.require(Action.MANAGE, plan, request)
    # The form writes what was posted into the instance while validating: the
    # page names the entry as it is stored.
    editing = Wording(pk=wording.pk, discouraged=wording.discouraged)
    form = WordingForm(request.POST or None, instance=wording, county=plan.county)
    if request.method == "POST":
        if _saved(form, request.user):
            messages.success(request, _("已保存“%(p)s”。") % {"p": quotable(wording.discouraged)})
            return redirect("wording_list", plan_id=plan.pk)
        return _wording_page(request, plan, access, form, editing=editing)
    return _wording_page(request, plan, access, form, editing=editing)


@require_POST
def wording_delete(request: HttpRequest, plan_id: int, wording_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id)
    wording = get_object_or_404(_wordings(plan), pk=wording_id)
    access.require(Action.MANAGE, plan, request)
    actions.wording_delete(wording, actor=request.user)
    messages.success(request, _("已删除“%(p)s”。") % {"p": quotable(wording.discouraged)})
    return redirect("wording_list", plan_id=plan.pk)


@require_POST
def wording_starter(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id)
    access.require(Action.MANAGE, plan, request)
    added = actions.wording_add_starter(plan.county, actor=request.user)
    if added:
        messages.success(request, _("已从推荐词表添加%(n)s条。") % {"n": added})
    else:
        messages.info(request, _("推荐词表的条目都已在本县词表中。"))
    return redirect("wording_list", plan_id=plan.pk)
