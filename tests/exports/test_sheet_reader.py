"""A department's own spreadsheet read into the import preview: the messy cells of
apps/core/cells.py, the table found in a sheet that is not our template, and the
files refused before anything is read.

The fixtures are made by scripts/make_sheet_fixtures.py (its docstring lists what
each messy row and column is for); the .xls is the same workbook converted by
LibreOffice, which calculates every formula on the way.
"""

import datetime
import io
import json
import random
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest

from apps.core.cells import CellError, amount, number, text, year, year_span
from apps.core.models import ActivityLog
from apps.delivery.models import MajorProject
from apps.exports.excel.importing import part_columns
from apps.exports.excel.reader import (
    SheetFileError,
    SheetReading,
    read_sheet,
    rows_for_import,
)
from apps.plans.access import PlanAccess
from apps.plans.imports import NOTES, items_import
from apps.plans.models import Revision
from apps.plans.parts import registry
from apps.plans.policy import principal_for
from apps.targets.models import Indicator

SHEETS = Path(__file__).resolve().parent.parent / "fixtures" / "sheets"
PROJECT_FILES = ["messy_projects.xlsx", "messy_projects.xls"]


def _access(plan, user):
    return PlanAccess(plan, principal_for(user, plan.county_id), plan.outline)


def _columns(slug, plan, user):
    return part_columns(registry.get(slug), plan, _access(plan, user))


def _read(name, slug, plan, user) -> SheetReading:
    return read_sheet((SHEETS / name).read_bytes(), _columns(slug, plan, user))


def _preview(reading, slug, plan, user):
    """The dry run the preview page shows, by sheet row number."""
    rows = rows_for_import(reading, _columns(slug, plan, user))
    result = items_import(
        registry.get(slug),
        plan.outline,
        rows,
        actor=user,
        access=_access(plan, user),
        dry_run=True,
    )
    assert not result.written
    return {row.number: row for row in result.rows}


def _only_error(row) -> tuple[str, str]:
    assert row.action == "error", (row.number, row.action)
    assert len(row.errors) == 1, row.errors
    return row.errors[0]


# The department's project sheet ---------------------------------------------------------


@pytest.mark.parametrize("name", PROJECT_FILES)
def test_the_table_is_found_below_the_title_in_a_two_row_header(name, plan, coordinator):
    reading = _read(name, "major-projects", plan, coordinator)
    assert reading.sheet == "交通运输局"
    # Rows 1–2 are the title and the 填报单位 line; the header is rows 3–4.
    assert reading.header_row == 4
    # Aliases in the department's column order; the five sources named in row 4
    # under the merged 资金来源（万元）, the columns merged over both rows in row 3.
    assert reading.headers == {
        "name": "项目名称",
        "content_scale": "建设内容及规模",
        "nature": "建设性质",
        "category": "项目类别",
        "significance": "项目分类",
        "years": "建设起止年限",
        "total_investment": "项目总投资（万元）",
        "period_investment": "十四五期间投资（万元）",
        "funding_government": "政府投资",
        "funding_special_bonds": "专项债券",
        "funding_social": "社会投资",
        "funding_loans": "银行贷款",
        "funding_other": "其他",
        "lead_unit": "责任单位",
    }
    # The sources' unit comes from the merged cell above them.
    assert reading.units == dict.fromkeys(
        [
            "total_investment",
            "period_investment",
            "funding_government",
            "funding_special_bonds",
            "funding_social",
            "funding_loans",
            "funding_other",
        ],
        "万元",
    )


@pytest.mark.parametrize("name", PROJECT_FILES)
def test_columns_of_a_two_row_header_that_are_not_read_are_listed(name, plan, coordinator):
    """The preview says “以下列不是模板中的列，没有读取：…”: 备注 (which holds
    “省补资金待定” in row 7) is dropped, and the department must be told so, also
    when the header is written over two rows with 备注 merged down over both."""
    reading = _read(name, "major-projects", plan, coordinator)
    assert reading.ignored == ["序号", "备注"]


@pytest.mark.parametrize("name", PROJECT_FILES)
def test_headings_subtotals_and_blank_rows_are_not_projects(name, plan, coordinator):
    reading = _read(name, "major-projects", plan, coordinator)
    assert [number_ for number_, _cells in reading.rows] == [6, 7, 8, 9, 13, 14, 15, 16, 17]
    skipped = {number_: why for number_, why in reading.skipped}
    assert skipped[10] == skipped[18] == "合计/小计行"  # 小计 in the name column
    assert skipped[20] == "合计/小计行"  # 合计 in the merged 序号 cell, with formulas
    assert skipped[12] == "分组标题行"  # “二、市政项目” in the name column
    # The blank rows 11 and 19 are neither read nor listed.
    assert 11 not in skipped and 19 not in skipped


