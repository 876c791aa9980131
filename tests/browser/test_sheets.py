"""The major projects' Excel round trip in a real browser.

教育局 downloads the template with its own rows, edits one, adds rows (some wrong),
reads the preview, confirms, downloads the rejected rows, fixes and uploads them
again; the new projects then show in the table, on the self-check page and in the
annex of a PDF made by a real worker. 财政局, which reviews but edits nothing, may
check a sheet but writes none of it.
"""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string, range_boundaries
from pypdf import PdfReader

from apps.checks.scorecard import run_checks
from apps.delivery.models import MajorProject
from apps.demo.seed import demo_password, seed_demo

pytestmark = pytest.mark.django_db(transaction=True)

PART = "major-projects"
HEADER_ROW = 2
FIRST_ROW = 3

# The projects 教育局 adds: two right, three wrong (fixed in a second upload).
SPECIAL_SCHOOL = "特殊教育学校迁建"  # 总投资 written “1.2亿”
EAST_MIDDLE_SCHOOL = "城东初中续建"  # 续建, started before the period
YOUTH_PALACE = "青少年宫改造"  # an unknown category
WEST_PRIMARY = "城西小学新建"  # 新建 but started in 2019
RURAL_PALACE = "乡村学校少年宫"  # 规划期内投资 > 总投资
EDITED = "县职业教育中心新校区"
NEW_CONTENT = "新建校舍和实训基地14万平方米，在校生规模7000人。"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return seed_demo()


# Workbooks -----------------------------------------------------------------------------


def _headers(sheet) -> dict[str, int]:
    """Header text as a person reads it (without the required star) → column."""
    return {
        str(cell.value).lstrip("*"): cell.column
        for cell in sheet[HEADER_ROW]
        if cell.value not in (None, "")
    }


def _data_rows(sheet) -> list[int]:
    heads = _headers(sheet)
    name = heads["项目名称"]
    return [
        r
        for r in range(FIRST_ROW, sheet.max_row + 1)
        if sheet.cell(r, name).value not in (None, "")
    ]


def _row_of(sheet, name: str) -> int:
    heads = _headers(sheet)
    return next(r for r in _data_rows(sheet) if sheet.cell(r, heads["项目名称"]).value == name)


def _dropdown(book, label: str) -> list[str]:
    """The choices of the dropdown on a column's data cells, as Excel offers them."""
    sheet = book.worksheets[0]
    letter = get_column_letter(_headers(sheet)[label])
    rule = next(
        v
        for v in sheet.data_validations.dataValidation
        if v.type == "list"
        and any(str(r).startswith(f"{letter}{FIRST_ROW}:") for r in v.sqref.ranges)
    )
    source, cells = rule.formula1.split("!")
    min_col, min_row, _max_col, max_row = range_boundaries(cells.replace("$", ""))
    options = book[source.strip("'")]
    return [options.cell(r, min_col).value for r in range(min_row, max_row + 1)]


def _fill(sheet, row: int, values: dict) -> None:
    heads = _headers(sheet)
    for label, value in values.items():
        sheet.cell(row, heads[label], value=value)


def _project(name: str, **changes) -> dict:
    values = {
        "项目名称": name,
        "要事/大事/实事": "实事",
        "项目类别": "社会民生",
        "建设性质": "新建",
        "项目层级": "县级",
        "建设地点": "城关镇",
        "建设规模及内容": f"{name}，新增学位600个。",
        "建设起止年限": "2022-2024",
        "总投资（万元）": 8000,
        "规划期内投资（万元）": 8000,
        "政府投资（万元）": 8000,
        "责任单位": "县教育局",
    }
    values.update(changes)
    return values


def _download(page, link_text: str):
    with page.expect_download() as info:
        page.click(f"a:has-text('{link_text}')")
    return info.value


def _workbook(download):
    return openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))


def _upload(page, path: Path) -> None:
    page.set_input_files("input[type=file]", str(path))
    page.click("button:has-text('读取并预览')")
    page.wait_for_url(re.compile(r".*/import/\d+/$"))


def _counts(page) -> str:
    return page.inner_text("[data-sheet-counts]")


def _error_rows(page) -> dict[int, list[tuple[str, str]]]:
    """The preview's table of rejected rows: row number → [(column, message)]."""
    rows: dict[int, list[tuple[str, str]]] = {}
    number = None
    for tr in page.locator("[data-sheet-section=error] tbody tr").all():
        cells = [c.strip() for c in tr.locator("td").all_inner_texts()]
        if len(cells) == 4:
            number = int(cells[0])
            cells = cells[2:]
        rows.setdefault(number, []).append((cells[0], cells[1]))
    return rows


