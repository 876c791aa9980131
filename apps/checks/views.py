from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from apps.checks import actions
from apps.checks.models import Exemption
from apps.checks.rules import national_comparison
from apps.checks.scorecard import run_checks
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
