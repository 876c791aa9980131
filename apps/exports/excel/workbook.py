"""The part's template as an .xlsx: the layout departments fill, and the layout
every export and every file of rejected rows uses, so that export → edit → import
changes exactly what was edited.

The data sheet has a title row, then the header (frozen, with required columns
starred and units in brackets), a hidden first column with each item's id, and
dropdowns for the closed lists (kept on a hidden sheet, so long lists work); a
second sheet explains every column. openpyxl writes the dropdowns but nothing
enforces them: every row is validated again by the import.
"""

from copy import copy
from decimal import Decimal
from io import BytesIO

from django import forms
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from apps.core.cells import blank
from apps.exports.excel.reader import ERRORS_LABEL, ID_LABEL, SheetReading
from apps.plans.imports import ID, ImportColumn, RowResult, columns_for, export_value
from apps.review.excel import safe_cell

HEADER_ROW = 2
FIRST_ROW = HEADER_ROW + 1
# Rows below the data that get the dropdowns and text format, for new entries.
BLANK_ROWS = 300
OPTIONS_SHEET = "选项"
GUIDE_SHEET = "填写说明"

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDE5EE")
_ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def template_columns(part, form) -> list[ImportColumn]:
    return [c for c in columns_for(part, form) if c.in_template]


def _options(column: ImportColumn, form) -> list[str]:
    """The closed list of a column, as the person picks it (labels, names)."""
    field = form.fields.get(column.field or "")
    if field is None or isinstance(field, forms.ModelMultipleChoiceField):
        return []
    if isinstance(field, forms.ModelChoiceField):
        return [str(obj) for obj in field.queryset]
    if isinstance(field, forms.ChoiceField):
        return [str(label) for value, label in field.choices if value not in ("", None)]
    if isinstance(field, forms.BooleanField):
        return [_("是"), _("否")]
    return []


def _required(column: ImportColumn, form) -> bool:
    if column.split is not None:
        return any(form.fields[f].required for f in column.fields if f in form.fields)
    field = form.fields.get(column.field or "")
    return bool(field is not None and field.required and field.initial in (None, ""))


def _width(column: ImportColumn) -> int:
    if column.kind == "long":
        return 44
    if column.kind == "name":
        return 30
    if column.kind == "money":
        return 14
    return max(10, min(24, len(str(column.label)) * 2 + 4))


def _header_text(column: ImportColumn, form) -> str:
    return ("*" if _required(column, form) else "") + str(column.label)