def _error_names(page) -> dict[int, str]:
    return {
        int(tr.locator("td").nth(0).inner_text()): tr.locator("td").nth(1).inner_text().strip()
        for tr in page.locator("[data-sheet-section=error] tbody tr").all()
        if tr.locator("td").count() == 4
    }


# 教育局: the whole round trip ---------------------------------------------------------------


def test_education_bureau_fills_the_template_fixes_its_errors_and_sees_its_projects(
    page, login, demo, worker, tmp_path, shots
):
    login("edu", demo_password())
    page.goto(reverse("part_list", args=[demo.pk, PART]))
    page.click("a:has-text('Excel 导入导出')")
    page.wait_for_url(f"**/tables/{PART}/import/")
    assert page.inner_text("h1") == "重大项目：Excel 导入导出"
    downloads = page.inner_text("[data-sheet-downloads]")
    assert "教育局负责的行（模板格式）" in downloads
    page.screenshot(path=shots / "sheets-1-import-page.png", full_page=True)

    # The template with 教育局's rows.
    template = _download(page, "教育局负责的行（模板格式）")
    assert template.suggested_filename.endswith("重大项目-教育局.xlsx")
    book = _workbook(template)
    assert book.sheetnames == ["重大项目", "选项", "填写说明"]
    sheet = book["重大项目"]
    assert book["选项"].sheet_state == "hidden"
    assert "教育局" in sheet.cell(1, 2).value
    heads = _headers(sheet)
    # The hidden id column, then the starred required columns.
    assert sheet.cell(HEADER_ROW, 1).value == "系统编号（勿改）"
    assert sheet.column_dimensions["A"].hidden
    assert sheet.cell(HEADER_ROW, heads["项目名称"]).value == "*项目名称"
    assert sheet.cell(HEADER_ROW, heads["项目类别"]).value == "*项目类别"
    # The title and header rows stay in view.
    assert coordinate_from_string(sheet.freeze_panes)[1] == FIRST_ROW
    # The closed lists are dropdowns fed by the hidden sheet.
    assert "社会民生" in _dropdown(book, "项目类别")
    assert "其他类" not in _dropdown(book, "项目类别")
    assert _dropdown(book, "建设性质") == ["新建", "续建", "前期"]
    assert _dropdown(book, "要事/大事/实事") == ["要事", "大事", "实事"]
    assert "县级" in _dropdown(book, "项目层级")
    guide = book["填写说明"]
    guide_text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    assert "系统编号" in guide_text and "1.2亿" in guide_text and "社会民生" in guide_text

    # Exactly the projects of the chapter 教育局 leads, with their ids.
    own = MajorProject.objects.filter(plan=demo, node__lead_department__name="教育局")
    rows = _data_rows(sheet)
    names = [sheet.cell(r, heads["项目名称"]).value for r in rows]
    assert sorted(names) == sorted(own.values_list("name", flat=True))
    assert {sheet.cell(r, 1).value for r in rows} == set(own.values_list("pk", flat=True))

    # 教育局 edits one of its projects and adds five.
    edited_row = _row_of(sheet, EDITED)
    old_content = sheet.cell(edited_row, heads["建设规模及内容"]).value
    _fill(sheet, edited_row, {"建设规模及内容": NEW_CONTENT, "总投资（万元）": 48000})
    new_rows = [
        _project(
            SPECIAL_SCHOOL,
            **{
                "总投资（万元）": "1.2亿",
                "规划期内投资（万元）": 12000,
                "政府投资（万元）": 6000,
            },
        ),
        _project(
            EAST_MIDDLE_SCHOOL,
            **{"建设性质": "续建", "建设起止年限": "2019-2023"},
        ),
        _project(YOUTH_PALACE, **{"项目类别": "其他类"}),
        _project(WEST_PRIMARY, **{"建设起止年限": "2019-2022"}),
        _project(
            RURAL_PALACE,
            **{"总投资（万元）": 5000, "规划期内投资（万元）": 8000, "政府投资（万元）": 5000},
        ),
    ]
    first_new = rows[-1] + 1
    for offset, values in enumerate(new_rows):
        _fill(sheet, first_new + offset, values)
    filled = tmp_path / "教育局重大项目.xlsx"
    book.save(filled)

    # The preview: what would be added, changed, left and refused.
    page.goto(reverse("sheet_import", args=[demo.outline.pk, PART]))
    _upload(page, filled)
    assert page.inner_text("h1") == "导入预览：教育局重大项目.xlsx"
    counts = _counts(page)
    assert "新增 2 行" in counts
    assert "修改 1 行" in counts
    assert f"未变 {len(rows) - 1} 行" in counts
    assert "有错误 3 行" in counts
    page.screenshot(path=shots / "sheets-2-preview-with-errors.png", full_page=True)

    added = page.inner_text("[data-sheet-section=add]")
    assert f"第{first_new}行" in added and SPECIAL_SCHOOL in added
    assert f"第{first_new + 1}行" in added and EAST_MIDDLE_SCHOOL in added
    assert "总投资（万元）：“1.2亿”按亿元换算为 12000 万元" in added
    assert "1 行的金额按所写单位换算为万元" in page.inner_text(".alert-info")

    update = page.locator("[data-sheet-section=update] tbody tr")
    changes = [[c.strip() for c in tr.locator("td").all_inner_texts()][-3:] for tr in update.all()]
    assert str(edited_row) == update.first.locator("td").first.inner_text().strip()
    assert EDITED in update.first.locator("td").nth(1).inner_text()
    by_field = {label: (before, after) for label, before, after in changes}
    assert len(by_field) == 2, by_field
    content_change = next(v for k, v in by_field.items() if "建设" in k and "内容" in k)
    assert content_change == (old_content, NEW_CONTENT)
    # Amounts as typed, the field named as the sheet's header names it.
    assert by_field["总投资（万元）"] == ("45000", "48000")
    assert "建设规模及内容" in by_field

    errors = _error_rows(page)
    names_by_row = _error_names(page)
    assert names_by_row == {
        first_new + 2: YOUTH_PALACE,
        first_new + 3: WEST_PRIMARY,
        first_new + 4: RURAL_PALACE,
    }
    youth = dict(errors[first_new + 2])
    # Only the category: not also the chapter its default would have been.
    assert set(youth) == {"项目类别"} and "“其他类”不在可选范围内" in youth["项目类别"]
    west = dict(errors[first_new + 3])
    assert west.get("建设起止年限", "").startswith("新建项目应在规划期内开工（2021年及以后）")
    rural = dict(errors[first_new + 4])
    assert rural.get("规划期内投资（万元）") == "规划期内投资不能超过总投资。"
    for number, messages in errors.items():
        assert all(label != "—" and message for label, message in messages), (number, messages)

    # The rejected rows, to fix and upload again.
    rejected = _download(page, "下载有错误的行")
    assert rejected.suggested_filename.endswith("重大项目-未导入的行.xlsx")
    fix_path = tmp_path / "教育局重大项目（改正）.xlsx"
    fix_book = _workbook(rejected)
    fix = fix_book["重大项目"]
    assert fix.cell(HEADER_ROW, 2).value.startswith("错误说明")
    fix_rows = _data_rows(fix)
    assert [fix.cell(r, _headers(fix)["项目名称"]).value for r in fix_rows] == [
        YOUTH_PALACE,
        WEST_PRIMARY,
        RURAL_PALACE,
    ]
    why = [fix.cell(r, 2).value for r in fix_rows]
    assert why[0].startswith(f"原第{first_new + 2}行：") and "其他类" in why[0]
    assert "新建项目应在规划期内开工" in why[1]
    assert "规划期内投资不能超过总投资" in why[2]
    _fill(fix, _row_of(fix, YOUTH_PALACE), {"项目类别": "社会民生"})
    _fill(fix, _row_of(fix, WEST_PRIMARY), {"建设性质": "续建"})
    _fill(fix, _row_of(fix, RURAL_PALACE), {"规划期内投资（万元）": 5000})
    fix_book.save(fix_path)

    # The valid rows of the first file are written.
    page.click("button:has-text('确认导入 3 行')")
    page.wait_for_load_state()
    outcome = page.inner_text("[data-sheet-outcome]")
    assert "新增 2 行，修改 1 行" in outcome and "3 行有错误未导入" in outcome

    # The fixed rows go in on their own.
    page.goto(reverse("sheet_import", args=[demo.outline.pk, PART]))
    _upload(page, fix_path)
    counts = _counts(page)
    assert "新增 3 行" in counts and "有错误 0 行" in counts
    assert page.locator("[data-sheet-section=error]").count() == 0
    page.screenshot(path=shots / "sheets-3-preview-fixed.png", full_page=True)
    page.click("button:has-text('确认导入 3 行')")
    page.wait_for_load_state()
    assert "新增 3 行，修改 0 行" in page.inner_text("[data-sheet-outcome]")
    page.screenshot(path=shots / "sheets-4-confirmed.png", full_page=True)

    # The projects table.
    page.click("a:has-text('查看重大项目')")
    page.wait_for_url(f"**/parts/{PART}/")
    table = page.inner_text("table.part-table")
    for name in (SPECIAL_SCHOOL, EAST_MIDDLE_SCHOOL, YOUTH_PALACE, WEST_PRIMARY, RURAL_PALACE):
        assert name in table, name
    special = page.locator("table.part-table tbody tr", has_text=SPECIAL_SCHOOL)
    assert "12000" in special.inner_text().split()
    east = page.locator("table.part-table tbody tr", has_text=EAST_MIDDLE_SCHOOL)
    assert "2019—2023" in east.inner_text()
    assert page.locator("h1 small").inner_text() == str(60 + 5)
    page.screenshot(path=shots / "sheets-5-project-list.png", full_page=True)

    # The self-check counts them: the changed total and the partly funded project.
    page.goto(reverse("scorecard", args=[demo.pk]))
    card = run_checks(demo)
    assert f"{card.passed}/{card.total}" in page.inner_text("main")
    findings = page.inner_text("main")
    assert f"项目“{SPECIAL_SCHOOL}”各来源资金合计" in findings
    assert f"项目“{EDITED}”各来源资金合计" in findings
    page.screenshot(path=shots / "sheets-6-scorecard.png", full_page=True)

    # A new PDF, made by the worker, lists them in the annex of major projects.
    page.goto(reverse("export_list", args=[demo.outline.pk]))
    page.click("button:has-text('生成 PDF 草稿')")
    page.wait_for_url("**/exports/*/")
    page.locator("a:has-text('下载 PDF')").wait_for(timeout=180_000)
    pdf = _download(page, "下载 PDF")
    reader = PdfReader(io.BytesIO(Path(pdf.path()).read_bytes()))
    pages = [re.sub(r"\s", "", p.extract_text()) for p in reader.pages]
    annex_text = "".join(text for text in pages if text.startswith("附表2"))
    assert "附表2“十四五”时期重大项目表" in annex_text
    for name in (SPECIAL_SCHOOL, EAST_MIDDLE_SCHOOL, YOUTH_PALACE, WEST_PRIMARY, RURAL_PALACE):
        assert name in annex_text, name
    assert "合计（65项）" in annex_text


