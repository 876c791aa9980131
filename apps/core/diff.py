"""Character-level differences that read well in Chinese.

Chinese has no spaces to split words on, so a word diff would treat a whole
sentence as one word. We compare character by character, then merge runs so a
reader sees whole changed phrases rather than scattered single characters, and
keep paragraph breaks as breaks.
"""

import html
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.safestring import SafeString, mark_safe

from apps.core.text import html_to_paragraphs


@dataclass(frozen=True)
class Chunk:
    op: str  # "equal", "insert", "delete"
    text: str


def char_diff(old: str, new: str) -> list[Chunk]:
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    chunks: list[Chunk] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            chunks.append(Chunk("equal", old[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            chunks.append(Chunk("delete", old[i1:i2]))
        if tag in ("insert", "replace"):
            chunks.append(Chunk("insert", new[j1:j2]))
    return _absorb_short_equals(chunks)


def _absorb_short_equals(chunks: list[Chunk]) -> list[Chunk]:
    """A single unchanged character between two changes makes a diff hard to read
    (改为 → 改X为Y); fold it into the surrounding delete and insert."""
    out: list[Chunk] = []
    i = 0
    while i < len(chunks):
        chunk = chunks[i]
        between_changes = (
            chunk.op == "equal"
            and len(chunk.text) == 1
            and chunk.text != "\n"
            and 0 < i < len(chunks) - 1
            and chunks[i - 1].op != "equal"
            and chunks[i + 1].op != "equal"
        )
        if between_changes:
            out.append(Chunk("delete", chunk.text))
            out.append(Chunk("insert", chunk.text))
        else:
            out.append(chunk)
        i += 1
    merged: list[Chunk] = []
    pending = {"delete": "", "insert": ""}
    for chunk in out:
        if chunk.op == "equal":
            for op in ("delete", "insert"):
                if pending[op]:
                    merged.append(Chunk(op, pending[op]))
                    pending[op] = ""
            merged.append(chunk)
        else:
            pending[chunk.op] += chunk.text
    for op in ("delete", "insert"):
        if pending[op]:
            merged.append(Chunk(op, pending[op]))
    return merged


def diff_html(old_html: str, new_html: str) -> SafeString:
    """The difference between two stored texts as HTML paragraphs with <del>/<ins>."""
    old_text = "\n".join(html_to_paragraphs(old_html))
    new_text = "\n".join(html_to_paragraphs(new_html))
    parts = []
    for chunk in char_diff(old_text, new_text):
        text = html.escape(chunk.text).replace("\n", "</p><p>")
        if chunk.op == "equal":
            parts.append(text)
        elif chunk.op == "delete":
            parts.append(f"<del>{text}</del>")
        else:
            parts.append(f"<ins>{text}</ins>")
    return mark_safe(f"<p>{''.join(parts)}</p>")
