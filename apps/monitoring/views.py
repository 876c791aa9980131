"""Monitoring pages: the dashboard, a year's board, a department's entry page.

Every view reaches the plan through the access helper; what a user may do to a
row is asked of the one policy (Action.REPORT to fill it in, Action.DECIDE to
accept or send it back, Action.MANAGE on the plan to open, lock and reopen a
year).
"""

from decimal import Decimal

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.models import Department
from apps.core.text import as_id
from apps.monitoring import actions
from apps.monitoring.charts import progress_charts
from apps.monitoring.forms import (
    AcceptForm,
    IndicatorValueForm,
    ProjectProgressForm,
    ReopenForm,
    ReturnForm,
    SettingsForm,
    YearOpenForm,
)
from apps.monitoring.models import (
    IndicatorValue,
    MonitoringSettings,
    MonitoringYear,
    ProjectProgress,
    ReportState,
)
from apps.monitoring.summary import (
    completed_before,
    indicator_board,
    project_board,
    tolerance_for,
)
from apps.plans.access import PlanAccess, get_plan_for_user
from apps.plans.pages import page_context
from apps.plans.policy import Action

ROW_MODELS = {"indicators": IndicatorValue, "projects": ProjectProgress}


def _period(plan, year: int) -> MonitoringYear:
    period = MonitoringYear.objects.filter(plan=plan, year=year).first()
    if period is None:
        raise Http404("no such monitoring year")
    period.plan = plan
    return period


def _state_counts(plan) -> dict[int, dict[str, int]]:
    """Per year: rows in each state, both kinds together (two queries)."""
    counts: dict[int, dict[str, int]] = {}
    for model in ROW_MODELS.values():
        for year, state, n in (
            model.objects.filter(plan=plan)
            .values_list("period__year", "state")
            .annotate(n=Count("id"))
            .order_by()
        ):
            per = counts.setdefault(year, {})
            per[state] = per.get(state, 0) + n
    return counts


@require_GET
def dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id)
    adopted = plan.outline.is_adopted
    periods = list(MonitoringYear.objects.filter(plan=plan))
    counts = _state_counts(plan)
    years = [
        {
            "period": p,
            "counts": counts.get(p.year, {}),
            "total": sum(counts.get(p.year, {}).values()),
        }
        for p in periods
    ]
    tolerance = tolerance_for(plan)
    board = indicator_board(plan, tolerance=tolerance)
    projects = project_board(plan)
    context = page_context(
        access,
        adopted=adopted,
        years=years,
        board=board,
        projects=projects,
        charts=progress_charts(plan, board),
        tolerance=tolerance,
        open_form=YearOpenForm(plan=plan, opened={p.year for p in periods})
        if access.can_manage and adopted
        else None,
        settings_form=SettingsForm(instance=MonitoringSettings(plan=plan, tolerance=tolerance))
        if access.can_manage
        else None,
    )
    return render(request, "monitoring/dashboard.html", context)


@require_POST
def year_open(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request, plan_id, manage=True)
    if not plan.outline.is_adopted:
        messages.error(request, _("规划纲要审议通过后才能开展年度监测。"))
        return redirect("monitoring_dashboard", plan.pk)
    opened = set(MonitoringYear.objects.filter(plan=plan).values_list("year", flat=True))
    form = YearOpenForm(request.POST, plan=plan, opened=opened)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("monitoring_dashboard", plan.pk)
    try:
        period = actions.year_open(
            plan,
            year=form.cleaned_data["year"],
            due_date=form.cleaned_data["due_date"],
            actor=request.user,
        )
    except actions.MonitoringRefused as exc:
        messages.error(request, exc.message)
        return redirect("monitoring_dashboard", plan.pk)
    messages.success(
        request, _("已开启%(year)s年度监测，并通知各填报部门。") % {"year": period.year}
    )
    return redirect("monitoring_year", plan.pk, period.year)