# 财政局: checks a sheet, writes nothing ------------------------------------------------------


def test_finance_bureau_may_check_a_sheet_but_nothing_is_writable(
    page, login, demo, tmp_path, shots
):
    login("fin", demo_password())
    page.goto(reverse("part_list", args=[demo.pk, PART]))
    page.click("a:has-text('Excel 导入导出')")
    page.wait_for_url(f"**/tables/{PART}/import/")
    # 财政局 leads no chapter: it has no rows of its own to download.
    assert "负责的行" not in page.inner_text("[data-sheet-downloads]")
    template = _download(page, "全部行（导出，模板格式）")
    book = _workbook(template)
    sheet = book["重大项目"]
    rows = _data_rows(sheet)
    assert len(rows) == 60
    edited_row = _row_of(sheet, EDITED)
    _fill(sheet, edited_row, {"建设规模及内容": NEW_CONTENT})
    new_row = rows[-1] + 1
    _fill(sheet, new_row, _project(SPECIAL_SCHOOL))
    path = tmp_path / "财政局审核.xlsx"
    book.save(path)

    _upload(page, path)
    counts = _counts(page)
    assert "新增 0 行" in counts and "修改 0 行" in counts
    assert "未变 59 行" in counts and "有错误 2 行" in counts
    assert page.locator("button:has-text('确认导入')").count() == 0
    assert "其中没有你可以写入的行" in page.inner_text("main")
    page.screenshot(path=shots / "sheets-7-finance-preview.png", full_page=True)
    assert not MajorProject.objects.filter(name=SPECIAL_SCHOOL).exists()
    assert MajorProject.objects.get(plan=demo, name=EDITED).content_scale != NEW_CONTENT
    # Each row is refused for what 财政局 is: a reviewer, not 教育局.
    errors = _error_rows(page)
    assert set(errors) == {edited_row, new_row}
    for number, messages in sorted(errors.items()):
        text = "；".join(message for _label, message in messages)
        assert "教育局" in text or "角色不能修改" in text, (number, messages)
