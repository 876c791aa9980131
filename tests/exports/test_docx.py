"""The outline as a Word file: what Word (and WPS) read in it, and what LibreOffice
prints of it."""

import io
import re
import subprocess
import zipfile
from datetime import date

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse
from docx.oxml.ns import qn
from pypdf import PdfReader

from apps.exports import exporters
from apps.exports.document import build_document
from apps.exports.models import ExportJob
from apps.exports.services import export_request, export_run
from apps.exports.word import reference
from apps.exports.word.writer import body_blocks, render_docx
from apps.plans.models import Document, OutlineNode
from apps.review import actions
from apps.review.models import Opinion
from tests import factories as f


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def written(plan):
    node = f.node(plan, "environment")
    node.set_body(
        "<p>到2025年，全县地区生产总值达到<strong>430亿元</strong>，年均增长6.5%左右。</p>"
        "<p>城乡居民收入差距持续缩小。</p><ol><li>补齐短板</li><li>锻造长板</li></ol>"
    )
    node.save()
    f.IndicatorFactory(plan=plan, name="地区生产总值", note="按可比价格计算。")
    f.IndicatorFactory(plan=plan, name="常住人口城镇化率", unit="%")
    f.MajorProjectFactory(plan=plan, name="智能农机装备产业园", content_scale="建设厂房20万平方米")
    return plan


def _docx(document, **kwargs) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(document, **kwargs)))


def _headings(word) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in word.paragraphs
        if p.style.name.startswith("Heading") or p.style.name == "附表标题"
    ]


def test_headings_are_word_heading_styles_in_the_outlines_order(written):
    document = written.outline
    word = _docx(document)
    context = build_document(document)
    expected = [item.heading for item in context["entries"]]
    assert [text for _style, text in _headings(word)] == expected
    levels = {
        OutlineNode.Level.PART: "Heading 1",
        OutlineNode.Level.CHAPTER: "Heading 2",
        OutlineNode.Level.SECTION: "Heading 3",
    }
    for item, (style, _text) in zip(context["entries"], _headings(word), strict=True):
        if item.node.level in levels:
            assert style == levels[item.node.level]
    # Outline levels on the styles: Word's navigation pane and the TOC field use them.
    for name, level in (("Heading 1", "0"), ("Heading 2", "1"), ("Heading 3", "2")):
        outline = word.styles[name].element.pPr.find(qn("w:outlineLvl"))
        assert outline.get(qn("w:val")) == level


def test_the_text_keeps_its_paragraphs_lists_and_emphasis(written):
    word = _docx(written.outline)
    texts = [p.text for p in word.paragraphs]
    start = texts.index("到2025年，全县地区生产总值达到430亿元，年均增长6.5%左右。")
    assert texts[start + 1 : start + 4] == [
        "城乡居民收入差距持续缩小。",
        "1. 补齐短板",
        "2. 锻造长板",
    ]
    bold = [r.text for r in word.paragraphs[start].runs if r.bold]
    assert bold == ["430亿元"]


def test_the_styles_name_their_chinese_faces_and_no_theme_font(written):
    package = zipfile.ZipFile(io.BytesIO(render_docx(written.outline)))
    styles = package.read("word/styles.xml").decode()
    assert "Theme" not in styles  # asciiTheme/eastAsiaTheme: WPS reports them missing
    word = docx.Document(reference.PATH)
    faces = {}
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Footer"):
        fonts = word.styles[name].element.rPr.find(qn("w:rFonts"))
        faces[name] = (fonts.get(qn("w:eastAsia")), fonts.get(qn("w:ascii")))
    assert faces == {
        "Normal": ("仿宋_GB2312", "Times New Roman"),
        "Title": ("方正小标宋简体", "Times New Roman"),
        "Heading 1": ("黑体", "Times New Roman"),
        "Heading 2": ("黑体", "Times New Roman"),
        "Heading 3": ("楷体_GB2312", "Times New Roman"),
        "Footer": ("宋体", "宋体"),
    }
    normal = word.styles["Normal"]
    assert normal.font.size.pt == 16  # 三号
    assert normal.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    # Machines without the GB2312 faces fall back to the ones Windows and WPS carry.
    fonts = package.read("word/fontTable.xml").decode()
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', fonts)
    assert re.search(r'w:name="楷体_GB2312"><w:altName w:val="楷体"/>', fonts)


