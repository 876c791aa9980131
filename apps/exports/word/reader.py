"""Read a county's Word draft (.docx) into headings and their text.

Library: python-docx, the one the writer uses. It gives the paragraphs with their
styles (so a heading is recognised by the outline level of its style, the way
Word's navigation pane recognises it), the runs with their emphasis, the tables,
and the XML underneath for what must be found and reported: tracked changes,
pictures, text boxes, footnotes, comments. mammoth turns a file into clean HTML
but hides the style information the outline is read from; docx2python renders
list numbers as text, which python-docx leaves to numbering.xml, but a list here
only needs to know whether it is numbered (read from numbering.xml below).

The file is checked as a package before any XML is parsed: its size, that it is
a zip of a Word document and not a renamed .doc/.wps/.pdf, no macros, the total
unpacked size and the number of parts (a zip bomb), no DTD in any part (entity
expansion), no tracked changes. Every problem is a ``WordFileError`` whose message
says, in Chinese, what is wrong and what to do.

Where the author used no heading styles, headings are read from the text:
第X篇 / 第X章 / 第X节, or 一、/（一） in a draft without 第X章, and 序言/结束语.
"""

import io
import logging
import re
import zipfile
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext as _

from apps.core.text import MarkupTooComplex, clean_input, html_to_text, sanitize_html
from apps.exports.packages import PackageError, open_package, refuse_declarations
from apps.exports.word.reference import GENERATED_STYLES
from apps.plans.models import OutlineNode

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAIN = "word/document.xml"
MACRO_TYPES = ("macroEnabled", "vbaProject")
MAX_UNPACKED = 200 * 1024 * 1024
# The body part unpacked: a 100-page outline is 1–2 MB; this bounds the parse
# (about 4 s and 300 MB at the limit, BENCHMARKS.md).
MAX_MAIN_XML = 30 * 1024 * 1024
MAX_HEADINGS = 500
MAX_PARAGRAPHS = 50_000
MAX_TITLE = 120  # OutlineNode.title
EXCERPT = 60

Level = OutlineNode.Level
logger = logging.getLogger(__name__)


class WordFileError(ValueError):
    """A file that cannot be read as an outline; the message is for the user."""


@dataclass
class Heading:
    level: str
    title: str
    text: str  # the line as written (第一章　发展基础)
    body: str = ""  # sanitised HTML
    paragraphs: int = 0
    unplaced: list[str] = field(default_factory=list)

    @property
    def excerpt(self) -> str:
        text = html_to_text(self.body).strip()
        return text[:EXCERPT] + ("…" if len(text) > EXCERPT else "")


@dataclass
class ReadResult:
    headings: list[Heading]
    # What stands before the first heading (cover, contents) and what the file
    # holds outside the body (comments, footnotes): listed, never imported.
    preamble: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    by_styles: bool = True
    # The text before the first heading (all of it in a file without headings):
    # what a returned file gives a single node.
    lead_body: str = ""

    def as_data(self) -> dict:
        return {
            "headings": [asdict(h) for h in self.headings],
            "preamble": self.preamble,
            "unplaced": self.unplaced,
            "by_styles": self.by_styles,
            "lead_body": self.lead_body,
        }

    @classmethod
    def from_data(cls, data: dict) -> "ReadResult":
        return cls(
            headings=[Heading(**h) for h in data["headings"]],
            preamble=data["preamble"],
            unplaced=data["unplaced"],
            by_styles=data["by_styles"],
            lead_body=data.get("lead_body", ""),
        )


# The package ------------------------------------------------------------------


