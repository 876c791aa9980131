"""Write the print document (apps/exports/document.py) into a copy of reference.docx.

The .docx carries the same content in the same order as the PDF, read by the same
``build_document``: cover, contents, 篇/章/节 with their text, 专栏 boxes, the
annex tables. What Word does better than a fixed layout is left to Word: the
contents are a TOC field that Word refreshes on opening (``updateFields``), the
page numbers are PAGE fields, and the paragraphs are styled, not formatted run
by run, so the county's own edits stay in the house style.

Layout of the file:

* section 1, the cover: no page number;
* section 2, the contents: no page number;
* section 3 on, the body: numbered from 1, “— N —” right on odd and left on even
  pages; 附表2 (the major projects) on landscape pages of its own section, its
  header rows repeated on every page.

With ``department``, the department's open opinions are Word comments anchored on
the passages they quote (or on the heading of their node when the passage has
changed since), for a draft sent to that department.
"""

import hashlib
import io
import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import docx
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from apps.core.text import printable
from apps.exports.document import PrintEntry, build_document
from apps.exports.word import reference
from apps.plans.kinds import kind_of
from apps.plans.models import Document, OutlineNode
from apps.plans.parts import ComputedTable

Progress = Callable[[int, str], None]

HEADING_STYLE = {
    OutlineNode.Level.PART: "Heading 1",
    OutlineNode.Level.CHAPTER: "Heading 2",
    OutlineNode.Level.UNNUMBERED: "Heading 2",
    OutlineNode.Level.SECTION: "Heading 3",
    OutlineNode.Level.ANNEX: "附表标题",
}
TOC_STYLE = {"Heading 1": "toc 1", "附表标题": "toc 1", "Heading 2": "toc 2", "Heading 3": "toc 3"}

# Column widths in twips: the portrait text block is 8,844 wide, the landscape
# one (附表2) 12,756.
INDICATOR_COLUMNS = (900, 640, 3060, 1100, 1100, 1204, 840)
PROJECT_COLUMNS = (640, 2100, 3500, 1250, 640, 1150, 1150, 1150, 1176)
LANDSCAPE_MARGINS = {"top": 1588, "bottom": 1474, "left": 2098, "right": 1984}
LANDSCAPE_WIDTH = reference.PAGE_HEIGHT - LANDSCAPE_MARGINS["left"] - LANDSCAPE_MARGINS["right"]


# A frozen version (DocumentVersion.snapshot) in the shape of the print document ---

# Which part's frozen table an annex shows, for snapshots made before they named
# their nodes' keys: by the annex title.
ANNEX_PARTS = {"annex_indicators": "indicators", "annex_projects": "major-projects"}


@dataclass
class FrozenNode:
    pk: int
    level: str
    key: str
    title: str
    body: str


@dataclass
class FrozenEntry:
    node: FrozenNode
    heading: str
    boxes: list = field(default_factory=list)
    cite: str = ""
    pending: bool = False
    tables: list = field(default_factory=list)


def _annex_key(node: dict) -> str:
    if node.get("key"):
        return node["key"]
    title = node.get("title", "")
    if "指标" in title:
        return "annex_indicators"
    if "项目" in title:
        return "annex_projects"
    return ""