def _sheet_title(label: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    return "".join(ch for ch in label if ch not in "[]:*?/\\")[:31] or "Sheet1"


class _Book:
    def __init__(self, part, form, title: str, *, extra_first: str = ""):
        self.part = part
        self.form = form
        self.columns = template_columns(part, form)
        self.book = Workbook()
        self.sheet = self.book.active
        self.sheet.title = _sheet_title(str(part.label))
        self.extra_first = extra_first  # a column after the id (错误说明)
        self._styles: dict = {}
        self.offset = 2 if extra_first else 1  # columns before the template's
        self._write_header(title)

    def _write_header(self, title: str) -> None:
        sheet = self.sheet
        last = len(self.columns) + self.offset
        sheet.cell(row=1, column=2, value=safe_cell(title)).font = Font(bold=True, size=14)
        sheet.merge_cells(start_row=1, start_column=2, end_row=1, end_column=max(last, 2))
        sheet.row_dimensions[1].height = 26
        heads = [f"{ID_LABEL}（勿改）"]
        if self.extra_first:
            heads.append(self.extra_first)
        heads.extend(_header_text(c, self.form) for c in self.columns)
        for index, head in enumerate(heads, start=1):
            cell = sheet.cell(row=HEADER_ROW, column=index, value=head)
            cell.font = Font(bold=True)
            cell.fill = HEAD_FILL
            cell.alignment = CENTER
            cell.border = BORDER
        sheet.row_dimensions[HEADER_ROW].height = 32
        sheet.column_dimensions["A"].hidden = True
        sheet.column_dimensions["A"].width = 10
        if self.extra_first:
            sheet.column_dimensions["B"].width = 48
        for index, column in enumerate(self.columns, start=self.offset + 1):
            sheet.column_dimensions[get_column_letter(index)].width = _width(column)
        name_col = next(
            (i for i, c in enumerate(self.columns, start=self.offset + 1) if c.kind == "name"),
            self.offset + 1,
        )
        sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=name_col + 1)
        sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

    def _style(self, cell, kind: str) -> None:
        """Give ``cell`` the style of its kind: set through openpyxl's descriptors
        once per kind (each assignment re-hashes the style objects), then copied."""
        known = self._styles.get(kind)
        if known is not None:
            cell._style = copy(known)
            return
        cell.border = BORDER
        if kind == "money":
            cell.number_format = "#,##0.00"
        elif kind == "long":
            cell.alignment = WRAP
        elif kind == "error":
            cell.alignment = WRAP
            cell.fill = _ERROR_FILL
        elif kind == "text":
            cell.number_format = "@"
        self._styles[kind] = copy(cell._style)

    def write_row(self, row: int, item_id, values: list, first: str = "") -> None:
        sheet = self.sheet
        sheet.cell(row=row, column=1, value=item_id if item_id not in ("", None) else None)
        if self.extra_first:
            self._style(sheet.cell(row=row, column=2, value=safe_cell(first)), "error")
        for index, (column, value) in enumerate(
            zip(self.columns, values, strict=True), start=self.offset + 1
        ):
            if isinstance(value, str):
                value = safe_cell(value) if not blank(value) else None
            elif isinstance(value, dict):  # a cell that could not be read
                value = None
            cell = sheet.cell(row=row, column=index, value=value)
            if column.kind in {"money", "long"}:
                kind = column.kind
            else:
                kind = "number" if isinstance(value, (int, float, Decimal)) else "text"
            self._style(cell, kind)

    def finish(self, rows_written: int) -> bytes:
        self._validations(FIRST_ROW + rows_written + BLANK_ROWS)
        self._guide()
        self.book.properties.title = self.sheet.title
        self.book.properties.creator = "规划纲要编制系统"
        out = BytesIO()
        self.book.save(out)
        return out.getvalue()

    def _validations(self, last_row: int) -> None:
        options = self.book.create_sheet(OPTIONS_SHEET)
        options.sheet_state = "hidden"
        list_col = 0
        for index, column in enumerate(self.columns, start=self.offset + 1):
            letter = get_column_letter(index)
            area = f"{letter}{FIRST_ROW}:{letter}{last_row}"
            values = _options(column, self.form)
            if values:
                list_col += 1
                options.cell(row=1, column=list_col, value=str(column.label))
                for r, value in enumerate(values, start=2):
                    options.cell(row=r, column=list_col, value=safe_cell(value))
                src = get_column_letter(list_col)
                rule = DataValidation(
                    type="list",
                    formula1=f"{quote_sheetname(OPTIONS_SHEET)}!${src}$2:${src}${len(values) + 1}",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=_("请从列表中选择"),
                    error=_("“%(label)s”请从下拉列表中选择。") % {"label": column.label},
                )
            elif column.kind == "money":
                # A warning, not a stop: “1.2亿” typed here is read and converted.
                rule = DataValidation(
                    type="decimal",
                    operator="greaterThanOrEqual",
                    formula1="0",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="warning",
                    errorTitle=_("金额以万元计"),
                    error=_("请填写以万元计的数字；写“1.2亿”也可以，导入时会换算并提示。"),
                )
            else:
                continue
            rule.add(area)
            self.sheet.add_data_validation(rule)

    def _guide(self) -> None:
        guide = self.book.create_sheet(GUIDE_SHEET)
        guide.column_dimensions["A"].width = 22
        guide.column_dimensions["B"].width = 8
        guide.column_dimensions["C"].width = 60
        guide.column_dimensions["D"].width = 50
        guide.cell(row=1, column=1, value=_("填写说明")).font = Font(bold=True, size=14)
        general = (
            _("1. 每行一项；第一列“系统编号”是隐藏列，用来对应已有的内容，请勿修改或删除。"),
            _("2. 新增的项目留空系统编号，直接在表格末尾添加行。"),
            _(
                "3. 带 * 的列必须填写；金额以万元计，"
                "写“1.2亿”“3500万元”会换算为万元并在预览中提示。"
            ),
            _("4. 建设起止年限写作“2021-2025”。有下拉列表的列请从列表中选择。"),
            _("5. 合计、小计行和分组标题行导入时会跳过。"),
            _(
                "6. 上传后先预览：新增、修改（逐项显示原值和新值）、"
                "未变和有错误的行分别列出，确认后才写入。"
            ),
            _("7. 只能导入你所在部门负责的内容；其他部门的行会逐行提示，不会写入。"),
        )
        for r, line in enumerate(general, start=2):
            guide.cell(row=r, column=1, value=line)
            guide.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        head_row = len(general) + 3
        for c, head in enumerate((_("列名"), _("必填"), _("说明"), _("可选值")), start=1):
            cell = guide.cell(row=head_row, column=c, value=head)
            cell.font = Font(bold=True)
            cell.fill = HEAD_FILL
            cell.border = BORDER
        for r, column in enumerate(self.columns, start=head_row + 1):
            field = self.form.fields.get(column.field or "")
            help_text = str(column.help or (field.help_text if field is not None else "") or "")
            values = _options(column, self.form)
            cells = (
                str(column.label),
                "*" if _required(column, self.form) else "",
                safe_cell(help_text),
                safe_cell("、".join(values[:40]) + ("……" if len(values) > 40 else "")),
            )
            for c, value in enumerate(cells, start=1):
                cell = guide.cell(row=r, column=c, value=value)
                cell.alignment = WRAP
                cell.border = BORDER


