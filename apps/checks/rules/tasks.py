"""三.2 统筹任务实施: key tasks, their leads, indicators and dependencies."""

from django.utils.translation import gettext as _

from apps.checks.data import PlanData
from apps.checks.registry import Finding, Severity, Thinking, check
from apps.checks.rules.common import (
    item_finding,
    scorecard_url,
)
from apps.delivery.forms import find_cycle
from apps.delivery.models import KeyTask

# 重点任务 ------------------------------------------------------------------------


@check(
    "tasks-lead",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.ERROR,
    title=_("每项重点任务都有牵头部门"),
)
def task_lead(data: PlanData) -> list[Finding]:
    return [
        item_finding(data, "key-tasks", t, _("重点任务“%(t)s”没有牵头部门。") % {"t": t.title})
        for t in data.tasks
        if t.lead_department_id is None
    ]


@check(
    "tasks-indicators",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.WARNING,
    title=_("每项重点任务都服务于指标"),
)
def task_serves_indicator(data: PlanData) -> list[Finding]:
    return [
        item_finding(
            data,
            "key-tasks",
            t,
            _("重点任务“%(t)s”没有对应的指标，完成与否无从衡量。") % {"t": t.title},
        )
        for t in data.tasks
        if not data.task_indicator_ids.get(t.pk)
    ]


@check(
    "tasks-no-cycles",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.ERROR,
    title=_("任务之间的依赖没有循环"),
)
def task_cycles(data: PlanData) -> list[Finding]:
    titles = {t.pk: t for t in data.tasks}
    findings, reported = [], set()
    for task in data.tasks:
        cycle = find_cycle(data.task_dependencies, task.pk)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            findings.append(
                item_finding(
                    data,
                    "key-tasks",
                    task,
                    _("重点任务之间形成了循环依赖：%(p)s。")
                    % {"p": " → ".join(titles[i].title for i in cycle)},
                )
            )
    return findings


@check(
    "tasks-areas",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.WARNING,
    title=_("九个任务领域都有安排或说明不适用"),
)
def task_areas(data: PlanData) -> list[Finding]:
    covered = {t.area for t in data.tasks}
    return [
        Finding(
            _("“%(a)s”领域还没有重点任务；如本地确不涉及，请在体检页说明不适用。")
            % {"a": area.label},
            scorecard_url(data),
        )
        for area in KeyTask.Area
        if area not in covered and f"area:{area.value}" not in data.exemptions
    ]
