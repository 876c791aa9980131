"""Reading a county's spreadsheet: find the table, map its headers, keep its rows.

python-calamine (Rust) reads .xlsx, .xls and .ods, and gives each formula's cached
value; the package is checked first (size, zip bomb, encryption), and only the
cells are kept. The sheet may be our template or the department's own: the header
row is found among the first rows (a two-row header with merged cells is read as
one), columns are matched by header text in any order (aliases such as 建设内容及规模
/ 建设规模及内容), blank rows, group headings (“一、交通项目”) and subtotal rows
(合计、小计) are skipped and listed. The result is plain JSON, kept between the
preview and the confirmation; ``rows_for_import`` turns it into the rows of the
import seam, converting amounts and marking cells that cannot be read.
"""

import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from apps.core.cells import CellError, amount, blank, header_unit, number_text, text
from apps.exports.packages import PackageError, open_package, refuse_declarations
from apps.plans.imports import ID, NOTES, ImportColumn

# The hidden column of our templates that ties a row to its item.
ID_LABEL = "系统编号"
# The column our file of rejected rows adds: not data, not worth a mention.
ERRORS_LABEL = "错误说明"
HEADER_SCAN = 12
MAX_SHEETS = 30
MAX_COLUMNS = 200
# What a package may unpack to: a 100,000-row sheet of twenty columns is ~60 MB.
MAX_UNPACKED = 300 * 1024 * 1024
FORMULA_NO_VALUE = "formula"