def test_the_reference_document_in_the_repository_is_the_one_the_module_writes():
    assert reference.PATH.read_bytes() == reference.build()


def test_contents_field_page_numbers_and_sections(written):
    data = render_docx(written.outline)
    package = zipfile.ZipFile(io.BytesIO(data))
    settings_xml = package.read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings_xml
    assert "<w:evenAndOddHeaders/>" in settings_xml
    body = package.read("word/document.xml").decode()
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    word = docx.Document(io.BytesIO(data))
    cover, contents, main, *rest = word.sections
    # No page number on the cover and the contents; the body starts at 1, outside.
    assert not any(p.text for p in cover.footer.paragraphs)
    assert contents.footer.is_linked_to_previous
    assert main._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    for footer, side in ((main.footer, "right"), (main.even_page_footer, "left")):
        xml = footer._element.xml
        assert "PAGE" in xml and "— " in xml and " —" in xml
        assert f'w:val="{side}"' in xml
    # The running header of the body: the title and a draft's stage, as the PDF's.
    running = f"{written.outline.title}（{written.outline.get_stage_display()}）"
    assert [p.text for p in main.header.paragraphs] == [running]
    assert [p.text for p in main.even_page_header.paragraphs] == [running]
    assert not any(p.text for p in cover.header.paragraphs)
    # 附表2 on landscape pages of its own section, numbered on from the body.
    landscape = [s for s in rest if s.orientation == 1]
    assert len(landscape) == 1
    assert landscape[0]._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) is None


def test_the_indicator_table_merges_categories_and_carries_the_notes(written):
    word = _docx(written.outline)
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "类别")
    header = table.rows[0]._tr
    assert header.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [row[2] for row in rows] == ["地区生产总值（亿元）", "常住人口城镇化率（%）"]
    assert rows[0][6] == "预期性"
    # One category over both rows: python-docx reads a vertical merge as the same cell.
    assert table.rows[1].cells[0]._tc is table.rows[2].cells[0]._tc
    notes = [p.text for p in word.paragraphs if p.style.name == "表注"]
    assert notes and "地区生产总值：按可比价格计算。" in notes[0]


def test_the_project_table_repeats_its_header_and_writes_widths_twice(written):
    word = _docx(written.outline)
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "序号")
    assert table.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    cells = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in table.rows[0]._tr.tc_lst]
    assert grid == cells
    texts = [c.text for c in table.rows[2].cells]
    assert "智能农机装备产业园" in texts and "10000" in texts
    assert table.rows[-1].cells[0].text.startswith("合计（1项）")


def test_a_box_is_a_bordered_frame_with_its_title_and_projects(written):
    word = _docx(written.outline)
    boxes = [t for t in word.tables if t.rows[0].cells[0].text.startswith("专栏1")]
    assert len(boxes) == 1
    box = boxes[0]
    paragraphs = [p.text for p in box.rows[0].cells[0].paragraphs]
    assert paragraphs[0].startswith("专栏1　")
    assert paragraphs[1] == "1. 智能农机装备产业园：建设厂房20万平方米"
    assert box._tbl.tblPr.find(qn("w:tblBorders")) is not None


def test_an_adopted_outline_has_the_approval_line_and_no_stage(written):
    document = written.outline
    document.stage = Document.Stage.ADOPTED
    document.approved_on = date(2021, 2, 26)
    document.approved_by = "示范县第十八届人民代表大会第五次会议"
    document.stage_dates = {Document.Stage.ADOPTED: "2021-03-02"}
    document.save()
    cover = [p.text for p in _docx(document).sections[0].iter_inner_content()][:8]
    text = "".join(str(t) for t in cover)
    assert "（二〇二一年二月二十六日\n示范县第十八届人民代表大会第五次会议批准）" in text
    assert "审议通过" not in text
    assert text.endswith("二〇二一年二月")  # the approval's month, as the PDF


def test_stored_text_cannot_break_the_file():
    # What the sanitiser lets through, and characters XML cannot hold if they slip by.
    blocks = body_blocks("<p>a &lt;b&gt; &amp; c<br>d</p><ul><li><em>e</em></li></ul>")
    assert [b.text for b in blocks] == ["a <b> & c\nd", "e"]
    assert blocks[1].marker == "•" and blocks[1].pieces[0].italic


