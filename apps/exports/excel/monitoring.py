"""A monitoring year in Excel: the template a department fills (its rows of the
year, or every row for the planning office), and the upload read back with a
dry run through the same forms and the same policy as the entry page.

The sheet has a hidden first column with each row's id, like the part templates
(apps/exports/excel/workbook.py); the reader (apps/exports/excel/reader.py) finds
the header wherever it is and reads typed numbers, dates and amounts with units.
A confirmation reports every changed row as if it had been entered on the page:
its version is checked, it goes to the planning office for review, a lagging
binding indicator warns.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from apps.core.cells import CellError, blank, number_text, text
from apps.exports.excel.reader import ID_LABEL, SheetReading, read_sheet
from apps.exports.excel.workbook import BORDER, CENTER, HEAD_FILL, WRAP
from apps.monitoring import actions
from apps.monitoring.forms import IndicatorValueForm, ProjectProgressForm, what_to_enter
from apps.monitoring.models import IndicatorValue, ProjectProgress, ProjectStatus
from apps.monitoring.summary import completed_before
from apps.plans.imports import ID, ImportColumn, id_of
from apps.plans.models import SheetImport
from apps.plans.policy import Action
from apps.review.excel import safe_cell

KINDS = ("indicators", "projects")
HEADER_ROW = 2
FIRST_ROW = 3

_FIXED_FILL = PatternFill("solid", fgColor="F2F2F2")

# What the planning office fixed (shown, never read back) and what the department
# fills in. ``field`` is the form field the cell goes to.
COLUMNS: dict[str, tuple[ImportColumn, ...]] = {
    "indicators": (
        ImportColumn("name", gettext_lazy("指标名称"), kind="name", aliases=("指标",)),
        ImportColumn("unit", gettext_lazy("单位")),
        ImportColumn("baseline", gettext_lazy("基期值")),
        ImportColumn("target", gettext_lazy("目标")),
        ImportColumn("ask", gettext_lazy("填报口径")),
        ImportColumn(
            "value",
            gettext_lazy("实际值"),
            field="value_text",
            aliases=("本年实际值", "完成值", "实际完成值", "当年实际值"),
        ),
        ImportColumn("progress_text", gettext_lazy("进展情况"), field="progress_text"),
        ImportColumn("source", gettext_lazy("数据来源"), field="source"),
        ImportColumn("note", gettext_lazy("情况说明"), field="note", kind="long"),
    ),
    "projects": (
        ImportColumn("name", gettext_lazy("项目名称"), kind="name"),
        ImportColumn("total", gettext_lazy("总投资（万元）")),
        ImportColumn("span", gettext_lazy("建设起止年限")),
        ImportColumn(
            "planned",
            gettext_lazy("年度计划投资（万元）"),
            field="planned_text",
            kind="money",
            aliases=("年度计划投资", "计划投资"),
        ),
        ImportColumn(
            "completed",
            gettext_lazy("年度完成投资（万元）"),
            field="completed_text",
            kind="money",
            aliases=("年度完成投资", "完成投资"),
        ),
        ImportColumn("status", gettext_lazy("项目状态"), field="status", aliases=("状态",)),
        ImportColumn("started_on", gettext_lazy("开工日期"), field="started_on"),
        ImportColumn("completed_on", gettext_lazy("建成日期"), field="completed_on"),
        ImportColumn("note", gettext_lazy("情况说明"), field="note", kind="long"),
    ),
}
WIDTHS = {"name": 34, "note": 36, "progress_text": 30, "ask": 30, "source": 20}


def import_part(year: int, kind: str) -> str:
    return f"monitoring-{year}-{kind}"


def rows_of(period, kind: str, department_id: int | None):
    model = IndicatorValue if kind == "indicators" else ProjectProgress
    rows = model.objects.filter(period=period).select_related(
        "indicator" if kind == "indicators" else "project", "department"
    )
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    rows = list(rows)
    for row in rows:
        row.period, row.plan = period, period.plan
    return rows


# The template ----------------------------------------------------------------------


def _fixed_cells(row, kind: str) -> dict:
    if kind == "indicators":
        indicator = row.indicator
        return {
            "name": indicator.name,
            "unit": indicator.unit,
            "baseline": indicator.baseline_display(),
            "target": indicator.target_display() or "—",
            "ask": what_to_enter(indicator),
        }
    project = row.project
    return {
        "name": project.name,
        "total": project.total_investment,
        "span": f"{project.start_year}—{project.end_year}",
    }


def _filled_cells(row, kind: str) -> dict:
    if kind == "indicators":
        return {
            "value": row.value,
            "progress_text": row.progress_text,
            "source": row.source,
            "note": row.note,
        }
    return {
        "planned": row.planned_investment,
        "completed": row.completed_investment,
        "status": row.get_status_display(),
        "started_on": row.started_on,
        "completed_on": row.completed_on,
        "note": row.note,
    }


def _cell_value(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)  # at most 4 decimals and 16 digits: exact enough as typed
    if isinstance(value, (datetime.date, int, float)):
        return value
    return safe_cell(value)


def template_workbook(period, kind: str, rows, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("主要指标") if kind == "indicators" else _("重大项目"))
    columns = COLUMNS[kind]
    sheet.cell(row=1, column=2, value=safe_cell(title)).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=2, end_row=1, end_column=len(columns) + 1)
    heads = [f"{ID_LABEL}（勿改）"] + [
        str(c.label) + ("" if c.field else _("（不必填）")) for c in columns
    ]
    for index, head in enumerate(heads, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=head)
        cell.font, cell.fill, cell.alignment, cell.border = (
            Font(bold=True),
            HEAD_FILL,
            CENTER,
            BORDER,
        )
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.column_dimensions["A"].hidden = True
    for index, column in enumerate(columns, start=2):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.key, 14)
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=3)
    for number, row in enumerate(rows, start=FIRST_ROW):
        sheet.cell(row=number, column=1, value=row.pk)
        cells = {**_fixed_cells(row, kind), **_filled_cells(row, kind)}
        for index, column in enumerate(columns, start=2):
            cell = sheet.cell(row=number, column=index, value=_cell_value(cells.get(column.key)))
            cell.border = BORDER
            cell.alignment = WRAP
            if not column.field:
                cell.fill = _FIXED_FILL
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    if kind == "projects" and rows:
        options = book.create_sheet("选项")
        for i, (_value, label) in enumerate(ProjectStatus.choices, start=1):
            options.cell(row=i, column=1, value=str(label))
        options.sheet_state = "hidden"
        status_col = get_column_letter(2 + [c.key for c in columns].index("status"))
        check = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(options.title)}!$A$1:$A${len(ProjectStatus.choices)}",
            allow_blank=True,
        )
        sheet.add_data_validation(check)
        check.add(f"{status_col}{FIRST_ROW}:{status_col}{FIRST_ROW + len(rows) - 1}")
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# Reading back -----------------------------------------------------------------------


@dataclass
class RowOutcome:
    number: int
    name: str = ""
    action: str = ""  # "update", "unchanged" or "error"
    row: object = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    form: object = None


@dataclass
class Outcome:
    rows: list[RowOutcome]
    skipped: list

    def of(self, action: str) -> list[RowOutcome]:
        return [r for r in self.rows if r.action == action]

    def count(self, action: str) -> int:
        return len(self.of(action))


def read_upload(data: bytes, kind: str) -> SheetReading:
    """Raises SheetFileError (a Chinese message) for anything that is not a table."""
    return read_sheet(data, COLUMNS[kind])


def _status_value(cell) -> str:
    if blank(cell):
        return ""
    typed = text(cell)
    for value, label in ProjectStatus.choices:
        if typed in (value, str(label)):
            return value
    raise CellError(
        _("项目状态应为%(names)s之一，这里是“%(v)s”。")
        % {"names": "、".join(str(label) for _v, label in ProjectStatus.choices), "v": typed[:20]}
    )


def _date_value(cell) -> str:
    if blank(cell):
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    typed = text(cell).replace("/", "-").replace(".", "-")
    for pattern in ("%Y-%m-%d", "%Y年%m月%d日", "%Y-%m"):
        try:
            return datetime.datetime.strptime(typed, pattern).date().isoformat()
        except ValueError:
            continue
    raise CellError(_("“%(v)s”不是日期，请写成 2024-03-15。") % {"v": typed[:20]})


def _form_value(column: ImportColumn, cell):
    if column.key == "status":
        return _status_value(cell)
    if column.key in {"started_on", "completed_on"}:
        return _date_value(cell)
    if isinstance(cell, float):
        return number_text(Decimal(repr(cell)))
    if isinstance(cell, (int, Decimal)):
        return number_text(Decimal(cell))
    return "" if blank(cell) else text(cell)


def _display(name: str, value) -> str:
    if name == "status":
        return str(dict(ProjectStatus.choices).get(value, value))
    if isinstance(value, Decimal):
        return number_text(value)
    return "" if value in (None, "") else str(value)


def dry_run(sheet_import: SheetImport, period, kind: str, access) -> Outcome:
    """What confirming would do now: every sheet row matched to a row of the year by
    its id, checked by the policy and validated by the row's form, against the
    row as it was when the sheet was uploaded (a row changed since is stale)."""
    reading = SheetReading.from_data(sheet_import.reading)
    versions = sheet_import.reading.get("versions", {})
    columns = {c.key: c for c in COLUMNS[kind] if c.field}
    labels = {c.field: str(c.label) for c in columns.values()}
    ids = {id_of(cells.get(ID)) for _number, cells in reading.rows} - {None}
    model = IndicatorValue if kind == "indicators" else ProjectProgress
    related = "indicator" if kind == "indicators" else "project"
    known = {
        row.pk: row
        for row in model.objects.filter(period=period, pk__in=ids).select_related(related)
    }
    before = (
        completed_before(period, [r.project_id for r in known.values()])
        if kind == "projects"
        else {}
    )
    outcomes, seen = [], set()
    for number, cells in reading.rows:
        outcome = RowOutcome(number, name=text(cells.get("name", ""))[:80])
        outcomes.append(outcome)
        row = known.get(id_of(cells.get(ID)))
        if row is None:
            outcome.action = "error"
            outcome.errors.append(
                (
                    ID_LABEL,
                    _("没有找到这一行：请用本年度下载的模板填写，不要改动隐藏的第一列。"),
                )
            )
            continue
        if row.pk in seen:
            outcome.action = "error"
            outcome.errors.append((ID_LABEL, _("同一行在表中出现了两次。")))
            continue
        seen.add(row.pk)
        row.period, row.plan = period, period.plan
        outcome.row = row
        outcome.name = getattr(row, related).name
        current = _current_values(row, kind)
        data = {**current, "loaded_version": versions.get(str(row.pk), row.version)}
        for key, column in columns.items():
            if key not in cells:
                continue  # a column the sheet does not have keeps its value
            try:
                data[column.field] = _form_value(column, cells[key])
            except CellError as exc:
                outcome.errors.append((str(column.label), exc.message))
        if outcome.errors:
            outcome.action = "error"
            continue
        changed = {name for name, value in current.items() if data.get(name, "") != value}
        if not changed:
            outcome.action = "unchanged"
            continue
        if not access.can(Action.REPORT, row):
            outcome.action = "error"
            outcome.errors.append((outcome.name, _refusal(row)))
            continue
        form = _form_for(row, data, before)
        if not form.is_valid():
            outcome.action = "error"
            for name, errors in form.errors.items():
                for error in errors:
                    outcome.errors.append((labels.get(name, _("本行")), error))
            continue
        outcome.action = "update"
        outcome.form = form
        outcome.notes = list(form.notes)
        outcome.changes = [
            (labels[name], _display(name, current[name]), _display(name, data[name]))
            for name in current
            if name in changed
        ]
    return Outcome(outcomes, reading.skipped)


def _refusal(row) -> str:
    if row.period.is_locked:
        return _("%(year)s年度已锁定，不能再修改。") % {"year": row.period.year}
    if not row.reportable:
        return _("这一行已审核通过，如需更正请联系规划办退回。")
    name = row.department.name if row.department else _("（未分配）")
    return _("这一行由%(dept)s填报，您无权修改。") % {"dept": name}


def _current_values(row, kind: str) -> dict[str, str]:
    if kind == "indicators":
        return {
            "value_text": number_text(row.value),
            "progress_text": row.progress_text,
            "source": row.source,
            "note": row.note,
        }
    return {
        "planned_text": number_text(row.planned_investment),
        "completed_text": number_text(row.completed_investment),
        "status": row.status,
        "started_on": row.started_on.isoformat() if row.started_on else "",
        "completed_on": row.completed_on.isoformat() if row.completed_on else "",
        "note": row.note,
    }


def _form_for(row, data, before):
    if isinstance(row, IndicatorValue):
        return IndicatorValueForm(data, instance=row)
    return ProjectProgressForm(
        data, instance=row, completed_before=before.get(row.project_id, Decimal(0))
    )


class ImportRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def confirm(sheet_import: SheetImport, period, kind: str, access, *, actor) -> Outcome:
    """Report every valid changed row, in one transaction; a row someone changed
    since the preview fails its version check and is listed as an error."""
    with transaction.atomic():
        claimed = SheetImport.objects.filter(
            pk=sheet_import.pk, status=SheetImport.Status.PENDING
        ).update(status=SheetImport.Status.APPLIED, applied_at=timezone.now())
        if not claimed:
            raise ImportRefused(_("这个表格已经导入或已放弃，没有再次写入。"))
        outcome = dry_run(sheet_import, period, kind, access)
        for row_outcome in outcome.of("update"):
            try:
                with transaction.atomic():
                    actions.row_report(row_outcome.row, row_outcome.form, actor=actor)
            except actions.MonitoringRefused as exc:
                row_outcome.action = "error"
                row_outcome.errors.append((row_outcome.name, exc.message))
        result = {
            "update": outcome.count("update"),
            "unchanged": outcome.count("unchanged"),
            "error": outcome.count("error"),
        }
        SheetImport.objects.filter(pk=sheet_import.pk).update(outcome=result)
        sheet_import.outcome = result
    return outcome


def start(plan, period, kind: str, upload, user) -> SheetImport:
    """Read the upload now (raising SheetFileError with nothing stored when it is
    not a table) and keep the reading, with the versions of the rows it names."""
    from apps.core.text import safe_filename

    data = upload.read()
    reading = read_upload(data, kind).as_data()
    ids = {id_of(cells.get(ID)) for _n, cells in reading["rows"]} - {None}
    model = IndicatorValue if kind == "indicators" else ProjectProgress
    reading["versions"] = {
        str(pk): version
        for pk, version in model.objects.filter(period=period, pk__in=ids).values_list(
            "pk", "version"
        )
    }
    return SheetImport.objects.create(
        document=plan.outline,
        part=import_part(period.year, kind),
        filename=safe_filename(upload.name or "upload.xlsx", max_length=200),
        size=len(data),
        uploaded_by=user,
        status=SheetImport.Status.PENDING,
        reading=reading,
    )
