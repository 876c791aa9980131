"""The reference document: the house style of every .docx the app writes.

The styles follow the genre (GB/T 9704-2012 for the page and the body): A4 with
37/35/28/26 mm margins, body 仿宋 三号 (16 pt) on a fixed 28.95 pt line (22 lines
a page), 篇 and 章 headings 黑体, 节 楷体, the title 小标宋, Latin letters and
digits Times New Roman, page numbers 宋体 四号 as “— 1 —”. Every style names its
East Asian face itself (``w:eastAsia``) and none uses a theme font, so WPS does
not report fonts as missing; the font table gives each GB2312 face a fallback
name (``w:altName``) that machines without the 方正/GB2312 fonts do have.

The file is written by this module and kept in the repository:

    .venv/bin/python -m apps.exports.word.reference

A test checks that the committed file is what this module writes.

Some styles mark what the writer makes from the plan's structured data rather
than from a node's text (the 注 under a table, （待起草）, “主要指标见附表1。”):
the reader leaves paragraphs in them out, so a file exported and read back gives
the same text.
"""

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

PATH = Path(__file__).with_name("reference.docx")

# Faces: (name written in the styles, fallback name, charset, family).
FANG = "仿宋_GB2312"
KAI = "楷体_GB2312"
HEI = "黑体"
SONG = "宋体"
TITLE = "方正小标宋简体"
LATIN = "Times New Roman"
FONTS = (
    (FANG, "仿宋", "86", "modern"),
    (KAI, "楷体", "86", "modern"),
    (HEI, "SimHei", "86", "modern"),
    (SONG, "SimSun", "86", "auto"),
    (TITLE, "宋体", "86", "script"),
    (LATIN, "", "00", "roman"),
)

# Page: A4 in twips, the margins of GB/T 9704-2012 §5.2.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGINS = {"top": 2098, "bottom": 1984, "left": 1588, "right": 1474}
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]  # 8844 twips, 156 mm
BODY_LINE = 579  # 28.95 pt: 22 lines in the 225 mm text block

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


# Paragraph styles of generated content (by style id), skipped when read back.
GENERATED_STYLES = frozenset(
    {
        "TableNotes",
        "Pending",
        "AnnexCite",
        "TocTitle",
        "CoverApproval",
        "CoverStage",
        "CoverIssuer",
        "CoverDate",
    }
)


def _fonts(east_asia: str, latin: str = LATIN) -> str:
    return (
        f"<w:rFonts w:ascii={quoteattr(latin)} w:hAnsi={quoteattr(latin)} "
        f"w:eastAsia={quoteattr(east_asia)} w:cs={quoteattr(latin)}/>"
    )