def test_control_characters_stored_before_do_not_break_the_word_file(written):
    node = f.node(written, "environment")
    OutlineNode.objects.filter(pk=node.pk).update(
        title="发展\x01环境\u202e", body="<p>正文\x02内容\x1b</p>"
    )
    f.IndicatorFactory(plan=written, name="指标\x03名称")
    Document.objects.filter(pk=written.outline.pk).update(title="示范县\x0b规划")
    word = _docx(Document.objects.get(pk=written.outline.pk))
    texts = [p.text for p in word.paragraphs]
    assert "正文内容" in texts
    assert any(t.endswith("发展环境") for t in texts)
    assert word.core_properties.title == "示范县规划"
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert "指标名称（亿元）" in cells


def test_a_department_draft_carries_its_open_opinions_as_comments(written, reviewer, drafter):
    document = written.outline
    node = f.node(written, "environment")
    finance = reviewer.memberships.get().department
    education = drafter.memberships.get().department
    quoted = actions.opinion_add(
        node, actor=reviewer, department=finance, text="请核实增速。", quote="年均增长6.5%左右"
    )
    moved = actions.opinion_add(
        node, actor=reviewer, department=finance, text="这句已改。", quote="原来的一句话"
    )
    blank = actions.opinion_add(
        node, actor=reviewer, department=finance, text="整节再斟酌。", quote="  \n "
    )
    done = actions.opinion_add(node, actor=reviewer, department=finance, text="已处理的意见")
    Opinion.objects.filter(pk=done.pk).update(disposition=Opinion.Disposition.ADOPTED)
    actions.opinion_add(node, actor=drafter, department=education, text="另一部门的意见")
    word = _docx(document, department=finance)
    comments = {c.text: c for c in word.comments}
    assert set(comments) == {"请核实增速。", "（原文：原来的一句话）这句已改。", "整节再斟酌。"}
    assert comments["请核实增速。"].author == finance.name
    body = zipfile.ZipFile(io.BytesIO(render_docx(document, department=finance))).read(
        "word/document.xml"
    )
    xml = body.decode()
    # The quoted passage itself is the comment's range.
    start = f'<w:commentRangeStart w:id="{comments["请核实增速。"].comment_id}"/>'
    anchored = re.search(re.escape(start) + "(.*?)<w:commentRangeEnd", xml).group(1)
    assert "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", anchored)) == "年均增长6.5%左右"
    assert quoted.pk and moved.pk and blank.pk
    # Without a department the file has no comments part at all.
    assert "word/comments.xml" not in zipfile.ZipFile(io.BytesIO(render_docx(document))).namelist()


def test_render_plan_picks_word_from_the_suffix(written, tmp_path):
    out = tmp_path / "outline.docx"
    call_command("render_plan", str(written.pk), "-o", str(out))
    assert zipfile.is_zipfile(out)
    assert "智能农机装备产业园" in "".join(p.text for p in docx.Document(out).paragraphs) or any(
        "智能农机装备产业园" in c.text
        for t in docx.Document(out).tables
        for r in t.rows
        for c in r.cells
    )