@pytest.mark.parametrize("name", PROJECT_FILES)
def test_a_group_heading_merged_across_the_row_is_listed_as_skipped(name, plan, coordinator):
    """“一、交通项目” typed in the 序号 column and merged across the whole row (the
    usual layout of a county project table) is a heading the preview lists, like
    “二、市政项目” typed in the name column."""
    reading = _read(name, "major-projects", plan, coordinator)
    assert reading.skipped == [
        [5, "分组标题行"],
        [10, "合计/小计行"],
        [12, "分组标题行"],
        [18, "合计/小计行"],
        [20, "合计/小计行"],
    ]


def _project(row) -> dict:
    assert row.action == "add", (row.number, row.errors)
    item = row.form.instance
    return {
        "name": item.name,
        "significance": item.significance,
        "category": item.category,
        "nature": item.nature,
        "years": (item.start_year, item.end_year),
        "total": item.total_investment,
        "period": item.period_investment,
        "funding": (
            item.funding_government,
            item.funding_special_bonds,
            item.funding_social,
            item.funding_loans,
            item.funding_other,
        ),
        "lead_unit": item.lead_unit,
    }


def _money(*values) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


@pytest.mark.parametrize("name", PROJECT_FILES)
def test_every_project_row_is_previewed_as_the_form_takes_it(name, plan, coordinator):
    rows = _preview(
        _read(name, "major-projects", plan, coordinator), "major-projects", plan, coordinator
    )
    xls = name.endswith(".xls")
    assert {n: r.action for n, r in rows.items()} == {
        6: "add",
        7: "add",
        8: "add",
        # A formula without a value: refused in the .xlsx; LibreOffice calculated it.
        9: "add" if xls else "error",
        13: "add",
        14: "error",
        15: "error",
        16: "error",
        17: "error",
    }

    # Text numbers, “1,200”, full-width “１２００”; the ideographic space after the
    # name is dropped; 责任单位 is the merged cell's.
    assert _project(rows[6]) == {
        "name": "城南快速路工程",
        "significance": MajorProject.Significance.KEY_MATTER,
        "category": MajorProject.Category.TRANSPORT,
        "nature": MajorProject.Nature.NEW,
        "years": (2021, 2025),
        "total": Decimal(1200),
        "period": Decimal(1200),
        "funding": _money(600, 600, 0, 0, 0),
        "lead_unit": "县交通运输局",
    }
    assert rows[6].notes == []

    # “1.2亿” in a 万元 column is 12000 万元, and the preview says it was converted;
    # “3500万元” is taken as written; “2022—2024” with an em dash; the 责任单位
    # merged down from row 6.
    assert _project(rows[7]) == {
        "name": "农村公路提升工程",
        "significance": MajorProject.Significance.PRACTICAL,
        "category": MajorProject.Category.TRANSPORT,
        "nature": MajorProject.Nature.NEW,
        "years": (2022, 2024),
        "total": Decimal(12000),
        "period": Decimal(8000),
        "funding": _money(3000, 0, 0, 3500, 0),
        "lead_unit": "县交通运输局",
    }
    [note] = rows[7].notes
    assert note.startswith("总投资（万元）：") and "1.2亿" in note and "12000 万元" in note

    # A date in 建设起止年限 is a project of that year; a formula's cached value.
    project = _project(rows[8])
    assert project["years"] == (2023, 2023)
    assert project["total"] == Decimal(5000)
    assert project["category"] == MajorProject.Category.TRANSPORT

    # A 续建 project that began before the period; 责任单位 merged over rows 13–14.
    project = _project(rows[13])
    assert project["nature"] == MajorProject.Nature.CONTINUING
    assert project["years"] == (2020, 2025)
    assert project["lead_unit"] == "县住房和城乡建设局"
    assert project["funding"] == _money(20000, 0, 10000, 0, 0)

    # The rows the form refuses, each with the column and the reason.
    label, message = _only_error(rows[14])
    assert label == "建设起止年限"
    assert "新建项目应在规划期内开工（2021年及以后）" in message
    assert rows[14].values["lead_unit"] == "县住房和城乡建设局"

    label, message = _only_error(rows[15])
    assert label == "项目类别" and "“其他类”不在可选范围内" in message and "社会民生" in message

    label, message = _only_error(rows[16])
    assert (label, message) == ("规划期内投资（万元）", "规划期内投资不能超过总投资。")

    label, message = _only_error(rows[17])
    assert label == "社会资本（万元）"
    assert "“500元”以元计" in message and "换算为万元" in message


