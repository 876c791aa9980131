"""Build the messy spreadsheets of the Excel import tests (tests/exports/test_sheet_reader.py).

Run from the repository root: ``.venv/bin/python scripts/make_sheet_fixtures.py``.
It writes, into tests/fixtures/sheets/:

- ``messy_projects.xlsx`` (openpyxl), a transport bureau's own project sheet, not
  our template;
- ``messy_projects.xls``, the same workbook converted by LibreOffice headless
  (needs Calc: ``apt-get install libreoffice-calc-nogui``); LibreOffice calculates
  every formula while converting, so in the .xls each formula has its value;
- ``messy_indicators.xlsx``, a statistics bureau's indicator table;
- ``encrypted.xlsx``, a small workbook encrypted with the password “1234” as
  Excel does (ECMA-376 agile encryption, made with msoffcrypto-tool:
  ``pip install msoffcrypto-tool``; only this script needs it, the tests read the
  file).

The .xlsx files are byte-for-byte the same on every run (fixed timestamps in the
package, a seeded salt for the encryption); the .xls is LibreOffice's, whose
bytes may differ between LibreOffice versions but whose cells do not.

What each messy feature of messy_projects.xlsx is for (rows as Excel numbers them):

- row 1, a title merged over the table and row 2, the 填报单位/单位 line: the header
  is found below them, not in the first row;
- rows 3–4, a two-row header: 序号、项目名称…建设起止年限、责任单位、备注 merged
  vertically over both rows, 资金来源（万元） merged across the five source
  columns 政府投资 | 专项债券 | 社会投资 | 银行贷款 | 其他 below it (their unit,
  万元, is in the merged cell above them);
- the columns in the department's order, not the template's, with the alias
  names 建设内容及规模, 项目分类, 项目总投资（万元）, 十四五期间投资（万元）,
  专项债券, 社会投资, 其他; 序号 and 备注 are columns the import does not read;
- row 5, a group heading “一、交通项目” typed in the 序号 column and merged
  across the row; row 12, “二、市政项目” typed in the 项目名称 column: both are
  headings, not projects;
- rows 10 and 18, 小计 rows; row 20, a 合计 row whose word is in the merged
  序号 cell, with SUM formulas: totals, not projects;
- rows 11 and 19, blank rows between the groups;
- row 6: numbers stored as text (“1,200” with a thousands separator, full-width
  “１２００”, “600”), and an ideographic space after the name;
- row 7: “1.2亿” in a 万元 column (12000 万元, with a note), “ 3000 ” with blanks
  around it, “3500万元” with the unit written in the cell, an em dash span
  “2022—2024”, and a trailing ASCII space after the name;
- rows 6–7, one 责任单位 merged down over two projects (it is each one's); rows
  13–14 again, for 住建局;
- row 8: 建设起止年限 as a date cell (2023-03-15: a project of 2023), and a
  formula WITH a cached value in 总投资 (=J8+K8, 5000: openpyxl cannot write
  cached values, so this script puts the value into the package afterwards, as
  Excel would have saved it);
- row 9: a formula WITHOUT a cached value in 总投资 (=SUM(J9:N9), as openpyxl and
  other programs that never calculate write it): in the .xlsx that row is refused
  with the reason; in the .xls LibreOffice has calculated it (1000);
- rows that must fail the form's validation: row 14, a 新建 project starting in
  2019 (before the 2021–2025 period); row 15, the unknown category “其他类”;
  row 16, 规划期内投资 6000 larger than 总投资 5000; row 17, “500元” in a 万元
  column (amounts in 元 are refused, not divided);
- row 13, a 续建 project that started in 2020 (valid: it began before the period).

messy_indicators.xlsx: a title row; headers with the year in brackets
(基期值（2020年）, 规划目标值（2025年）) and aliases (指标类别, 指标名称, 计量单位,
指标属性); 类别 merged down over the indicators of one category; “318.5” as text,
full-width “１０.２”, “52.3%”; a 〔 〕 cumulative target on a 目标年水平值 indicator,
“待核实” as a 基期值 and the unknown category “其他” (three rows the form refuses);
a blank row and a note line under the table.
"""

import datetime
import io
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "sheets"
FIXED_TIME = (2021, 1, 1, 0, 0, 0)
FIXED_STAMP = "2021-01-01T00:00:00Z"

PROJECTS_TITLE = "示范县“十四五”重大项目汇总表（交通运输局）"
UPPER_HEADER = [
    "序号",
    "项目名称",
    "建设内容及规模",
    "建设性质",
    "项目类别",
    "项目分类",
    "建设起止年限",
    "项目总投资（万元）",
    "十四五期间投资（万元）",
    "资金来源（万元）",
    None,
    None,
    None,
    None,
    "责任单位",
    "备注",
]
LOWER_HEADER = [None] * 9 + ["政府投资", "专项债券", "社会投资", "银行贷款", "其他", None, None]

