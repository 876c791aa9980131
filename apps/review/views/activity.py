"""The plan's activity log (操作记录), filtered and paged."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.plans.access import get_plan_for_user
from apps.plans.models import OutlineNode
from apps.plans.pages import page_context
from apps.review.forms import (
    ActivityFilterForm,
)
from apps.review.models import Opinion

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