@pytest.mark.parametrize("name", PROJECT_FILES)
def test_a_formula_is_read_by_its_value_or_refused_without_one(name, plan, coordinator):
    """Row 9's 总投资 is =SUM(J9:N9). openpyxl saved it without a value: the row is
    refused with the one reason that helps (open, recalculate, save), not also
    told that the filled-in column is required. LibreOffice calculated it while
    converting to .xls: there it is 1000."""
    reading = _read(name, "major-projects", plan, coordinator)
    rows = _preview(reading, "major-projects", plan, coordinator)
    if name.endswith(".xls"):
        project = _project(rows[9])
        assert (project["name"], project["total"]) == ("智慧停车系统", Decimal(1000))
        assert project["category"] == MajorProject.Category.URBAN_RURAL
    else:
        label, message = _only_error(rows[9])
        assert label == "总投资（万元）"
        assert "公式但没有计算结果" in message and "重新计算并保存" in message


@pytest.mark.parametrize("name", PROJECT_FILES)
def test_the_dry_run_writes_nothing(name, plan, coordinator):
    before = (Revision.objects.count(), ActivityLog.objects.filter(verb="import").count())
    rows = _preview(
        _read(name, "major-projects", plan, coordinator), "major-projects", plan, coordinator
    )
    assert any(row.action == "add" for row in rows.values())
    assert not MajorProject.objects.filter(plan=plan).exists()
    after = (Revision.objects.count(), ActivityLog.objects.filter(verb="import").count())
    assert after == before


def test_a_cell_that_cannot_be_read_is_reported_once_with_its_reason(plan, coordinator):
    """“十四五期间” is what departments write for the years: the row says the
    span cannot be read and how to write it, not also that the column (which the
    department did fill) is required."""
    sheet = _xlsx(
        [
            ["项目名称", "项目分类", "项目类别", "建设性质", "建设内容及规模", "建设起止年限",
             "总投资（万元）", "规划期内投资（万元）"],
            ["城北污水处理厂", "大事", "生态环保", "新建", "日处理污水2万吨", "十四五期间",
             3000, 3000],
        ]
    )  # fmt: skip
    reading = read_sheet(sheet, _columns("major-projects", plan, coordinator))
    rows = _preview(reading, "major-projects", plan, coordinator)
    label, message = _only_error(rows[2])
    assert label == "建设起止年限"
    assert "“十四五期间”无法识别" in message and "2021-2025" in message


def test_the_stored_reading_gives_the_same_preview(plan, coordinator):
    """The reading is kept as JSON between the preview and the confirmation: the
    formula marker, the date and the notes come back the same."""
    reading = _read("messy_projects.xlsx", "major-projects", plan, coordinator)
    stored = SheetReading.from_data(json.loads(json.dumps(reading.as_data())))
    assert stored == reading
    columns = _columns("major-projects", plan, coordinator)
    fresh, kept = rows_for_import(reading, columns), rows_for_import(stored, columns)
    assert [n for n, _row in kept] == [n for n, _row in fresh]
    for (_n, a), (_m, b) in zip(fresh, kept, strict=True):
        assert {k: str(v) for k, v in a.items()} == {k: str(v) for k, v in b.items()}
    assert dict(kept)[8]["years"] == "2023年3月15日"
    assert isinstance(dict(kept)[9]["total_investment"], CellError)
    assert dict(kept)[7][NOTES] == dict(fresh)[7][NOTES]


# The statistics bureau's indicator table ------------------------------------------------


def test_the_indicator_sheet_is_read_and_previewed(plan, coordinator):
    reading = _read("messy_indicators.xlsx", "indicators", plan, coordinator)
    assert reading.header_row == 2
    assert reading.headers["baseline_value"] == "基期值（2020年）"
    assert reading.headers["target_input"] == "规划目标值（2025年）"
    assert reading.headers["attribute"] == "指标属性"
    assert reading.ignored == ["序号"]
    # The blank row and the note line under the table are not indicators.
    assert [n for n, _cells in reading.rows] == [3, 4, 5, 6, 7, 8]

    rows = _preview(reading, "indicators", plan, coordinator)
    assert {n: r.action for n, r in rows.items()} == {
        3: "add",
        4: "add",
        5: "error",
        6: "add",
        7: "error",
        8: "error",
    }
    gdp = rows[3].form.instance
    assert (gdp.category.name, gdp.name, gdp.unit) == ("经济发展", "地区生产总值", "亿元")
    assert gdp.baseline_value == Decimal("318.5")
    assert gdp.expression == Indicator.Expression.ANNUAL
    assert gdp.target_value == Decimal("6.5")
    # 类别 merged down over three indicators; full-width “１０.２”; “≥13”.
    per_head = rows[4].form.instance
    assert per_head.category.name == "经济发展"
    assert per_head.baseline_value == Decimal("10.2")
    assert (per_head.target_operator, per_head.target_value) == ("≥", Decimal(13))
    assert rows[6].form.instance.category.name == "创新驱动"

    label, message = _only_error(rows[5])
    assert label == "目标值" and "〔 〕表示五年累计数" in message
    label, message = _only_error(rows[7])
    assert label == "基期值" and "“待核实”不是数字" in message
    label, message = _only_error(rows[8])
    assert label == "类别" and "“其他”不在可选范围内" in message
    assert not Indicator.objects.filter(plan=plan).exists()


