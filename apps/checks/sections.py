"""Where the self-check shows outside its own page: the findings that concern a node
on that node's page, and a summary on the plan overview."""

from apps.checks.models import Exemption
from apps.checks.scorecard import run_checks
from apps.plans.parts import (
    NodeSection,
    OverviewSection,
    register_node_section,
    register_overview_section,
)
from apps.plans.stamp import register_stamped_model


def node_findings(request, plan, node, access) -> dict:
    card = run_checks(plan)
    return {"findings": card.for_node(node.pk)}


def overview_summary(request, plan, access) -> dict:
    return {"card": run_checks(plan)}


register_node_section(NodeSection("checks/_node_findings.html", node_findings, "top"))
register_overview_section(
    OverviewSection("checks/_overview_summary.html", overview_summary, "top", order=10)
)

# A not-applicable note's reason may be rewritten in place: stamped row by row.
register_stamped_model(Exemption, by_rows=True)
