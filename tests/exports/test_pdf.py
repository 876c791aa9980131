"""Checks on a real PDF of the demo plan, rendered by a real Celery worker on Redis."""

import io
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from apps.accounts.models import User
from apps.checks.scorecard import run_checks
from apps.delivery.models import MajorProject
from apps.exports.services import export_request
from apps.plans.outline import numbered
from apps.targets.charts import indicator_charts
from apps.targets.models import Indicator
from tests.factories import as_draft
from tests.plugins.worker import wait_for_job

# The database must exist for the module fixture; the tests themselves only read the PDF.
pytestmark = pytest.mark.django_db(transaction=True)

FOOTER_RE = re.compile(r"—\s*(\d+)\s*—")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def demo_pdf(worker, django_db_blocker):
    """Seed the demo, ask for its PDF as planner, let the worker render it; keep the
    bytes and what the plan contains, then empty the database again."""
    from apps.demo.seed import seed_demo

    with django_db_blocker.unblock():
        plan = as_draft(seed_demo())
        planner = User.objects.get(username="planner")
        job = wait_for_job(export_request(plan.outline, planner).job)
        assert job.status == "succeeded", job.error
        with job.file.open("rb") as f:
            pdf = f.read()
        # The same draft with the self-check appended, as a coordinator may ask.
        with_card = wait_for_job(
            export_request(plan.outline, planner, options={"with_scorecard": True}).job
        )
        assert with_card.status == "succeeded", with_card.error
        with with_card.file.open("rb") as f:
            card_pdf = f.read()
        card = run_checks(plan)
        facts = {
            "title": plan.outline.title,
            "issuer": plan.outline.issuer,
            "stage": plan.outline.get_stage_display(),
            "headings": [
                (e.label, e.node.title, e.node.level) for e in numbered(plan.outline.nodes.all())
            ],
            "indicators": list(Indicator.objects.filter(plan=plan).values_list("name", flat=True)),
            "categories": list(plan.indicator_categories.values_list("name", flat=True)),
            "groups": [str(label) for label in MajorProject.Category.labels],
            "projects": list(MajorProject.objects.filter(plan=plan).values_list("name", flat=True)),
            "page_count": job.page_count,
            "size": job.size,
            "recorded": job.scorecard,
            "card": card.summary(),
            "failing": [
                (str(r.check.title), [f.message for f in r.findings])
                for r in card.results
                if not r.passed
            ],
            "charted": [
                c.indicator.name
                for c in indicator_charts(plan, Indicator.objects.filter(plan=plan))
            ],
        }
        call_command("flush", "--noinput", verbosity=0)
    reader = PdfReader(io.BytesIO(pdf))
    texts = [page.extract_text() for page in reader.pages]
    card_texts = [page.extract_text() for page in PdfReader(io.BytesIO(card_pdf)).pages]
    return {"bytes": pdf, "reader": reader, "texts": texts, "card_texts": card_texts, **facts}


def test_the_text_has_the_cover_every_heading_indicator_and_project(demo_pdf):
    everything = _squash("".join(demo_pdf["texts"]))
    cover = _squash(demo_pdf["texts"][0])
    assert _squash(demo_pdf["title"]) in cover
    assert "（前期研究）" in cover and demo_pdf["issuer"] in cover
    assert "二〇" in cover and "年" in cover
    for label, title, _level in demo_pdf["headings"]:
        assert _squash(label + title) in everything, title
    for name in demo_pdf["indicators"]:
        assert _squash(name) in everything, name
    for name in demo_pdf["projects"]:
        assert _squash(name) in everything, name
    assert len(demo_pdf["reader"].pages) == demo_pdf["page_count"]


def _footer_number(text: str) -> int | None:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    match = FOOTER_RE.search(lines[-1]) if lines else None
    return int(match.group(1)) if match else None


def test_toc_page_numbers_are_the_pages_the_headings_are_on(demo_pdf):
    texts = demo_pdf["texts"]
    by_number = {}
    for index, text in enumerate(texts):
        number = _footer_number(text)
        if number is not None:
            by_number[number] = index
    assert _footer_number(texts[0]) is None  # the cover has no number
    toc = "\n".join(t for t in texts[1:4] if ("目" in t and "录" in t) or "··" in t)
    # 序言 and 结束语 have no number label.
    entries = re.findall(
        r"^(?:(第.+?[篇章节]|附表\d+)\s*)?(\S.*?)[·.\s]*(\d+)\s*$", toc, re.MULTILINE
    )
    assert len(entries) == len(demo_pdf["headings"])
    for label, title, number in entries:
        page = by_number[int(number)]
        assert _squash(label + title) in _squash(texts[page]), (label, title, number)


