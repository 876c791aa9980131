"""Registry of a plan's structured parts (indicators, key tasks, projects, risks, …).

The content apps depend on ``plans``, never the other way round: each content app
registers its parts here when Django starts (in its AppConfig.ready), and the plan
pages — overview counts, the node editor, the generic list and edit pages — work
from the registry without importing the content apps.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import models
from django.http import Http404


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[Any], Any]
    css: str = ""


@dataclass(frozen=True)
class Cell:
    value: Any
    css: str = ""


@dataclass(frozen=True)
class Part:
    slug: str
    label: str
    model: type[models.Model]
    form_class: type
    group: str
    description: str
    columns: tuple[Column, ...]
    order: int = 100
    # Where new items are presented unless the drafter picks another node.
    node_key: str = ""
    # Some parts sit in the node of their kind (a key task's area → its chapter).
    node_key_for: Callable[[Any], str] | None = None
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    has_node: bool = True
    # Where findings about the collection as a whole show (a missing kind of risk):
    # the node_key unless the part says otherwise.
    summary_node_key: str = ""
    # How rows from a spreadsheet or a reference table come in (apps/plans/imports.py);
    # empty: one column per field of the form.
    import_columns: tuple = ()
    # Departments fill it as a spreadsheet: templates, import with a preview and
    # export (apps/exports/excel).
    spreadsheet: bool = False
    form_template: str = "plans/part_form.html"
    list_template: str = "plans/part_list.html"

    def queryset(self, plan) -> models.QuerySet:
        qs = self.model.objects.filter(plan=plan)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def row(self, item) -> list["Cell"]:
        return [Cell(column.value(item), column.css) for column in self.columns]

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)


@dataclass
class Registry:
    parts: dict[str, Part] = field(default_factory=dict)
    plan_initialisers: list[Callable[[Any], None]] = field(default_factory=list)
    node_panels: dict[str, "NodePanel"] = field(default_factory=dict)
    node_sections: list["NodeSection"] = field(default_factory=list)
    overview_sections: list["OverviewSection"] = field(default_factory=list)
    # node key → the table printed in that node (see register_computed_table).
    computed_tables: dict[str, "ComputedTableSource"] = field(default_factory=dict)
    # What a document still lacks, by other apps' data (see register_document_check).
    document_checks: list[Callable[[Any], list]] = field(default_factory=list)

    def register(self, part: Part) -> None:
        if part.slug in self.parts:
            raise ValueError(f"part {part.slug!r} registered twice")
        self.parts[part.slug] = part

    def get(self, slug: str) -> Part:
        try:
            return self.parts[slug]
        except KeyError:
            raise Http404("no such part") from None

    def all(self) -> list[Part]:
        return sorted(self.parts.values(), key=lambda p: (p.order, p.slug))

    def with_nodes(self) -> list[Part]:
        return [part for part in self.all() if part.has_node]

    def for_model(self, model: type[models.Model]) -> Part | None:
        for part in self.parts.values():
            if part.model is model:
                return part
        return None


registry = Registry()


def register_plan_initialiser(func: Callable[[Any], None]) -> Callable[[Any], None]:
    """Run ``func(plan)`` inside the transaction that creates a plan."""
    registry.plan_initialisers.append(func)
    return func


@dataclass(frozen=True)
class NodePanel:
    """Generated content shown on a node's page (e.g. the main-indicators table on
    its annex), supplied by the content app that owns the data."""

    template: str
    context: Callable[[Any], dict]


def register_node_panel(node_key: str, panel: NodePanel) -> None:
    registry.node_panels[node_key] = panel


@dataclass(frozen=True)
class NodeSection:
    """A block that an app above ``plans`` adds to every node's page (review status
    and actions, opinions), so the node page does not import those apps."""

    template: str
    context: Callable[..., dict]  # (request, plan, node, access) -> dict
    place: str = "bottom"  # "top": above the text, "bottom": after the items


def register_node_section(section: NodeSection) -> None:
    registry.node_sections.append(section)


@dataclass(frozen=True)
class OverviewSection:
    """A block that an app above ``plans`` adds to the plan overview (the
    self-check summary, the indicator and investment charts)."""

    template: str
    context: Callable[..., dict]  # (request, plan, access) -> dict
    place: str = "bottom"  # "top": under the figures, "bottom": after the outline
    order: int = 0
    # The same for every reader and computed only from stamped content (the
    # charts): rendered once per content stamp (apps/plans/stamp.py).
    by_content: bool = False


def register_overview_section(section: OverviewSection) -> None:
    registry.overview_sections.append(section)
    registry.overview_sections.sort(key=lambda s: s.order)


@dataclass(frozen=True)
class ComputedTable:
    """A table computed from the plan's data when a document is printed (the
    evaluation report's 主要指标完成情况 and 重大项目建设情况), in plain cells so
    that the PDF, the Word file and the print preview lay it out alike.

    ``groups`` are (group heading, rows) pairs; a heading of "" prints none.
    """

    title: str
    columns: tuple[str, ...]
    groups: list[tuple[str, list[tuple[str, ...]]]]
    notes: tuple[str, ...] = ()
    # Columns printed right-aligned (figures), by index.
    numeric: frozenset[int] = frozenset()
    # Text columns that may wrap (names); the others stay on one line.
    wrap: frozenset[int] = frozenset({1})
    empty_text: str = ""

    @property
    def row_count(self) -> int:
        return sum(len(rows) for _heading, rows in self.groups)

    def as_data(self) -> dict:
        """As JSON, for a frozen version (apps/review DocumentVersion.snapshot)."""
        return {
            "title": str(self.title),
            "columns": [str(c) for c in self.columns],
            "groups": [
                [str(h), [[str(c) for c in row] for row in rows]] for h, rows in self.groups
            ],
            "notes": [str(n) for n in self.notes],
            "numeric": sorted(self.numeric),
            "wrap": sorted(self.wrap),
            "empty_text": str(self.empty_text),
        }

    @classmethod
    def from_data(cls, data: dict) -> "ComputedTable":
        return cls(
            title=data.get("title", ""),
            columns=tuple(data.get("columns", ())),
            groups=[(h, [tuple(r) for r in rows]) for h, rows in data.get("groups", [])],
            notes=tuple(data.get("notes", ())),
            numeric=frozenset(data.get("numeric", ())),
            wrap=frozenset(data.get("wrap", (1,))),
            empty_text=data.get("empty_text", ""),
        )


@dataclass(frozen=True)
class ComputedTableSource:
    build: Callable[[Any], ComputedTable | None]  # (document) -> table, None: nothing to print
    # A fallback made from what the plan always has (base and target values); any
    # other registration for the key (the yearly monitoring's) takes its place.
    fallback: bool = False


def register_computed_table(
    node_key: str, build: Callable[[Any], ComputedTable | None], *, fallback: bool = False
) -> None:
    """Have every document's node with ``node_key`` print the table ``build(document)``
    returns, computed at export time. A content app registers in its
    AppConfig.ready; a second non-fallback registration for a key is a mistake."""
    current = registry.computed_tables.get(node_key)
    source = ComputedTableSource(build, fallback)
    if current is None or (current.fallback and not fallback):
        registry.computed_tables[node_key] = source
    elif not (fallback and not current.fallback):
        raise ValueError(f"computed table {node_key!r} registered twice")


def computed_table(node_key: str, document) -> ComputedTable | None:
    source = registry.computed_tables.get(node_key)
    return source.build(document) if source is not None else None


def register_document_check(check: Callable[[Any], list]) -> None:
    """Have ``check(document)`` list what the document still lacks on its overview
    (an evaluation report missing the latest values it reports on). Each item has
    ``message``, ``url`` and ``severity`` ("error" or "warning")."""
    registry.document_checks.append(check)


def document_gaps(document) -> list:
    return [gap for check in registry.document_checks for gap in check(document)]


def computed_tables_for(document, nodes) -> dict[int, ComputedTable]:
    """The computed table of each of ``nodes`` whose key has one (annexes print
    their own tables), each key's table built once however many nodes carry it:
    the cost is bounded by the registered keys, not by the document."""
    by_key: dict[str, ComputedTable | None] = {}
    tables = {}
    for node in nodes:
        if node.key not in registry.computed_tables or node.level == "annex":
            continue
        if node.key not in by_key:
            by_key[node.key] = computed_table(node.key, document)
        if by_key[node.key] is not None:
            tables[node.pk] = by_key[node.key]
    return tables


def item_counts(plan) -> dict[tuple[str, int], int]:
    """How many items of each part each node presents, in one query (a UNION ALL of
    one grouped count per part), whatever the size of the plan."""
    from django.db import connection

    parts = tuple((part.slug, part.model._meta.db_table) for part in registry.with_nodes())
    if not parts:
        return {}
    sql = _item_counts_sql(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan.pk] * len(parts))
        return {(slug, node_id): n for slug, node_id, n in cursor.fetchall()}


@cache
def _item_counts_sql(parts: tuple[tuple[str, str], ...]) -> str:
    # Written once instead of compiled by the ORM on every page: the overview, every
    # chapter and every part list ask for these counts.
    return " UNION ALL ".join(
        f"SELECT '{slug}', node_id, COUNT(*) FROM {table} WHERE plan_id = %s GROUP BY node_id"
        for slug, table in parts
    )
