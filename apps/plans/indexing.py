"""Keeping the search index in step with the writes that change what it holds.

The search app reads every content app and the review app, so it sits above them
and the write paths below it cannot import it. They call these functions instead,
inside their own transaction, and ``apps.search`` installs what the calls do when
Django starts (as content apps register their parts). The calls are explicit, not
signals: a write path that forgets one leaves the index behind, which
tests/search/test_in_step.py catches by comparing the index after every write path
with a fresh rebuild.
"""

from collections.abc import Iterable
from typing import Any, Protocol


class Indexer(Protocol):
    def nodes_changed(self, nodes: Iterable[Any]) -> None: ...
    def items_changed(self, items: Iterable[Any]) -> None: ...
    def item_removed(self, item: Any) -> None: ...
    def opinions_changed(self, opinions: Iterable[Any]) -> None: ...
    def version_frozen(self, version: Any) -> None: ...


_indexer: Indexer | None = None


def register_indexer(indexer: Indexer) -> None:
    global _indexer
    _indexer = indexer


def nodes_changed(*nodes) -> None:
    """A node's title or text was written (or the node was created: a new plan's
    or document's outline is indexed by this call in ``_create_nodes``; a plan
    initialiser indexes what it makes with ``items_changed``)."""
    if _indexer is not None and nodes:
        _indexer.nodes_changed(nodes)


def items_changed(*items) -> None:
    """Structured items were created or saved (their text, their node)."""
    if _indexer is not None and items:
        _indexer.items_changed(items)


def item_removed(item) -> None:
    """An item is about to be deleted (call before ``delete()``: the id is needed)."""
    if _indexer is not None:
        _indexer.item_removed(item)


def opinions_changed(*opinions) -> None:
    """An opinion or a reply was recorded, or its answer written."""
    if _indexer is not None and opinions:
        _indexer.opinions_changed(opinions)


def version_frozen(version) -> None:
    """A document version was frozen (versions never change afterwards)."""
    if _indexer is not None:
        _indexer.version_frozen(version)