_SUBTOTAL_RE = re.compile(
    r"^(其中[:：]?)?\s*(总计|合计|小计|共计|累计|总合计)|(合计|小计|总计)\s*$"
)
_GROUP_RE = re.compile(r"^([一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十]+[）)])")
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class SheetFileError(Exception):
    """A file that cannot be read as a table; the message says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class SheetReading:
    sheet: str = ""
    header_row: int = 0  # 1-based, the last row of the header
    headers: dict[str, str] = field(default_factory=dict)  # column key -> header as written
    units: dict[str, str] = field(default_factory=dict)  # column key -> unit in its header
    ignored: list[str] = field(default_factory=list)  # headers not understood
    rows: list[list] = field(default_factory=list)  # [row number, {key: cell}]
    skipped: list[list] = field(default_factory=list)  # [row number, why]

    def as_data(self) -> dict:
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "headers": self.headers,
            "units": self.units,
            "ignored": self.ignored,
            "rows": self.rows,
            "skipped": self.skipped,
        }

    @classmethod
    def from_data(cls, data: dict) -> "SheetReading":
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


# The package --------------------------------------------------------------------


def check_package(data: bytes) -> None:
    limit = settings.SHEET_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise SheetFileError(
            _(
                "文件有 %(size).1f MB，超过了 %(limit)d MB 的上限。"
                "请删去图片和无关的工作表后再上传。"
            )
            % {"size": len(data) / 1024 / 1024, "limit": limit // 1024 // 1024}
        )
    if not data:
        raise SheetFileError(_("文件是空的。"))
    head = data[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # An OLE container: an .xls, or an .xlsx that Excel encrypted with a password.
        # Searched in the whole container: its directory may follow the streams.
        if "EncryptedPackage".encode("utf-16-le") in data or (
            "EncryptionInfo".encode("utf-16-le") in data
        ):
            raise SheetFileError(_("文件设置了打开密码。请在 Excel/WPS 中取消密码后重新上传。"))
        return
    if head.startswith(b"%PDF"):
        raise SheetFileError(_("这是 PDF 文件，不能读出表格。请上传 Excel（.xlsx 或 .xls）文件。"))
    if not head.startswith(b"PK"):
        raise SheetFileError(_("这不是 Excel 表格（.xlsx 或 .xls），请检查后重新上传。"))
    try:
        package, names = open_package(data, max_unpacked=MAX_UNPACKED)
    except PackageError as exc:
        raise SheetFileError(exc.message) from exc
    if "word/document.xml" in names:
        raise SheetFileError(_("这是 Word 文件。请上传 Excel（.xlsx 或 .xls）表格。"))
    if "xl/workbook.xml" not in names and "content.xml" not in names:
        raise SheetFileError(_("这不是 Excel 表格（.xlsx 或 .xls），请检查后重新上传。"))
    try:
        refuse_declarations(package)
    except PackageError as exc:
        raise SheetFileError(exc.message) from exc
    _refuse_vast_sheets(package, names)


# A cell reference in a worksheet's XML (``r="XFD1048576"``).
_REFERENCE_RE = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
SCAN_CHUNK = 1024 * 1024


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _refuse_vast_sheets(package: zipfile.ZipFile, names: set[str]) -> None:
    """A sheet whose cells reach far to the right, or whose rectangle holds far more
    cells than a table we read, is refused before calamine reads it: calamine lays
    out the whole rectangle up to the last cell,
    so one cell at XFD1048576 in a 5 KB file would ask for hundreds of gigabytes.
    The references are read from the XML as it streams (bounded by the package's
    unpacked size), not parsed."""
    # The rectangle may hold as many cells as the largest sheet we read: the row
    # limit (with room for blank lines and subtotals) across the widest table.
    most_cells = (2 * settings.SHEET_IMPORT_MAX_ROWS + HEADER_SCAN) * MAX_COLUMNS
    for name in sorted(names):
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        widest = deepest = 0
        tail = b""
        with package.open(name) as part:
            while chunk := part.read(SCAN_CHUNK):
                block = tail + chunk
                for letters, number in _REFERENCE_RE.findall(block):
                    widest = max(widest, _column_number(letters))
                    deepest = max(deepest, int(number))
                tail = block[-32:]
        if widest > MAX_COLUMNS:
            raise SheetFileError(
                _(
                    "表格有内容或格式延伸到第 %(n)s 列，超过了 %(max)s 列的上限。"
                    "请删去表格右侧多余的列（包括只设了格式的空列）后再上传。"
                )
                % {"n": widest, "max": MAX_COLUMNS}
            )
        if widest * deepest > most_cells:
            raise SheetFileError(_too_many(settings.SHEET_IMPORT_MAX_ROWS).message)


def _formula_cells(data: bytes, sheet_index: int) -> set[tuple[int, int]]:
    """Cells of an .xlsx sheet holding a formula without a cached value (a file
    written by a program that never calculated it): (row, column), 0-based."""
    if not data.startswith(b"PK"):
        return set()  # .xls always stores the last calculated value
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return set()
    sheets = workbook.findall(f"{_NS}sheets/{_NS}sheet")
    if sheet_index >= len(sheets):
        return set()
    rel_id = sheets[sheet_index].get(f"{_REL_NS}id")
    target = next((r.get("Target") for r in rels if r.get("Id") == rel_id), None)
    if not target:
        return set()
    path = target.lstrip("/") if target.startswith("/") else "xl/" + target
    if path not in package.namelist():
        return set()
    if not _contains(package, path, b"<f"):
        return set()
    found = set()
    with package.open(path) as stream:
        for _event, element in ElementTree.iterparse(stream, events=("end",)):
            if element.tag != f"{_NS}c":
                continue
            if element.find(f"{_NS}f") is not None:
                value = element.find(f"{_NS}v")
                if value is None or not (value.text or "").strip():
                    found.add(_cell_index(element.get("r", "")))
            element.clear()
    return found


def _contains(package: zipfile.ZipFile, path: str, needle: bytes) -> bool:
    """Whether a part holds ``needle``, read in chunks (a sheet's XML can be
    tens of MB)."""
    tail = b""
    with package.open(path) as stream:
        while chunk := stream.read(1024 * 1024):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def _cell_index(reference: str) -> tuple[int, int]:
    letters = "".join(ch for ch in reference if ch.isalpha())
    digits = "".join(ch for ch in reference if ch.isdecimal())
    column = 0
    for ch in letters.upper():
        column = column * 26 + ord(ch) - 64
    return int(digits or 1) - 1, column - 1


# Headers ---------------------------------------------------------------------------


def _norm(header) -> str:
    value = unicodedata.normalize("NFKC", text(header))
    value = re.sub(r"[\s*＊]|[(（]必填[)）]|必填", "", value)
    return value


_BRACKETS_RE = re.compile(r"[(\[〔][^)\]〕]*[)\]〕]")


def _bare(header: str) -> str:
    return _BRACKETS_RE.sub("", header)


def _header_keys(columns: Iterable[ImportColumn]) -> dict[str, str]:
    """Every spelling of every column's header → its key, exact and bare."""
    keys: dict[str, str] = {}
    for column in columns:
        for spelling in (column.label, *column.aliases):
            normal = _norm(spelling)
            keys.setdefault(normal, column.key)
            keys.setdefault(_bare(normal), column.key)
    keys[ID_LABEL] = ID
    return keys


def _match(keys: dict[str, str], cell, parent) -> str | None:
    own = _norm(cell)
    if not own:
        return None
    for candidate in (own, _bare(own)):
        if candidate in keys:
            return keys[candidate]
    up = _norm(parent)
    if up:
        for candidate in (up + own, _bare(up) + _bare(own)):
            if candidate in keys:
                return keys[candidate]
    return None