# Cells ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1,200", Decimal(1200)),
        ("１２００", Decimal(1200)),
        ("１，２００．５", Decimal("1200.5")),
        (" 12 ", Decimal(12)),
        ("\u300012\u3000", Decimal(12)),
        ("52.3%", Decimal("52.3")),
        (1200.0, Decimal(1200)),
        (0.1, Decimal("0.1")),
        (7, Decimal(7)),
        ("", None),
        (None, None),
        ("\u3000", None),
    ],
)
def test_number_reads_what_people_type(cell, expected):
    assert number(cell) == expected


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("abc", "“abc”不是数字"),
        ("1,2000", "“1,2000”不是数字"),  # a misplaced separator is not guessed at
        ("1.2.3", "不是数字"),
        (True, "应填写数字"),
    ],
)
def test_number_refuses_what_is_not_a_number(cell, fragment):
    with pytest.raises(CellError) as refused:
        number(cell)
    assert fragment in refused.value.message


@pytest.mark.parametrize(
    ("cell", "sheet_unit", "expected", "note"),
    [
        ("1,200", "", Decimal(1200), ""),
        ("１２００", "", Decimal(1200), ""),
        (" 12 ", "", Decimal(12), ""),
        ("1.2亿", "", Decimal(12000), "12000 万元"),
        ("1.2亿元", "", Decimal(12000), "12000 万元"),
        ("3500万元", "", Decimal(3500), ""),
        ("3500万", "", Decimal(3500), ""),
        (1.5, "亿元", Decimal(15000), "15000 万元"),  # the header's unit
        ("3500万元", "亿元", Decimal(3500), ""),  # the cell's own unit wins
        (800, "万元", Decimal(800), ""),
        ("", "", None, ""),
    ],
)
def test_amount_is_in_wan_yuan_with_a_note_when_converted(cell, sheet_unit, expected, note):
    value, said = amount(cell, sheet_unit=sheet_unit)
    assert value == expected
    if note:
        assert note in said and text(cell) in said
    else:
        assert said == ""


@pytest.mark.parametrize(
    ("cell", "sheet_unit", "fragment"),
    [
        ("500元", "", "以元计"),
        ("2千元", "", "以千元计"),
        (500, "元", "以元计"),
        ("abc", "", "“abc”不是数字"),
        ("约1.2亿", "", "不是数字"),
    ],
)
def test_amount_refuses_small_units_and_words(cell, sheet_unit, fragment):
    with pytest.raises(CellError) as refused:
        amount(cell, sheet_unit=sheet_unit)
    assert fragment in refused.value.message


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2021-2025", (2021, 2025)),
        ("2021—2025", (2021, 2025)),
        ("2021－2025", (2021, 2025)),
        ("2021~2025", (2021, 2025)),
        ("２０２１—２０２５", (2021, 2025)),
        ("2021年至2025年", (2021, 2025)),
        ("2021.3-2023.12", (2021, 2023)),
        ("2023", (2023, 2023)),
        ("2023年", (2023, 2023)),
        (2023, (2023, 2023)),
        (2023.0, (2023, 2023)),
        (datetime.date(2023, 3, 15), (2023, 2023)),
        (datetime.datetime(2022, 7, 1, 8, 30), (2022, 2022)),
        ("2023年3月15日", (2023, 2023)),  # a date cell as the reader stores it
        ("", (None, None)),
    ],
)
def test_year_span_reads_one_cell(cell, expected):
    assert year_span(cell) == expected


@pytest.mark.parametrize("cell", ["十四五期间", "2021-25", "2021-2023-2025"])
def test_year_span_refuses_what_it_cannot_read(cell):
    with pytest.raises(CellError) as refused:
        year_span(cell)
    assert "无法识别" in refused.value.message and "2021-2025" in refused.value.message


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("2023", 2023), ("2023年", 2023), (2023.0, 2023), (datetime.date(2020, 12, 31), 2020)],
)
def test_year_reads_a_year(cell, expected):
    assert year(cell) == expected


