"""Rendering without a worker: stages, determinism, fonts, fingerprints."""

import io
import re
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import call_command
from pypdf import PdfReader

from apps.exports.document import cover_date, title_lines
from apps.exports.fingerprint import document_fingerprint
from apps.exports.render import RenderError, render_pdf
from apps.plans.models import Document
from tests import factories as f


@pytest.fixture
def small_plan(plan):
    node = plan.outline.nodes.get(key="environment")
    node.set_body("<p>到2025年，全县地区生产总值达到430亿元，年均增长6.5%左右。</p>")
    node.save()
    f.IndicatorFactory(plan=plan, name="地区生产总值")
    f.MajorProjectFactory(plan=plan, name="智能农机装备产业园")
    return plan


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_cover_title_breaks_like_a_printed_cover():
    assert title_lines("示范县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要") == [
        "示范县国民经济和社会发展",
        "第十四个五年规划和",
        "二〇三五年远景目标纲要",
    ]
    assert title_lines("示范县发展纲要") == ["示范县发展纲要"]


def test_the_cover_date_is_in_chinese_numerals():
    from datetime import date

    assert cover_date(date(2021, 1, 15)) == "二〇二一年一月"
    assert cover_date(date(2026, 11, 26)) == "二〇二六年十一月"


def test_an_adopted_plan_has_no_watermark_and_no_stage_in_brackets(small_plan):
    small_plan.outline.stage = Document.Stage.ADOPTED
    small_plan.outline.save()
    text = "".join(_text(render_pdf(small_plan.outline).pdf))
    assert "审议通过" not in text
    assert "（" + Document.Stage.ADOPTED.label + "）" not in text


def test_a_draft_stage_is_on_the_cover_and_every_page(small_plan):
    small_plan.outline.stage = Document.Stage.CONSULTATION
    small_plan.outline.save()
    pdf = render_pdf(small_plan.outline).pdf
    pages = _text(pdf)
    assert "（征求意见稿）" in pages[0]
    body = [page for page in pages if "—" in page.strip().splitlines()[-1]]
    assert len(body) >= 2
    # In the running header as text; the diagonal mark is a picture on every page.
    assert all(re.sub(r"\s", "", page).count("征求意见稿") == 1 for page in body)
    assert all(page.images for page in PdfReader(io.BytesIO(pdf)).pages)


def test_rendering_is_deterministic(small_plan):
    first, second = render_pdf(small_plan.outline), render_pdf(small_plan.outline)
    assert first.page_count == second.page_count
    assert _text(first.pdf) == _text(second.pdf)


def test_a_plan_without_parts_prints_chapters_from_one(county, coordinator):
    plan = f.make_plan(county, coordinator, template_key="fyp15", base_year=2025, use_parts=False)
    f.IndicatorFactory(plan=plan, name="地区生产总值")  # an annex with rows is printed
    pages = _text(render_pdf(plan.outline).pdf)
    text = "".join(pages)
    assert "第一篇" not in text
    assert "第一章" in text and "“十五五”时期经济社会发展主要指标" in text
    # The 十五五 outline's title drops the vision, as the national one does.
    cover = re.sub(r"\s", "", pages[0])
    assert "国民经济和社会发展第十五个五年规划纲要" in cover
    assert "远景目标" not in cover


def test_the_fingerprint_follows_the_content(small_plan):
    before = document_fingerprint(small_plan.outline)
    assert document_fingerprint(small_plan.outline) == before
    item = f.RiskFactory(plan=small_plan)
    changed = document_fingerprint(small_plan.outline)
    assert changed != before
    item.title = "改过的风险"
    item.save()
    assert document_fingerprint(small_plan.outline) != changed
    task = f.KeyTaskFactory(plan=small_plan)
    with_task = document_fingerprint(small_plan.outline)
    task.cooperating_departments.add(f.DepartmentFactory(county=small_plan.county))
    assert document_fingerprint(small_plan.outline) != with_task
    small_plan.outline.stage = Document.Stage.SUBMISSION
    small_plan.outline.save()
    assert document_fingerprint(small_plan.outline) != with_task


@pytest.mark.parametrize(
    "change",
    [
        {"stage_dates": {"research": "2020-01-01"}},
        {"approved_by": "示范县第十八届人民代表大会第五次会议"},
        {"empty_nodes": "omit"},
        {"indicators_placement": "box"},
        {"indicator_notes": "数据来源：县统计局。"},
    ],
)
def test_every_print_setting_changes_the_fingerprint(small_plan, change):
    """A file made before the coordinator changed what prints is never handed out again."""
    document = small_plan.outline
    before = document_fingerprint(document)
    for name, value in change.items():
        setattr(document, name, value)
    document.save()
    assert document_fingerprint(document) != before


def test_a_box_title_changes_the_fingerprint(small_plan):
    before = document_fingerprint(small_plan.outline)
    node = small_plan.outline.nodes.get(key="task_industry")
    node.box_title = "现代产业体系重点项目"
    node.save()
    assert document_fingerprint(small_plan.outline) != before