def _filled_upper(upper: list, merged: list, row_index: int, start_col: int) -> list:
    """The row above a header, with the text of a merged cell in every column it
    spans (资金来源（万元） over 政府投资、专项债…)."""
    filled = list(upper)
    for (r0, c0), (r1, c1) in merged or ():
        if r0 <= row_index - 1 <= r1 and c1 > c0:
            value = upper[c0 - start_col] if 0 <= c0 - start_col < len(upper) else ""
            for c in range(max(c0, start_col), c1 + 1):
                if c - start_col < len(filled):
                    filled[c - start_col] = value
    return filled


def _header(rows: list[list], keys: dict, merged, start_col: int):
    """The best header row among the first rows: the one whose cells (with the
    merged cell above them) name the most columns."""
    best = None
    for index, row in enumerate(rows):
        upper = _filled_upper(rows[index - 1], merged, index, start_col) if index else []
        mapping: dict[int, str] = {}
        for col, cell in enumerate(row[:MAX_COLUMNS]):
            key = _match(keys, cell, upper[col] if col < len(upper) else "")
            if key is None and col < len(upper) and blank(cell):
                # A header cell merged over two rows shows in the upper row only.
                key = _match(keys, upper[col], "")
            if key is not None and key not in mapping.values():
                mapping[col] = key
        score = len(mapping)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, index, mapping, upper)
    return best


# Reading ------------------------------------------------------------------------------


def _plain(cell):
    """A cell as JSON: numbers, text, true/false; dates as Chinese dates."""
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return int(cell)
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    if isinstance(cell, datetime.date):
        return f"{cell.year}年{cell.month}月{cell.day}日"
    if isinstance(cell, (datetime.time, datetime.timedelta)):
        return str(cell)
    return cell