@require_POST
def settings_save(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request, plan_id, manage=True)
    instance = MonitoringSettings.objects.filter(plan=plan).first() or MonitoringSettings(plan=plan)
    form = SettingsForm(request.POST, instance=instance)
    if form.is_valid():
        form.save()
        messages.success(request, _("已保存监测设置。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("容差：%(e)s") % {"e": error})
    return redirect("monitoring_dashboard", plan.pk)


def _rows(period: MonitoringYear, department_id: int | None = None):
    indicators = IndicatorValue.objects.filter(period=period).select_related(
        "indicator", "department", "updated_by"
    )
    projects = ProjectProgress.objects.filter(period=period).select_related(
        "project", "department", "updated_by"
    )
    if department_id is not None:
        indicators = indicators.filter(department_id=department_id)
        projects = projects.filter(department_id=department_id)
    indicators = list(indicators)
    projects = list(projects)
    for row in (*indicators, *projects):
        row.period = period
        row.plan = period.plan
    return indicators, projects


# The board's row lists, by what is to be done with them.
BOARD_FILTERS = {
    "submitted": (gettext_lazy("待审核"), {ReportState.SUBMITTED}),
    "owed": (gettext_lazy("待填报"), {ReportState.OWED, ReportState.RETURNED}),
    "accepted": (gettext_lazy("已审核"), {ReportState.ACCEPTED}),
    "all": (gettext_lazy("全部"), set(ReportState.values)),
}


@require_GET
def year_board(request: HttpRequest, plan_id: int, year: int) -> HttpResponse:
    """What each department owes for the year, and the rows to review (those
    waiting for review by default; by state and department on request)."""
    plan, access = get_plan_for_user(request, plan_id)
    period = _period(plan, year)
    indicators, projects = _rows(period)
    departments: dict[str, dict] = {}
    for row in (*indicators, *projects):
        name = row.department.name if row.department else _("（未分配）")
        entry = departments.setdefault(name, {"name": name, "id": row.department_id, "total": 0})
        entry[row.state] = entry.get(row.state, 0) + 1
        entry["total"] += 1
    shown = request.GET.get("show", "submitted")
    if shown not in BOARD_FILTERS:
        shown = "submitted"
    states = BOARD_FILTERS[shown][1]
    department = request.GET.get("department", "")
    department_id = as_id(department)

    def listed(rows):
        return [
            r
            for r in rows
            if r.state in states and (department_id is None or r.department_id == department_id)
        ]

    county_departments = (
        list(Department.objects.filter(county_id=plan.county_id)) if access.can_manage else []
    )
    context = page_context(
        access,
        period=period,
        indicator_rows=listed(indicators),
        project_rows=listed(projects),
        departments=sorted(departments.values(), key=lambda d: (-d.get("owed", 0), d["name"])),
        filters=[(key, label) for key, (label, _states) in BOARD_FILTERS.items()],
        shown=shown,
        department_id=department_id,
        # The same options for every row's 改派 list: written once, not per row.
        department_options=format_html_join(
            "", '<option value="{}">{}</option>', ((d.pk, d.name) for d in county_departments)
        ),
        accept_form=AcceptForm(),
    )
    return render(request, "monitoring/year.html", context)


def _entry_department(request, access: PlanAccess) -> int | None:
    """Whose rows the entry page shows: the department asked for when the user may
    report for it, else the user's own (the first of several)."""
    asked = request.GET.get("department") or request.POST.get("department")
    own = sorted(access.principal.departments)
    asked_id = as_id(asked)
    if asked_id is not None and (access.can_manage or asked_id in own):
        return asked_id
    if own:
        return own[0]
    return None


def _last_values(period: MonitoringYear, indicator_ids) -> dict[int, tuple[int, Decimal]]:
    last: dict[int, tuple[int, Decimal]] = {}
    for indicator_id, year, value in (
        IndicatorValue.objects.filter(
            plan=period.plan, indicator_id__in=indicator_ids, period__year__lt=period.year
        )
        .exclude(value=None)
        .order_by("period__year")
        .values_list("indicator_id", "period__year", "value")
    ):
        last[indicator_id] = (year, value)
    return last


@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, plan_id: int, year: int) -> HttpResponse:
    """A department's rows for the year, one small form each (made for a phone)."""
    plan, access = get_plan_for_user(request, plan_id)
    period = _period(plan, year)
    department_id = _entry_department(request, access)
    if department_id is None and not access.can_manage:
        indicators, projects = [], []
    else:
        indicators, projects = _rows(period, department_id)
    before = completed_before(period, [r.project_id for r in projects])
    last = _last_values(period, [r.indicator_id for r in indicators])

    bound = None
    if request.method == "POST":
        kind, row_id = request.POST.get("row_kind"), request.POST.get("row_id", "")
        pool = {"indicators": indicators, "projects": projects}.get(kind, [])
        row = next((r for r in pool if str(r.pk) == row_id), None)
        if row is None:
            messages.error(request, _("找不到要保存的这一行：它可能已改派给其他部门。请刷新页面。"))
            return redirect(request.get_full_path())
        if not access.can(Action.REPORT, row):
            if row.period.is_locked:
                messages.error(
                    request,
                    _("%(year)s年度已锁定，数据不能再修改；如需更正，请联系规划办重新打开该年度。")
                    % {"year": year},
                )
                return redirect(request.get_full_path())
            if row.state == ReportState.ACCEPTED:
                messages.error(request, _("这一行已审核通过，如需更正请联系规划办退回。"))
                return redirect(request.get_full_path())
            access.require(Action.REPORT, row, request)
        form = _form(row, before, data=request.POST)
        if form.is_valid():
            try:
                actions.row_report(row, form, actor=request.user)
            except actions.MonitoringRefused as exc:
                form.add_error(None, exc.message)
            else:
                for note in form.notes:
                    messages.info(request, note)
                messages.success(request, _("已报送“%(name)s”。") % {"name": _row_name(row)})
                return redirect(f"{request.get_full_path()}#row-{kind}-{row.pk}")
        bound = (kind, row.pk, form)

    def cards(rows, kind):
        result = []
        for row in rows:
            if bound and bound[0] == kind and bound[1] == row.pk:
                form = bound[2]
            else:
                form = _form(row, before) if access.can(Action.REPORT, row) else None
            result.append(
                {"row": row, "form": form, "last": last.get(getattr(row, "indicator_id", None))}
            )
        return result

    departments = (
        Department.objects.filter(county_id=plan.county_id)
        if access.can_manage
        else Department.objects.filter(pk__in=access.principal.departments)
    )
    context = page_context(
        access,
        period=period,
        department_id=department_id,
        departments=departments,
        indicator_cards=cards(indicators, "indicators"),
        project_cards=cards(projects, "projects"),
    )
    return render(request, "monitoring/entry.html", context, status=400 if bound else 200)


def _form(row, before, data=None):
    if isinstance(row, IndicatorValue):
        return IndicatorValueForm(data, instance=row, prefix=f"i{row.pk}")
    return ProjectProgressForm(
        data,
        instance=row,
        prefix=f"p{row.pk}",
        completed_before=before.get(row.project_id, Decimal(0)),
    )


def _row_name(row) -> str:
    return row.indicator.name if isinstance(row, IndicatorValue) else row.project.name


@require_POST
def row_review(request: HttpRequest, plan_id: int, year: int, kind: str, row_id: int):
    """The planning office accepts a row, sends it back with a reason, or gives it
    to another department."""
    plan, access = get_plan_for_user(request, plan_id)
    period = _period(plan, year)
    model = ROW_MODELS.get(kind)
    if model is None:
        raise Http404("no such kind")
    related = "indicator" if model is IndicatorValue else "project"
    row = model.objects.filter(period=period, pk=row_id).select_related(related).first()
    if row is None:
        raise Http404("no such row")
    row.period, row.plan = period, plan
    decision = request.POST.get("decision")
    back = redirect(f"{reverse('monitoring_year', args=[plan.pk, year])}#row-{kind}-{row.pk}")
    if decision == "assign":
        access.require(Action.MANAGE, plan, request)
        raw = request.POST.get("department", "")
        department = Department.objects.filter(county_id=plan.county_id, pk=as_id(raw) or 0).first()
        if department is None:
            messages.error(request, _("请选择本县的一个部门。"))
            return back
        try:
            actions.row_assign(row, actor=request.user, department=department)
        except actions.MonitoringRefused as exc:
            messages.error(request, exc.message)
        return back
    access.require(Action.DECIDE, row, request)
    try:
        if decision == "accept":
            form = AcceptForm(request.POST)
            judged = form.cleaned_data["judged"] if form.is_valid() else ""
            actions.row_accept(row, actor=request.user, judged=judged)
            messages.success(request, _("已审核“%(name)s”。") % {"name": _row_name(row)})
        elif decision == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("退回时请写明原因（不超过300字）。"))
                return back
            actions.row_return(row, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("已退回“%(name)s”。") % {"name": _row_name(row)})
        else:
            messages.error(request, _("未知的操作。"))
    except actions.MonitoringRefused as exc:
        messages.error(request, exc.message)
    return back