def check_package(data: bytes) -> None:
    limit = settings.WORD_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise WordFileError(
            _("文件有 %(size).1f MB，超过了 %(limit)d MB 的上限。请删去图片等内容后再上传。")
            % {"size": len(data) / 1024 / 1024, "limit": limit // 1024 // 1024}
        )
    head = data[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise WordFileError(
            _(
                "这是旧版 Word（.doc）或 WPS（.wps）格式的文件。"
                "请在 Word 或 WPS 中另存为 .docx 后上传。"
            )
        )
    if head.startswith(b"%PDF"):
        raise WordFileError(_("这是 PDF 文件，不能读出文字结构。请上传 Word（.docx）文件。"))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WordFileError(_("这不是 Word（.docx）文件，请检查后重新上传。"))
    try:
        package, names = open_package(data, max_unpacked=MAX_UNPACKED)
    except PackageError as exc:
        raise WordFileError(exc.message) from exc
    if MAIN not in names:
        raise WordFileError(_("这不是 Word（.docx）文件：缺少正文部分。"))
    if package.getinfo(MAIN).file_size > MAX_MAIN_XML:
        raise WordFileError(
            _("文件的正文部分解压后超过 %(n)d MB，远大于一份规划纲要，请分章上传。")
            % {"n": MAX_MAIN_XML // 1024 // 1024}
        )
    types = package.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if any(m.encode() in types for m in MACRO_TYPES) or any("vbaProject" in n for n in names):
        raise WordFileError(
            _("文件含有宏（.docm）。为安全起见不接受带宏的文件，请另存为不含宏的 .docx 后上传。")
        )
    try:
        refuse_declarations(package)
    except PackageError as exc:
        raise WordFileError(exc.message) from exc
    body = package.read(MAIN)
    if re.search(rb"<w:(ins|del|moveFrom|moveTo)\b", body):
        raise WordFileError(
            _(
                "文件中有修订（修订模式下的插入或删除）。读取时既不是修订前也不是修订后的文本，"
                "请先在 Word/WPS 中“接受”或“拒绝”全部修订，再上传。"
            )
        )


# Headings -----------------------------------------------------------------------

NUMERAL = "[一二三四五六七八九十百零〇两0-9０-９]+"
PATTERNS = (
    (re.compile(rf"^第{NUMERAL}篇"), Level.PART),
    (re.compile(rf"^第{NUMERAL}章"), Level.CHAPTER),
    (re.compile(rf"^第{NUMERAL}节"), Level.SECTION),
)
UNNUMBERED = re.compile(r"^(序\s*言|前\s*言|引\s*言|结\s*束\s*语|结\s*语)$")
ANNEX = re.compile(r"^(附表|附件)\s*[0-9０-９一二三四五六七八九十]*")
SIMPLE_CHAPTER = re.compile(r"^[一二三四五六七八九十]+、")
SIMPLE_SECTION = re.compile(r"^（[一二三四五六七八九十]+）")
LABEL = re.compile(
    rf"^(第{NUMERAL}[篇章节]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）"
    r"|附表\s*[0-9０-９]+|附件\s*[0-9０-９]*)[\s\u3000]*"
)


def _level_from_text(text: str, simple: bool) -> str | None:
    for pattern, level in PATTERNS:
        if pattern.match(text):
            return level
    if UNNUMBERED.match(text):
        return Level.UNNUMBERED
    if simple:
        if SIMPLE_CHAPTER.match(text):
            return Level.CHAPTER
        if SIMPLE_SECTION.match(text):
            return Level.SECTION
    return None


def _title(text: str, level: str) -> str:
    if level == Level.UNNUMBERED:
        return re.sub(r"\s", "", text)
    title = LABEL.sub("", text).strip()
    return title or text


# The writer's list items (apps/exports/word/writer.py): “1. ” or “• ” as text.
WRITTEN_LIST_STYLE = "ListItem"
WRITTEN_MARKER = re.compile(r"^(•|\d+\.) ")

# A contents line typed by hand: the heading, a leader or gap, the page number.
CONTENTS_LINE = re.compile(r"(\.{2,}|…+|·{2,}|\t|\s{2,})\s*\d+$")


def _looks_like_heading(text: str) -> bool:
    return (
        0 < len(text) <= MAX_TITLE
        and not text.endswith(("。", "；", "：", "，"))
        and not CONTENTS_LINE.search(text)
    )


class _Styles:
    """Outline levels of the paragraph styles (through basedOn) and the number
    formats of the lists, read from the package's styles and numbering parts."""

    def __init__(self, word):
        self.levels: dict[str, int | None] = {}
        self.toc: set[str] = set()
        self.numbered: dict[str, object] = {}  # style id → its numPr (List Number…)
        styles = word.styles.element
        by_id = {s.get(f"{W}styleId"): s for s in styles.iterfind(f"{W}style")}
        for style_id, style in by_id.items():
            name = (
                style.find(f"{W}name").get(f"{W}val") if style.find(f"{W}name") is not None else ""
            )
            if name.lower().startswith("toc") or name.startswith("目录"):
                self.toc.add(style_id)
            self.levels[style_id] = self._level(style, by_id, name)
            numbering = style.find(f"{W}pPr/{W}numPr")
            if numbering is not None:
                self.numbered[style_id] = numbering
        self.bullets: dict[tuple[str, str], bool] = {}
        try:
            numbering = word.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for item in numbering.iterfind(f"{W}abstractNum"):
            formats = {}
            for lvl in item.iterfind(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                formats[lvl.get(f"{W}ilvl")] = fmt is not None and fmt.get(f"{W}val") == "bullet"
            abstract[item.get(f"{W}abstractNumId")] = formats
        for num in numbering.iterfind(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            formats = abstract.get(ref.get(f"{W}val") if ref is not None else None, {})
            for ilvl, bullet in formats.items():
                self.bullets[(num.get(f"{W}numId"), ilvl)] = bullet

    @staticmethod
    def _level(style, by_id, name: str) -> int | None:
        seen = set()
        while style is not None and id(style) not in seen:
            seen.add(id(style))
            outline = style.find(f"{W}pPr/{W}outlineLvl")
            if outline is not None:
                value = int(outline.get(f"{W}val"))
                return value if value < 9 else None
            match = re.match(r"^(heading|标题)\s*([1-9])$", name.strip(), re.IGNORECASE)
            if match:
                return int(match.group(2)) - 1
            based = style.find(f"{W}basedOn")
            style = by_id.get(based.get(f"{W}val")) if based is not None else None
            name_el = style.find(f"{W}name") if style is not None else None
            name = name_el.get(f"{W}val") if name_el is not None else ""
        return None


@dataclass
class _Para:
    text: str
    html: str
    outline: int | None
    list_kind: str  # "", "ol", "ul"
    notes: list[str]


def _runs_html(p) -> str:
    parts = []
    for run in p.iter(f"{W}r"):
        text = "".join(
            t.text or "" if t.tag == f"{W}t" else ("\n" if t.tag in (f"{W}br", f"{W}cr") else "\t")
            for t in run
            if t.tag in (f"{W}t", f"{W}br", f"{W}cr", f"{W}tab")
        )
        # As the editor's input is cleaned: no control, zero-width or bidi characters.
        text = clean_input(text)
        if not text:
            continue
        if any(a.tag == f"{W}txbxContent" for a in run.iterancestors()):
            continue  # text boxes are reported, not merged into the paragraph
        html = escape(text).replace("\n", "<br>")
        props = run.find(f"{W}rPr")
        if props is not None:
            for tag, name in (("b", "strong"), ("i", "em"), ("u", "u")):
                flag = props.find(f"{W}{tag}")
                if flag is not None and flag.get(f"{W}val", "true") not in ("0", "false", "none"):
                    html = f"<{name}>{html}</{name}>"
            vertical = props.find(f"{W}vertAlign")
            if vertical is not None and vertical.get(f"{W}val") in ("superscript", "subscript"):
                tag = "sup" if vertical.get(f"{W}val") == "superscript" else "sub"
                html = f"<{tag}>{html}</{tag}>"
        parts.append(html)
    return "".join(parts)


def _plain(p) -> str:
    texts = []
    for node in p.iter(f"{W}t", f"{W}tab"):
        if any(a.tag == f"{W}txbxContent" for a in node.iterancestors()):
            continue
        texts.append(node.text or "" if node.tag == f"{W}t" else " ")
    return clean_input("".join(texts)).strip()


def _notes(p) -> list[str]:
    found = []
    if p.find(f".//{W}drawing") is not None or p.find(f".//{W}pict") is not None:
        boxes = p.findall(f".//{W}txbxContent")
        if boxes:
            for box in boxes:
                text = "".join(t.text or "" for t in box.iter(f"{W}t")).strip()
                found.append(_("文本框：%(text)s") % {"text": text[:EXCERPT] or _("（无文字）")})
        else:
            found.append(_("图片"))
    if p.find(f".//{W}object") is not None:
        found.append(_("嵌入对象"))
    if p.find(f".//{W}footnoteReference") is not None:
        found.append(_("脚注"))
    if p.find(f".//{W}endnoteReference") is not None:
        found.append(_("尾注"))
    if p.find(".//{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath") is not None:
        found.append(_("公式"))
    return found


def _paragraph(p, styles: _Styles) -> _Para | None:
    props = p.find(f"{W}pPr")
    style_id = ""
    outline = None
    list_kind = ""
    if props is not None:
        style = props.find(f"{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else ""
        own = props.find(f"{W}outlineLvl")
        if own is not None:
            value = int(own.get(f"{W}val"))
            outline = value if value < 9 else None
        numbering = props.find(f"{W}numPr")
        if numbering is None:
            numbering = styles.numbered.get(style_id)
        if numbering is not None:
            num = numbering.find(f"{W}numId")
            ilvl = numbering.find(f"{W}ilvl")
            key = (
                num.get(f"{W}val") if num is not None else "",
                ilvl.get(f"{W}val") if ilvl is not None else "0",
            )
            if key[0] not in ("", "0"):
                list_kind = "ul" if styles.bullets.get(key) else "ol"
    if style_id in styles.toc or style_id in GENERATED_STYLES:
        return None
    html = _runs_html(p)
    if not list_kind and style_id == WRITTEN_LIST_STYLE:
        # A list item as the writer writes it: its marker is text (“1. ”, “• ”).
        marker = WRITTEN_MARKER.match(html)
        if marker:
            list_kind = "ul" if marker.group(1) == "•" else "ol"
            html = html[marker.end() :]
    if outline is None:
        outline = styles.levels.get(style_id or "Normal")
    return _Para(_plain(p), html, outline, list_kind, _notes(p))


def _table_note(table) -> str:
    rows = table.findall(f"{W}tr")
    first = rows[0] if rows else None
    cells = first.findall(f"{W}tc") if first is not None else []
    text = " ".join(
        "".join(t.text or "" for t in paragraph.iter(f"{W}t")).strip()
        for cell in cells
        for paragraph in cell.iter(f"{W}p")
    ).strip()
    if len(rows) == 1 and len(cells) == 1:
        return _("专栏或文本框式表格：%(text)s") % {"text": text[:EXCERPT]}
    return _("表格（%(rows)s行×%(cols)s列）：%(text)s") % {
        "rows": len(rows),
        "cols": len(cells),
        "text": text[:EXCERPT],
    }


def _blocks(body):
    """The body's paragraphs and tables in reading order, content controls opened
    (a contents field inside one is skipped by its paragraph styles)."""
    for child in body.iterchildren():
        if child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif child.tag in (f"{W}p", f"{W}tbl"):
            yield child


def read_docx(data: bytes, *, require_headings: bool = True) -> ReadResult:
    check_package(data)
    try:
        return _read(data, require_headings)
    except WordFileError:
        raise
    except Exception as exc:  # a package Word would open but with values out of spec
        logger.warning("unreadable Word file: %r", exc)
        raise WordFileError(
            _("文件的结构不符合 Word 格式规范，无法读取。请在 Word/WPS 中另存后再上传。")
        ) from exc


def _read(data: bytes, require_headings: bool) -> ReadResult:
    import docx

    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise WordFileError(_("文件已损坏或不是 Word 文档，无法打开。")) from exc
    styles = _Styles(word)
    items: list[_Para | str] = []  # paragraphs, or a note for a table
    count = 0
    for block in _blocks(word.element.body):
        count += 1
        if count > MAX_PARAGRAPHS:
            raise WordFileError(
                _("文件有超过 %(n)s 个段落，不像一份规划纲要，请检查后再上传。")
                % {"n": MAX_PARAGRAPHS}
            )
        if block.tag == f"{W}tbl":
            items.append(_table_note(block))
            continue
        para = _paragraph(block, styles)
        if para is not None:
            items.append(para)

    paras = [i for i in items if isinstance(i, _Para)]
    by_styles = any(p.outline is not None and p.outline <= 2 and p.text for p in paras)
    simple = not any(PATTERNS[1][0].match(p.text) for p in paras)
    level_of = _levels_by_style(paras) if by_styles else None

    result = ReadResult(headings=[], by_styles=by_styles)
    current: Heading | None = None
    pending: list[str] = []  # html of the current heading's blocks (or of the lead)
    open_list: list[str] = []  # [kind] while a list is open

    def flush() -> None:
        if open_list:
            pending.append(f"</{open_list.pop()}>")
        html = "".join(pending)
        pending.clear()
        try:
            body = sanitize_html(html) if html else ""
        except MarkupTooComplex as exc:
            title = current.text if current else _("首个标题之前")
            raise WordFileError(
                _("“%(title)s”部分的正文过长或结构过深：%(reason)s")
                % {"title": title, "reason": exc}
            ) from exc
        if current is None:
            result.lead_body = body
        else:
            current.body = body

    for item in items:
        if isinstance(item, str):
            (current.unplaced if current else result.preamble).append(item)
            continue
        level = None
        if item.text and _looks_like_heading(item.text):
            by_text = _level_from_text(item.text, simple)
            level = level_of(item) if level_of is not None else by_text
        if level is not None:
            flush()
            current = Heading(level, _title(item.text, level), item.text)
            result.headings.append(current)
            if len(result.headings) > MAX_HEADINGS:
                raise WordFileError(
                    _(
                        "文件中识别出超过 %(n)s 个标题，超出一份规划纲要的规模，"
                        "请检查标题样式后再上传。"
                    )
                    % {"n": MAX_HEADINGS}
                )
            current.unplaced.extend(item.notes)
            continue
        if current is None:
            if item.text:
                result.preamble.append(item.text[:EXCERPT])
            result.preamble.extend(item.notes)
        else:
            current.unplaced.extend(item.notes)
        if not item.html.strip() or not item.text:
            continue
        if current is not None:
            current.paragraphs += 1
        if item.list_kind:
            if open_list and open_list[-1] != item.list_kind:
                pending.append(f"</{open_list.pop()}>")
            if not open_list:
                open_list.append(item.list_kind)
                pending.append(f"<{item.list_kind}>")
            pending.append(f"<li>{item.html}</li>")
        else:
            if open_list:
                pending.append(f"</{open_list.pop()}>")
            pending.append(f"<p>{item.html}</p>")
    flush()
    if not result.headings and (require_headings or not result.lead_body):
        raise WordFileError(
            _(
                "文件中没有识别出任何标题。请用 Word 的“标题 1/2/3”样式标出篇、章、节，"
                "或让标题以“第一章”“第一节”（或“一、”“（一）”）开头，再上传。"
            )
        )
    result.unplaced.extend(_outside_body(word))
    return result


def _levels_by_style(paras: list[_Para]):
    """Which outline level is 篇, 章 or 节: the text says it where it can (第一篇…);
    otherwise the levels used, top down, are 篇/章/节 when the draft has 篇, else
    章/节."""
    used = sorted({p.outline for p in paras if p.outline is not None and p.outline <= 2 and p.text})
    has_parts = any(PATTERNS[0][0].match(p.text) for p in paras if p.outline is not None)
    order = (
        [Level.PART, Level.CHAPTER, Level.SECTION]
        if has_parts
        else [
            Level.CHAPTER,
            Level.SECTION,
        ]
    )
    rank = {level: order[min(i, len(order) - 1)] for i, level in enumerate(used)}

    def level_of(para: _Para) -> str | None:
        if para.outline is None or para.outline > 2:
            return None
        by_text = _level_from_text(para.text, simple=False)
        if by_text is not None:
            return by_text
        if ANNEX.match(para.text):
            return Level.ANNEX
        return rank[para.outline]

    return level_of


def _outside_body(word) -> list[str]:
    found = []
    package = word.part.package
    for part in package.iter_parts():
        name = str(part.partname)
        if name.endswith("/comments.xml"):
            count = part.blob.count(b"<w:comment ")
            if count:
                found.append(_("批注 %(n)s 条（批注不导入，请先在 Word 中处理）") % {"n": count})
        elif name.endswith("/footnotes.xml"):
            # Two separator notes are always there.
            count = max(part.blob.count(b"<w:footnote ") - 2, 0)
            if count:
                found.append(_("脚注 %(n)s 条（脚注文字不导入）") % {"n": count})
    return found