# One list per sheet row from row 5 on, A..P; None is an empty cell.
PROJECT_ROWS = [
    # 5: a group heading in the 序号 column, merged across the row (below)
    ["一、交通项目"] + [None] * 15,
    # 6
    [1, "城南快速路工程\u3000", "新建双向四车道快速路6.2公里", "新建", "交通", "要事",
     "2021-2025", "1,200", "１２００", "600", 600, None, None, None, "县交通运输局", None],
    # 7
    [2, "农村公路提升工程 ", "提升改造农村公路120公里", "新建", "交通", "实事",
     "2022—2024", "1.2亿", 8000, " 3000 ", None, None, "3500万元", None, None, "省补资金待定"],
    # 8
    [3, "客运枢纽站", "建设二级客运站一座", "新建", "交通", "大事",
     datetime.date(2023, 3, 15), "=J8+K8", 5000, 2000, 3000, None, None, None,
     "县交通运输局", None],
    # 9
    [4, "智慧停车系统", "建设智慧停车泊位800个", "新建", "城乡建设", "实事",
     "2022-2023", "=SUM(J9:N9)", 900, 300, None, 700, None, None, "县交通运输局", None],
    # 10
    [None, "小计", None, None, None, None, None, "=SUM(H6:H9)", "=SUM(I6:I9)"] + [None] * 7,
    # 11
    [None] * 16,
    # 12: a group heading in the 项目名称 column
    [None, "二、市政项目"] + [None] * 14,
    # 13
    [5, "老旧小区改造工程", "改造老旧小区42个", "续建", "城乡建设", "实事",
     "2020-2025", 30000, 25000, 20000, None, 10000, None, None, "县住房和城乡建设局", None],
    # 14
    [6, "污水管网改造", "新建污水管网35公里", "新建", "生态环保", "大事",
     "2019-2022", 8000, 6000, 8000, None, None, None, None, None, None],
    # 15
    [7, "城市书房", "建设城市书房10处", "新建", "其他类", "实事",
     "2021-2022", 600, 600, 600, None, None, None, None, "县文化和广电旅游体育局", None],
    # 16
    [8, "体育公园", "新建体育公园一座", "新建", "社会民生", "实事",
     "2023-2025", 5000, 6000, 5000, None, None, None, None, "县文化和广电旅游体育局", None],
    # 17
    [9, "滨江绿道", "建设滨江绿道8公里", "新建", "生态环保", "实事",
     "2021-2023", 3000, 3000, 2500, None, "500元", None, None, "县自然资源和规划局", None],
    # 18
    [None, "小计", None, None, None, None, None, "=SUM(H13:H17)", "=SUM(I13:I17)"] + [None] * 7,
    # 19
    [None] * 16,
    # 20: the grand total, its word in the merged 序号 cell
    ["合计", None, None, None, None, None, None, "=H10+H18", "=I10+I18"] + [None] * 7,
]  # fmt: skip

# The formula of row 8 that Excel would have saved with its value.
CACHED = {"H8": "5000"}


def projects_workbook() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "交通运输局"
    sheet["A1"] = PROJECTS_TITLE
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells("A1:P1")
    sheet["A2"] = "填报单位（盖章）：示范县交通运输局"
    sheet.merge_cells("A2:H2")
    sheet["O2"] = "单位：万元"
    for col, value in enumerate(UPPER_HEADER, start=1):
        sheet.cell(row=3, column=col, value=value)
    for col, value in enumerate(LOWER_HEADER, start=1):
        if value is not None:
            sheet.cell(row=4, column=col, value=value)
    for letter in "ABCDEFGHIOP":
        sheet.merge_cells(f"{letter}3:{letter}4")
    sheet.merge_cells("J3:N3")
    for row in sheet.iter_rows(min_row=3, max_row=4):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for offset, values in enumerate(PROJECT_ROWS):
        for col, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=5 + offset, column=col, value=value)
    sheet["G8"].number_format = "yyyy-mm-dd"
    sheet.merge_cells("A5:P5")
    sheet.merge_cells("O6:O7")
    sheet.merge_cells("O13:O14")
    sheet.merge_cells("A20:C20")
    for letter, width in zip("ABCDEFGHIJKLMNOP", (6, 22, 30, 8, 10, 8, 14, 12, 12), strict=False):
        sheet.column_dimensions[letter].width = width
    return book


