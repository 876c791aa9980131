"""五 治理能力: the risk register."""

from django.utils.translation import gettext as _

from apps.checks.data import PlanData
from apps.checks.registry import Finding, Severity, Thinking, check
from apps.checks.rules.common import (
    item_finding,
    part_finding,
)
from apps.governance.models import Risk

# 风险 ---------------------------------------------------------------------------

CORE_RISK_DOMAINS = (
    Risk.Domain.ECONOMIC,
    Risk.Domain.SOCIAL,
    Risk.Domain.ECOLOGICAL,
    Risk.Domain.INFORMATION,
)


@check(
    "risks-domains",
    thinking=Thinking.STRATEGIC,
    section="五.5",
    severity=Severity.WARNING,
    title=_("经济、社会、生态、信息风险都有识别"),
)
def risk_domains(data: PlanData) -> list[Finding]:
    present = {r.domain for r in data.risks}
    return [
        part_finding(data, "risks", _("风险清单还没有%(d)s风险。") % {"d": domain.label})
        for domain in CORE_RISK_DOMAINS
        if domain not in present
    ]


@check(
    "risks-response",
    thinking=Thinking.STRATEGIC,
    section="五.5",
    severity=Severity.WARNING,
    title=_("风险有预警指标和应急预案"),
)
def risk_response(data: PlanData) -> list[Finding]:
    return [
        item_finding(data, "risks", r, _("风险“%(t)s”缺少预警指标或应急预案。") % {"t": r.title})
        for r in data.risks
        if r.domain in CORE_RISK_DOMAINS
        and not (r.warning_indicator.strip() and r.emergency_plan.strip())
    ]
