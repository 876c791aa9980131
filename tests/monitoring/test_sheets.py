"""A monitoring year through Excel: download the department's sheet, fill it in,
upload, preview, confirm."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.monitoring import actions
from apps.monitoring.models import IndicatorValue, ProjectProgress, ReportState
from apps.plans.models import SheetImport
from tests import factories as f


@pytest.fixture
def sheet(as_user, adopted, drafter, edu_department, year2021):
    """教育局's sheet of indicators for 2021, as downloaded."""
    response = as_user(drafter).get(
        reverse("monitoring_template", args=[adopted.pk, 2021, "indicators"]),
        {"department": edu_department.pk},
    )
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def _column(book, label):
    sheet = book.active
    for cell in sheet[2]:
        if cell.value and str(cell.value).startswith(label):
            return cell.column
    raise AssertionError(label)


def _upload(client, plan, book, kind="indicators", name="填报.xlsx"):
    out = BytesIO()
    book.save(out)
    upload = SimpleUploadedFile(name, out.getvalue())
    return client.post(reverse("monitoring_import", args=[plan.pk, 2021, kind]), {"file": upload})


def _fill(book, values: dict):
    sheet = book.active
    name_col, value_col = _column(book, "指标名称"), _column(book, "实际值")
    for row in range(3, sheet.max_row + 1):
        name = sheet.cell(row=row, column=name_col).value
        if name in values:
            sheet.cell(row=row, column=value_col, value=values[name])


def test_the_sheet_lists_the_departments_rows_with_hidden_ids(sheet, gdp, energy):
    ws = sheet.active
    assert ws.column_dimensions["A"].hidden
    names = {ws.cell(row=r, column=_column(sheet, "指标名称")).value for r in (3, 4)}
    assert names == {"地区生产总值", "单位地区生产总值能耗降低"}
    ids = {ws.cell(row=r, column=1).value for r in (3, 4)}
    assert ids == set(IndicatorValue.objects.values_list("pk", flat=True))


def test_upload_preview_and_confirm_report_the_values(as_user, adopted, drafter, gdp, sheet):
    _fill(sheet, {"地区生产总值": 108.5})
    client = as_user(drafter)
    response = _upload(client, adopted, sheet)
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "报送 1 行" in preview and "108.5" in preview
    row = IndicatorValue.objects.get(indicator=gdp)
    assert row.value is None  # nothing written before the confirmation
    client.post(response["Location"], {"confirm": "1"})
    row.refresh_from_db()
    assert row.value == Decimal("108.5") and row.state == ReportState.SUBMITTED
    # A second confirmation writes nothing again.
    client.post(response["Location"], {"confirm": "1"})
    row.refresh_from_db()
    assert row.version == 2


def test_bad_cells_and_other_departments_rows_are_errors(
    as_user, adopted, drafter, coordinator, gdp, energy, year2021
):
    other = f.DepartmentFactory(county=adopted.county, name="统计局")
    IndicatorValue.objects.filter(indicator=energy).update(department=other)
    # The planning office's sheet of every row, filled in by 教育局.
    book = load_workbook(
        BytesIO(
            as_user(coordinator)
            .get(reverse("monitoring_template", args=[adopted.pk, 2021, "indicators"]))
            .content
        )
    )
    _fill(book, {"地区生产总值": "10850000", "单位地区生产总值能耗降低": 3.1})
    ws = book.active
    ws.cell(row=ws.max_row + 1, column=1, value=999999)
    ws.cell(row=ws.max_row, column=_column(book, "指标名称"), value="编造的指标")
    client = as_user(drafter)
    response = _upload(client, adopted, book)
    page = client.get(response["Location"]).content.decode()
    assert "有错误 3 行" in page
    assert "相差五十倍以上" in page
    assert "由统计局填报" in page
    assert "没有找到这一行" in page
    assert "确认报送" not in page


def test_a_row_changed_after_the_upload_is_not_overwritten(
    as_user, adopted, drafter, coordinator, gdp, sheet
):
    _fill(sheet, {"地区生产总值": 108.5})
    client = as_user(drafter)
    response = _upload(client, adopted, sheet)
    row = IndicatorValue.objects.get(indicator=gdp)
    form_data = {"loaded_version": 1, "value_text": "109"}
    from apps.monitoring.forms import IndicatorValueForm

    form = IndicatorValueForm(form_data, instance=row)
    assert form.is_valid()
    actions.row_report(row, form, actor=coordinator)
    client.post(response["Location"], {"confirm": "1"})
    row.refresh_from_db()
    assert row.value == Decimal("109")
    assert SheetImport.objects.get().outcome["error"] == 1


def test_projects_sheet_reads_status_dates_and_amounts(
    as_user, adopted, drafter, edu_department, project, year2021
):
    client = as_user(drafter)
    book = load_workbook(
        BytesIO(
            client.get(
                reverse("monitoring_template", args=[adopted.pk, 2021, "projects"]),
                {"department": edu_department.pk},
            ).content
        )
    )
    ws = book.active
    ws.cell(row=3, column=_column(book, "年度计划投资"), value="0.5亿")
    ws.cell(row=3, column=_column(book, "年度完成投资"), value=4200)
    ws.cell(row=3, column=_column(book, "项目状态"), value="在建")
    ws.cell(row=3, column=_column(book, "开工日期"), value="2021/4/1")
    response = _upload(client, adopted, book, kind="projects")
    preview = client.get(response["Location"]).content.decode()
    assert "报送 1 行" in preview, preview
    client.post(response["Location"], {"confirm": "1"})
    row = ProjectProgress.objects.get(project=project)
    assert (row.planned_investment, row.completed_investment) == (5000, 4200)
    assert row.status == "building" and str(row.started_on) == "2021-04-01"


def test_a_file_that_is_not_a_sheet_is_refused_on_the_page(as_user, adopted, drafter, year2021):
    upload = SimpleUploadedFile("填报.xlsx", b"%PDF-1.7 not a sheet")
    response = as_user(drafter).post(
        reverse("monitoring_import", args=[adopted.pk, 2021, "indicators"]), {"file": upload}
    )
    assert response.status_code == 200
    assert "这是 PDF 文件，不能读出表格" in response.content.decode()
    assert not SheetImport.objects.exists()


def test_another_users_import_is_404(as_user, adopted, drafter, coordinator, sheet):
    response = _upload(as_user(drafter), adopted, sheet)
    assert as_user(coordinator).get(response["Location"]).status_code == 404


def test_a_sheet_over_the_limit_is_refused_before_it_is_read(
    as_user, adopted, drafter, year2021, settings
):
    settings.SHEET_IMPORT_SYNC_BYTES = 1024
    upload = SimpleUploadedFile("填报.xlsx", b"PK" + b"\0" * 4096)
    response = as_user(drafter).post(
        reverse("monitoring_import", args=[adopted.pk, 2021, "indicators"]), {"file": upload}
    )
    assert response.status_code == 200
    assert "文件有 4 KB，超过了 1 KB 的上限" in response.content.decode()
    assert not SheetImport.objects.exists()
