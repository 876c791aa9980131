"""四.3 动态比较优势 and 四.4 经济地理新空间: advantages and regional links."""

from django.utils.translation import gettext as _

from apps.checks.data import PlanData
from apps.checks.registry import Finding, Severity, Thinking, check
from apps.checks.rules.common import (
    item_finding,
    part_finding,
)
from apps.positioning.models import ComparativeAdvantage

# 动态比较优势 --------------------------------------------------------------------


@check(
    "advantages-kinds",
    thinking=Thinking.ITERATIVE,
    section="四.3",
    severity=Severity.WARNING,
    title=_("传统优势、新优势、潜在优势齐全"),
)
def advantage_kinds(data: PlanData) -> list[Finding]:
    present = {a.kind for a in data.advantages}
    return [
        part_finding(data, "advantages", _("还没有梳理“%(k)s”。") % {"k": kind.label})
        for kind in ComparativeAdvantage.Kind
        if kind not in present
    ]


@check(
    "advantages-tasks",
    thinking=Thinking.ITERATIVE,
    section="四.3",
    severity=Severity.WARNING,
    title=_("每项比较优势都有重点任务去发挥"),
)
def advantage_used(data: PlanData) -> list[Finding]:
    used = set().union(*data.task_advantage_ids.values()) if data.task_advantage_ids else set()
    return [
        item_finding(
            data, "advantages", a, _("优势“%(n)s”没有对应的重点任务来发挥。") % {"n": a.name}
        )
        for a in data.advantages
        if a.pk not in used
    ]


@check(
    "advantages-on-site",
    thinking=Thinking.SCIENTIFIC,
    section="一.1",
    severity=Severity.WARNING,
    title=_("黏性要素就地转化"),
)
def sticky_on_site(data: PlanData) -> list[Finding]:
    return [
        item_finding(
            data,
            "advantages",
            a,
            _("“%(n)s”依托的%(f)s具有属地黏性，宜写明如何就地转化为经济优势，而不是外运外输。")
            % {"n": a.name, "f": a.get_factor_display()},
        )
        for a in data.advantages
        if a.is_sticky and a.utilisation != ComparativeAdvantage.Utilisation.ON_SITE
    ]


@check(
    "advantages-tier-linkage",
    thinking=Thinking.OPEN,
    section="四.3",
    severity=Severity.HINT,
    title=_("比较优势有梯次联动和合作地区"),
)
def tier_linkage(data: PlanData) -> list[Finding]:
    if any(a.tier_basis and a.partner_regions.strip() for a in data.advantages):
        return []
    return [
        part_finding(data, "advantages", _("还没有任何比较优势写明与哪些地区、按何种梯次联动。"))
    ]


@check(
    "regional-links",
    thinking=Thinking.OPEN,
    section="四.4",
    severity=Severity.HINT,
    title=_("在更大的经济地理空间中找到位置"),
)
def regional_links(data: PlanData) -> list[Finding]:
    kinds = {link.kind for link in data.regional_links}
    if len(kinds) >= 2:
        return []
    return [
        part_finding(
            data,
            "regional-links",
            _("区域联系少于两种类型，建议从承接转移、都市圈协作、城乡要素流动等方面梳理。"),
        )
    ]