def version_context(version) -> dict:
    """The print document of a frozen version: its headings and text as they were
    frozen, the annex tables as the frozen rows of their parts (the 专栏 boxes,
    made from live projects, are not part of a snapshot)."""
    from apps.exports.document import approval_line, cover_date, title_lines

    document = version.document
    snapshot = version.snapshot
    entries = []
    for node in snapshot.get("nodes", []):
        frozen = FrozenNode(
            node["id"], node["level"], _annex_key(node), node["title"], node.get("body", "")
        )
        label = node.get("label", "")
        heading = f"{label}　{frozen.title}" if label else frozen.title
        entry = FrozenEntry(frozen, heading)
        # The computed tables as they read when the version was frozen.
        table = snapshot.get("computed", {}).get(str(node["id"]))
        if table:
            entry.tables.append(ComputedTable.from_data(table))
        entries.append(entry)
    tables = {}
    for key, slug in ANNEX_PARTS.items():
        part = snapshot.get("parts", {}).get(slug)
        if part and part.get("rows"):
            tables[key] = (part["columns"], [row["cells"] for row in part["rows"]])
    # Annexes without frozen rows are not printed, as in the live document.
    entries = [
        e for e in entries if e.node.level != OutlineNode.Level.ANNEX or e.node.key in tables
    ]
    title = snapshot.get("title") or document.title
    dated = document.stage_dates.get(version.stage)
    # Frozen at a stage where the text is the approved one (审议通过, 调整后审议通过).
    adopted = version.stage in kind_of(document).final_stages
    return {
        "plan": document.plan,
        "document": document,
        "title": title,
        "issuer": snapshot.get("issuer") or document.issuer,
        "entries": entries,
        "title_lines": title_lines(title),
        "stage_label": version.get_stage_display(),
        "draft": not adopted,
        "cover_date": cover_date(
            date.fromisoformat(dated) if dated else timezone.localtime(version.created_at).date()
        ),
        "approval_line": approval_line(document) if adopted else None,
        "frozen_tables": tables,
    }


# Text of a node: the sanitised HTML as paragraphs of formatted pieces --------------


@dataclass
class Piece:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    vertical: str = ""  # "superscript" / "subscript"


@dataclass
class Block:
    pieces: list[Piece] = field(default_factory=list)
    marker: str = ""  # “1.” / “•” for list items
    depth: int = 0  # list nesting

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


