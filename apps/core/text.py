"""Narrative text: what a browser sends in, what is stored, what is shown.

Drafters paste from Word, type into the editor, or (without JavaScript) type plain
text into a textarea. Whatever arrives is reduced to a small set of tags so the
stored text is safe to show on every page and to typeset later.
"""

import html
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "sup", "sub"}
_TAG_RE = re.compile(r"<[^>]+>")
_BLOCK_RE = re.compile(r"<(/?)(div|h[1-6]|blockquote|section|article)\b[^>]*>", re.IGNORECASE)
_EMPTY_P_RE = re.compile(r"<p>(?:\s|&nbsp;|\u3000|<br\s*/?>)*</p>")
_HAS_MARKUP_RE = re.compile(r"</?[a-zA-Z][^>]*>")
# Whitespace between block tags is source formatting (Word puts newlines there).
_BLOCK_GAP_RE = re.compile(r"\s*(</?(?:p|ul|ol|li)>)\s*")


def plain_text_to_html(text: str) -> str:
    """Each non-blank line becomes a paragraph; Word's plain-text paste separates
    paragraphs with line breaks, so this keeps them."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)


def sanitize_html(value: str) -> str:
    """Return stored-safe HTML for narrative text.

    Block containers that editors and Word produce (div, headings) become paragraphs
    before cleaning, because nh3 would otherwise drop the tags and run the
    paragraphs together.
    """
    if not value or not value.strip():
        return ""
    if not _HAS_MARKUP_RE.search(value):
        return plain_text_to_html(value)
    value = _BLOCK_RE.sub(lambda m: f"<{m.group(1)}p>", value)
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes={},
        strip_comments=True,
        link_rel=None,
    )
    cleaned = _BLOCK_GAP_RE.sub(r"\1", cleaned)
    cleaned = _wrap_loose_inline(cleaned)
    cleaned = _EMPTY_P_RE.sub("", cleaned)
    return cleaned.strip()


_TOP_BLOCKS = {"p", "ul", "ol"}
_VOID = {"br"}


class _TopLevelSplitter(HTMLParser):
    """Splits cleaned HTML into (is_block, text) pieces at the top level."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.pieces: list[tuple[bool, str]] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        raw = self.get_starttag_text() or f"<{tag}>"
        if self.depth == 0 and tag in _TOP_BLOCKS:
            self.depth = 1
            self.pieces.append((True, raw))
        elif self.depth > 0:
            self.depth += 0 if tag in _VOID else 1
            self.pieces.append((True, raw))
        else:
            self.pieces.append((False, raw))

    def handle_startendtag(self, tag, attrs):
        self.pieces.append((self.depth > 0, self.get_starttag_text() or f"<{tag}>"))

    def handle_endtag(self, tag):
        if self.depth > 0:
            self.depth -= 1
            self.pieces.append((True, f"</{tag}>"))
        else:
            self.pieces.append((False, f"</{tag}>"))

    def handle_data(self, data):
        self.pieces.append((self.depth > 0, html.escape(data, quote=False)))

    def handle_entityref(self, name):
        self.pieces.append((self.depth > 0, f"&{name};"))

    def handle_charref(self, name):
        self.pieces.append((self.depth > 0, f"&#{name};"))


def _wrap_loose_inline(value: str) -> str:
    """Put text and inline tags that sit outside any paragraph into one, so every
    piece of narrative text is a paragraph (an editor can leave the first line bare)."""
    splitter = _TopLevelSplitter()
    splitter.feed(value)
    splitter.close()
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        text = "".join(run).strip()
        if text:
            out.append(f"<p>{text}</p>")
        run.clear()

    for is_block, text in splitter.pieces:
        if is_block:
            flush()
            out.append(text)
        else:
            run.append(text)
    flush()
    return "".join(out)


def html_to_text(value: str) -> str:
    """Visible characters of stored HTML, for counting and excerpts."""
    return html.unescape(_TAG_RE.sub("", value or "")).strip()


def text_length(value: str) -> int:
    """Characters a reader sees (whitespace excluded): the measure of a draft's size."""
    return len(re.sub(r"\s", "", html_to_text(value)))


_PARAGRAPH_END_RE = re.compile(r"</(?:p|li)>|<br\s*/?>", re.IGNORECASE)


def html_to_paragraphs(value: str) -> list[str]:
    """The visible text of stored HTML, one string per paragraph or list item."""
    pieces = _PARAGRAPH_END_RE.split(value or "")
    return [text for text in (html_to_text(piece) for piece in pieces) if text]


def quotable(value) -> str:
    """Text to be put inside “…”: its own double quotes become single ones, as
    Chinese typesetting nests them (“‘十四五’时期发展环境”已保存)."""
    return str(value).replace("“", "‘").replace("”", "’")
