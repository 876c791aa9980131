"""Links and findings shared by every group of checks."""

from django.urls import reverse

from apps.checks.data import PlanData
from apps.checks.registry import Finding
from apps.plans.parts import registry


def item_url(data: PlanData, kind: str, item) -> str:
    return reverse("part_edit", args=[data.plan.pk, kind, item.pk])


def list_url(data: PlanData, kind: str) -> str:
    return reverse("part_list", args=[data.plan.pk, kind])


def node_url(data: PlanData, key: str) -> tuple[str, int | None]:
    node = data.nodes_by_key.get(key)
    if node is None:
        return reverse("plan_overview", args=[data.plan.pk]), None
    return reverse("node_edit", args=[node.document_id, node.pk]), node.pk


def part_finding(data: PlanData, kind: str, message: str) -> Finding:
    """A finding about a collection as a whole (a missing category, a missing kind
    of risk), shown where the part says its collection is presented."""
    part = registry.parts.get(kind)
    key = (part.summary_node_key or part.node_key) if part is not None else ""
    node = data.nodes_by_key.get(key)
    return Finding(message, list_url(data, kind), node.pk if node else None)


def scorecard_url(data: PlanData) -> str:
    return reverse("scorecard", args=[data.plan.pk])


def item_finding(data, kind, item, message) -> Finding:
    return Finding(message, item_url(data, kind, item), getattr(item, "node_id", None))
