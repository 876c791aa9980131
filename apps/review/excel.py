"""The opinions summary (意见采纳情况汇总表) as an Excel workbook."""

from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from apps.core.text import printable
from apps.plans.models import Document
from apps.plans.outline import numbered

FORMULA_STARTS = ("=", "+", "-", "@")


def safe_cell(value) -> str:
    """Text a spreadsheet will show and never evaluate: a cell that starts like a
    formula (= + - @) gets a leading apostrophe (CSV/formula injection). Control
    characters, which openpyxl refuses, are dropped: input is cleaned of them, but
    a value stored before that must not break the download."""
    text = printable(value)
    # Tabs and carriage returns in front are how injection hides the first character.
    stripped = text.lstrip("\t\r")
    if stripped.startswith(FORMULA_STARTS):
        return "'" + text
    return text


HEADERS = (
    gettext_lazy("序号"),
    gettext_lazy("提出单位"),
    gettext_lazy("章节"),
    gettext_lazy("原文"),
    gettext_lazy("意见"),
    gettext_lazy("处理情况"),
    gettext_lazy("说明"),
)
WIDTHS = (6, 16, 26, 40, 48, 10, 40)


def summary_rows(document: Document, opinions) -> list[tuple]:
    labels = {e.node.pk: f"{e.label} {e.node.title}" for e in numbered(document.nodes.all())}
    return [
        (
            index,
            opinion.source_name,
            labels.get(opinion.node_id, ""),
            opinion.quote,
            opinion.text,
            opinion.get_disposition_display(),
            opinion.reason,
        )
        for index, opinion in enumerate(opinions, start=1)
    ]


def opinions_workbook(document: Document, opinions) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("意见汇总")
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    title = _("%(title)s意见采纳情况汇总表") % {"title": document.title}
    sheet.append([safe_cell(title)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([str(h) for h in HEADERS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in summary_rows(document, opinions):
        sheet.append([row[0], *(safe_cell(v) for v in row[1:])])
        for cell in sheet[sheet.max_row]:
            cell.border = border
            cell.alignment = wrap
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
