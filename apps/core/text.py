"""Narrative text: what a browser sends in, what is stored, what is shown.

Drafters paste from Word, type into the editor, or (without JavaScript) type plain
text into a textarea. Whatever arrives is reduced to a small set of tags so the
stored text is safe to show on every page and to typeset later.

Every step here is linear in the input: the patterns never scan past the next
``<`` (so ``'<a' * 100000`` costs one pass, not a pass per ``<``), and the
structure of the markup is measured before the HTML parser sees it, because a
parser building a tree 25,000 elements deep spends seconds on it and the
typesetter minutes.
"""

import html
import re

import nh3
from django.utils.translation import gettext as _

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "sup", "sub"}
# The largest chapter a drafter may save, in characters of text (the form's limit),
# and what its stored HTML may grow to once every paragraph has its tags.
MAX_BODY_CHARS = 200_000
MAX_STORED_CHARS = 260_000
# Real chapters nest a few lists and emphases; Word's paste adds a few spans per
# paragraph, which cleaning drops. What is pasted may hold MAX_RAW_ELEMENTS (the
# parser's cost); what is stored MAX_ELEMENTS (the typesetter's, which grows with
# every paragraph: benchmarks/render_worst.py).
MAX_DEPTH = 20
MAX_RAW_ELEMENTS = 20_000
MAX_ELEMENTS = 5_000

_TAG_RE = re.compile(r"<[^<>]+>")
_TAG_TOKEN_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*>")
_BLOCK_RE = re.compile(r"<(/?)(div|h[1-6]|blockquote|section|article)\b[^<>]*>", re.IGNORECASE)
_EMPTY_P_RE = re.compile(r"<p>(?:\s|&nbsp;|\u3000|<br\s*/?>)*</p>")
_HAS_MARKUP_RE = re.compile(r"</?[a-zA-Z][^<>]*>")
# Whitespace next to block tags is source formatting (Word puts newlines there).
_BLOCK_TAG_SPLIT_RE = re.compile(r"(</?(?:p|ul|ol|li)>)")
_VOID_TAGS = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "embed"}
    | {"source", "track", "param"}
)
# An open tag of these kinds implicitly closes an earlier open one of the same kind,
# unless one of the listed containers lies between them (as an HTML parser does).
_IMPLIED_END = {
    "p": frozenset({"div", "li", "td", "th", "blockquote", "ul", "ol", "table", "section"}),
    "li": frozenset({"ul", "ol"}),
    "dt": frozenset({"dl"}),
    "dd": frozenset({"dl"}),
    "tr": frozenset({"table", "tbody", "thead", "tfoot"}),
    "td": frozenset({"tr", "table"}),
    "th": frozenset({"tr", "table"}),
    "option": frozenset({"select"}),
}


# C0 controls other than tab, line feed and carriage return (which a textarea
# sends), and DEL: invisible, refused by XML writers (openpyxl, .docx), never typed.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Zero-width characters and bidirectional overrides: they make a name read
# differently from what it is (“报告\u202efdp.exe”), and Chinese text needs none.
_INVISIBLE_RE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Characters no file name may carry on Windows, macOS or Linux.
_FILENAME_RE = re.compile(r'[\\/:*?"<>|]')


_ID = re.compile(r"[0-9]{1,18}")


def as_id(raw) -> int | None:
    """A database id as a request or a cell gives it: ASCII digits that fit a
    bigint, else None. (``isdigit`` lets “²” through to ``int()``, and a 25-digit
    number through to the database; both were 500s.)"""
    text = str(raw if raw is not None else "")
    return int(text) if _ID.fullmatch(text) else None


def clean_input(value: str) -> str:
    """Text as it may be stored: without control characters, zero-width characters
    or bidi overrides. Applied to every posted value (apps/core/middleware.py)."""
    if _CONTROL_RE.search(value) or _INVISIBLE_RE.search(value):
        value = _INVISIBLE_RE.sub("", _CONTROL_RE.sub("", value))
    return value


def printable(value) -> str:
    """Stored text made safe for a writer that refuses control characters (Excel,
    XML), whatever was stored before input was cleaned."""
    text = "" if value is None else str(value)
    return clean_input(text)


def safe_filename(name: str, *, max_length: int = 150) -> str:
    """A download name from stored titles: no control or invisible characters, no
    path or reserved characters, not absurdly long (the extension is kept)."""
    name = _FILENAME_RE.sub("_", clean_input(name).replace("\t", " ").replace("\n", " "))
    name = name.replace("\r", "").strip(" .") or "download"
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        if dot and len(ext) <= 5:
            name = stem[: max_length - len(ext) - 1] + "." + ext
        else:
            name = name[:max_length]
    return name


class MarkupTooComplex(ValueError):
    """The text is within the length limit but its markup is not a plan chapter's
    (nested too deep, too many elements, or too long once cleaned); the message
    says what to change."""


