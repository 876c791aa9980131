"""六.4 抓要事、办大事、做实事: the major projects and the money behind them."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.checks.data import PlanData
from apps.checks.registry import Finding, Severity, Thinking, check
from apps.checks.rules.common import (
    item_finding,
    part_finding,
    scorecard_url,
)
from apps.delivery.models import MajorProject
from apps.targets.models import format_number

# 重大项目：抓要事、办大事、做实事 ------------------------------------------------------


@check(
    "projects-years",
    thinking=Thinking.SCIENTIFIC,
    section="六.4",
    severity=Severity.ERROR,
    title=_("项目建设期落在或跨越规划期"),
)
def project_years(data: PlanData) -> list[Finding]:
    first, last = data.plan.base_year + 1, data.plan.target_year
    return [
        item_finding(
            data,
            "major-projects",
            p,
            _("项目“%(n)s”的建设期%(s)s—%(e)s年不在规划期%(a)s—%(b)s年之内。")
            % {"n": p.name, "s": p.start_year, "e": p.end_year, "a": first, "b": last},
        )
        for p in data.projects
        if p.end_year < first or p.start_year > last
    ]


@check(
    "projects-period-investment",
    thinking=Thinking.SCIENTIFIC,
    section="六.4",
    severity=Severity.ERROR,
    title=_("期内投资不超过总投资"),
)
def project_period_investment(data: PlanData) -> list[Finding]:
    return [
        item_finding(
            data, "major-projects", p, _("项目“%(n)s”的期内投资超过了总投资。") % {"n": p.name}
        )
        for p in data.projects
        if p.period_investment > p.total_investment
    ]


@check(
    "projects-funding",
    thinking=Thinking.SCIENTIFIC,
    section="六.4",
    severity=Severity.WARNING,
    title=_("资金来源合计等于总投资"),
)
def project_funding(data: PlanData) -> list[Finding]:
    return [
        item_finding(
            data,
            "major-projects",
            p,
            _("项目“%(n)s”各来源资金合计%(f)s万元，与总投资%(t)s万元不符。")
            % {
                "n": p.name,
                "f": format_number(p.funding_total),
                "t": format_number(p.total_investment),
            },
        )
        for p in data.projects
        if p.funding_total != p.total_investment
    ]


@check(
    "projects-kinds",
    thinking=Thinking.STRATEGIC,
    section="六.4",
    severity=Severity.WARNING,
    title=_("要事、大事、实事都有安排"),
)
def project_kinds(data: PlanData) -> list[Finding]:
    present = {p.significance for p in data.projects}
    return [
        part_finding(data, "major-projects", _("还没有“%(k)s”类项目。") % {"k": kind.label})
        for kind in MajorProject.Significance
        if kind not in present
    ]


@check(
    "projects-new-infra",
    thinking=Thinking.INNOVATIVE,
    section="一.2",
    severity=Severity.HINT,
    title=_("新型基础设施有安排或说明不需要"),
)
def project_new_infra(data: PlanData) -> list[Finding]:
    if "new_infra" in data.exemptions or any(
        p.category == MajorProject.Category.NEW_INFRA for p in data.projects
    ):
        return []
    return [
        Finding(
            _("还没有新型基础设施（5G、工业互联网、数据中心等）项目；如确不需要，请在体检页说明。"),
            scorecard_url(data),
        )
    ]


def public_money_in_period(project: MajorProject) -> Decimal:
    """Government and special-bond money spent within the plan period (万元)."""
    if not project.total_investment:
        return Decimal(0)
    public = (project.funding_government or 0) + (project.funding_special_bonds or 0)
    return project.period_investment * public / project.total_investment


@check(
    "projects-fiscal-capacity",
    thinking=Thinking.STRATEGIC,
    section="三.1",
    severity=Severity.WARNING,
    title=_("政府资金需求不超过可统筹财力"),
)
def fiscal_capacity(data: PlanData) -> list[Finding]:
    capacity = data.plan.fiscal_capacity
    if capacity is None:
        return []
    need = sum((public_money_in_period(p) for p in data.projects), Decimal(0))
    if need <= capacity:
        return []
    return [
        Finding(
            _("重大项目期内需要政府投资和专项债约%(n)s万元，超过了期内可统筹财力%(c)s万元。")
            % {"n": format_number(need.quantize(Decimal(1))), "c": format_number(capacity)},
            reverse("plan_settings", args=[data.plan.pk]),
        )
    ]
