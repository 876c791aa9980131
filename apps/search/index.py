"""What the search index holds and how it is written.

Every entry is made from its source as stored, by the same functions whether a
write path updates one source (``indexer``, called in the write's transaction
through apps/plans/indexing.py) or a plan is rebuilt (``reindex_plan``), so that
the two always agree (tests/search/test_in_step.py).
"""

import re
from collections.abc import Iterable, Iterator

from django.db import models, transaction

from apps.core.text import html_to_paragraphs
from apps.plans.models import OutlineNode, Plan
from apps.plans.parts import Part, registry
from apps.review.models import DocumentVersion, Opinion
from apps.search.models import SearchEntry
from apps.search.tokens import token_text

Kind = SearchEntry.Kind

# A passage is what a result shows and what one row of the index holds: a chapter
# of 200,000 characters is cut at paragraph ends into pieces of about this size
# (PostgreSQL counts word positions only up to 16,383 and keeps a tsvector under
# 1 MB, so a whole chapter could not be one row).
PASSAGE_CHARS = 1200
_SENTENCE_END_RE = re.compile(r"(?<=[。！？；!?;])")


def _pieces(paragraph: str) -> Iterator[str]:
    """A paragraph longer than a passage, at sentence ends, else hard."""
    if len(paragraph) <= PASSAGE_CHARS:
        yield paragraph
        return
    current = ""
    for sentence in _SENTENCE_END_RE.split(paragraph):
        while len(sentence) > PASSAGE_CHARS:
            if current:
                yield current
                current = ""
            yield sentence[:PASSAGE_CHARS]
            sentence = sentence[PASSAGE_CHARS:]
        if len(current) + len(sentence) > PASSAGE_CHARS:
            yield current
            current = ""
        current += sentence
    if current:
        yield current


def passages(body_html: str) -> list[str]:
    """The node's text in passages of whole paragraphs (one per line)."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for paragraph in html_to_paragraphs(body_html):
        for piece in _pieces(paragraph):
            if current and size + len(piece) > PASSAGE_CHARS:
                out.append("\n".join(current))
                current, size = [], 0
            current.append(piece)
            size += len(piece) + 1
    if current:
        out.append("\n".join(current))
    return out


def _text_entries(title: str, body: str, **common) -> list[SearchEntry]:
    """A titled text cut in passages; the title is searched on the first only (a
    chapter's title should find the chapter once, not each of its passages)."""
    pieces = passages(body) or [""]
    return [
        SearchEntry(
            title=title[:200],
            text=text,
            title_tokens=token_text(title) if position == 0 else "",
            tokens=token_text(text),
            position=position,
            **common,
        )
        for position, text in enumerate(pieces)
    ]


def node_entries(node: OutlineNode) -> list[SearchEntry]:
    return _text_entries(
        node.title,
        node.body,
        plan_id=node.plan_id,
        document_id=node.document_id,
        kind=Kind.NODE,
        object_id=node.pk,
        node_id=node.pk,
    )


def _field_texts(item: models.Model) -> list[str]:
    """An item's own words: its text fields in field order, then its choices by
    their labels (found by 约束性, but what a result shows first is what was
    written); codes (slugs) are left out."""
    written, chosen = [], []
    for field in item._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)) or isinstance(
            field, models.SlugField
        ):
            continue
        value = getattr(item, field.attname)
        if not value:
            continue
        if field.choices:
            chosen.append(str(dict(field.flatchoices).get(value, value)))
        else:
            written.append(str(value))
    return written + chosen


def item_entry(part: Part, item) -> SearchEntry:
    title = str(item)
    texts = [t for t in _field_texts(item) if t != title]
    text = "\n".join(texts)
    return SearchEntry(
        plan_id=item.plan_id,
        kind=Kind.ITEM,
        object_id=item.pk,
        part=part.slug,
        node_id=getattr(item, "node_id", None),
        title=title[:200],
        text=text,
        title_tokens=token_text(title),
        tokens=token_text(text),
    )


def opinion_entry(opinion: Opinion) -> SearchEntry:
    text = "\n".join(t for t in (opinion.text, opinion.reason) if t)
    return SearchEntry(
        plan_id=opinion.document.plan_id,
        document_id=opinion.document_id,
        kind=Kind.OPINION,
        object_id=opinion.pk,
        node_id=opinion.node_id,
        text=text,
        tokens=token_text(text),
    )