def _style(
    style_id: str,
    name: str,
    *,
    kind: str = "paragraph",
    based_on: str | None = "Normal",
    next_style: str | None = None,
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
) -> str:
    default = ' w:default="1"' if style_id == "Normal" else ""
    parts = [f'<w:style w:type="{kind}"{default} w:styleId="{style_id}"><w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    parts.append("<w:qFormat/>" + extra)
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def _size(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def _line(twips: int, rule: str = "exact", before: int = 0, after: int = 0) -> str:
    return (
        f'<w:spacing w:before="{before}" w:after="{after}" w:line="{twips}" w:lineRule="{rule}"/>'
    )


NO_INDENT = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
CENTER = '<w:jc w:val="center"/>'
KEEP = "<w:keepNext/><w:keepLines/>"


def _outline(level: int) -> str:
    return f'<w:outlineLvl w:val="{level}"/>'


def _toc(level: int, indent_chars: int, face: str) -> str:
    indent = indent_chars * 100
    return _style(
        f"TOC{level}",
        f"toc {level}",
        next_style="Normal",
        ppr=(
            f'<w:tabs><w:tab w:val="right" w:leader="middleDot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
            + _line(BODY_LINE)
            + f'<w:ind w:leftChars="{indent}" w:left="{indent * 16 // 5}" '
            'w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/>'
        ),
        rpr=_fonts(face),
        extra='<w:uiPriority w:val="39"/><w:unhideWhenUsed/>',
    )


def styles_xml() -> str:
    styles = [
        # 正文: 仿宋 三号, fixed line, two characters' first-line indent, justified.
        _style(
            "Normal",
            "Normal",
            based_on=None,
            ppr=(
                "<w:widowControl/>"
                + _line(BODY_LINE)
                + '<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/>'
            ),
            rpr=_fonts(FANG) + _size(16),
        ),
        _style(
            "Title",
            "Title",
            next_style="Normal",
            ppr=_line(800) + NO_INDENT + CENTER,
            rpr=_fonts(TITLE) + _size(22),
        ),
        _style(
            "Heading1",
            "heading 1",
            next_style="Normal",
            ppr=KEEP
            + "<w:pageBreakBefore/>"
            + _line(800, before=240, after=240)
            + NO_INDENT
            + CENTER
            + _outline(0),
            rpr=_fonts(HEI) + _size(22),
        ),
        _style(
            "Heading2",
            "heading 2",
            next_style="Normal",
            ppr=KEEP + _line(BODY_LINE, before=240, after=120) + NO_INDENT + CENTER + _outline(1),
            rpr=_fonts(HEI) + _size(16),
        ),
        _style(
            "Heading3",
            "heading 3",
            next_style="Normal",
            ppr=KEEP + _line(BODY_LINE, before=120, after=0) + NO_INDENT + CENTER + _outline(2),
            rpr=_fonts(KAI) + _size(16),
        ),
        # 附表 headings: level 1 in the navigation pane, on a new page.
        _style(
            "AnnexHeading",
            "附表标题",
            next_style="Normal",
            ppr=KEEP
            + "<w:pageBreakBefore/>"
            + _line(600, after=200)
            + NO_INDENT
            + CENTER
            + _outline(0),
            rpr=_fonts(HEI) + _size(16),
        ),
        _style(
            "TocTitle",
            "目录标题",
            next_style="Normal",
            ppr=_line(800, after=240) + NO_INDENT + CENTER,
            rpr=_fonts(HEI) + _size(22),
        ),
        _toc(1, 0, HEI),
        _toc(2, 2, FANG),
        _toc(3, 4, KAI),
        # The cover below the title.
        _style(
            "CoverApproval",
            "封面批准",
            ppr=_line(BODY_LINE, before=240) + NO_INDENT + CENTER,
            rpr=_fonts(KAI) + _size(16),
        ),
        _style(
            "CoverStage",
            "封面阶段",
            ppr=_line(600, before=480) + NO_INDENT + CENTER,
            rpr=_fonts(HEI) + _size(18),
        ),
        _style(
            "CoverIssuer",
            "封面署名",
            ppr=_line(600) + NO_INDENT + CENTER,
            rpr=_fonts(FANG) + _size(18),
        ),
        _style(
            "CoverDate",
            "封面日期",
            ppr=_line(600) + NO_INDENT + CENTER,
            rpr=_fonts(FANG) + _size(16),
        ),
        # 专栏 (a one-cell bordered table) and the tables.
        _style(
            "BoxTitle",
            "专栏标题",
            ppr=KEEP + _line(480, after=60) + NO_INDENT + CENTER,
            rpr=_fonts(HEI) + _size(14),
        ),
        _style(
            "BoxText",
            "专栏文字",
            ppr=_line(440)
            + '<w:ind w:firstLineChars="200" w:firstLine="560"/><w:jc w:val="both"/>',
            rpr=_fonts(FANG) + _size(14),
        ),
        _style(
            "TableText",
            "表格文字",
            ppr=_line(300, rule="atLeast") + NO_INDENT + '<w:jc w:val="left"/>',
            rpr=_fonts(FANG) + _size(10.5),
        ),
        _style(
            "TableHeader",
            "表头",
            based_on="TableText",
            ppr=CENTER,
            rpr=_fonts(HEI),
        ),
        _style(
            "TableContinued",
            "续表",
            ppr=_line(400) + NO_INDENT + '<w:jc w:val="left"/>',
            rpr=_fonts(HEI) + _size(12),
        ),
        _style(
            "TableNotes",
            "表注",
            ppr=_line(360, rule="atLeast", before=120) + NO_INDENT + '<w:jc w:val="both"/>',
            rpr=_fonts(FANG) + _size(12),
        ),
        _style(
            "ListItem",
            "列表段落",
            ppr='<w:ind w:leftChars="200" w:left="640" w:firstLine="0" w:firstLineChars="0"/>',
        ),
        _style("Pending", "待起草", rpr='<w:color w:val="595959"/>'),
        # The sentence pointing to the annex table, written from the plan's data.
        _style("AnnexCite", "附表引用"),
        # Page numbers: 宋体 四号, half-width digits in the same face.
        # The running header of the body pages: the title (and a draft's stage).
        _style(
            "Header",
            "header",
            ppr='<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="999999"/>'
            "</w:pBdr>" + _line(240, rule="auto") + NO_INDENT + CENTER,
            rpr=_fonts(HEI) + _size(9) + '<w:color w:val="444444"/>',
        ),
        _style(
            "Footer",
            "footer",
            ppr=_line(280, rule="auto") + NO_INDENT,
            rpr=_fonts(SONG, SONG) + _size(14),
        ),
        _style(
            "CommentText",
            "annotation text",
            ppr=_line(240, rule="auto") + NO_INDENT + '<w:jc w:val="left"/>',
            rpr=_size(10.5),
            extra="<w:unhideWhenUsed/>",
        ),
        _style(
            "CommentReference",
            "annotation reference",
            kind="character",
            based_on="DefaultParagraphFont",
            rpr=_size(10.5),
            extra="<w:unhideWhenUsed/>",
        ),
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/>'
        "<w:unhideWhenUsed/></w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>",
        # Tables and 专栏: thin black rules all round.
        '<w:style w:type="table" w:styleId="PlanTable"><w:name w:val="规划表格"/>'
        '<w:basedOn w:val="TableNormal"/><w:qFormat/><w:pPr>'
        + _line(300, rule="atLeast")
        + NO_INDENT
        + '</w:pPr><w:tblPr><w:jc w:val="center"/><w:tblBorders>'
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/>'
        '<w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/>'
        '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList">'
        '<w:name w:val="No List"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/></w:style>',
    ]
    return (
        XML
        + f'<w:styles xmlns:w="{W}" xmlns:r="{R}">'
        + "<w:docDefaults><w:rPrDefault><w:rPr>"
        + _fonts(FANG)
        + _size(16)
        + '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        + "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        + '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        + "</w:pPr></w:pPrDefault></w:docDefaults>"
        + "".join(styles)
        + "</w:styles>"
    )


def font_table_xml() -> str:
    fonts = []
    for name, alt, charset, family in FONTS:
        fonts.append(
            f"<w:font w:name={quoteattr(name)}>"
            + (f"<w:altName w:val={quoteattr(alt)}/>" if alt else "")
            + f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
            + '<w:pitch w:val="variable"/></w:font>'
        )
    return XML + f'<w:fonts xmlns:w="{W}" xmlns:r="{R}">' + "".join(fonts) + "</w:fonts>"


def settings_xml() -> str:
    return (
        XML
        + f'<w:settings xmlns:w="{W}" xmlns:r="{R}">'
        + '<w:zoom w:percent="100"/>'
        # Word asks to refresh the contents (TOC) and page fields when opened.
        + '<w:updateFields w:val="true"/>'
        + '<w:defaultTabStop w:val="420"/>'
        # Page numbers right on odd pages, left on even pages.
        + "<w:evenAndOddHeaders/>"
        + '<w:characterSpacingControl w:val="compressPunctuation"/>'
        + "<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/>"
        + "<w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/>"
        + "<w:adjustLineHeightInTable/><w:useFELayout/>"
        + '<w:compatSetting w:name="compatibilityMode" '
        + 'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        + '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        + '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        + "</w:settings>"
    )


def document_xml() -> str:
    margins = " ".join(f'w:{side}="{value}"' for side, value in MARGINS.items())
    return (
        XML
        + f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
        + f'<w:sectPr><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
        + f'<w:pgMar {margins} w:header="851" w:footer="1247" w:gutter="0"/>'
        + '<w:cols w:space="425"/><w:docGrid w:linePitch="579"/></w:sectPr>'
        + "</w:body></w:document>"
    )


CONTENT_TYPES = (
    XML
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    + '<Default Extension="xml" ContentType="application/xml"/>'
    + '<Default Extension="rels" '
    + 'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    + '<Override PartName="/word/document.xml" ContentType="application/'
    + 'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    + '<Override PartName="/word/styles.xml" ContentType="application/'
    + 'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    + '<Override PartName="/word/settings.xml" ContentType="application/'
    + 'vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    + '<Override PartName="/word/fontTable.xml" ContentType="application/'
    + 'vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    + "</Types>"
)
PACKAGE_RELS = (
    XML
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    + 'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT_RELS = (
    XML
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    + 'relationships/styles" Target="styles.xml"/>'
    + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    + 'relationships/settings" Target="settings.xml"/>'
    + '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    + 'relationships/fontTable" Target="fontTable.xml"/></Relationships>'
)


def build() -> bytes:
    """The reference package, byte for byte the same at every run."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/document.xml": document_xml(),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": font_table_xml(),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, text.encode("utf-8"))
    return out.getvalue()


if __name__ == "__main__":
    PATH.write_bytes(build())
    print(f"{PATH}: {PATH.stat().st_size} bytes")
