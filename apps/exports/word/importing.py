"""A Word draft into a document: the proposed mapping of its headings onto the
outline, and the write once the coordinator has confirmed it.

The reading (apps/exports/word/reader.py) is stored on a ``WordImport`` row; the
preview proposes, for each heading, the existing node of the same title or a new
node; the coordinator changes what is wrong and confirms. The write is one
transaction: new nodes are created under the node their parent heading went to,
existing nodes get their text through ``node_text_save``, the editor's own path
(the nodes locked and read in the same transaction, review state checked, one
revision each), so every change can be compared and restored. The number of
queries grows with the headings, never with the paragraphs.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.activity import log_activity
from apps.core.text import as_id, text_length
from apps.exports.word.reader import Heading, ReadResult
from apps.plans import indexing
from apps.plans.actions import node_text_save
from apps.plans.models import OutlineNode, WordImport
from apps.plans.revisions import record_node_revision

NEW = "new"
SKIP = "skip"
Level = OutlineNode.Level
# 序言 and 结束语 stand at the top of the outline, like 篇 and the annexes.
RANK = {Level.PART: 0, Level.ANNEX: 0, Level.UNNUMBERED: 0, Level.CHAPTER: 1, Level.SECTION: 2}


# What a reading keeps, and for how long: an unconfirmed or discarded preview two
# days, an imported one thirty (the activity log keeps the import for good).
PENDING_KEEP = timedelta(days=2)
DONE_KEEP = timedelta(days=30)


def prune_imports(now=None) -> int:
    """Delete stored readings no one will confirm or look at again: each holds the
    text of a whole draft."""
    now = now or timezone.now()
    stale = WordImport.objects.filter(
        Q(
            status__in=[WordImport.Status.PENDING, WordImport.Status.DISCARDED],
            created_at__lt=now - PENDING_KEEP,
        )
        | Q(created_at__lt=now - DONE_KEEP)
    )
    deleted, _rows = stale.delete()
    return deleted


class ImportRefused(Exception):
    """Nothing was written; the message says why, in Chinese."""


def _claim(word_import: WordImport) -> None:
    """Mark the reading imported, once: a second confirmation (a double click, a
    stale tab) or one after discarding writes nothing."""
    claimed = WordImport.objects.filter(pk=word_import.pk, status=WordImport.Status.PENDING).update(
        status=WordImport.Status.APPLIED, applied_at=timezone.now()
    )
    if not claimed:
        raise ImportRefused(_("这份文件已经导入过（或已放弃），没有重复写入。"))


def discard(word_import: WordImport) -> None:
    """Give a pending reading up; nothing is written."""
    WordImport.objects.filter(pk=word_import.pk, status=WordImport.Status.PENDING).update(
        status=WordImport.Status.DISCARDED
    )


def _norm(title: str) -> str:
    return re.sub(r"[\s\u3000“”\"'‘’]", "", title)


def proposed_choices(nodes: list[OutlineNode], headings: list[Heading]) -> list[str]:
    """For each heading: the id of the node (of ``nodes``, the document's) of the
    same title and level, or NEW (a 篇 is never proposed onto a 章 of the same name:
    the coordinator may still choose it). A node is proposed for one heading at most."""
    by_title: dict[str, list[OutlineNode]] = {}
    for node in sorted(nodes, key=lambda n: n.pk):
        by_title.setdefault(_norm(node.title), []).append(node)
    used: set[int] = set()
    choices = []
    for heading in headings:
        candidates = [
            n
            for n in by_title.get(_norm(heading.title), [])
            if n.pk not in used and n.level == heading.level
        ]
        if candidates:
            used.add(candidates[0].pk)
            choices.append(str(candidates[0].pk))
        else:
            choices.append(NEW)
    return choices


@dataclass(frozen=True)
class Outcome:
    created: int
    updated: int
    unchanged: int


def apply_import(word_import: WordImport, choices: list[str], *, actor) -> Outcome:
    """Write the import as mapped by ``choices`` (one per heading: NEW, SKIP or a
    node id of the document). All of it or, with ImportRefused, none of it."""
    with transaction.atomic():
        document = word_import.document
        result = ReadResult.from_data(word_import.result)
        headings = result.headings
        if len(choices) != len(headings):
            raise ImportRefused(_("预览已过期，请重新上传文件。"))
        nodes = {n.pk: n for n in document.nodes.select_for_update().order_by("pk")}
        wanted: dict[int, int] = {}
        for index, choice in enumerate(choices):
            if choice in (NEW, SKIP):
                continue
            if as_id(choice) not in nodes:
                raise ImportRefused(_("所选的节点已不存在，请刷新预览后重新选择。"))
            if int(choice) in wanted:
                other = headings[wanted[int(choice)]].text
                raise ImportRefused(
                    _("“%(a)s”和“%(b)s”选了同一个节点，一个节点只能接收一段内容。")
                    % {"a": other, "b": headings[index].text}
                )
            wanted[int(choice)] = index
        locked = [
            nodes[pk].title
            for pk in wanted
            if nodes[pk].review_state not in OutlineNode.EDITABLE_STATES
        ]
        if locked:
            raise ImportRefused(
                _(
                    "以下节点正在会签或已通过，不能写入：%(titles)s。请先退回修改，或在预览中改为“不导入”。"
                )
                % {"titles": "、".join(locked)}
            )

        # Positions after the last child of each parent, counted here once.
        last_position: dict[int | None, int] = {}
        for node in nodes.values():
            last_position[node.parent_id] = max(last_position.get(node.parent_id, 0), node.position)

        created = updated = unchanged = 0
        _claim(word_import)
        stack: list[tuple[int, OutlineNode]] = []  # (rank, node) of the open headings
        for heading, choice in zip(headings, choices, strict=True):
            rank = RANK.get(heading.level, 2)
            while stack and stack[-1][0] >= rank:
                stack.pop()
            if choice == SKIP:
                continue
            if choice == NEW:
                parent = stack[-1][1] if stack else None
                parent_id = parent.pk if parent else None
                last_position[parent_id] = last_position.get(parent_id, 0) + 1
                node = OutlineNode.objects.create(
                    document=document,
                    plan_id=document.plan_id,
                    parent=parent,
                    level=heading.level,
                    title=heading.title[:120],
                    position=last_position[parent_id],
                    body=heading.body,
                    body_length=text_length(heading.body),
                    updated_by=actor,
                )
                indexing.nodes_changed(node)
                if heading.body:
                    record_node_revision(
                        node,
                        body=heading.body,
                        version=node.version,
                        author=actor,
                        note=_("从 Word 导入"),
                    )
                created += 1
            else:
                node = nodes[int(choice)]
                if not heading.body or node.body == heading.body:
                    # A heading with no text of its own leaves the node's text alone.
                    unchanged += 1
                else:
                    saved = node_text_save(
                        node,
                        body=heading.body,
                        loaded_version=node.version,
                        user=actor,
                        note=_("从 Word 导入"),
                    )
                    if not saved.saved:
                        raise ImportRefused(
                            _("“%(title)s”刚被他人修改，导入已取消，没有写入任何内容。")
                            % {"title": node.title}
                        )
                    updated += 1
            stack.append((rank, node))
        log_activity(
            actor,
            "import",
            document,
            plan_id=document.plan_id,
            county_id=document.plan.county_id,
            file=word_import.filename,
            created=created,
            updated=updated,
        )
    return Outcome(created, updated, unchanged)


def node_text_from(result: ReadResult, node: OutlineNode) -> tuple[str, list[str]]:
    """The text a returned file gives one node: what stands under the heading of
    the node's title, or the whole text of a file without headings. The headings
    left out are listed."""
    if not result.headings:
        return result.lead_body, []
    match = next((h for h in result.headings if _norm(h.title) == _norm(node.title)), None)
    chosen = match or result.headings[0]
    body = chosen.body if match or not result.lead_body else result.lead_body
    left = [h.text for h in result.headings if h is not chosen]
    return body, left


def apply_node_import(word_import: WordImport, *, actor) -> bool:
    """Replace the node's text with the file's. False when nothing changed."""
    node = word_import.node
    body = word_import.result["node_body"]
    with transaction.atomic():
        _claim(word_import)
        if node.body == body:
            return False
        saved = node_text_save(
            node,
            body=body,
            loaded_version=word_import.result["version"],
            user=actor,
            note=_("从 Word 导入"),
        )
        if not saved.saved:
            raise ImportRefused(
                _(
                    "预览之后有人保存过这一节（或它已送会签），导入已取消。请重新上传，核对差异后再导入。"
                )
            )
        log_activity(
            actor,
            "import",
            node,
            plan_id=node.plan_id,
            county_id=word_import.document.plan.county_id,
            file=word_import.filename,
        )
    return True
