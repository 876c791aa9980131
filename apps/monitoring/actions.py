"""Writing the monitoring data: opening a year, reporting, reviewing, locking.

Each function is one transaction and leaves a line in the activity log; a row's
state changes with a conditional update whose row count is checked, so two
people acting on the same row at once cannot both succeed.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Department, Role
from apps.core.activity import log_activity
from apps.core.text import quotable
from apps.delivery.models import MajorProject
from apps.monitoring.models import (
    REPORTABLE_STATES,
    IndicatorValue,
    MonitoringYear,
    ProjectProgress,
    ProjectStatus,
    ReportState,
)
from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.plans.policy import Action, users_who
from apps.targets.models import Indicator
from apps.targets.progress import Standing


class MonitoringRefused(Exception):
    """The year or the row is no longer in the state the action needs."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _entry_url(period: MonitoringYear) -> str:
    return reverse("monitoring_entry", args=[period.plan_id, period.year])


def _departments_by_name(plan) -> dict[str, Department]:
    return {d.name: d for d in Department.objects.filter(county_id=plan.county_id)}


def _department_of_unit(names: dict, unit: str, county_name: str) -> Department | None:
    """The department a project's 责任单位 names, written with or without the
    county in front (县发展和改革局, 示范县教育局)."""
    unit = (unit or "").strip()
    for candidate in (unit, unit.removeprefix(county_name), unit.removeprefix("县")):
        if candidate in names:
            return names[candidate]
    return None


def year_open(plan, *, year: int, due_date: date, actor) -> MonitoringYear:
    """Open ``year``: a row for every indicator and every major project, each with
    the department that reports it (last year's when there was one, else the
    indicator's data source department or the project's 责任单位, else the lead
    department of the chapter that presents it). A project's status carries over."""
    with transaction.atomic():
        if MonitoringYear.objects.filter(plan=plan, year=year).exists():
            raise MonitoringRefused(_("%(year)s年度的监测已经开启。") % {"year": year})
        period = MonitoringYear.objects.create(
            plan=plan, year=year, due_date=due_date, opened_by=actor
        )
        last = MonitoringYear.objects.filter(plan=plan, year__lt=year).order_by("-year").first()
        earlier_ind = (
            dict(
                IndicatorValue.objects.filter(period=last).values_list(
                    "indicator_id", "department_id"
                )
            )
            if last
            else {}
        )
        earlier_proj = (
            {
                row["project_id"]: row
                for row in ProjectProgress.objects.filter(period=last).values(
                    "project_id", "department_id", "status", "started_on", "completed_on"
                )
            }
            if last
            else {}
        )
        indicators = Indicator.objects.filter(plan=plan).select_related("node")
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                period=period,
                plan=plan,
                indicator=indicator,
                department_id=earlier_ind.get(indicator.pk)
                or indicator.source_department_id
                or indicator.node.lead_department_id,
            )
            for indicator in indicators
        )
        names = _departments_by_name(plan)
        rows = []
        for project in MajorProject.objects.filter(plan=plan).select_related("node"):
            before = earlier_proj.get(project.pk, {})
            by_name = _department_of_unit(names, project.lead_unit, plan.county.name)
            rows.append(
                ProjectProgress(
                    period=period,
                    plan=plan,
                    project=project,
                    department_id=before.get("department_id")
                    or (by_name.pk if by_name else None)
                    or project.node.lead_department_id,
                    status=before.get("status") or ProjectStatus.PREPARING,
                    started_on=before.get("started_on"),
                    completed_on=before.get("completed_on"),
                )
            )
        ProjectProgress.objects.bulk_create(rows)
        log_activity(actor, "monitoring_open", plan, year=year, due_date=due_date.isoformat())
        _tell_departments(period, actor, stamp="open")
    return period