def version_entries(version: DocumentVersion) -> list[SearchEntry]:
    """A frozen version's node texts and the rows of structured content it froze."""
    common = {
        "plan_id": version.document.plan_id,
        "document_id": version.document_id,
        "version_id": version.pk,
        "kind": Kind.VERSION,
    }
    snapshot = version.snapshot if isinstance(version.snapshot, dict) else {}
    entries: list[SearchEntry] = []
    for node in snapshot.get("nodes", []):
        entries += _text_entries(
            str(node.get("title", "")), str(node.get("body", "")), object_id=node["id"], **common
        )
    for slug, part in (snapshot.get("parts") or {}).items():
        for row in part.get("rows", []):
            cells = [str(c) for c in row.get("cells", []) if c not in ("", None, "—")]
            # Versions frozen before rows kept their item's name: the longer of the
            # first two cells (the first is often a category: 领域, 类别, 维度).
            title = str(row.get("name") or max(cells[:2], key=len, default=""))
            if not title and not cells:
                continue
            text = "\n".join(c for c in cells if c != title)
            entries.append(
                SearchEntry(
                    **common,
                    object_id=row["id"],
                    part=slug[:40],
                    title=title[:200],
                    text=text,
                    title_tokens=token_text(title),
                    tokens=token_text(text),
                )
            )
    return entries


def _items(part: Part, queryset) -> models.QuerySet:
    if part.select_related:
        queryset = queryset.select_related(*part.select_related)
    return queryset


def _replace(kind: str, ids: Iterable[int], entries: list[SearchEntry]) -> None:
    SearchEntry.objects.filter(kind=kind, object_id__in=list(ids)).delete()
    SearchEntry.objects.bulk_create(entries, batch_size=500)


_NODE_FIELDS = ("id", "plan_id", "document_id", "title", "body")


class Indexer:
    """What the write paths' calls do (apps/plans/indexing.py): each source is
    read again as committed so far in the transaction, whatever the caller holds."""

    def nodes_changed(self, nodes) -> None:
        ids = [n.pk for n in nodes]
        fresh = OutlineNode.objects.filter(pk__in=ids).only(*_NODE_FIELDS)
        _replace(Kind.NODE, ids, [e for node in fresh for e in node_entries(node)])

    def items_changed(self, items) -> None:
        by_model: dict[type, list[int]] = {}
        for item in items:
            by_model.setdefault(type(item), []).append(item.pk)
        for model, ids in by_model.items():
            part = registry.for_model(model)
            if part is None:
                continue
            fresh = _items(part, model.objects.filter(pk__in=ids))
            SearchEntry.objects.filter(kind=Kind.ITEM, part=part.slug, object_id__in=ids).delete()
            SearchEntry.objects.bulk_create([item_entry(part, i) for i in fresh], batch_size=500)

    def item_removed(self, item) -> None:
        part = registry.for_model(type(item))
        if part is not None:
            SearchEntry.objects.filter(kind=Kind.ITEM, part=part.slug, object_id=item.pk).delete()

    def opinions_changed(self, opinions) -> None:
        ids = [o.pk for o in opinions]
        fresh = Opinion.objects.filter(pk__in=ids).select_related("document")
        _replace(Kind.OPINION, ids, [opinion_entry(o) for o in fresh])

    def version_frozen(self, version) -> None:
        SearchEntry.objects.filter(version=version).delete()
        SearchEntry.objects.bulk_create(version_entries(version), batch_size=500)


indexer = Indexer()


def plan_entries(plan: Plan) -> list[SearchEntry]:
    """Every entry of ``plan``, made from what is stored."""
    entries: list[SearchEntry] = []
    for node in OutlineNode.objects.filter(plan=plan).only(*_NODE_FIELDS).order_by("pk"):
        entries += node_entries(node)
    for part in registry.all():
        for item in _items(part, part.model.objects.filter(plan=plan)).order_by("pk"):
            entries.append(item_entry(part, item))
    opinions = Opinion.objects.filter(document__plan=plan).select_related("document")
    entries += [opinion_entry(o) for o in opinions.order_by("pk")]
    versions = DocumentVersion.objects.filter(document__plan=plan).select_related("document")
    for version in versions.order_by("pk"):
        entries += version_entries(version)
    return entries


def reindex_plan(plan: Plan) -> int:
    """Rebuild ``plan``'s entries from scratch; returns how many there are."""
    with transaction.atomic():
        SearchEntry.objects.filter(plan=plan).delete()
        entries = plan_entries(plan)
        SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def reindex_plans(plans, *, rebuild: bool = True) -> int:
    """Rebuild each of ``plans`` (with ``rebuild=False``, only those with no entry
    yet: a database from before search, seeded again)."""
    total = 0
    for plan in plans:
        if rebuild or not SearchEntry.objects.filter(plan=plan).exists():
            total += reindex_plan(plan)
    return total
