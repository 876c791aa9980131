"""三.2 加强规划衔接、政策工具协同: linkage with the plans above and the policy tools."""

from django.utils.translation import gettext as _

from apps.checks.data import PlanData
from apps.checks.registry import Finding, Severity, Thinking, check
from apps.checks.rules.common import (
    item_finding,
    part_finding,
)
from apps.governance.models import PlanLinkage

# 系统：规划衔接、政策工具 ----------------------------------------------------------


@check(
    "linkage-upper",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.WARNING,
    title=_("衔接国家、省级发展规划和国土空间规划"),
)
def linkage_upper(data: PlanData) -> list[Finding]:
    present = {(link.level, link.kind) for link in data.linkages}
    findings = []
    for level in (PlanLinkage.Level.NATIONAL, PlanLinkage.Level.PROVINCIAL):
        if (level, PlanLinkage.Kind.DEVELOPMENT) not in present:
            findings.append(
                part_finding(
                    data,
                    "plan-linkages",
                    _("还没有写明与%(l)s发展规划的衔接。") % {"l": level.label},
                )
            )
    if not any(kind == PlanLinkage.Kind.TERRITORIAL for _level, kind in present):
        findings.append(part_finding(data, "plan-linkages", _("还没有写明与国土空间规划的衔接。")))
    return findings


@check(
    "policy-tools-linked",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.WARNING,
    title=_("政策工具都支撑重点任务"),
)
def tools_linked(data: PlanData) -> list[Finding]:
    findings = [
        item_finding(
            data, "policy-tools", tool, _("政策“%(n)s”没有支撑任何重点任务。") % {"n": tool.name}
        )
        for tool in data.policy_tools
        if not data.tool_task_ids.get(tool.pk)
    ]
    if not data.policy_tools:
        findings.append(part_finding(data, "policy-tools", _("还没有梳理政策工具。")))
    return findings