def _tell_departments(period: MonitoringYear, actor, *, stamp: str) -> int:
    """One message per department that still owes rows, to its drafters; once per
    department and ``stamp`` (the opening, a day, a due date)."""
    owed = {}
    for model in (IndicatorValue, ProjectProgress):
        for department_id, count in (
            model.objects.filter(period=period, state__in=[ReportState.OWED, ReportState.RETURNED])
            .exclude(department=None)
            .values_list("department_id")
            .annotate(n=Count("id"))
        ):
            owed[department_id] = owed.get(department_id, 0) + count
    sent = 0
    for department_id, count in owed.items():
        probe = IndicatorValue(period=period, plan=period.plan, department_id=department_id)
        recipients = users_who(Action.REPORT, probe, roles=[Role.DRAFTER])
        created = notify(
            recipients,
            Notification.Kind.MONITORING,
            _("请报送%(year)s年度监测数据（%(n)s项，%(due)s前）")
            % {"year": period.year, "n": count, "due": period.due_date},
            url=_entry_url(period),
            dedupe_key=f"monitoring:{period.pk}:{department_id}:{stamp}",
            exclude=actor,
        )
        sent += len(created)
    return sent


def departments_remind(period: MonitoringYear, *, actor) -> int:
    """Remind every department that still owes rows (at most once a day each)."""
    if period.is_locked:
        raise MonitoringRefused(_("该年度已锁定。"))
    sent = _tell_departments(period, actor, stamp=timezone.localdate().isoformat())
    log_activity(actor, "monitoring_remind", period.plan, year=period.year, sent=sent)
    return sent


def remind_due_soon(today: date, window: timedelta) -> int:
    """Remind the departments that still owe rows of a year due within ``window``:
    once per department and due date, however often this runs."""
    sent = 0
    periods = MonitoringYear.objects.filter(
        status=MonitoringYear.Status.OPEN, due_date__gte=today, due_date__lte=today + window
    ).select_related("plan")
    for period in periods:
        sent += _tell_departments(period, None, stamp=f"due:{period.due_date.isoformat()}")
    return sent


def _claim(row, expected, **changes) -> None:
    """Move ``row`` on, provided its state and version are what the caller saw and
    its year is still open."""
    model = type(row)
    changed = model.objects.filter(
        pk=row.pk, state__in=expected, version=row.version, period__status="open"
    ).update(version=F("version") + 1, updated_at=timezone.now(), **changes)
    if not changed:
        current = model.objects.select_related("period").get(pk=row.pk)
        if current.period.is_locked:
            raise MonitoringRefused(
                _("%(year)s年度已锁定，数据不能再修改；如需更正，请规划办重新打开该年度。")
                % {"year": current.period.year}
            )
        raise MonitoringRefused(
            _("这一行已被他人处理（当前状态：%(state)s），操作没有执行。请刷新页面后再看。")
            % {"state": current.get_state_display()}
        )
    for name, value in changes.items():
        setattr(row, name, value)
    row.version += 1


def row_report(row, form, *, actor) -> None:
    """Save what a department reported and send it to the planning office. ``form``
    is the row's valid form (it carries the new values on ``row``)."""
    fields = {name: getattr(form.instance, name) for name in _saved_fields(row)}
    with transaction.atomic():
        _claim(
            row,
            REPORTABLE_STATES,
            state=ReportState.SUBMITTED,
            updated_by_id=actor.pk,
            submitted_at=timezone.now(),
            return_reason="",
            **fields,
        )
        log_activity(
            actor,
            "monitoring_report",
            row,
            year=row.period.year,
            value=_row_summary(row),
        )
        if isinstance(row, IndicatorValue):
            warn_if_lagging(row, actor=actor)


def _saved_fields(row) -> list[str]:
    if isinstance(row, IndicatorValue):
        return ["value", "progress_text", "source", "note"]
    return [
        "planned_investment",
        "completed_investment",
        "status",
        "started_on",
        "completed_on",
        "note",
    ]


def _row_summary(row) -> str:
    from apps.core.cells import number_text

    if isinstance(row, IndicatorValue):
        return number_text(row.value) or row.progress_text[:60]
    return number_text(row.completed_investment)


def row_accept(row, *, actor, judged: str = "") -> None:
    with transaction.atomic():
        changes = {"state": ReportState.ACCEPTED}
        if isinstance(row, IndicatorValue):
            changes["judged"] = judged
        _claim(row, [ReportState.SUBMITTED], **changes)
        log_activity(actor, "monitoring_accept", row, year=row.period.year)
        if isinstance(row, IndicatorValue) and judged:
            warn_if_lagging(row, actor=actor)


