"""One loader of everything a document says: its outline with the text, and the
plan's structured content it draws on.

The export fingerprint, the frozen versions and the print document read a
document through it (the search and public pages will too), so what counts as
"the content" is decided once. Its cost is a fixed number of queries: the nodes,
the departments, one per part and one per many-to-many link, however large the
plan. (The content stamp of apps/plans/stamp.py and the self-check's snapshot stay
apart on purpose: they are cheaper reads of less.)
"""

from dataclasses import dataclass

from apps.accounts.models import Department
from apps.plans.models import Document, OutlineNode, Plan
from apps.plans.outline import TreeEntry, numbered
from apps.plans.parts import registry


@dataclass
class DocumentContent:
    document: Document
    plan: Plan
    nodes: list[OutlineNode]  # by id
    entries: list[TreeEntry]  # numbered, in reading order
    items: dict[str, list]  # part slug → the part's items, in the part's order
    departments: list[Department]  # of the county, by id (printed as lead units)
    # part slug → link name → (item id, linked id) pairs, in id order.
    links: dict[str, dict[str, list[tuple[int, int]]]]

    def nodes_in_order(self) -> list[OutlineNode]:
        return [entry.node for entry in self.entries]


def load_content(document: Document, *, for_display: bool = True) -> DocumentContent:
    """``for_display`` loads the items with what their columns show (the part's own
    select and prefetch); without it, the items alone, for reading field values,
    in a number of queries that does not depend on what the plan holds."""
    plan = document.plan
    nodes = list(document.nodes.order_by("pk"))
    items, links = {}, {}
    for part in registry.all():
        model = part.model
        queryset = part.queryset(plan) if for_display else model.objects.filter(plan=plan)
        items[part.slug] = list(queryset)
        links[part.slug] = {}
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            links[part.slug][field.name] = list(
                through.objects.filter(**{f"{source}__plan": plan})
                .order_by(f"{source}_id", f"{target}_id")
                .values_list(f"{source}_id", f"{target}_id")
            )
    departments = list(Department.objects.filter(county_id=plan.county_id).order_by("pk"))
    return DocumentContent(
        document=document,
        plan=plan,
        nodes=nodes,
        entries=numbered(nodes),
        items=items,
        departments=departments,
        links=links,
    )
