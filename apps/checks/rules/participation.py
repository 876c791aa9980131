"""五 治理能力: public participation and research topics."""

from django.utils.translation import gettext as _

from apps.checks.data import PlanData
from apps.checks.registry import Finding, Severity, Thinking, check
from apps.checks.rules.common import (
    node_url,
    part_finding,
)

# 治理与参与 ----------------------------------------------------------------------


@check(
    "governance-participation",
    thinking=Thinking.INNOVATIVE,
    section="五.4",
    severity=Severity.WARNING,
    title=_("有公众参与的治理措施"),
)
def public_participation(data: PlanData) -> list[Finding]:
    if any(m.public_participation for m in data.measures):
        return []
    url, node_id = node_url(data, "governance")
    return [
        Finding(
            _("治理措施中还没有公众参与的安排（问计于民、参与平台、社会组织等）。"), url, node_id
        )
    ]


@check(
    "research-topics",
    thinking=Thinking.INNOVATIVE,
    section="六.1",
    severity=Severity.HINT,
    title=_("列出重大问题研究"),
)
def research_topics(data: PlanData) -> list[Finding]:
    if data.research:
        return []
    return [
        part_finding(data, "research-topics", _("还没有列出规划前期和实施期间的重大问题研究。"))
    ]
