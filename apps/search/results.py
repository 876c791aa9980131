"""Search results as a page shows them: where each hit is, a marked passage, and a
link to the place. Everything a page of results needs is loaded in a fixed number
of queries, whatever the page holds."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from apps.plans.models import OutlineNode, Plan
from apps.plans.parts import registry
from apps.review.models import DocumentVersion, Opinion
from apps.search import backends
from apps.search.models import SearchEntry
from apps.search.passages import excerpt, marked
from apps.search.tokens import Term

PER_PAGE = 20
_LONG = ("body", "guidance")


@dataclass(frozen=True)
class Result:
    kind: str
    kind_label: str
    title: SafeString
    place: str
    passage: SafeString
    url: str
    plan: Plan | None


def _path(node: OutlineNode | None, levels: int) -> str:
    """The titles of ``node`` and its parents, ``levels`` of them at most (as many
    as the page loaded)."""
    titles: list[str] = []
    while node is not None:
        titles.append(node.title)
        if len(titles) == levels:
            break
        node = node.parent
    return " › ".join(reversed(titles))


def _opinion_url(opinion: Opinion) -> str:
    thread = opinion.parent_id or opinion.pk
    if opinion.source_division_id:
        # A city's 衔接意见 and its answers are read on the 衔接 page.
        return reverse("linkage_document", args=[opinion.document_id]) + f"#opinion-{thread}"
    url = reverse("node_edit", args=[opinion.document_id, opinion.node_id])
    return url + f"#opinion-{thread}"


def _result(entry: SearchEntry, terms, nodes, opinions, versions, plans) -> Result | None:
    plan = plans.get(entry.plan_id)
    # An item's fields, or an opinion and its answer, one a line: read as a list;
    # a text's paragraphs run on.
    listed = entry.part or entry.kind == SearchEntry.Kind.OPINION
    text = (entry.text or entry.title).replace("\n", " · " if listed else " ")
    passage = excerpt(text, terms)
    kind_label = SearchEntry.Kind(entry.kind).label
    if entry.kind == SearchEntry.Kind.NODE:
        node = nodes.get(entry.node_id)
        return Result(
            entry.kind,
            kind_label,
            marked(entry.title, terms),
            _path(node.parent if node else None, 2),
            passage,
            reverse("node_edit", args=[entry.document_id, entry.node_id]),
            plan,
        )
    if entry.kind == SearchEntry.Kind.ITEM:
        part = registry.parts.get(entry.part)
        if part is None:
            return None
        node = nodes.get(entry.node_id)
        return Result(
            entry.kind,
            str(part.label),
            marked(entry.title, terms),
            _path(node, 3),
            passage if entry.text else SafeString(""),
            reverse("part_edit", args=[entry.plan_id, part.slug, entry.object_id]),
            plan,
        )
    if entry.kind == SearchEntry.Kind.OPINION:
        opinion = opinions.get(entry.object_id)
        if opinion is None:
            return None
        title = (_("对“%(node)s”意见的答复") if opinion.parent_id else _("对“%(node)s”的意见")) % {
            "node": opinion.node.title
        }
        source = opinion.source_name
        return Result(
            entry.kind,
            _("答复") if opinion.parent_id else kind_label,
            marked(title, []),
            " · ".join(
                p
                for p in (
                    source,
                    opinion.get_disposition_display() if not opinion.parent_id else "",
                )
                if p
            ),
            passage,
            _opinion_url(opinion),
            plan,
        )
    version = versions.get(entry.version_id)
    if version is None:
        return None
    url = reverse("version_detail", args=[entry.document_id, entry.version_id])
    part = registry.parts.get(entry.part) if entry.part else None
    return Result(
        entry.kind,
        kind_label,
        marked(entry.title, terms),
        " · ".join(p for p in (version.name, str(part.label) if part else "") if p),
        passage if entry.text else SafeString(""),
        url if part else url + f"#node-{entry.object_id}",
        plan,
    )


def results_page(
    terms: list[Term], plans: QuerySet, *, version_id: int | None, page: int
) -> tuple[list[Result], int]:
    """Page ``page`` (from 1) of the results, and the number of hits in all."""
    found = backends.search(
        terms, plans, version_id=version_id, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
    )
    if not found.hits:
        return [], found.total
    by_id = SearchEntry.objects.in_bulk([h.entry_id for h in found.hits])
    entries = [by_id[h.entry_id] for h in found.hits if h.entry_id in by_id]
    node_ids = {e.node_id for e in entries if e.node_id and e.kind != SearchEntry.Kind.OPINION}
    # Titles only: a chapter's text may be 200,000 characters.
    nodes = (
        OutlineNode.objects.select_related("parent", "parent__parent")
        .defer(*(f"{p}{f}" for p in ("", "parent__", "parent__parent__") for f in _LONG))
        .in_bulk(node_ids)
        if node_ids
        else {}
    )
    opinion_ids = [e.object_id for e in entries if e.kind == SearchEntry.Kind.OPINION]
    opinions = (
        Opinion.objects.select_related("node", "department", "source_division", "author")
        .defer(*(f"node__{f}" for f in _LONG))
        .in_bulk(opinion_ids)
        if opinion_ids
        else {}
    )
    version_ids = {e.version_id for e in entries if e.version_id}
    versions = (
        DocumentVersion.objects.only("id", "name").in_bulk(version_ids) if version_ids else {}
    )
    plan_ids = {e.plan_id for e in entries}
    plans_by_id = Plan.objects.select_related("county").in_bulk(plan_ids)
    results = [
        r
        for e in entries
        if (r := _result(e, terms, nodes, opinions, versions, plans_by_id)) is not None
    ]
    return results, found.total
