"""The findings that concern a node, on that node's page."""

from apps.checks.scorecard import run_checks
from apps.plans.parts import NodeSection, register_node_section


def node_findings(request, plan, node, access) -> dict:
    card = run_checks(plan)
    return {"findings": card.for_node(node.pk)}


register_node_section(NodeSection("checks/_node_findings.html", node_findings, "top"))
