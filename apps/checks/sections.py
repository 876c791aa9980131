"""Where the self-check shows outside its own page: the findings that concern a node
on that node's page, and a summary on the plan overview."""

from apps.checks.scorecard import run_checks
from apps.plans.parts import (
    NodeSection,
    OverviewSection,
    register_node_section,
    register_overview_section,
)


def node_findings(request, plan, node, access) -> dict:
    card = run_checks(plan)
    return {"findings": card.for_node(node.pk)}


def overview_summary(request, plan, access) -> dict:
    return {"card": run_checks(plan)}


register_node_section(NodeSection("checks/_node_findings.html", node_findings, "top"))
register_overview_section(
    OverviewSection("checks/_overview_summary.html", overview_summary, "top", order=10)
)
