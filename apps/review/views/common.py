"""What the review pages share: the node a URL names, and the way back to it."""

from django.shortcuts import get_object_or_404, redirect

from apps.plans.models import OutlineNode


def review_node(document, node_id: int) -> OutlineNode:
    return get_object_or_404(
        document.nodes.select_related("lead_department").prefetch_related("reviewing_departments"),
        pk=node_id,
    )


def back_to_node(node: OutlineNode):
    return redirect("node_edit", document_id=node.document_id, node_id=node.pk)