class _BodyParser(HTMLParser):
    """Paragraphs and list items of a node's stored text. The text has been through
    the sanitiser (apps/core/text.py): only p, br, strong/b, em/i, u, sup, sub,
    ul/ol/li remain, so this is a reader of a known, small vocabulary."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.marks: dict[str, int] = defaultdict(int)
        self.lists: list[list] = []  # [kind, next number]

    def _block(self) -> Block:
        if self.current is None:
            self.current = Block(depth=len(self.lists))
            self.blocks.append(self.current)
        return self.current

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.current = None
        elif tag in ("ul", "ol"):
            self.lists.append([tag, 1])
            self.current = None
        elif tag == "li":
            self.current = None
            block = self._block()
            if self.lists:
                kind = self.lists[-1]
                block.marker = f"{kind[1]}." if kind[0] == "ol" else "•"
                kind[1] += 1
        elif tag == "br":
            self._block().pieces.append(self._piece("\n"))
        elif tag in ("strong", "b", "em", "i", "u", "sup", "sub"):
            self.marks[tag] += 1

    def handle_endtag(self, tag):
        if tag in ("p", "li"):
            self.current = None
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.current = None
        elif self.marks.get(tag):
            self.marks[tag] -= 1

    def _piece(self, text: str) -> Piece:
        marks = self.marks
        vertical = "superscript" if marks["sup"] else "subscript" if marks["sub"] else ""
        return Piece(
            printable(text),
            bold=bool(marks["strong"] or marks["b"]),
            italic=bool(marks["em"] or marks["i"]),
            underline=bool(marks["u"]),
            vertical=vertical,
        )

    def handle_data(self, data):
        if self.current is None and not data.strip():
            return  # whitespace between blocks
        self._block().pieces.append(self._piece(data))


def body_blocks(html: str) -> list[Block]:
    parser = _BodyParser()
    parser.feed(str(html))
    parser.close()
    return [b for b in parser.blocks if b.text.strip()]


# Raw XML pieces ---------------------------------------------------------------


def _esc(text) -> str:
    # Stored text may hold characters XML cannot (stored before input was cleaned).
    return printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run_xml(text: str, *, font: str = "") -> str:
    fonts = f'<w:rPr><w:rFonts w:eastAsia="{font}"/></w:rPr>' if font else ""
    return f'<w:r>{fonts}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def _para_xml(text: str = "", style: str = "TableText", *, align: str = "", runs: str = "") -> str:
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    content = runs or (_run_xml(text) if text else "")
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr>{content}</w:p>'


def _cell_xml(
    width: int, content: str, *, span: int = 1, merge: str = "", shade: bool = False
) -> str:
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if merge:
        props.append(f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>")
    if shade:
        props.append('<w:shd w:val="clear" w:color="auto" w:fill="F0F0F0"/>')
    props.append('<w:vAlign w:val="center"/>')
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{content or _para_xml()}</w:tc>"


def _row_xml(cells: list[str], *, header: bool = False) -> str:
    props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def _table_xml(widths: tuple[int, ...], rows: list[str], *, border: int = 4) -> str:
    """A table in the house table style, its column widths written both as the grid
    (which WPS sizes tables by) and on every cell (which Word does)."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    borders = ""
    if border != 4:
        borders = (
            "<w:tblBorders>"
            + "".join(
                f'<w:{side} w:val="single" w:sz="{border}" w:space="0" w:color="000000"/>'
                for side in ("top", "left", "bottom", "right")
            )
            + "</w:tblBorders>"
        )
    return (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="PlanTable"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>{borders}'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" '
        'w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _header_cells(widths, labels) -> list[str]:
    return [
        _cell_xml(w, _para_xml(label, "TableHeader"))
        for w, label in zip(widths, labels, strict=True)
    ]


# The writer ---------------------------------------------------------------------


class OutlineWriter:
    def __init__(self, context: dict, *, opinions: dict[int, list] | None = None):
        self.context = context
        self.doc = docx.Document(str(reference.PATH))
        self.body = self.doc.element.body
        self.opinions = opinions or {}
        self.landscape = False
        document: Document = context["document"]
        self._title = printable(context.get("title") or document.title)
        self._issuer = printable(context.get("issuer") or document.issuer)

    # Pieces of the document -----------------------------------------------------

    def _append(self, xml: str):
        element = parse_xml(xml)
        self.body.sectPr.addprevious(element)
        return element

    def paragraph(self, text: str = "", style: str = "Normal"):
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            paragraph.add_run(printable(text))
        return paragraph

    def write(self) -> bytes:
        self.cover()
        self.contents()
        self.body_section()
        entries: list[PrintEntry] = self.context["entries"]
        for item in entries:
            if item.node.level == OutlineNode.Level.ANNEX:
                self.annex(item)
            else:
                self.entry(item)
        self.properties()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def properties(self) -> None:
        props = self.doc.core_properties
        props.title = self._title
        props.author = self._issuer
        props.subject = self.context["stage_label"]
        plan = self.context["plan"]
        props.keywords = printable(f"{plan.county.name}, {plan.period_name}")
        props.created = props.modified = timezone.now()
        props.last_modified_by = self._issuer
        props.revision = 1

    def cover(self) -> None:
        ctx = self.context
        title = self.paragraph(style="Title")
        title.paragraph_format.space_before = docx.shared.Mm(40)
        for number, line in enumerate(ctx["title_lines"]):
            run = title.add_run(printable(line))
            if number < len(ctx["title_lines"]) - 1:
                run.add_break()
        if ctx["approval_line"]:
            approval = self.paragraph(style="封面批准")
            first, second = ctx["approval_line"]
            approval.add_run(printable(first)).add_break()
            approval.add_run(printable(second))
        if ctx["draft"]:
            self.paragraph(f"（{ctx['stage_label']}）", "封面阶段")
        issuer = self.paragraph(self._issuer, "封面署名")
        issuer.paragraph_format.space_before = docx.shared.Mm(80 if ctx["approval_line"] else 90)
        self.paragraph(ctx["cover_date"], "封面日期")

    def contents(self) -> None:
        """The contents as a TOC field over the heading styles. Its result is
        written out (headings without page numbers) so that a reader that does not
        refresh fields still shows the list; Word refreshes it on opening."""
        self.doc.add_section(WD_SECTION.NEW_PAGE)
        self.paragraph(_("目　　录"), "目录标题")
        entries: list[PrintEntry] = self.context["entries"]
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        lines = [(TOC_STYLE[self._heading_style(item)], item.heading) for item in entries] or [
            ("toc 1", "")
        ]
        for number, (style, text) in enumerate(lines):
            style_id = self.doc.styles[style].style_id
            runs = (begin if number == 0 else "") + _run_xml(text)
            if number == len(lines) - 1:
                runs += end
            self._append(
                f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{runs}</w:p>'
            )

    def body_section(self) -> None:
        """The body's section: numbered from 1, “— N —” outside on each page."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        sect = section._sectPr
        page_numbers = sect.find(qn("w:pgNumType"))
        if page_numbers is None:
            page_numbers = parse_xml(f"<w:pgNumType {nsdecls('w')}/>")
            # Schema order: pgNumType comes after pgMar/pgSz and before cols.
            sect.find(qn("w:pgMar")).addnext(page_numbers)
        page_numbers.set(qn("w:start"), "1")
        page_numbers.set(qn("w:fmt"), "decimal")
        self._page_number(section.footer, "right")
        self._page_number(section.even_page_footer, "left")
        running = self._title
        if self.context["draft"]:
            running += f"（{self.context['stage_label']}）"
        for header in (section.header, section.even_page_header):
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0]
            paragraph.style = self.doc.styles["Header"]
            paragraph.add_run(printable(running))

    def _page_number(self, footer, side: str) -> None:
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = self.doc.styles["Footer"]
        indent = "right" if side == "right" else "left"
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:ind {nsdecls("w")} w:{indent}="280"/>'))
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:jc {nsdecls("w")} w:val="{side}"/>'))
        for xml in (
            _run_xml("— "),
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            _run_xml("1"),
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            _run_xml(" —"),
        ):
            paragraph._p.append(parse_xml(xml.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))

    def _new_section(self):
        """A section after the body's first: it goes on with the page numbers (the
        copied ``pgNumType`` would start them at 1 again)."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        numbers = section._sectPr.find(qn("w:pgNumType"))
        if numbers is not None:
            numbers.attrib.pop(qn("w:start"), None)
        return section

    def _portrait(self) -> None:
        if self.landscape:
            self._turn(WD_ORIENT.PORTRAIT, reference.MARGINS)

    def _landscape(self) -> None:
        self._turn(WD_ORIENT.LANDSCAPE, LANDSCAPE_MARGINS)

    def _turn(self, orientation, margins: dict[str, int]) -> None:
        """A new section on pages turned the other way."""
        section = self._new_section()
        section.orientation = orientation
        section.page_width, section.page_height = section.page_height, section.page_width
        for side, value in margins.items():
            setattr(section, f"{side}_margin", docx.shared.Twips(value))
        self.landscape = orientation == WD_ORIENT.LANDSCAPE

    @staticmethod
    def _heading_style(item: PrintEntry) -> str:
        return HEADING_STYLE[item.node.level]

    # The outline's entries ---------------------------------------------------------

    def entry(self, item: PrintEntry) -> None:
        self._portrait()
        heading = self.paragraph(item.heading, self._heading_style(item))
        opinions = list(self.opinions.get(item.node.pk, ()))
        # The stored text, not the PDF's autospaced copy: Word spaces digits itself.
        for block in body_blocks(item.node.body):
            opinions = self.text_block(block, opinions)
        # Opinions whose passage is no longer in the text hang on the heading.
        for opinion in opinions:
            self.comment(heading.runs, opinion, unplaced=True)
        if item.cite:
            self.paragraph(item.cite, "附表引用")
        if item.pending:
            self.paragraph(_("（待起草）"), "待起草")
        for table in item.tables:
            self.computed_table(table)
        for box in item.boxes:
            if box.indicators:
                self.paragraph(
                    _("专栏%(n)s　%(title)s") % {"n": box.number, "title": box.title}, "专栏标题"
                )
                self.indicator_table()
            else:
                self.project_box(box)

    def text_block(self, block: Block, opinions: list) -> list:
        """One paragraph; the opinions quoting a passage of it are anchored there.
        Returns the opinions still to place."""
        text = block.text
        ranges = []  # (start, end, opinion)
        rest = []
        for opinion in opinions:
            # A passage over several paragraphs is anchored on its first line.
            lines = printable(opinion.quote or "").strip().splitlines()
            quote = lines[0].strip() if lines else ""
            start = text.find(quote) if quote else -1
            if start >= 0 and not any(s < start + len(quote) and start < e for s, e, _o in ranges):
                ranges.append((start, start + len(quote), opinion))
            else:
                rest.append(opinion)
        style = "列表段落" if block.marker else "Normal"
        paragraph = self.doc.add_paragraph(style=style)
        if block.depth > 1:
            paragraph.paragraph_format.left_indent = docx.shared.Pt(16 * 2 * block.depth)
        if block.marker:
            paragraph.add_run(block.marker + " ")
        cuts = sorted({0, len(text), *(s for s, _e, _o in ranges), *(e for _s, e, _o in ranges)})
        runs_at: dict[int, object] = {}
        position = 0
        for piece in block.pieces:
            start, end = position, position + len(piece.text)
            position = end
            inner = [c for c in cuts if start < c < end]
            bounds = [start, *inner, end]
            for a, b in itertools.pairwise(bounds):
                run = paragraph.add_run(piece.text[a - start : b - start])
                run.bold = piece.bold or None
                run.italic = piece.italic or None
                run.underline = piece.underline or None
                if piece.vertical == "superscript":
                    run.font.superscript = True
                elif piece.vertical == "subscript":
                    run.font.subscript = True
                runs_at[a] = run
                runs_at[-b] = run  # the run ending at b
        for start, end, opinion in ranges:
            first, last = runs_at.get(start), runs_at.get(-end)
            if first is not None and last is not None:
                self.comment([first, last], opinion)
            else:
                rest.append(opinion)
        return rest

    def comment(self, runs, opinion, *, unplaced: bool = False) -> None:
        author = opinion.source_name or _("意见")
        text = opinion.text
        quote = printable(opinion.quote or "").strip()
        if unplaced and quote:
            text = _("（原文：%(quote)s）%(text)s") % {"quote": quote[:200], "text": text}
        author = printable(author)
        self.doc.add_comment(runs, text=printable(text), author=author, initials=author[:2])

    def project_box(self, box) -> None:
        width = reference.TEXT_WIDTH
        paragraphs = [
            _para_xml(_("专栏%(n)s　%(title)s") % {"n": box.number, "title": box.title}, "BoxTitle")
        ]
        for number, project in enumerate(box.projects, start=1):
            runs = (
                _run_xml(f"{number}. ")
                + _run_xml(project.name, font=reference.HEI)
                + _run_xml("：" + (project.content_scale or ""))
            )
            paragraphs.append(_para_xml(style="BoxText", runs=runs))
        row = f"<w:tr>{_cell_xml(width, ''.join(paragraphs))}</w:tr>"
        self._append(_table_xml((width,), [row], border=8))
        # A table must not touch the next one: an empty line after the box.
        self.paragraph(style="专栏文字")

    def computed_table(self, table) -> None:
        """A table computed at export time (apps/plans/parts.py ComputedTable): a
        narrow first column (the number), a wide second (the name), the rest equal."""
        # A caption in the text, not an annex: no page break before it.
        self.paragraph(table.title, "专栏标题")
        count = len(table.columns)
        width = reference.TEXT_WIDTH
        if count >= 3:
            first, second = 640, (width - 640) * 2 // 5
            rest = (width - first - second) // (count - 2)
            widths = (first, second, *([rest] * (count - 2)))
        else:
            widths = tuple([width // count] * count)
        rows = [_row_xml(_header_cells(widths, table.columns), header=True)]
        for heading, group_rows in table.groups:
            if heading:
                rows.append(
                    _row_xml([_cell_xml(sum(widths), _para_xml(heading), span=count, shade=True)])
                )
            for cells in group_rows:
                rows.append(
                    _row_xml(
                        [
                            _cell_xml(
                                w, _para_xml(str(c), align="right" if i in table.numeric else "")
                            )
                            for i, (w, c) in enumerate(zip(widths, cells, strict=False))
                        ]
                    )
                )
        if table.row_count:
            self._append(_table_xml(widths, rows))
        else:
            self.paragraph(table.empty_text)
        if table.notes:
            text = _("注：") + "　".join(f"{n}.{note}" for n, note in enumerate(table.notes, 1))
            self.paragraph(text, "表注")
        else:
            # A table must not touch the next one.
            self.paragraph()

    # Annexes -------------------------------------------------------------------------

    def annex(self, item: PrintEntry) -> None:
        key = item.node.key
        frozen = self.context.get("frozen_tables")
        if frozen is not None:
            if key == "annex_projects":
                self._landscape()
            else:
                self._portrait()
            self.paragraph(item.heading, "附表标题")
            if key in frozen:
                self.frozen_table(*frozen[key], landscape=key == "annex_projects")
            return
        if key == "annex_projects":
            self._landscape()
            self.paragraph(item.heading, "附表标题")
            self.project_table()
            return
        self._portrait()
        self.paragraph(item.heading, "附表标题")
        if key == "annex_indicators":
            self.indicator_table()
        else:
            for block in body_blocks(item.node.body):
                self.text_block(block, [])

    def frozen_table(self, columns: list[str], rows: list[list[str]], *, landscape: bool) -> None:
        """A part's rows as frozen with a version: its list columns, equal widths."""
        width = LANDSCAPE_WIDTH if landscape else reference.TEXT_WIDTH
        widths = tuple([width // len(columns)] * len(columns))
        xml_rows = [_row_xml(_header_cells(widths, columns), header=True)]
        for cells in rows:
            xml_rows.append(
                _row_xml(
                    [_cell_xml(w, _para_xml(str(c))) for w, c in zip(widths, cells, strict=False)]
                )
            )
        self._append(_table_xml(widths, xml_rows))

    def indicator_table(self) -> None:
        ctx = self.context
        plan = ctx["plan"]
        widths = INDICATOR_COLUMNS
        header = _row_xml(
            _header_cells(
                widths,
                (
                    _("类别"),
                    _("序号"),
                    _("指标"),
                    f"{plan.base_year}{_('年')}",
                    f"{plan.target_year}{_('年')}",
                    _("年均增长〔累计〕"),
                    _("属性"),
                ),
            ),
            header=True,
        )
        rows = [header]
        for page in ctx["indicator_pages"]:
            for run in page.runs():
                for index, (seq, indicator) in enumerate(run.rows):
                    category = _cell_xml(
                        widths[0],
                        _para_xml(run.category.name, "TableHeader") if index == 0 else "",
                        merge="restart" if index == 0 else "continue",
                    )
                    values = (
                        (str(seq), "center"),
                        (indicator.name_with_unit, ""),
                        (indicator.baseline_display(), "center"),
                        (indicator.target_year_cell(), "center"),
                        (indicator.change_cell(), "center"),
                        (indicator.get_attribute_display(), "center"),
                    )
                    cells = [category] + [
                        _cell_xml(w, _para_xml(str(v), align=a))
                        for w, (v, a) in zip(widths[1:], values, strict=True)
                    ]
                    rows.append(_row_xml(cells))
        self._append(_table_xml(widths, rows))
        notes = ctx.get("indicator_notes") or []
        if notes:
            text = _("注：") + "　".join(f"{n}.{note}" for n, note in enumerate(notes, start=1))
            self.paragraph(text, "表注")

    def project_table(self) -> None:
        ctx = self.context
        widths = PROJECT_COLUMNS
        header = _row_xml(
            _header_cells(
                widths,
                (
                    _("序号"),
                    _("项目名称"),
                    _("建设内容及规模"),
                    _("建设地点"),
                    _("性质"),
                    _("起止年限"),
                    _("总投资（万元）"),
                    _("期内投资（万元）"),
                    _("责任单位"),
                ),
            ),
            header=True,
        )
        rows = [header]
        label_width = sum(widths[:6])

        def money(value) -> str:
            return "" if value is None else f"{value:,.0f}".replace(",", "")

        def sum_row(label: str, total, in_period) -> str:
            return _row_xml(
                [
                    _cell_xml(
                        label_width,
                        _para_xml(label, "TableHeader", align="left"),
                        span=6,
                        shade=True,
                    ),
                    _cell_xml(widths[6], _para_xml(money(total), align="right"), shade=True),
                    _cell_xml(widths[7], _para_xml(money(in_period), align="right"), shade=True),
                    _cell_xml(widths[8], "", shade=True),
                ]
            )

        for page in ctx["project_pages"]:
            for row in page.rows:
                kind = row["kind"]
                if kind == "group":
                    group = row["group"]
                    label = _("%(label)s（%(n)s项）") % {
                        "label": group.label,
                        "n": len(group.projects),
                    }
                    rows.append(sum_row(label, group.total, group.in_period))
                elif kind == "project":
                    project = row["project"]
                    values = (
                        (str(row["seq"]), "center"),
                        (project.name, ""),
                        (project.content_scale, ""),
                        (project.location, ""),
                        (project.get_nature_display(), "center"),
                        (f"{project.start_year}—{project.end_year}", "center"),
                        (money(project.total_investment), "right"),
                        (money(project.period_investment), "right"),
                        (project.lead_unit, ""),
                    )
                    rows.append(
                        _row_xml(
                            [
                                _cell_xml(w, _para_xml(str(v or ""), align=a))
                                for w, (v, a) in zip(widths, values, strict=True)
                            ]
                        )
                    )
                elif kind == "total":
                    label = _("合计（%(n)s项）") % {"n": ctx["project_count"]}
                    rows.append(sum_row(label, ctx["project_total"], ctx["project_in_period"]))
                # “交通（续）” rows belong to the PDF's page cuts: Word breaks the table.
        self._append(_table_xml(widths, rows))


@cache
def code_version() -> str:
    """The writer and the house style: a change to either makes fresh files."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(reference.PATH.read_bytes())
    return digest.hexdigest()


def open_opinions(document: Document, department) -> dict[int, list]:
    """The department's opinions still waiting for an answer, by node."""
    from apps.review.models import Opinion

    found: dict[int, list] = defaultdict(list)
    opinions = (
        Opinion.objects.filter(
            document=document,
            parent=None,
            department=department,
            disposition=Opinion.Disposition.PENDING,
        )
        .select_related("department", "author", "source_division")
        .order_by("created_at", "id")
    )
    for opinion in opinions:
        found[opinion.node_id].append(opinion)
    return found


def render_version_docx(version, *, progress: Progress | None = None) -> bytes:
    """A frozen version as it was frozen (DocumentVersion.snapshot)."""
    report = progress or (lambda percent, note: None)
    report(20, _("整理冻结版本"))
    content = OutlineWriter(version_context(version)).write()
    report(90, _("保存文件"))
    return content


def render_docx(document: Document, *, progress: Progress | None = None, department=None) -> bytes:
    report = progress or (lambda percent, note: None)
    report(5, _("整理规划内容"))
    context = build_document(document)
    opinions = open_opinions(document, department) if department is not None else None
    report(40, _("写入 Word 文件"))
    content = OutlineWriter(context, opinions=opinions).write()
    report(90, _("保存文件"))
    return content