def row_return(row, *, actor, reason: str) -> None:
    with transaction.atomic():
        _claim(
            row,
            [ReportState.SUBMITTED, ReportState.ACCEPTED],
            state=ReportState.RETURNED,
            return_reason=reason,
        )
        log_activity(actor, "monitoring_return", row, year=row.period.year, reason=reason)
        recipients = users_who(Action.REPORT, row, roles=[Role.DRAFTER])
        notify(
            recipients,
            Notification.Kind.MONITORING,
            _("%(year)s年度“%(name)s”被退回修改") % {"year": row.period.year, "name": _name(row)},
            body=reason,
            url=_entry_url(row.period),
            exclude=actor,
        )


def row_assign(row, *, actor, department: Department | None) -> None:
    """Give a row to another department (the planning office's call)."""
    with transaction.atomic():
        _claim(row, list(ReportState.values), department=department)
        log_activity(
            actor,
            "monitoring_assign",
            row,
            year=row.period.year,
            department=department.name if department else "",
        )


def _name(row) -> str:
    return quotable(row.indicator.name if isinstance(row, IndicatorValue) else row.project.name)


def warn_if_lagging(row: IndicatorValue, *, actor) -> bool:
    """A binding indicator that lags after this value: tell the planning office and
    the department at once (once per indicator and year)."""
    from apps.monitoring.summary import judge_row, tolerance_for

    indicator = row.indicator
    if indicator.attribute != Indicator.Attribute.BINDING or not row.filled:
        return False
    plan = row.plan
    actuals = dict(
        IndicatorValue.objects.filter(indicator=indicator)
        .exclude(value=None)
        .values_list("period__year", "value")
    )
    progress = judge_row(indicator, plan, tolerance_for(plan), actuals, row.period.year, row)
    if progress.standing != Standing.LAGGING:
        return False
    recipients = list(users_who(Action.MANAGE, plan)) + list(
        users_who(Action.REPORT, row, roles=[Role.DRAFTER], ignore_state=True)
    )
    notify(
        recipients,
        Notification.Kind.WARNING,
        _("约束性指标“%(name)s”%(year)s年滞后于时序进度")
        % {"name": indicator.name, "year": row.period.year},
        body=progress.reason
        or _("完成进度%(p)s%%，时序进度%(s)s%%。")
        % {"p": progress.progress_pct, "s": progress.schedule_pct},
        url=reverse("monitoring_dashboard", args=[plan.pk]),
        dedupe_key=f"lag:{indicator.pk}:{row.period.year}",
    )
    log_activity(actor, "monitoring_warning", row, year=row.period.year)
    return True


def year_lock(period: MonitoringYear, *, actor) -> None:
    """Lock the year. Rows not yet accepted stay as they are, and are listed on the
    board; the coordinator locks knowingly."""
    with transaction.atomic():
        changed = MonitoringYear.objects.filter(
            pk=period.pk, status=MonitoringYear.Status.OPEN
        ).update(status=MonitoringYear.Status.LOCKED, locked_at=timezone.now())
        if not changed:
            raise MonitoringRefused(_("该年度已经锁定。"))
        period.status = MonitoringYear.Status.LOCKED
        open_rows = sum(
            model.objects.filter(period=period).exclude(state=ReportState.ACCEPTED).count()
            for model in (IndicatorValue, ProjectProgress)
        )
        log_activity(actor, "monitoring_lock", period.plan, year=period.year, unaccepted=open_rows)


def year_reopen(period: MonitoringYear, *, actor, reason: str) -> None:
    with transaction.atomic():
        changed = MonitoringYear.objects.filter(
            pk=period.pk, status=MonitoringYear.Status.LOCKED
        ).update(status=MonitoringYear.Status.OPEN, locked_at=None)
        if not changed:
            raise MonitoringRefused(_("该年度没有锁定。"))
        period.status = MonitoringYear.Status.OPEN
        log_activity(actor, "monitoring_reopen", period.plan, year=period.year, reason=reason)