def template_workbook(part, form, title: str, items=()) -> bytes:
    """The template, filled with ``items`` (none: an empty template)."""
    book = _Book(part, form, title)
    count = 0
    for count, item in enumerate(items, start=1):
        values = [export_value(column, item) for column in book.columns]
        book.write_row(FIRST_ROW + count - 1, item.pk, values)
    return book.finish(count)


def _cell_for(column: ImportColumn, cells: dict, columns: dict):
    if column.key in cells:
        return cells[column.key]
    if column.split is not None:
        # A sheet with 开工年份 and 完工年份 gives back one 建设起止年限.
        parts = [
            cells[other.key]
            for other in columns.values()
            if not other.in_template
            and other.key in cells
            and set(other.fields) <= set(column.fields)
            and not blank(cells[other.key])
        ]
        return "-".join(str(p) for p in parts)
    return None


def errors_workbook(part, form, title: str, reading: SheetReading, errors: list[RowResult]):
    """The rejected rows in the template's layout, as they were uploaded, with
    what is wrong in a column of their own: fixed and uploaded again, they
    import."""
    book = _Book(part, form, title, extra_first=ERRORS_LABEL + _("（修改后可删除本列）"))
    by_number = {number_: cells for number_, cells in reading.rows}
    all_columns = {c.key: c for c in columns_for(part, form)}
    for index, result in enumerate(errors):
        cells = by_number.get(result.number, result.values)
        message = _("原第%(n)s行：") % {"n": result.number} + "；".join(
            f"{label}：{text}" if label else text for label, text in result.errors
        )
        values = [_cell_for(column, cells, all_columns) for column in book.columns]
        book.write_row(FIRST_ROW + index, cells.get(ID, ""), values, first=message)
    return book.finish(len(errors))
