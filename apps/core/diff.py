"""Differences between two texts that read well in Chinese, at a bounded cost.

Chinese has no spaces to split words on, so a word diff would treat a whole
sentence as one word; we compare characters. A character comparison of two whole
chapters is quadratic, though, and a chapter may hold 200,000 characters, so the
work is done in two steps:

1. Paragraphs first. Unchanged paragraphs at both ends are skipped, and the rest
   are aligned paragraph by paragraph (each paragraph compared as one token).
2. Characters only inside the paragraphs that changed, and only while the page's
   budget lasts; a changed block too large for it, one whose matches are so
   scattered that marking them would not help a reader, or anything after the
   budget is spent, is shown as whole paragraphs deleted and inserted.

Both alignments are longest common subsequences computed by rapidfuzz's
bit-parallel algorithm (C++, time and memory proportional to len(a)·len(b)/64),
and runs of whole paragraphs are escaped and joined in one string operation, so
the cost of any diff the app shows is capped by the budget whatever the input
(benchmarks/text_cost.py has the worst cases we know).
"""

import html
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from rapidfuzz.distance import Indel

from apps.core.text import html_to_paragraphs

# Largest block of changed text compared character by character: 10,000 × 10,000
# characters is ~12 MB of bit matrix and ~20 ms.
BLOCK_CELLS = 100_000_000
# What one page may spend on character comparisons in all.
PAGE_CELLS = 300_000_000
# Changed runs one page may mark inside paragraphs (each costs Python objects).
PAGE_OPS = 20_000
# A block whose alignment has more than one change per this many characters is a
# rewrite, not an edit: shown as replaced.
CONFETTI = 12
# Paragraph alignment: 5,000 × 5,000 paragraphs is far beyond any real chapter.
PARAGRAPH_CELLS = 25_000_000
# Above this many paragraphs a changed block is compared as one text.
PAIRED_PARAGRAPHS = 2_000

_SEP = "\x1e"  # joins paragraphs for bulk escaping; never in stored text


@dataclass(frozen=True)
class Chunk:
    op: str  # "equal", "insert", "delete"
    text: str


class DiffBudget:
    """What one page may still spend; shared by every diff on the page (the
    version comparison diffs many chapters)."""

    def __init__(self, cells: int = PAGE_CELLS, ops: int = PAGE_OPS) -> None:
        self.cells = cells
        self.ops = ops

    def take_cells(self, cells: int) -> bool:
        if cells > BLOCK_CELLS or cells > self.cells:
            return False
        self.cells -= cells
        return True

    def take_ops(self, ops: int) -> bool:
        if ops > self.ops:
            return False
        self.ops -= ops
        return True


def _common_ends(a, b) -> tuple[int, int]:
    """Length of the common prefix, and of the common suffix of what remains."""
    limit = min(len(a), len(b))
    start = 0
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    return start, end