def test_year_refuses_two_years_or_none():
    for cell in ("2021-2025", "去年"):
        with pytest.raises(CellError) as refused:
            year(cell)
        assert "不是年份" in refused.value.message


def test_text_drops_blanks_of_every_kind():
    assert text("城南快速路工程\u3000") == "城南快速路工程"
    assert text(" 农村公路提升工程 ") == "农村公路提升工程"
    assert text("\u00a0体育公园\t") == "体育公园"
    assert text(1200.0) == "1200"
    assert text(None) == ""


# Files that are not a readable table ----------------------------------------------------


def _xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx() -> bytes:
    word = docx.Document()
    word.add_paragraph("示范县重大项目汇总")
    table = word.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "项目名称", "总投资（万元）"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "城南快速路工程", "1200"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _refusal(data: bytes, plan, user) -> str:
    with pytest.raises(SheetFileError) as refused:
        read_sheet(data, _columns("major-projects", plan, user))
    return refused.value.message


def test_a_pdf_is_refused_by_name(plan, coordinator):
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
    message = _refusal(pdf, plan, coordinator)
    assert "PDF" in message and "请上传 Excel" in message


def test_a_word_file_is_refused_by_name(plan, coordinator):
    assert "这是 Word 文件" in _refusal(_docx(), plan, coordinator)


@pytest.mark.parametrize(
    "data",
    [
        random.Random(7).randbytes(4096),
        "项目名称,总投资（万元）\n城南快速路工程,1200\n".encode("gb18030"),
        b"<html><body><table><tr><td>\xe9\xa1\xb9\xe7\x9b\xae</td></tr></table></body></html>",
    ],
    ids=["random-bytes", "csv", "html"],
)
def test_what_is_not_a_spreadsheet_is_refused(data, plan, coordinator):
    assert "这不是 Excel 表格" in _refusal(data, plan, coordinator)


def test_an_empty_file_is_refused(plan, coordinator):
    assert _refusal(b"", plan, coordinator) == "文件是空的。"


def test_a_password_protected_workbook_is_refused(plan, coordinator):
    # A real workbook encrypted as Excel does (by msoffcrypto-tool, in the fixture script).
    data = (SHEETS / "encrypted.xlsx").read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    assert "设置了打开密码" in _refusal(data, plan, coordinator)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(plan, coordinator):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        chunk = b"<row/>" * (1024 * 1024 // 6)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _i in range(200):  # 200 MB of the same bytes
                member.write(chunk)
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    assert "压缩炸弹" in _refusal(data, plan, coordinator)


def test_a_file_over_the_size_limit_is_refused(settings, plan, coordinator):
    settings.SHEET_IMPORT_MAX_BYTES = 1024 * 1024
    # The department's sheet with a 1.2 MB photo pasted in.
    source = zipfile.ZipFile(io.BytesIO((SHEETS / "messy_projects.xlsx").read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            package.writestr(info, source.read(info))
        package.writestr("xl/media/image1.jpeg", random.Random(3).randbytes(1200 * 1024))
    message = _refusal(out.getvalue(), plan, coordinator)
    assert "超过了 1 MB 的上限" in message and "删去图片" in message


def test_more_rows_than_one_import_takes_are_refused(settings, plan, coordinator):
    settings.SHEET_IMPORT_MAX_ROWS = 50
    header = [["项目名称", "总投资（万元）"]]
    fifty = header + [[f"项目{i}", 100 + i] for i in range(50)]
    assert len(read_sheet(_xlsx(fifty), _columns("major-projects", plan, coordinator)).rows) == 50
    sixty = header + [[f"项目{i}", 100 + i] for i in range(60)]
    message = _refusal(_xlsx(sixty), plan, coordinator)
    assert "超过 50 行" in message and "分成几个文件" in message


def test_a_sheet_whose_headers_match_nothing_is_refused(plan, coordinator):
    staff = [["姓名", "电话", "住址"], ["张三", "13800000000", "城关镇"]]
    message = _refusal(_xlsx(staff), plan, coordinator)
    assert "没有找到表头" in message and "项目名称" in message


def test_a_sheet_without_the_name_column_is_refused(plan, coordinator):
    amounts = [["总投资（万元）", "责任单位"], [1200, "县交通运输局"]]
    assert "没有“项目名称”列" in _refusal(_xlsx(amounts), plan, coordinator)
