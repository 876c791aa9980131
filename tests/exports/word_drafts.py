"""County drafts as a county office writes them in Word, made with python-docx for
the import tests: one with heading styles, one typed with 第X章 / 一、 by hand."""

import io
import zipfile

import docx
from docx.shared import Pt
from PIL import Image

PREFACE = "本纲要根据县委建议编制，阐明规划期内全县发展的战略意图和工作重点。"
ENVIRONMENT = [
    "“十三五”时期，全县经济实力迈上新台阶，地区生产总值达到318.5亿元。",
    "今后五年，发展环境面临深刻复杂变化，机遇和挑战都有新的发展变化。",
]
INDUSTRY = "坚持把发展经济的着力点放在实体经济上，做强智能装备和新材料两大主导产业。"


def _picture() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, format="PNG")
    out.seek(0)
    return out


def _box(word, number: int, title: str, items: list[str]) -> None:
    table = word.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.rows[0].cells[0]
    cell.paragraphs[0].text = f"专栏{number}　{title}"
    for item in items:
        cell.add_paragraph(item)


def _indicators(word) -> None:
    table = word.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    for row, cells in enumerate(
        [
            ("指标", "2020年", "2025年", "属性"),
            ("地区生产总值（亿元）", "318.5", "430", "预期性"),
            ("常住人口城镇化率（%）", "54.2", "60", "预期性"),
        ]
    ):
        for column, text in enumerate(cells):
            table.rows[row].cells[column].text = text


def styled_draft(*, comment: bool = False, picture: bool = False) -> bytes:
    """篇/章/节 in Heading 1/2/3, a cover and a contents page before them, bold
    words, a numbered list, a 专栏 box and an indicator table."""
    word = docx.Document()
    word.add_paragraph("示范县国民经济和社会发展第十四个五年规划纲要", style="Title")
    word.add_paragraph("示范县人民政府")
    word.add_page_break()
    word.add_paragraph("目　　录")
    word.add_paragraph("第一章　发展基础……………1")
    word.add_heading("序言", level=2)
    word.add_paragraph(PREFACE)
    word.add_heading("第一篇　开启全面建设社会主义现代化新征程", level=1)
    word.add_heading("第一章　发展基础与发展环境", level=2)
    first = word.add_paragraph("回顾发展成就：")
    first.add_run("成绩来之不易").bold = True
    first.add_run("。")
    word.add_heading("第一节　“十三五”时期发展成就", level=3)
    for text in ENVIRONMENT:
        word.add_paragraph(text)
    word.add_paragraph("补齐基础设施短板", style="List Number")
    word.add_paragraph("提升公共服务水平", style="List Number")
    if picture:
        word.add_picture(_picture())
    word.add_heading("第二篇　构建现代产业体系", level=1)
    word.add_heading("第二章　做强先进制造业", level=2)
    paragraph = word.add_paragraph(INDUSTRY)
    if comment:
        word.add_comment(paragraph.runs, text="数据请统计局核实", author="统计局")
    _box(word, 1, "先进制造业重大工程", ["1. 智能农机装备产业园：建设厂房20万平方米。"])
    word.add_heading("附表1　主要指标", level=1)
    _indicators(word)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def plain_draft(*, simple: bool = False, full: bool = False) -> bytes:
    """No heading styles: the author typed the labels. With ``simple``, chapters
    are 一、 and sections （一）, as in drafts without 篇. ``full`` adds a 篇 (when
    not simple), a 专栏 box and the indicator table."""
    word = docx.Document()
    word.add_paragraph("示范县“十四五”规划纲要（草稿）")
    if full and not simple:
        word.add_paragraph("第一篇　开启全面建设社会主义现代化新征程")
    chapter, section = ("一、", "（一）") if simple else ("第一章　", "第一节　")
    for text, size in (
        (f"{chapter}发展基础与发展环境", 16),
        (f"{section}“十三五”时期发展成就", 16),
    ):
        run = word.add_paragraph().add_run(text)
        run.font.size = Pt(size)
        run.bold = True
        for body in ENVIRONMENT:
            word.add_paragraph(body)
    second = "二、" if simple else "第二章　"
    word.add_paragraph(f"{second}做强先进制造业")
    word.add_paragraph(INDUSTRY)
    if full:
        _box(word, 1, "先进制造业重大工程", ["1. 智能农机装备产业园：建设厂房20万平方米。"])
        _indicators(word)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The package with one part replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        target.writestr(name, content)
    return out.getvalue()


def document_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()


FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def with_footnote_and_text_box(data: bytes) -> bytes:
    """The draft with a footnote on its first body paragraph and a text box after
    it, written as Word writes them (a footnotes part; a VML text box)."""
    package = zipfile.ZipFile(io.BytesIO(data))
    body = package.read("word/document.xml").decode()
    first = ENVIRONMENT[0]
    body = body.replace(
        f"<w:t>{first}</w:t></w:r>",
        f'<w:t>{first}</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
        '<w:r><w:pict><v:shape style="width:200pt;height:40pt"><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>框内的说明文字</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
        1,
    )
    separator = (
        '<w:footnote w:type="{kind}" w:id="{id}"><w:p><w:r><w:t></w:t></w:r></w:p></w:footnote>'
    )
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
        + separator.format(kind="separator", id="-1")
        + separator.format(kind="continuationSeparator", id="0")
        + '<w:footnote w:id="1"><w:p><w:r><w:t>数据来源：县统计局。</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    rels = (
        package.read("word/_rels/document.xml.rels")
        .decode()
        .replace(
            "</Relationships>",
            f'<Relationship Id="rIdFoot" Type="{FOOTNOTES_REL}" Target="footnotes.xml"/>'
            "</Relationships>",
        )
    )
    types = (
        package.read("[Content_Types].xml")
        .decode()
        .replace(
            "</Types>",
            f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES_TYPE}"/></Types>',
        )
    )
    out = data
    for name, content in (
        ("word/document.xml", body),
        ("word/footnotes.xml", footnotes),
        ("word/_rels/document.xml.rels", rels),
        ("[Content_Types].xml", types),
    ):
        out = with_part(out, name, content.encode())
    return out