def plain_text_to_html(text: str) -> str:
    """Each non-blank line becomes a paragraph; Word's plain-text paste separates
    paragraphs with line breaks, so this keeps them."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)


def check_structure(value: str) -> None:
    """Refuse markup nested deeper than MAX_DEPTH or with more than MAX_RAW_ELEMENTS
    elements, in one linear pass over the tags (the open-element stack is never
    longer than MAX_DEPTH, so closing a tag costs at most that much)."""
    stack: list[str] = []
    elements = 0
    for match in _TAG_TOKEN_RE.finditer(value):
        name = match.group(2).lower()
        if name in _VOID_TAGS or match.group(0).endswith("/>"):
            continue
        if match.group(1):
            for index in range(len(stack) - 1, -1, -1):
                if stack[index] == name:
                    del stack[index:]
                    break
            continue
        elements += 1
        if elements > MAX_RAW_ELEMENTS:
            raise MarkupTooComplex(
                _(
                    "正文的格式标记过多（超过%(n)s个段落、列表项或格式），请分成几节，或粘贴为纯文本。"
                )
                % {"n": MAX_RAW_ELEMENTS}
            )
        scope = _IMPLIED_END.get(name)
        if scope is not None:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index] == name:
                    del stack[index:]
                    break
                if stack[index] in scope:
                    break
        stack.append(name)
        if len(stack) > MAX_DEPTH:
            raise MarkupTooComplex(
                _("正文的列表或格式嵌套超过%(n)s层，请去掉多余的缩进层次后再保存。")
                % {"n": MAX_DEPTH}
            )


def _strip_block_gaps(value: str) -> str:
    pieces = _BLOCK_TAG_SPLIT_RE.split(value)
    # Odd pieces are the block tags; the text between two of them loses the
    # whitespace that touches a tag.
    for index in range(0, len(pieces), 2):
        text = pieces[index]
        if index > 0:
            text = text.lstrip()
        if index < len(pieces) - 1:
            text = text.rstrip()
        pieces[index] = text
    return "".join(pieces)


def sanitize_html(value: str) -> str:
    """Return stored-safe HTML for narrative text.

    Block containers that editors and Word produce (div, headings) become paragraphs
    before cleaning, because nh3 would otherwise drop the tags and run the
    paragraphs together. Raises MarkupTooComplex for markup no chapter needs.
    """
    if not value or not value.strip():
        return ""
    if not _HAS_MARKUP_RE.search(value):
        cleaned = plain_text_to_html(value)
    else:
        check_structure(value)
        value = _BLOCK_RE.sub(lambda m: f"<{m.group(1)}p>", value)
        cleaned = nh3.clean(
            value,
            tags=ALLOWED_TAGS,
            attributes={},
            strip_comments=True,
            link_rel=None,
        )
        cleaned = _strip_block_gaps(cleaned)
        cleaned = _wrap_loose_inline(cleaned)
        cleaned = _EMPTY_P_RE.sub("", cleaned).strip()
    if len(cleaned) > MAX_STORED_CHARS:
        raise MarkupTooComplex(
            _(
                "正文整理后有%(n)s个字符（含段落标记），超过了%(max)s的上限，"
                "请分成几节保存，或减少空行和很短的段落。"
            )
            % {"n": len(cleaned), "max": MAX_STORED_CHARS}
        )
    elements = cleaned.count("<") - cleaned.count("</") - cleaned.count("<br")
    if elements > MAX_ELEMENTS:
        raise MarkupTooComplex(
            _(
                "正文的段落、列表项和加粗等格式共有%(count)s处，超过了%(n)s处的上限，"
                "请分成几节，或合并很短的段落。"
            )
            % {"count": elements, "n": MAX_ELEMENTS}
        )
    return cleaned


_TOP_BLOCKS = frozenset({"p", "ul", "ol"})
# nh3's output: lower-case tags without attributes.
_CLEAN_TAG_RE = re.compile(r"<(/?)([a-z][a-z0-9]*)\s*/?>")


def _wrap_loose_inline(value: str) -> str:
    """Put text and inline tags that sit outside any paragraph into one, so every
    piece of narrative text is a paragraph (an editor can leave the first line bare).

    Works on nh3's well-formed output in one pass over its tags."""
    out: list[str] = []
    run: list[str] = []
    depth = 0
    position = 0

    def flush() -> None:
        text = "".join(run).strip()
        if text:
            out.append(f"<p>{text}</p>")
        run.clear()

    for match in _CLEAN_TAG_RE.finditer(value):
        text = value[position : match.start()]
        position = match.end()
        if text:
            (out if depth else run).append(text)
        closing, name, tag = match.group(1), match.group(2), match.group(0)
        if depth == 0 and not closing and name in _TOP_BLOCKS:
            flush()
            depth = 1
            out.append(tag)
        elif depth > 0:
            if closing:
                depth -= 1
            elif name not in _VOID_TAGS:
                depth += 1
            out.append(tag)
        else:
            run.append(tag)
    text = value[position:]
    if text:
        (out if depth else run).append(text)
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
    # One pass over the whole text (a chapter of one-character paragraphs would
    # otherwise cost a regex call per paragraph); U+001E never survives input
    # cleaning, so it can mark the paragraph ends.
    marked = _PARAGRAPH_END_RE.sub("\x1e", value or "")
    text = html.unescape(_TAG_RE.sub("", marked))
    return [piece for piece in (p.strip() for p in text.split("\x1e")) if piece]


def quotable(value) -> str:
    """Text to be put inside “…”: its own double quotes become single ones, as
    Chinese typesetting nests them (“‘十四五’时期发展环境”已保存)."""
    return str(value).replace("“", "‘").replace("”", "’")