INDICATORS_TITLE = "示范县“十四五”主要指标表（统计局汇总）"
INDICATOR_HEADER = [
    "序号",
    "指标类别",
    "指标名称",
    "计量单位",
    "基期值（2020年）",
    "表述方式",
    "规划目标值（2025年）",
    "指标属性",
    "备注",
]
INDICATOR_ROWS = [
    # 3..5: 经济发展 merged down over three indicators
    [1, "经济发展", "地区生产总值", "亿元", "318.5", "年均增长", "6.5", "预期性", None],
    [2, None, "人均地区生产总值", "万元", "１０.２", "目标年水平值", "≥13", "预期性", None],
    [3, None, "服务业增加值比重", "%", "52.3%", "目标年水平值", "〔55〕", "预期性", None],
    # 6
    [4, "创新驱动", "研发经费投入强度", "%", 2.1, "目标年水平值", 2.8, "预期性", None],
    # 7
    [5, "安全保障", "粮食综合生产能力", "万吨", "待核实", "目标年水平值", 20, "约束性", None],
    # 8
    [6, "其他", "城镇调查失业率", "%", 4.5, "目标年水平值", "<5.5", "预期性", None],
    # 9
    [None] * 9,
    # 10
    ["注：基期值为2020年统计快报数。"] + [None] * 8,
]


def indicators_workbook() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    sheet["A1"] = INDICATORS_TITLE
    sheet.merge_cells("A1:I1")
    for col, value in enumerate(INDICATOR_HEADER, start=1):
        sheet.cell(row=2, column=col, value=value).font = Font(bold=True)
    for offset, values in enumerate(INDICATOR_ROWS):
        for col, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=3 + offset, column=col, value=value)
    sheet.merge_cells("B3:B5")
    sheet.merge_cells("A10:I10")
    return book


def _cache_values(xml: bytes, cached: dict[str, str]) -> bytes:
    """Give formulas the value Excel would have saved with them (openpyxl writes
    ``<f>…</f><v></v>``)."""
    text = xml.decode("utf-8")
    for ref, value in cached.items():
        pattern = re.compile(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(<v\s*/>|<v>\s*</v>)')
        text, count = pattern.subn(rf"\g<1><v>{value}</v>", text)
        if count != 1:
            raise SystemExit(f"formula cell {ref} not found in the sheet XML")
    return text.encode("utf-8")


def xlsx_bytes(book: openpyxl.Workbook, cached: dict[str, str] | None = None) -> bytes:
    """The workbook as an .xlsx with the same bytes on every run: the package's
    timestamps fixed (openpyxl stamps the time of saving)."""
    raw = io.BytesIO()
    book.save(raw)
    source = zipfile.ZipFile(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + FIXED_STAMP.encode() + rb"\g<3>",
                    data,
                )
            if info.filename == "xl/worksheets/sheet1.xml" and cached:
                data = _cache_values(data, cached)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            package.writestr(entry, data)
    return out.getvalue()


def convert_to_xls(source: Path, target: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed for the .xls fixture")
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        shutil.copy(source, work_dir / source.name)
        profile = (work_dir / "profile").as_uri()
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "xls",
                "--outdir",
                str(work_dir / "out"),
                str(work_dir / source.name),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        converted = work_dir / "out" / (source.stem + ".xls")
        if not converted.exists():
            raise SystemExit(
                "LibreOffice did not convert the workbook (is Calc installed? "
                "apt-get install libreoffice-calc-nogui):\n" + result.stdout + result.stderr
            )
        shutil.copy(converted, target)


def encrypted_bytes(password: str = "1234") -> bytes:
    """A small workbook with an opening password, as Excel writes it."""
    try:
        import msoffcrypto.method.container.ecma376_encrypted as container
        import msoffcrypto.method.ecma376_agile as agile
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError as exc:
        raise SystemExit(
            "encrypted.xlsx needs msoffcrypto-tool: pip install msoffcrypto-tool"
        ) from exc
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["项目名称", "总投资（万元）"])
    sheet.append(["保密项目", 100])
    plain = xlsx_bytes(book)
    seeded = random.Random(20210101)

    class FixedClock(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(*FIXED_TIME)

    # A fixed salt and container timestamp: the same bytes on every run.
    saved = agile._random_buffer, container.datetime
    agile._random_buffer, container.datetime = seeded.randbytes, FixedClock
    try:
        out = io.BytesIO()
        OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    finally:
        agile._random_buffer, container.datetime = saved
    return out.getvalue()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    projects = OUT / "messy_projects.xlsx"
    projects.write_bytes(xlsx_bytes(projects_workbook(), CACHED))
    convert_to_xls(projects, OUT / "messy_projects.xls")
    (OUT / "messy_indicators.xlsx").write_bytes(xlsx_bytes(indicators_workbook()))
    (OUT / "encrypted.xlsx").write_bytes(encrypted_bytes())
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