def _aligned(old: str, new: str, budget: DiffBudget) -> list[Chunk] | None:
    """Character alignment of two changed texts, or None when it would cost more
    than the budget allows or would not read as an edit."""
    if not budget.take_cells(len(old) * len(new)):
        return None
    ops = Indel.opcodes(old, new)
    if len(ops) > max(16, (len(old) + len(new)) // CONFETTI) or not budget.take_ops(len(ops)):
        return None
    chunks = []
    for op in ops:
        if op.tag == "equal":
            chunks.append(Chunk("equal", old[op.src_start : op.src_end]))
        else:
            if op.src_end > op.src_start:
                chunks.append(Chunk("delete", old[op.src_start : op.src_end]))
            if op.dest_end > op.dest_start:
                chunks.append(Chunk("insert", new[op.dest_start : op.dest_end]))
    return chunks


def char_diff(old: str, new: str, budget: DiffBudget | None = None) -> list[Chunk]:
    """Character-level chunks of one changed text; the whole text replaced when
    comparing it would cost more than the budget allows."""
    budget = budget if budget is not None else DiffBudget()
    start, end = _common_ends(old, new)
    head, tail = old[:start], old[len(old) - end :] if end else ""
    mid_old, mid_new = old[start : len(old) - end], new[start : len(new) - end]
    middle = _aligned(mid_old, mid_new, budget) if mid_old and mid_new else None
    if middle is None:
        middle = [Chunk("delete", mid_old), Chunk("insert", mid_new)]
    chunks = [Chunk("equal", head), *middle, Chunk("equal", tail)]
    return _readable([c for c in chunks if c.text])


def _readable(chunks: list[Chunk]) -> list[Chunk]:
    """Fold short unchanged runs between changes into the change around them.

    A longest common subsequence of two different sentences matches every 的 and
    发展 they share, which reads as confetti. As in semantic diff clean-ups, an
    unchanged run shorter than the change on either side of it is shown as part of
    the change (推进的体系 → 完善的能力 is one replacement, not 推进/完善 and 体系/能力
    around a kept 的), and so is a lone character (建设 → 构建 is one change, not
    构+建+设). Runs
    holding a paragraph break stay, so paragraphs keep their shape. Each pass is
    linear; a few passes settle.
    """
    # Groups: ["equal", text] or ["change", deleted, inserted].
    groups: list[list] = []
    for chunk in chunks:
        if chunk.op == "equal":
            groups.append(["equal", chunk.text])
        elif groups and groups[-1][0] == "change":
            groups[-1][1 if chunk.op == "delete" else 2] += chunk.text
        else:
            deleted = chunk.op == "delete"
            groups.append(["change", chunk.text if deleted else "", "" if deleted else chunk.text])
    for _pass in range(4):
        merged: list[list] = []
        changed = False
        i = 0
        while i < len(groups):
            group = groups[i]
            if (
                group[0] == "equal"
                and merged
                and merged[-1][0] == "change"
                and i + 1 < len(groups)
                and groups[i + 1][0] == "change"
                and "\n" not in group[1]
            ):
                before, after = merged[-1], groups[i + 1]
                size = len(group[1])
                shorter = size < max(len(before[1]), len(before[2])) and size < max(
                    len(after[1]), len(after[2])
                )
                if size == 1 or shorter:
                    before[1] += group[1] + after[1]
                    before[2] += group[1] + after[2]
                    changed = True
                    i += 2
                    continue
            merged.append(group)
            i += 1
        groups = merged
        if not changed:
            break
    out: list[Chunk] = []
    for group in groups:
        if group[0] == "equal":
            out.append(Chunk("equal", group[1]))
        else:
            if group[1]:
                out.append(Chunk("delete", group[1]))
            if group[2]:
                out.append(Chunk("insert", group[2]))
    return out


# A diff is a list of segments: ("equal" | "delete" | "insert", [paragraph, …]) for
# runs of whole paragraphs, or ("chunks", [[Chunk, …], …]) for edited paragraphs.
Segment = tuple[str, list]


def paragraph_diff(
    old: list[str], new: list[str], budget: DiffBudget | None = None
) -> list[Segment]:
    budget = budget if budget is not None else DiffBudget()
    start, end = _common_ends(old, new)
    mid_old, mid_new = old[start : len(old) - end], new[start : len(new) - end]
    segments: list[Segment] = [("equal", old[:start])]
    if mid_old and mid_new and len(mid_old) * len(mid_new) <= PARAGRAPH_CELLS:
        blocks = _paragraph_blocks(mid_old, mid_new)
    else:
        blocks = [("change", mid_old, mid_new)]
    for kind, a, b in blocks:
        if kind == "equal":
            segments.append(("equal", a))
        else:
            segments.extend(_changed_block(a, b, budget))
    segments.append(("equal", old[len(old) - end :] if end else []))
    return [s for s in segments if s[1]]


def _paragraph_blocks(old: list[str], new: list[str]) -> list[tuple[str, list, list]]:
    """Runs of equal paragraphs and blocks of changed ones (deletions and
    insertions next to each other form one block, compared by characters)."""
    blocks: list[tuple[str, list, list]] = []
    for op in Indel.opcodes(old, new):
        a, b = old[op.src_start : op.src_end], new[op.dest_start : op.dest_end]
        if op.tag == "equal":
            blocks.append(("equal", a, b))
        elif blocks and blocks[-1][0] == "change":
            blocks[-1][1].extend(a)
            blocks[-1][2].extend(b)
        else:
            blocks.append(("change", list(a), list(b)))
    return blocks


def _changed_block(old: list[str], new: list[str], budget: DiffBudget) -> list[Segment]:
    replaced = [("delete", old), ("insert", new)]
    if not old or not new:
        return replaced
    if len(old) == len(new) and len(old) <= PAIRED_PARAGRAPHS:
        # Paragraph for paragraph: each edited paragraph is compared with its own
        # old text, so an edit in one does not spill into its neighbours.
        segments: list[Segment] = []
        for a, b in zip(old, new, strict=True):
            chunks = char_diff(a, b, budget)
            segments.append(("chunks", _split_paragraphs(chunks)))
        return segments
    joined_old, joined_new = "\n".join(old), "\n".join(new)
    if len(joined_old) * len(joined_new) > BLOCK_CELLS:
        return replaced
    return [("chunks", _split_paragraphs(char_diff(joined_old, joined_new, budget)))]


def _split_paragraphs(chunks: list[Chunk]) -> list[list[Chunk]]:
    """Chunks of text joined by "\\n" back into paragraphs; a chunk that spans a
    break is cut in two, so every <del>/<ins> closes inside its paragraph."""
    paragraphs: list[list[Chunk]] = [[]]
    for chunk in chunks:
        for index, piece in enumerate(chunk.text.split("\n")):
            if index:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append(Chunk(chunk.op, piece))
    return [p for p in paragraphs if p]


def _run_html(paragraphs: list[str], tag: str) -> str:
    """A run of whole paragraphs, escaped and wrapped in one pass over one string."""
    start, end = (f"<p><{tag}>", f"</{tag}></p>") if tag else ("<p>", "</p>")
    body = html.escape(_SEP.join(paragraphs))
    return start + body.replace(_SEP, end + start) + end


_TAGS = {"equal": "", "delete": "del", "insert": "ins"}


def segments_html(segments: list[Segment]) -> SafeString:
    out = []
    for kind, content in segments:
        if kind != "chunks":
            out.append(_run_html(content, _TAGS[kind]))
            continue
        for paragraph in content:
            parts = []
            for chunk in paragraph:
                text = html.escape(chunk.text)
                tag = _TAGS[chunk.op]
                parts.append(f"<{tag}>{text}</{tag}>" if tag else text)
            out.append(f"<p>{''.join(parts)}</p>")
    return mark_safe("".join(out))


def diff_html(old_html: str, new_html: str, budget: DiffBudget | None = None) -> SafeString:
    """The difference between two stored texts as HTML paragraphs with <del>/<ins>."""
    return segments_html(
        paragraph_diff(html_to_paragraphs(old_html), html_to_paragraphs(new_html), budget)
    )
