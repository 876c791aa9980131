"""The outline as a tree: numbering (第一篇, 第一章, 第一节, 附表1) and nesting.

A plan's nodes are loaded with one query and arranged here, so every page that
shows the outline costs the same number of queries however long the plan is.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from apps.core.numerals import chinese_count
from apps.plans.models import OutlineNode

Level = OutlineNode.Level


@dataclass
class TreeEntry:
    node: OutlineNode
    label: str
    depth: int
    children: list["TreeEntry"] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.label}　{self.node.title}" if self.label else self.node.title


def _ordered_children(nodes: Iterable[OutlineNode]) -> dict[int | None, list[OutlineNode]]:
    children: dict[int | None, list[OutlineNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.position, n.id))
    return children


def build_tree(nodes: Iterable[OutlineNode]) -> list[TreeEntry]:
    """Nest and number the nodes. Chapter numbers run on across parts; section
    numbers restart in every chapter; annexes are counted on their own."""
    children = _ordered_children(nodes)
    counters = {"part": 0, "chapter": 0, "annex": 0}

    def visit(parent_id: int | None, depth: int) -> list[TreeEntry]:
        entries = []
        section_count = 0
        for node in children.get(parent_id, []):
            if node.level == Level.PART:
                counters["part"] += 1
                label = _("第%(n)s篇") % {"n": chinese_count(counters["part"])}
            elif node.level == Level.CHAPTER:
                counters["chapter"] += 1
                label = _("第%(n)s章") % {"n": chinese_count(counters["chapter"])}
            elif node.level == Level.SECTION:
                section_count += 1
                label = _("第%(n)s节") % {"n": chinese_count(section_count)}
            elif node.level == Level.UNNUMBERED:
                label = ""
            else:
                counters["annex"] += 1
                label = _("附表%(n)s") % {"n": counters["annex"]}
            entry = TreeEntry(node=node, label=label, depth=depth)
            entry.children = visit(node.id, depth + 1)
            entries.append(entry)
        return entries

    return visit(None, 0)


def flatten(entries: list[TreeEntry]) -> list[TreeEntry]:
    """Depth-first list of a tree, in reading order."""
    out: list[TreeEntry] = []
    for entry in entries:
        out.append(entry)
        out.extend(flatten(entry.children))
    return out


def numbered(nodes: Iterable[OutlineNode]) -> list[TreeEntry]:
    return flatten(build_tree(nodes))


# Which levels may sit under which: 篇 → 章 → 节; annexes and 篇 only at the top;
# a plan without 篇 has its chapters at the top.
ALLOWED_PARENT_LEVELS: dict[str, set[str | None]] = {
    Level.PART: {None},
    Level.CHAPTER: {None, Level.PART},
    Level.SECTION: {Level.CHAPTER},
    Level.ANNEX: {None},
    Level.UNNUMBERED: {None},
}


def parent_allowed(level: str, parent_level: str | None) -> bool:
    return parent_level in ALLOWED_PARENT_LEVELS[level]
