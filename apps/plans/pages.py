"""What every page of a plan or a document shows around its content: the sidebar
with the document's outline, the plan's parts, and what the user may do."""

from django.urls import reverse

from apps.plans.models import Document
from apps.plans.outline import build_tree, flatten
from apps.plans.parts import registry


def outline_of(document: Document):
    """The numbered tree of a document and the same entries in reading order."""
    tree = build_tree(
        document.nodes.only("id", "parent_id", "level", "position", "title", "body_length", "key")
    )
    return tree, flatten(tree)


def page_context(access, **extra) -> dict:
    """The context of a page of ``access.document`` (the outline on the plan's own
    pages): pass what the page adds as keywords."""
    tree, entries = outline_of(access.document)
    return {
        "plan": access.plan,
        "document": access.document,
        "access": access,
        "tree": tree,
        "entries": entries,
        "parts": registry.all(),
        **extra,
    }


def overview_url(document: Document) -> str:
    """Where a document's overview is: the plan overview for the outline."""
    if document.is_report:
        return reverse("document_overview", args=[document.pk])
    return reverse("plan_overview", args=[document.plan_id])