def test_every_font_is_embedded_subset_and_not_type3(demo_pdf):
    fonts = {}
    for page in demo_pdf["reader"].pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    # The genre's faces: 仿宋 body, 黑体 篇/章, 楷体 节, 宋体 title and page numbers.
    faces = {str(name).split("+", 1)[-1].split("-")[0] for name in fonts}
    assert {"FandolFang", "FandolHei", "FandolKai", "FandolSong"} <= faces, faces
    for name, font in fonts.items():
        assert font["/Subtype"] != "/Type3", name
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not subset"
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        descriptor = descendant["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} not embedded"


def test_a_draft_carries_its_stage_as_a_picture_not_as_text(demo_pdf):
    reader = demo_pdf["reader"]
    body_pages = [t for t in demo_pdf["texts"] if _footer_number(t)]
    # The running header names the stage once; the diagonal mark is a picture, so
    # text copied out of the PDF never has 前/期/研/究 inside its sentences.
    assert all(_squash(t).count("前期研究") == 1 for t in body_pages)
    assert all(page.images for page in reader.pages)


def test_the_metadata_names_the_document_and_its_moment(demo_pdf):
    reader = demo_pdf["reader"]
    assert reader.metadata.title == f"{demo_pdf['title']}（前期研究）"
    assert reader.metadata.author == demo_pdf["issuer"]
    # A full creation date: day and time of day, with the zone.
    assert re.fullmatch(r"D:\d{14}[+-]\d\d'\d\d'?", reader.metadata["/CreationDate"])


def test_page_labels_are_the_printed_page_numbers(demo_pdf):
    labels = demo_pdf["reader"].page_labels
    assert labels[:2] == ["封面", "目录1"]
    printed = [(i, _footer_number(t)) for i, t in enumerate(demo_pdf["texts"])]
    numbered = [(i, n) for i, n in printed if n]
    assert len(numbered) > 25
    for index, number in numbered:
        assert labels[index] == str(number), (index, labels[index], number)


def test_bookmarks_follow_the_outline(demo_pdf):
    def flatten(items):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item)
            else:
                yield item.title

    titles = [_squash(t) for t in flatten(demo_pdf["reader"].outline)]
    assert titles == [_squash(label + title) for label, title, _ in demo_pdf["headings"]]


def test_the_pdf_is_small(demo_pdf):
    assert demo_pdf["size"] < 2 * 1024 * 1024


def _lines(pdf: bytes):
    """Text lines with their boxes, page by page, from poppler's layout analysis."""
    result = subprocess.run(
        ["pdftotext", "-bbox-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    root = ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", result.stdout))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    for page_number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page")):
        for line in page.iterfind(".//x:line", ns):
            words = "".join(w.text or "" for w in line.iterfind("x:word", ns))
            yield page_number, float(line.get("xMin")), float(line.get("xMax")), words


def test_body_text_is_justified_to_an_even_right_edge(demo_pdf):
    """Every line of a body paragraph but its last ends at the right edge, whatever
    digits or Latin letters it holds."""
    lines = [line for line in _lines(demo_pdf["bytes"]) if line[0] > 2]
    left = Counter(round(x) for _p, x, _r, _w in lines).most_common(1)[0][0]
    right = Counter(round(x) for _p, _l, x, _w in lines).most_common(1)[0][0]
    indent = 28  # 2em of 14pt
    paragraphs, current = [], []
    for _page, x_min, x_max, words in lines:
        if abs(x_min - (left + indent)) < 2:  # a paragraph's indented first line
            if current:
                paragraphs.append(current)
            current = [(x_max, words)]
        elif abs(x_min - left) < 2 and current:
            current.append((x_max, words))
        elif current:  # a heading, a box, a table, a footer: the paragraph ends
            paragraphs.append(current)
            current = []
    assert len(paragraphs) > 50
    ragged = [
        (words, round(x_max, 1))
        for paragraph in paragraphs
        for x_max, words in paragraph[:-1]
        if x_max < right - 1.5
    ]
    with_digits = [w for p in paragraphs for _x, w in p[:-1] if re.search(r"[0-9A-Za-z]", w)]
    assert len(with_digits) > 20  # the check covers lines that mix scripts
    assert ragged == [], (right, ragged)


def _page_with(texts, phrase):
    return next(i for i, t in enumerate(texts) if phrase in _squash(t))


def _table_pages(texts: list[str], header: str) -> list[str]:
    """The pages one annex table runs over: those printing its header row."""
    return [t for t in (_squash(t) for t in texts) if header in t]


def test_a_long_indicator_table_says_continued_and_repeats_the_category(demo_pdf):
    pages = _table_pages(demo_pdf["texts"], "类别序号指标")
    assert len(pages) >= 2
    assert "附表1（续）" not in pages[0]
    for number, page in enumerate(pages):
        if number:
            assert page.startswith("附表1（续）"), page[:40]
        # The first row of every page opens with its category's name.
        first_row = page.split("属性", 1)[1]
        assert any(first_row.startswith(c) for c in demo_pdf["categories"]), first_row[:20]


def test_a_long_project_table_says_continued_and_repeats_the_group(demo_pdf):
    pages = _table_pages(demo_pdf["texts"], "序号项目名称建设内容及规模")
    assert len(pages) >= 3
    for number, page in enumerate(pages):
        if number:
            assert page.startswith("附表2（续）"), page[:40]
        first_row = page.split("责任单位", 1)[1]
        label = next((g for g in demo_pdf["groups"] if first_row.startswith(g)), None)
        assert label, first_row[:20]
        assert re.match(rf"{label}（(\d+项|续)）", first_row), first_row[:20]
    assert "合计（" in pages[-1]