@require_POST
def year_lock(request: HttpRequest, plan_id: int, year: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request, plan_id, manage=True)
    period = _period(plan, year)
    try:
        actions.year_lock(period, actor=request.user)
        messages.success(request, _("已锁定%(year)s年度监测数据。") % {"year": year})
    except actions.MonitoringRefused as exc:
        messages.error(request, exc.message)
    return redirect("monitoring_year", plan.pk, year)


@require_POST
def year_reopen(request: HttpRequest, plan_id: int, year: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request, plan_id, manage=True)
    period = _period(plan, year)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("重新打开时请写明原因（不超过300字）。"))
        return redirect("monitoring_year", plan.pk, year)
    try:
        actions.year_reopen(period, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("已重新打开%(year)s年度，修改将记入操作记录。") % {"year": year}
        )
    except actions.MonitoringRefused as exc:
        messages.error(request, exc.message)
    return redirect("monitoring_year", plan.pk, year)


@require_POST
def year_remind(request: HttpRequest, plan_id: int, year: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request, plan_id, manage=True)
    period = _period(plan, year)
    try:
        sent = actions.departments_remind(period, actor=request.user)
        messages.success(request, _("已提醒尚未报送的部门（%(n)s人）。") % {"n": sent})
    except actions.MonitoringRefused as exc:
        messages.error(request, exc.message)
    return redirect("monitoring_year", plan.pk, year)
