"""A county's Word draft read into a plan: the preview, the confirmed write, the
returned file for one node, and every kind of bad file."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.activity import ActivityLog
from apps.exports.render import render_pdf
from apps.exports.word.importing import NEW, SKIP, apply_import
from apps.exports.word.reader import WordFileError, read_docx
from apps.exports.word.writer import render_docx
from apps.plans.models import Document, OutlineNode, Revision, WordImport
from apps.plans.outline import numbered
from tests import factories as f
from tests.exports import word_drafts as drafts

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Level = OutlineNode.Level


def _upload(data: bytes, name: str = "纲要.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=DOCX)


@pytest.fixture
def empty_plan(plan):
    plan.outline.nodes.all().delete()
    return plan


def _tree(document) -> list[tuple[str, str, str, str]]:
    """(depth-indented title, level, text) of every node in reading order."""
    return [
        ("  " * e.depth + e.node.title, e.node.level, e.node.body)
        for e in numbered(document.nodes.all())
    ]


# Reading ----------------------------------------------------------------------------


def test_a_styled_draft_is_read_by_its_heading_styles():
    result = read_docx(drafts.styled_draft())
    assert result.by_styles
    assert [(h.level, h.title) for h in result.headings] == [
        (Level.UNNUMBERED, "序言"),
        (Level.PART, "开启全面建设社会主义现代化新征程"),
        (Level.CHAPTER, "发展基础与发展环境"),
        (Level.SECTION, "“十三五”时期发展成就"),
        (Level.PART, "构建现代产业体系"),
        (Level.CHAPTER, "做强先进制造业"),
        (Level.ANNEX, "主要指标"),
    ]
    chapter, section = result.headings[2], result.headings[3]
    assert chapter.body == "<p>回顾发展成就：<strong>成绩来之不易</strong>。</p>"
    assert section.body == (
        "".join(f"<p>{t}</p>" for t in drafts.ENVIRONMENT)
        + "<ol><li>补齐基础设施短板</li><li>提升公共服务水平</li></ol>"
    )
    # The cover and the contents come before the first heading: listed, not imported.
    assert "示范县人民政府" in result.preamble
    assert any("第一章" in line for line in result.preamble)
    # The 专栏 and the indicator table are reported under their headings.
    assert result.headings[5].unplaced == [
        "专栏或文本框式表格：专栏1　先进制造业重大工程 1. 智能农机装备产业园：建设厂房20万平方米。"
    ]
    assert result.headings[6].unplaced[0].startswith("表格（3行×4列）：指标 2020年")


def test_pictures_and_comments_are_listed_not_dropped():
    result = read_docx(drafts.styled_draft(comment=True, picture=True))
    section = result.headings[3]
    assert "图片" in section.unplaced
    assert result.unplaced == ["批注 1 条（批注不导入，请先在 Word 中处理）"]


@pytest.mark.parametrize("simple", [False, True])
def test_a_draft_without_heading_styles_is_read_by_its_labels(simple):
    result = read_docx(drafts.plain_draft(simple=simple))
    assert not result.by_styles
    assert [(h.level, h.title) for h in result.headings] == [
        (Level.CHAPTER, "发展基础与发展环境"),
        (Level.SECTION, "“十三五”时期发展成就"),
        (Level.CHAPTER, "做强先进制造业"),
    ]
    assert result.headings[1].paragraphs == 2
    assert result.preamble == ["示范县“十四五”规划纲要（草稿）"]


# Bad files: each refused with its own message, nothing stored -------------------


def _doctype_bomb() -> bytes:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    body = (
        drafts.document_xml(drafts.plain_draft())
        .replace("<w:document", f"<!DOCTYPE w:document [{entities}]><w:document", 1)
        .replace("发展基础与发展环境", "&i;", 1)
    )
    return drafts.with_part(drafts.plain_draft(), "word/document.xml", body.encode())


def _zip_bomb() -> bytes:
    return drafts.with_part(drafts.plain_draft(), "word/media/padding.xml", b"\0" * 4_000_000)


def _macros() -> bytes:
    data = drafts.plain_draft()
    types = (
        zipfile.ZipFile(io.BytesIO(data))
        .read("[Content_Types].xml")
        .replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    )
    return drafts.with_part(
        drafts.with_part(data, "[Content_Types].xml", types), "word/vbaProject.bin", b"\x00" * 100
    )


def _tracked() -> bytes:
    body = drafts.document_xml(drafts.plain_draft()).replace(
        "<w:r>", '<w:ins w:id="1" w:author="县发改局" w:date="2026-01-01T00:00:00Z"><w:r>', 1
    )
    body = body.replace("</w:r>", "</w:r></w:ins>", 1)
    return drafts.with_part(drafts.plain_draft(), "word/document.xml", body.encode())


def _many_headings() -> bytes:
    paragraphs = "".join(
        f"<w:p><w:r><w:t>第{n}章　第{n}个标题</w:t></w:r></w:p>" for n in range(1, 10_001)
    )
    body = re.sub(
        r"<w:body>.*<w:sectPr",
        f"<w:body>{paragraphs}<w:sectPr",
        drafts.document_xml(drafts.plain_draft()),
        flags=re.S,
    )
    return drafts.with_part(drafts.plain_draft(), "word/document.xml", body.encode())


def _no_headings() -> bytes:
    import docx

    word = docx.Document()
    for text in drafts.ENVIRONMENT:
        word.add_paragraph(text)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _out_of_spec() -> bytes:
    body = drafts.document_xml(drafts.plain_draft()).replace(
        "<w:p>", '<w:p><w:pPr><w:outlineLvl w:val="abc"/></w:pPr>', 1
    )
    return drafts.with_part(drafts.plain_draft(), "word/document.xml", body.encode())


BAD_FILES = {
    "renamed .doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为 .docx"),
    "pdf": (lambda: b"%PDF-1.7\n" + b"0" * 600, "这是 PDF 文件"),
    "not a zip": (lambda: "纯文本，不是 Word 文件".encode() * 40, "不是 Word（.docx）文件"),
    "docm with macros": (_macros, "含有宏"),
    "zip bomb": (_zip_bomb, "压缩炸弹"),
    "entity expansion": (_doctype_bomb, "DTD/实体"),
    "tracked changes": (_tracked, "接受"),
    "10,000 headings": (_many_headings, "超过 500 个标题"),
    "no headings": (_no_headings, "没有识别出任何标题"),
    "value out of spec": (_out_of_spec, "不符合 Word 格式规范"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_gets_its_message_on_the_page_and_nothing_is_stored(
    client, empty_plan, coordinator, case
):
    make, message = BAD_FILES[case]
    client.force_login(coordinator)
    response = client.post(
        reverse("word_import", args=[empty_plan.outline.pk]), {"file": _upload(make())}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert not WordImport.objects.exists()
    assert not empty_plan.outline.nodes.exists()


def test_a_50_mb_file_is_refused_on_its_size(client, empty_plan, coordinator):
    client.force_login(coordinator)
    big = drafts.with_part(drafts.plain_draft(), "word/media/big.bin", b"")
    url = reverse("word_import", args=[empty_plan.outline.pk])
    response = client.post(url, {"file": _upload(big + b"\0" * (50 * 1024 * 1024))}, follow=True)
    # Answered before the body is read, back on the import page.
    assert response.redirect_chain == [(url, 302)]
    assert "超过了 20 MB 的上限" in response.content.decode()
    assert not WordImport.objects.exists()


def test_the_reader_refuses_what_the_form_would(settings, monkeypatch):
    settings.WORD_IMPORT_MAX_BYTES = 1024
    with pytest.raises(WordFileError, match="上限"):
        read_docx(drafts.plain_draft())
    settings.WORD_IMPORT_MAX_BYTES = 20 * 1024 * 1024
    # A body part too large to parse in a request, however well it compresses.
    from apps.exports.word import reader

    monkeypatch.setattr(reader, "MAX_MAIN_XML", 1024)
    with pytest.raises(WordFileError, match="正文部分解压后超过"):
        read_docx(drafts.plain_draft())


# Preview and confirm ---------------------------------------------------------------


def test_a_styled_draft_goes_into_an_empty_plan_through_the_preview(
    client, empty_plan, coordinator
):
    document = empty_plan.outline
    client.force_login(coordinator)
    upload = client.post(
        reverse("word_import", args=[document.pk]), {"file": _upload(drafts.styled_draft())}
    )
    imported = WordImport.objects.get()
    preview_url = reverse("word_import_preview", args=[document.pk, imported.pk])
    assert upload["Location"] == preview_url
    preview = client.get(preview_url).content.decode()
    assert "第一章　发展基础与发展环境" in preview and "新建节点" in preview
    assert "专栏1" in preview  # listed as not imported
    assert not document.nodes.exists()  # nothing written by the preview

    # Leave the annex out; everything else as proposed (all new).
    choices = {f"h{i}": NEW for i in range(6)} | {"h6": SKIP}
    done = client.post(preview_url, {"confirm": "1", **choices})
    assert done.status_code == 302
    assert _tree(document) == [
        ("序言", Level.UNNUMBERED, f"<p>{drafts.PREFACE}</p>"),
        ("开启全面建设社会主义现代化新征程", Level.PART, ""),
        (
            "  发展基础与发展环境",
            Level.CHAPTER,
            "<p>回顾发展成就：<strong>成绩来之不易</strong>。</p>",
        ),
        (
            "    “十三五”时期发展成就",
            Level.SECTION,
            "".join(f"<p>{t}</p>" for t in drafts.ENVIRONMENT)
            + "<ol><li>补齐基础设施短板</li><li>提升公共服务水平</li></ol>",
        ),
        ("构建现代产业体系", Level.PART, ""),
        ("  做强先进制造业", Level.CHAPTER, f"<p>{drafts.INDUSTRY}</p>"),
    ]
    # Each written text has its revision; the import is in the log; the plan prints.
    assert Revision.objects.filter(node__document=document).count() == 4
    assert ActivityLog.objects.filter(verb="import").count() == 1
    imported.refresh_from_db()
    assert imported.status == WordImport.Status.APPLIED
    assert render_pdf(Document.objects.get(pk=document.pk)).page_count >= 3
    # A second confirmation writes nothing twice.
    client.post(preview_url, {"confirm": "1", **choices})
    assert document.nodes.count() == 6


def test_a_plain_draft_goes_into_an_empty_plan_and_prints(client, empty_plan, coordinator):
    document = empty_plan.outline
    client.force_login(coordinator)
    client.post(reverse("word_import", args=[document.pk]), {"file": _upload(drafts.plain_draft())})
    imported = WordImport.objects.get()
    client.post(
        reverse("word_import_preview", args=[document.pk, imported.pk]),
        {"confirm": "1", "h0": NEW, "h1": NEW, "h2": NEW},
    )
    assert [(t.strip(), level) for t, level, _b in _tree(document)] == [
        ("发展基础与发展环境", Level.CHAPTER),
        ("“十三五”时期发展成就", Level.SECTION),
        ("做强先进制造业", Level.CHAPTER),
    ]
    assert render_pdf(Document.objects.get(pk=document.pk)).page_count >= 3


def test_headings_map_to_existing_nodes_by_title_and_update_their_text(client, plan, coordinator):
    document = plan.outline
    environment = f.node(plan, "base_environment")  # a 章 of the template
    draft = drafts.plain_draft()
    result = read_docx(draft)
    result.headings[0].title = environment.title  # a chapter the template already has
    imported = WordImport.objects.create(
        document=document, filename="a.docx", result=result.as_data()
    )
    client.force_login(coordinator)
    url = reverse("word_import_preview", args=[document.pk, imported.pk])
    page = client.get(url).content.decode()
    assert re.search(rf'<option value="{environment.pk}"\s+selected>', page)
    # The plan's current tree stands beside the proposal.
    assert "当前纲要" in page and environment.title in page
    before = document.nodes.count()
    client.post(url, {"confirm": "1", "h0": str(environment.pk), "h1": NEW, "h2": SKIP})
    environment.refresh_from_db()
    assert environment.body == "".join(f"<p>{t}</p>" for t in drafts.ENVIRONMENT)
    assert environment.revisions.filter(note="从 Word 导入").count() == 1
    # The new section goes under the node its parent heading went to.
    # (the template's own section of that name stays; the coordinator chose a new one).
    sections = document.nodes.filter(title="“十三五”时期发展成就", parent=environment)
    assert sections.count() == 2
    new_section = sections.latest("pk")
    assert new_section.level == Level.SECTION
    assert new_section.body == "".join(f"<p>{t}</p>" for t in drafts.ENVIRONMENT)
    assert document.nodes.count() == before + 1


def test_a_node_in_countersign_is_not_overwritten(plan, coordinator, drafter):
    from apps.review import actions

    node = f.node(plan, "environment")
    node.lead_department = drafter.memberships.get().department
    node.save()
    actions.node_submit(node, actor=drafter)
    result = read_docx(drafts.plain_draft())
    imported = WordImport.objects.create(
        document=plan.outline, filename="a.docx", result=result.as_data()
    )
    from apps.exports.word.importing import ImportRefused

    with pytest.raises(ImportRefused, match="正在会签"):
        apply_import(imported, [str(node.pk), NEW, NEW], actor=coordinator)
    assert not plan.outline.nodes.filter(title="做强先进制造业").exists()
    imported.refresh_from_db()
    assert imported.status == WordImport.Status.PENDING


def test_the_query_count_does_not_grow_with_the_paragraphs(empty_plan, coordinator):
    def import_with(paragraphs: int) -> int:
        result = read_docx(drafts.plain_draft())
        for heading in result.headings:
            heading.body = "".join(f"<p>第{n}段。</p>" for n in range(paragraphs))
        imported = WordImport.objects.create(
            document=empty_plan.outline, filename="a.docx", result=result.as_data()
        )
        with CaptureQueriesContext(connection) as queries:
            apply_import(imported, [NEW, NEW, NEW], actor=coordinator)
        return len(queries)

    assert import_with(3) == import_with(300)


def test_an_exported_plan_read_back_gives_the_same_tree_and_text(plan, other_plan, outsider):
    node = f.node(plan, "environment")
    node.set_body("<p>到2025年，<strong>地区生产总值</strong>达到430亿元。</p><ul><li>甲</li></ul>")
    node.save()
    f.IndicatorFactory(plan=plan, name="地区生产总值")
    f.MajorProjectFactory(plan=plan, name="智能农机装备产业园")
    source = Document.objects.get(pk=plan.outline.pk)
    target = other_plan.outline
    target.nodes.all().delete()
    result = read_docx(render_docx(source))
    imported = WordImport.objects.create(
        document=target, filename="a.docx", result=result.as_data()
    )
    apply_import(imported, [NEW] * len(result.headings), actor=outsider)
    # Every node the PDF prints, with its text; annex tables come from the data.
    printed = [
        (e.depth, e.node.level, e.node.title, e.node.body)
        for e in numbered(source.nodes.all())
        if e.node.title in {h.title for h in result.headings}
    ]
    assert [
        (e.depth, e.node.level, e.node.title, e.node.body) for e in numbered(target.nodes.all())
    ] == printed
    assert len(printed) == len(result.headings)


# One node from a returned file ----------------------------------------------------


def test_a_returned_file_replaces_one_nodes_text_after_a_diff(client, plan, drafter):
    node = f.node(plan, "environment")
    node.lead_department = drafter.memberships.get().department
    node.set_body("<p>旧的一段。</p>")
    node.save()
    import docx

    word = docx.Document()
    word.add_heading(f"第一章　{node.title}", level=2)
    word.add_paragraph("新的一段，来自部门返回的文件。")
    word.add_heading("第二章　别的章", level=2)
    word.add_paragraph("不属于本节。")
    out = io.BytesIO()
    word.save(out)
    client.force_login(drafter)
    response = client.post(
        reverse("node_word_import", args=[plan.outline.pk, node.pk]),
        {"file": _upload(out.getvalue(), "返回稿.docx")},
    )
    imported = WordImport.objects.get()
    url = reverse("node_word_import_preview", args=[plan.outline.pk, node.pk, imported.pk])
    assert response["Location"] == url
    preview = client.get(url).content.decode()
    assert "<del>" in preview and "<ins>" in preview
    assert "第二章　别的章" in preview  # left out, and said so
    node.refresh_from_db()
    assert node.body == "<p>旧的一段。</p>"
    client.post(url, {"confirm": "1"})
    node.refresh_from_db()
    assert node.body == "<p>新的一段，来自部门返回的文件。</p>"
    assert node.revisions.filter(note="从 Word 导入").exists()


def test_a_returned_file_loses_to_a_save_made_after_its_preview(client, plan, coordinator):
    node = f.node(plan, "environment")
    import docx

    word = docx.Document()
    word.add_paragraph("文件里的正文。")
    out = io.BytesIO()
    word.save(out)
    client.force_login(coordinator)
    client.post(
        reverse("node_word_import", args=[plan.outline.pk, node.pk]),
        {"file": _upload(out.getvalue())},
    )
    imported = WordImport.objects.get()
    from apps.plans.actions import node_text_save

    node.refresh_from_db()
    node_text_save(
        node, body="<p>别人刚保存的。</p>", loaded_version=node.version, user=coordinator
    )
    url = reverse("node_word_import_preview", args=[plan.outline.pk, node.pk, imported.pk])
    assert "确认时将被拒绝" in client.get(url).content.decode()
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "导入已取消" in response.content.decode()
    node.refresh_from_db()
    assert node.body == "<p>别人刚保存的。</p>"


def test_invisible_characters_in_a_draft_are_dropped_as_in_the_editor():
    import docx

    word = docx.Document()
    word.add_heading("第一章　发展\u200b基础\u202e", level=2)
    word.add_paragraph("正文\u2066内容。")
    out = io.BytesIO()
    word.save(out)
    heading = read_docx(out.getvalue()).headings[0]
    assert (heading.title, heading.body) == ("发展基础", "<p>正文内容。</p>")


def test_stored_readings_are_pruned(plan):
    from datetime import timedelta

    from django.utils import timezone

    from apps.exports.tasks import prune_exports

    read = read_docx(drafts.plain_draft()).as_data()
    old = timezone.now() - timedelta(days=3)
    kept = WordImport.objects.create(document=plan.outline, filename="a.docx", result=read)
    stale = WordImport.objects.create(document=plan.outline, filename="b.docx", result=read)
    applied = WordImport.objects.create(
        document=plan.outline, filename="c.docx", result=read, status=WordImport.Status.APPLIED
    )
    WordImport.objects.filter(pk__in=[stale.pk, applied.pk]).update(created_at=old)
    assert prune_exports()["word_imports"] == 1
    assert set(WordImport.objects.values_list("pk", flat=True)) == {kept.pk, applied.pk}


def test_footnotes_and_text_boxes_are_listed_and_their_text_kept_out():
    result = read_docx(drafts.with_footnote_and_text_box(drafts.plain_draft()))
    chapter = result.headings[0]
    assert "脚注" in chapter.unplaced
    assert "文本框：框内的说明文字" in chapter.unplaced
    assert "框内的说明文字" not in chapter.body
    assert chapter.body.startswith(f"<p>{drafts.ENVIRONMENT[0]}</p>")
    assert result.unplaced == ["脚注 1 条（脚注文字不导入）"]