def test_the_fingerprint_query_count_does_not_grow(small_plan, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        document_fingerprint(small_plan.outline)
    for _ in range(20):
        f.MajorProjectFactory(plan=small_plan)
        f.KeyTaskFactory(plan=small_plan)
    with django_assert_max_num_queries(len(small)):
        document_fingerprint(small_plan.outline)


@pytest.fixture
def no_fonts(tmp_path, monkeypatch):
    """A fontconfig that knows no fonts, as on a server without fonts-noto-cjk."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><fontconfig><dir>' + str(tmp_path) + "</dir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))


def test_without_a_chinese_font_the_export_fails_with_what_to_install(small_plan, no_fonts):
    with pytest.raises(RenderError) as excinfo:
        render_pdf(small_plan.outline)
    assert "fonts-noto-cjk" in str(excinfo.value)
    assert "中文字体" in str(excinfo.value)


def test_without_a_chinese_font_the_export_job_fails_and_says_why(
    small_plan, coordinator, no_fonts, settings, tmp_path
):
    from apps.exports.services import export_request, export_run

    settings.MEDIA_ROOT = str(tmp_path)
    job = export_request(small_plan.outline, coordinator).job
    export_run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "apt-get install fonts-noto-cjk" in job.error


def test_without_a_chinese_font_the_system_check_fails(no_fonts):
    found = checks.run_checks(tags=[checks.Tags.compatibility])
    errors = [e for e in found if e.id == "exports.E001"]
    assert errors and errors[0].level == checks.ERROR
    assert "fonts-noto-cjk" in errors[0].hint


def test_render_plan_writes_the_pdf_and_its_html(small_plan, tmp_path):
    pdf, html = tmp_path / "plan.pdf", tmp_path / "plan.html"
    call_command("render_plan", str(small_plan.pk), "-o", str(pdf), "--html", str(html))
    assert pdf.read_bytes().startswith(b"%PDF")
    page = html.read_text()
    assert small_plan.outline.title in page
    stylesheet = page.split('rel="stylesheet" href="')[1].split('"')[0]
    assert stylesheet.startswith("file://")
    assert Path(stylesheet.removeprefix("file://")).exists()


def test_printing_reads_no_file_but_its_stylesheet_and_fetches_nothing(caplog):
    """Should hostile markup ever reach the print HTML, WeasyPrint still reads no
    file outside the static folder and opens no network connection."""
    from apps.exports.render import _write, stylesheet_path

    html = (
        f'<html><head><link rel="stylesheet" href="{stylesheet_path().as_uri()}">'
        '<link rel="stylesheet" href="file:///etc/hostname"></head><body>'
        '<p>正文</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">'
        "</body></html>"
    )
    caplog.set_level("WARNING", logger="weasyprint")
    result = _write(html, lambda percent, note: None, 1)
    assert result.page_count == 1
    refused = " ".join(r.getMessage() for r in caplog.records)
    assert "refused to read /etc/passwd" in refused
    assert "refused to read /etc/hostname" in refused
    assert "refused to fetch http://127.0.0.1:9/x.png" in refused
    assert "print.css" not in refused and "data:image" not in refused


def _footers(pdf: bytes) -> list[tuple[int, float, float]]:
    """(printed number, its x centre, page width) of every numbered page."""
    import subprocess
    import xml.etree.ElementTree as ET

    out = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    root = ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", out))
    found = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.iter("{http://www.w3.org/1999/xhtml}word"):
            if (word.text or "").isdigit() and float(word.get("yMin")) > height * 0.9:
                centre = (float(word.get("xMin")) + float(word.get("xMax"))) / 2
                found.append((int(word.text), centre, width))
    return found


def test_a_booklet_starts_the_body_on_a_right_hand_page_numbered_outside(small_plan):
    pdf = render_pdf(small_plan.outline, duplex=True).pdf
    reader = PdfReader(io.BytesIO(pdf))
    texts = [re.sub(r"\s", "", page.extract_text()) for page in reader.pages]
    first = reader.page_labels.index("1")
    # Page 1 of the body is a right-hand (odd) sheet side: cover, blank, contents…
    assert first % 2 == 0 and first >= 2
    assert texts[1] == ""  # the back of the cover is left blank, header and all
    footers = _footers(pdf)
    assert len(footers) >= 3
    for number, centre, width in footers:
        if number % 2:
            assert centre > width * 0.75, (number, centre)
        else:
            assert centre < width * 0.25, (number, centre)


def test_without_the_booklet_option_numbers_are_centred_and_nothing_is_blank(small_plan):
    pdf = render_pdf(small_plan.outline).pdf
    texts = [page.extract_text().strip() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert all(texts)
    for _number, centre, width in _footers(pdf):
        assert abs(centre - width / 2) < 5


def test_the_annex_probe_is_reused_while_the_tables_stay_the_same(small_plan, monkeypatch):
    from apps.exports import paging

    probes = []
    original = paging.rows_by_page
    monkeypatch.setattr(paging, "rows_by_page", lambda doc: probes.append(1) or original(doc))
    render_pdf(small_plan.outline)
    node = small_plan.outline.nodes.get(key="environment")
    node.set_body("<p>只改了正文。</p>")
    node.save()
    render_pdf(small_plan.outline)
    assert len(probes) == 1  # the text changed, the tables did not
    f.MajorProjectFactory(plan=small_plan, name="新增的项目")
    render_pdf(small_plan.outline)
    assert len(probes) == 2