def test_the_word_export_is_a_job_with_a_cached_file(client, written, coordinator, media):
    document = Document.objects.get(pk=written.outline.pk)
    client.force_login(coordinator)
    response = client.post(
        reverse("export_create", args=[document.pk]), {"exporter": exporters.OUTLINE_DOCX}
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert (job.exporter, job.status) == (exporters.OUTLINE_DOCX, ExportJob.Status.QUEUED)
    export_run(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.SUCCEEDED and job.file.name.endswith(".docx")
    download = client.get(reverse("export_download", args=[document.pk, job.pk]))
    assert download["Content-Type"] == exporters.DOCX
    assert ".docx" in download["Content-Disposition"]
    word = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    assert word.core_properties.title == document.title
    # Same content: the same file, no second job; changed text: a new one.
    assert export_request(document, coordinator, exporters.OUTLINE_DOCX).reused
    node = f.node(written, "environment")
    node.set_body("<p>改过的一段。</p>")
    node.save()
    assert not export_request(document, coordinator, exporters.OUTLINE_DOCX).reused


def test_only_the_planning_office_makes_another_departments_draft(
    client, written, drafter, coordinator, media
):
    document = written.outline
    education = drafter.memberships.get().department
    finance = coordinator.memberships.get().department
    url = reverse("export_create", args=[document.pk])
    client.force_login(drafter)
    page = client.get(reverse("export_list", args=[document.pk])).content.decode()
    assert f'<option value="{education.pk}">' in page
    assert f'<option value="{finance.pk}">' not in page
    denied = client.post(url, {"exporter": exporters.OUTLINE_DOCX, "department": finance.pk})
    assert denied.status_code == 403
    assert not ExportJob.objects.exists()
    own = client.post(url, {"exporter": exporters.OUTLINE_DOCX, "department": education.pk})
    assert own.status_code == 302
    assert ExportJob.objects.get().options == {"department": education.pk}
    client.force_login(coordinator)
    assert client.post(url, {"exporter": exporters.OUTLINE_DOCX, "department": education.pk})
    # Another county's department id is not an option at all.
    stranger = f.DepartmentFactory(county=f.CountyFactory(name="远县", code="330997"))
    client.post(url, {"exporter": exporters.OUTLINE_DOCX, "department": stranger.pk})
    assert not ExportJob.objects.filter(options__department=stranger.pk).exists()


def test_libreoffice_prints_the_word_file_with_headings_tables_and_page_numbers(written, tmp_path):
    source = tmp_path / "outline.docx"
    source.write_bytes(render_docx(written.outline))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pages = [p.extract_text() for p in PdfReader(tmp_path / "outline.pdf").pages]
    numbers = [re.findall(r"—\s*(\d+)\s*—", page) for page in pages]
    # No number on the cover or the contents; the body counts from — 1 — on.
    first = next(i for i, found in enumerate(numbers) if found)
    assert first >= 2 and "目录" in re.sub(r"\s", "", pages[1])
    assert [found[-1] for found in numbers[first:]] == [
        str(i) for i in range(1, len(pages) - first + 1)
    ]
    flat = re.sub(r"\s", "", "".join(pages[first:]))
    context = build_document(written.outline)
    position = 0
    for item in context["entries"]:
        heading = re.sub(r"\s", "", item.heading)
        found = flat.find(heading, position)
        assert found >= 0, heading
        position = found + len(heading)
    assert "地区生产总值（亿元）" in flat and "预期性" in flat
    assert "智能农机装备产业园" in flat


def test_a_frozen_version_exports_as_it_was_frozen(client, written, coordinator, media):
    document = Document.objects.get(pk=written.outline.pk)
    version = actions.document_stage_move(
        document, actor=coordinator, stage=Document.Stage.APPROACH, name="基本思路稿"
    )
    node = f.node(written, "environment")
    node.set_body("<p>冻结之后改写的一段。</p>")
    node.save()
    client.force_login(coordinator)
    page = client.get(reverse("version_detail", args=[document.pk, version.pk]))
    assert "导出本版本 Word" in page.content.decode()
    url = reverse("export_create", args=[document.pk])
    client.post(url, {"exporter": exporters.OUTLINE_DOCX, "version": version.pk})
    job = ExportJob.objects.get()
    assert job.options == {"version": version.pk}
    export_run(job.pk)
    job.refresh_from_db()
    assert job.download_name == f"{document.title}（基本思路稿）.docx"
    with job.file.open("rb") as handle:
        word = docx.Document(handle)
    texts = [p.text for p in word.paragraphs]
    assert "到2025年，全县地区生产总值达到430亿元，年均增长6.5%左右。" in texts
    assert "冻结之后改写的一段。" not in texts
    assert "（基本思路）" in texts  # the stage it was frozen at, on the cover
    # The annex tables are the rows as frozen, with the part's columns.
    frozen = version.snapshot["parts"]["indicators"]
    table = next(t for t in word.tables if [c.text for c in t.rows[0].cells] == frozen["columns"])
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == [
        row["cells"] for row in frozen["rows"]
    ]
    # The version never changes: asked again, the same file.
    assert export_request(
        document, coordinator, exporters.OUTLINE_DOCX, {"version": version.pk}
    ).reused
    # Another document's version is not found.
    other = f.make_plan(f.CountyFactory(name="远县", code="330997"))
    foreign = actions.document_stage_move(
        other.outline, actor=coordinator, stage=Document.Stage.APPROACH, name="别人的"
    )
    assert (
        client.post(url, {"exporter": exporters.OUTLINE_DOCX, "version": foreign.pk}).status_code
        == 404
    )