def test_the_project_table_is_turned_on_portrait_pages(demo_pdf):
    reader = demo_pdf["reader"]
    for page in reader.pages:
        assert page.mediabox.width < page.mediabox.height  # every page upright A4
    turned = [
        page
        for page, text in zip(reader.pages, demo_pdf["texts"], strict=True)
        if "序号项目名称建设内容及规模" in _squash(text)
    ]
    # The table reads turned a quarter (head at the left edge); the running header
    # and the page number read upright, where every other page has them.
    for page in turned:
        assert "附表2" in _squash(page.extract_text(orientations=(90,)))
        upright = page.extract_text(orientations=(0,))
        assert _footer_number(upright) and "项目名称" not in upright


def test_a_box_running_over_a_page_is_continued_under_its_number(demo_pdf):
    texts = [_squash(t) for t in demo_pdf["texts"]]
    continued = [(i, n) for i, t in enumerate(texts) for n in re.findall(r"专栏(\d+)（续）", t)]
    assert continued  # the demo has 专栏 longer than what is left of their page
    for index, number in continued:
        assert re.search(rf"专栏{number}(?!（续）)", texts[index - 1]) or any(
            f"专栏{number}（续）" in t for t in texts[index - 1 : index]
        )


def test_the_outline_prints_tables_and_no_analysis_charts(demo_pdf):
    text = _squash("".join(demo_pdf["texts"]))
    assert "主要指标路径图" not in text and "重大项目投资结构" not in text
    assert "平稳路径" not in text and "偏离路径" not in text
    # The tables are there.
    assert "“十四五”时期经济社会发展主要指标" in text and "时期重大项目表" in text


def test_the_self_check_appendix_draws_a_path_chart_for_each_indicator(demo_pdf):
    texts = demo_pdf["card_texts"]
    first = _page_with(texts, "主要指标路径图")
    charts = _squash("".join(texts[first : _page_with(texts, "重大项目投资结构")]))
    assert len(demo_pdf["charted"]) > 20
    for name in demo_pdf["charted"]:
        assert _squash(name) in charts, name
    assert "平稳路径" in charts and "全国纲要" in charts
    # The labels inside the SVG are real text, not shapes: years and values.
    assert "地区生产总值（亿元）202020252035318.5430720" in charts


def test_the_self_check_appendix_charts_investment_by_category_and_year(demo_pdf):
    texts = demo_pdf["card_texts"]
    page = _squash(texts[_page_with(texts, "重大项目投资结构")])
    assert "按类别" in page and "按年度" in page
    assert "产业发展" in page and "新型基础设施" in page
    for year in range(2021, 2026):
        assert str(year) in page


def test_the_export_records_the_scorecard_of_its_moment(demo_pdf):
    recorded, card = demo_pdf["recorded"], demo_pdf["card"]
    assert recorded["passed"] == card["passed"] and recorded["total"] == card["total"]
    assert 0 < recorded["passed"] < recorded["total"]
    assert [f["check"] for f in recorded["findings"]] == [f["check"] for f in card["findings"]]
    # Without being asked for, the report is not in the document.
    assert not any("规划体检报告" in t for t in demo_pdf["texts"])


def test_a_draft_with_the_scorecard_ends_with_the_report(demo_pdf):
    texts = demo_pdf["card_texts"]
    assert len(texts) > len(demo_pdf["texts"])
    start = _page_with(texts, "附：规划体检报告")
    report = _squash("".join(texts[start:]))
    card = demo_pdf["card"]
    assert f"{card['total']}项检查中通过{card['passed']}项" in report
    for title, messages in demo_pdf["failing"]:
        assert _squash(title) in report, title
        for message in messages:
            assert _squash(message) in report, message


def _words(pdf: bytes):
    """(page index, xMin, yMin, xMax, yMax, text) of every word, from poppler."""
    result = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    )
    root = ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", result.stdout))
    for index, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page")):
        for word in page.iter("{http://www.w3.org/1999/xhtml}word"):
            box = [float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            yield (index, *box, word.text or "")


def test_no_category_label_falls_below_its_table(demo_pdf):
    """A merged 类别 cell cut by a page break drew its last characters under the
    table's bottom line; each page's share is now a table of its own."""
    pages: dict[int, list] = {}
    for word in _words(demo_pdf["bytes"]):
        pages.setdefault(word[0], []).append(word)
    checked = 0
    for words in pages.values():
        header = next((w for w in words if w[5] == "类别"), None)
        if header is None or not any(w[5] == "属性" for w in words):
            continue
        column = [w for w in words if w[1] >= header[1] - 8 and w[3] <= header[3] + 8]
        labels = [w for w in column if w[2] > header[4]]
        last_row = max(w[4] for w in words if w[5] in {"预期性", "约束性"})
        assert labels, "a page of the table without its category"
        assert max(w[4] for w in labels) <= last_row + 12
        checked += 1
    assert checked >= 2
