from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.text import quotable
from apps.plans.access import get_plan_for_user
from apps.plans.actions import default_node
from apps.plans.imports import ImportResult, items_import
from apps.plans.pages import page_context
from apps.plans.parts import registry
from apps.targets.backcast import indicator_path
from apps.targets.forms import IndicatorForm
from apps.targets.models import Indicator, IndicatorCategory, PeriodTarget, VisionItem
from apps.targets.reference import national_table_for


@require_GET
def backcast(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The back-cast chain on one page: vision → stage targets → indicators, with gaps."""
    plan, access = get_plan_for_user(request, plan_id)
    visions = list(VisionItem.objects.filter(plan=plan))
    targets = list(PeriodTarget.objects.filter(plan=plan))
    indicators = list(Indicator.objects.filter(plan=plan).select_related("category", "plan"))

    by_target: dict[int | None, list] = {}
    for indicator in indicators:
        by_target.setdefault(indicator.target_id, []).append(
            (indicator, indicator_path(indicator, plan))
        )
    by_vision: dict[int, list] = {}
    for target in targets:
        by_vision.setdefault(target.vision_item_id, []).append(
            {"target": target, "indicators": by_target.get(target.pk, [])}
        )
    chain = [{"vision": v, "targets": by_vision.get(v.pk, [])} for v in visions]
    gaps = {
        "visions": sum(1 for row in chain if not row["targets"]),
        "targets": sum(1 for t in targets if t.pk not in by_target),
        "loose": len(by_target.get(None, [])),
        "off_path": sum(
            1 for _i, r in (p for rows in by_target.values() for p in rows) if r.off_path
        ),
    }
    context = page_context(
        access,
        chain=chain,
        loose_indicators=by_target.get(None, []),
        gaps=gaps,
        indicator_part=registry.get("indicators"),
    )
    return render(request, "targets/backcast.html", context)


@require_POST
def indicator_path_preview(request: HttpRequest, plan_id: int) -> HttpResponse:
    """htmx: the back-cast panel for what is typed in the indicator form right now."""
    plan, _access = get_plan_for_user(request, plan_id)
    form = IndicatorForm(request.POST, plan=plan)
    form.is_valid()
    return render(
        request, "targets/indicator_form.html#path-panel", {"plan": plan, **form.page_context()}
    )


@require_http_methods(["GET", "POST"])
def national_import(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Start the indicator table from the national outline's main indicators."""
    plan, access = get_plan_for_user(request, plan_id, write=request.method == "POST")
    table = national_table_for(plan.ordinal)
    existing = set(
        Indicator.objects.filter(plan=plan)
        .exclude(national_code="")
        .values_list("national_code", flat=True)
    )
    if request.method == "POST" and table:
        chosen = [
            i
            for i in table.indicators
            if i.code in request.POST.getlist("codes") and i.code not in existing
        ]
        if not chosen:
            messages.warning(request, _("没有选择需要导入的指标。"))
            return redirect("national_import", plan_id=plan.pk)
        node = default_node(registry.get("indicators"), plan, None)
        if node.pk not in access.editable_node_ids:
            messages.error(
                request,
                _("主要指标所在的“%(title)s”不由你所在部门负责或正在会签，不能导入。")
                % {"title": quotable(node.title)},
            )
            return redirect("national_import", plan_id=plan.pk)
        result = national_indicators_import(plan, chosen, actor=request.user, access=access)
        messages.success(
            request,
            _("已导入%(n)s项国家指标。基期值和目标值是全国数据，请改为本县数据。")
            % {"n": result.count("add")},
        )
        for row in result.errors:
            messages.error(
                request,
                _("“%(name)s”没有导入：%(why)s")
                % {
                    "name": row.values.get("name", ""),
                    "why": "；".join(message for _label, message in row.errors),
                },
            )
        return redirect("part_list", plan_id=plan.pk, kind="indicators")
    rows = [(i, i.code in existing) for i in table.indicators] if table else []
    return render(
        request, "targets/national_import.html", page_context(access, table=table, rows=rows)
    )


def national_indicators_import(plan, national_indicators, *, actor, access) -> ImportResult:
    """Add national indicators to the plan's table through the import seam: each
    row through the indicator form, as this user, with its revision."""
    part = registry.get("indicators")
    rows = []
    for number, ref in enumerate(national_indicators, start=1):
        probe = Indicator(
            target_operator=ref.target_operator,
            target_value=ref.target_value,
            target_text=ref.target_text,
            expression=ref.expression,
        )
        rows.append(
            (
                number,
                {
                    "category": ref.category,
                    "name": ref.name,
                    "unit": ref.unit,
                    "baseline_value": ref.baseline,
                    "baseline_data_year": ref.baseline_data_year,
                    "expression": ref.expression,
                    "target_input": probe.target_display(),
                    "attribute": ref.attribute,
                    "national_code": ref.code,
                },
            )
        )
    with transaction.atomic():
        # The national groups the table needs and the plan does not have yet.
        categories = set(IndicatorCategory.objects.filter(plan=plan).values_list("name", flat=True))
        for ref in national_indicators:
            if ref.category not in categories:
                IndicatorCategory.objects.create(
                    plan=plan, name=ref.category, position=len(categories) + 1
                )
                categories.add(ref.category)
        return items_import(
            part,
            plan.outline,
            rows,
            actor=actor,
            access=access,
            dry_run=False,
            note=_("从国家指标导入"),
        )