def read_sheet(
    data: bytes,
    columns: tuple[ImportColumn, ...],
    *,
    name_key: str = "name",
    progress: Callable[[int, int], None] | None = None,
) -> SheetReading:
    check_package(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [
            (i, meta.name)
            for i, meta in enumerate(book.sheets_metadata[:MAX_SHEETS])
            if meta.typ == SheetTypeEnum.WorkSheet and meta.visible == SheetVisibleEnum.Visible
        ]
        keys = _header_keys(columns)
        best = None
        for index, name in sheets:
            sheet = book.get_sheet_by_index(index)
            rows = _first_rows(sheet)
            start_col = sheet.start[1] if sheet.start else 0
            found = _header(rows, keys, sheet.merged_cell_ranges, start_col)
            if found and (best is None or found[0] > best[0][0]):
                best = (found, index, name, sheet)  # parsed once, kept for the rows
        if best is None:
            expected = "、".join(str(c.label) for c in columns if c.in_template)
            raise SheetFileError(
                _("没有找到表头。请用下载的模板填写，或让表格的第一行是列名：%(names)s。")
                % {"names": expected}
            )
        (_score, header_index, mapping, upper), sheet_index, sheet_name, sheet = best
        if name_key not in mapping.values() and ID not in mapping.values():
            label = next(str(c.label) for c in columns if c.key == name_key)
            raise SheetFileError(
                _("表头中没有“%(label)s”列，无法确定每一行是哪一项。") % {"label": label}
            )
        return _read_rows(
            data, sheet, sheet_index, sheet_name, columns, header_index, mapping, upper, progress
        )
    except PasswordError as exc:
        raise SheetFileError(
            _("文件设置了打开密码。请在 Excel/WPS 中取消密码后重新上传。")
        ) from exc
    except SheetFileError:
        raise
    except Exception as exc:  # calamine's errors for a broken file are several kinds
        raise SheetFileError(_("文件已损坏或不是有效的 Excel 表格，无法读取。")) from exc


def _first_rows(sheet) -> list[list]:
    rows = []
    for row in sheet.iter_rows():
        rows.append(list(row))
        if len(rows) >= HEADER_SCAN:
            break
    return rows


def _read_rows(
    data, sheet, sheet_index, sheet_name, columns, header_index, mapping, upper, progress
) -> SheetReading:
    by_key = {c.key: c for c in columns}
    header_row = list(_first_rows(sheet)[header_index])
    start_col = sheet.start[1] if sheet.start else 0
    reading = SheetReading(sheet=sheet_name, header_row=header_index + 1)
    for col, key in mapping.items():
        written = text(header_row[col]) or text(upper[col] if col < len(upper) else "")
        reading.headers[key] = written
        unit = header_unit(written) or header_unit(text(upper[col] if col < len(upper) else ""))
        if unit:
            reading.units[key] = unit
    width = max(len(header_row), len(upper))
    written = [
        text(header_row[col] if col < len(header_row) else "")
        or text(upper[col] if col < len(upper) else "")
        for col in range(min(width, MAX_COLUMNS))
    ]
    # Columns not read, named in the preview (a header merged down over two rows
    # shows in the upper one).
    reading.ignored = list(
        dict.fromkeys(
            h
            for col, h in enumerate(written)
            if col not in mapping and h and not h.startswith(ERRORS_LABEL)
        )
    )
    limit = settings.SHEET_IMPORT_MAX_ROWS
    # Rows as iter_rows counts them, from the sheet's first row (its range may
    # start lower down).
    total = sheet.end[0] + 1 if sheet.end else 0
    if total - header_index - 1 > 2 * limit:
        # Far more rows than blank lines and subtotals could explain: refused
        # before the rows are looked at.
        raise _too_many(limit)
    formulas = _formula_cells(data, sheet_index)
    merged = _merged_values(sheet, header_index, start_col)
    money = {key for key, c in by_key.items() if c.kind == "money"}
    for index, row in enumerate(sheet.iter_rows()):
        if index <= header_index:
            continue
        if progress is not None and index % 1000 == 0:
            progress(index, total)
        cells: dict[str, object] = {}
        for col, key in mapping.items():
            cell = row[col] if col < len(row) else ""
            if blank(cell) and (index, col + start_col) in merged:
                cell = merged[(index, col + start_col)]
            if (index, col + start_col) in formulas:
                cell = {"error": FORMULA_NO_VALUE}
            cells[key] = _plain(cell)
        filled = {k: v for k, v in cells.items() if not blank(v)}
        number_ = index + 1
        if not filled:
            # Text only in columns not read (a group heading merged across from 序号).
            why = _skip_reason(row, cells, filled, money) if any(not blank(c) for c in row) else ""
            if why:
                reading.skipped.append([number_, why])
            continue
        why = _skip_reason(row, cells, filled, money)
        if why:
            reading.skipped.append([number_, why])
            continue
        reading.rows.append([number_, cells])
        if len(reading.rows) > limit:
            raise _too_many(limit)
    if progress is not None:
        progress(total, total)
    return reading


def _too_many(limit: int) -> SheetFileError:
    return SheetFileError(
        _("表格的数据超过 %(n)s 行，超过了一次导入的上限。请按部门或类别分成几个文件导入。")
        % {"n": limit}
    )


def _merged_values(sheet, header_index: int, start_col: int) -> dict:
    """The value of a merged data cell in every cell it spans (one 责任单位 merged
    down over a group of projects belongs to each of them)."""
    ranges = [
        ((r0, c0), (r1, c1))
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ()
        if r0 > header_index and r1 > r0 and (r1 - r0 + 1) * (c1 - c0 + 1) <= 10000
    ]
    if not ranges:
        return {}
    wanted = {r0 for (r0, _c0), _end in ranges}
    tops = {}
    for index, row in enumerate(sheet.iter_rows()):
        if index in wanted:
            tops[index] = row
        if index >= max(wanted):
            break
    values = {}
    for (r0, c0), (r1, c1) in ranges:
        row = tops.get(r0, [])
        value = row[c0 - start_col] if 0 <= c0 - start_col < len(row) else ""
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                values[(r, c)] = value
    return values


def _skip_reason(row, cells, filled, money) -> str:
    name = text(cells.get("name", ""))
    first = next((text(c) for c in row if not blank(c)), "")
    if _SUBTOTAL_RE.search(name) or (not name and _SUBTOTAL_RE.search(first)):
        return _("合计/小计行")
    heading = name or first
    if heading and _GROUP_RE.match(heading) and set(filled) <= {"name"} | money:
        return _("分组标题行")
    if not name and ID not in filled and set(filled) <= money:
        return _("只有金额、没有名称的合计行")
    return ""


# Rows for the import seam --------------------------------------------------------------


def rows_for_import(
    reading: SheetReading, columns: tuple[ImportColumn, ...]
) -> list[tuple[int, dict]]:
    """The rows as the import seam takes them: amounts in 万元 (converted from the
    unit of the cell or the header, with a note), unreadable cells as
    ``CellError`` so their row is refused with the reason."""
    by_key = {c.key: c for c in columns}
    rows = []
    for number_, cells in reading.rows:
        row: dict = {}
        notes = []
        for key, cell in cells.items():
            column = by_key.get(key)
            if isinstance(cell, dict) and cell.get("error") == FORMULA_NO_VALUE:
                row[key] = CellError(
                    _("单元格是公式但没有计算结果。请在 Excel/WPS 中打开、重新计算并保存后上传。")
                )
                continue
            if column is not None and column.kind == "money":
                try:
                    value, note = amount(cell, sheet_unit=reading.units.get(key, ""))
                except CellError as exc:
                    row[key] = exc
                    continue
                row[key] = number_text(value)
                if note:
                    notes.append(f"{column.label}：{note}")
                continue
            row[key] = cell
        if notes:
            row[NOTES] = notes
        rows.append((number_, row))
    return rows
