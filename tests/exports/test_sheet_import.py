"""The spreadsheet round trip through the pages: the template, the upload, the
preview (dry run), the confirmation, the rejected rows, the policy row by row and
the limits. The messy files themselves: tests/exports/test_sheet_reader.py."""

import io
import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from apps.core.activity import ActivityLog
from apps.delivery.models import MajorProject
from apps.exports.excel import importing
from apps.exports.excel.workbook import FIRST_ROW, HEADER_ROW
from apps.plans.models import Revision, SheetImport
from tests import factories as f

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SLUG = "major-projects"


def _template(client, plan, **params) -> Workbook:
    url = reverse("sheet_template", args=[plan.outline.pk, SLUG])
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content))


def _columns(sheet) -> dict[str, int]:
    """Header (without the required star) → column number."""
    return {
        str(cell.value).lstrip("*"): cell.column
        for cell in sheet[HEADER_ROW]
        if cell.value is not None
    }


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, plan, data: bytes, name="项目.xlsx"):
    return client.post(
        reverse("sheet_import", args=[plan.outline.pk, SLUG]),
        {"file": SimpleUploadedFile(name, data, content_type=XLSX)},
    )


def _preview_url(plan, sheet_import) -> str:
    return reverse("sheet_import_preview", args=[plan.outline.pk, SLUG, sheet_import.pk])


NEW_ROW = {
    "项目名称": "县第三中学扩建工程",
    "要事/大事/实事": "实事",
    "项目类别": "社会民生",
    "建设性质": "新建",
    "建设规模及内容": "新建教学楼2栋、学生宿舍1栋",
    "建设起止年限": "2022—2024",
    "总投资（万元）": "1.2亿",
    "规划期内投资（万元）": "12,000",
    "政府投资（万元）": "１２０００",
}


def _append(sheet, values: dict) -> int:
    columns = _columns(sheet)
    row = sheet.max_row + 1
    for header, value in values.items():
        sheet.cell(row=row, column=columns[header], value=value)
    return row


@pytest.fixture
def led(plan, edu_department):
    """教育局 leads the chapter of 社会民生 projects; another department leads
    the chapter of industrial ones."""
    other = f.DepartmentFactory(county=plan.county, name="工业和信息化局")
    nodes = {n.key: n for n in plan.outline.nodes.all()}
    nodes["task_livelihood"].lead_department = edu_department
    nodes["task_livelihood"].save()
    for key in ("task_industry", "major_projects"):
        nodes[key].lead_department = other
        nodes[key].save()
    school = f.MajorProjectFactory(
        plan=plan,
        node=nodes["task_livelihood"],
        name="城区幼儿园建设工程",
        category=MajorProject.Category.SOCIAL,
        significance=MajorProject.Significance.PRACTICAL,
        lead_unit="县教育局",
    )
    factory = f.MajorProjectFactory(plan=plan, node=nodes["task_industry"], name="食品产业园")
    return {"school": school, "factory": factory, "other": other}


# The template --------------------------------------------------------------------------


def test_a_departments_template_has_its_rows_an_id_column_and_dropdowns(
    client, plan, drafter, edu_department, led
):
    client.force_login(drafter)
    book = _template(client, plan, rows="department", department=edu_department.pk)
    assert book.sheetnames == ["重大项目", "选项", "填写说明"]
    sheet = book["重大项目"]
    assert "教育局" in sheet["B1"].value
    assert sheet.column_dimensions["A"].hidden
    assert sheet["A2"].value.startswith("系统编号")
    assert sheet.freeze_panes.endswith(str(FIRST_ROW))
    columns = _columns(sheet)
    assert {"项目名称", "建设起止年限", "总投资（万元）", "项目类别", "前期工作进展"} <= set(
        columns
    )
    assert sheet[f"B{HEADER_ROW}"].value == "*项目名称"
    # Only 教育局's row, with its id and values as a person reads them.
    rows = list(sheet.iter_rows(min_row=FIRST_ROW, values_only=True))
    filled = [r for r in rows if r[0] is not None]
    assert [(r[0], r[1]) for r in filled] == [(led["school"].pk, "城区幼儿园建设工程")]
    school = filled[0]
    assert school[columns["项目类别"] - 1] == "社会民生"
    assert school[columns["建设起止年限"] - 1] == "2021-2024"
    assert school[columns["总投资（万元）"] - 1] == 10000
    # Closed lists are dropdowns over the hidden options sheet.
    rules = {
        str(rule.sqref).split(":")[0][:-1]: rule for rule in sheet.data_validations.dataValidation
    }

    category = rules[get_column_letter(columns["项目类别"])]
    assert category.type == "list" and "选项" in category.formula1
    assert book["选项"].sheet_state == "hidden"
    options = [c.value for c in book["选项"]["A"] if c.value]
    assert "新型基础设施" in [v for col in book["选项"].iter_cols(values_only=True) for v in col]
    assert options  # the first list is filled
    guide = [c.value for c in book["填写说明"]["A"] if c.value]
    assert "建设起止年限" in guide and any("系统编号" in str(v) for v in guide)


def test_the_export_of_all_rows_goes_through_the_exporter_pipeline(client, plan, reviewer, led):
    client.force_login(reviewer)
    book = _template(client, plan, rows="all")
    ids = [r[0] for r in book.active.iter_rows(min_row=FIRST_ROW, values_only=True) if r[0]]
    assert sorted(ids) == sorted([led["school"].pk, led["factory"].pk])
    # Asked again with nothing changed: the same file, no second render.
    from apps.exports.models import ExportJob

    _template(client, plan, rows="all")
    assert ExportJob.objects.filter(exporter="items_xlsx").count() == 1


# Round trip ------------------------------------------------------------------------------


@pytest.mark.embedded
def test_export_edit_import_changes_exactly_what_was_edited(client, plan, coordinator, led):
    client.force_login(coordinator)
    book = _template(client, plan, rows="all")
    sheet = book.active
    columns = _columns(sheet)
    # Unchanged, the export imports as unchanged.
    response = _upload(client, plan, _bytes(book))
    unchanged = SheetImport.objects.latest("pk")
    assert response.status_code == 302
    page = client.get(_preview_url(plan, unchanged)).content.decode()
    assert "未变 2 行" in page and "确认导入" not in page
    # One cell edited and one row added.
    school_row = next(
        r for r in range(FIRST_ROW, sheet.max_row + 1) if sheet.cell(r, 1).value == led["school"].pk
    )
    sheet.cell(school_row, columns["建设规模及内容"], "新建幼儿园8所，新增学位2400个")
    _append(sheet, NEW_ROW)
    _upload(client, plan, _bytes(book))
    sheet_import = SheetImport.objects.latest("pk")
    page = client.get(_preview_url(plan, sheet_import)).content.decode()
    assert "新增 1 行" in page and "修改 1 行" in page and "未变 1 行" in page
    assert "新建幼儿园8所，新增学位2400个" in page and "建设厂房及配套设施" in page
    assert "按亿元换算为 12000 万元" in page
    assert MajorProject.objects.filter(plan=plan).count() == 2  # nothing written yet
    response = client.post(_preview_url(plan, sheet_import), {"confirm": "1"}, follow=True)
    assert "已导入：新增 1 行，修改 1 行，1 行未变，0 行有错误未导入。" in response.content.decode()
    school = MajorProject.objects.get(pk=led["school"].pk)
    assert school.content_scale == "新建幼儿园8所，新增学位2400个" and school.version == 2
    factory = MajorProject.objects.get(pk=led["factory"].pk)
    assert factory.version == 1  # untouched
    new = MajorProject.objects.get(plan=plan, name="县第三中学扩建工程")
    assert (new.total_investment, new.period_investment, new.funding_government) == (
        Decimal("12000"),
        Decimal("12000"),
        Decimal("12000"),
    )
    assert (new.start_year, new.end_year, new.nature) == (2022, 2024, "new")
    assert new.node.key == "task_livelihood"  # 社会民生 goes to its chapter
    for item in (school, new):
        revision = Revision.objects.of(item).get(version=item.version)
        assert revision.author == coordinator and "项目.xlsx" in revision.note
        assert ActivityLog.objects.filter(verb="import", target_id=item.pk).count() == 1
    # A second confirmation (a double click, a stale tab) writes nothing.
    response = client.post(_preview_url(plan, sheet_import), {"confirm": "1"}, follow=True)
    assert "已经导入或已放弃" in response.content.decode()
    assert MajorProject.objects.filter(plan=plan, name="县第三中学扩建工程").count() == 1


def test_the_confirmation_rechecks_rows_changed_since_the_preview(client, plan, coordinator, led):
    client.force_login(coordinator)
    book = _template(client, plan, rows="all")
    sheet = book.active
    columns = _columns(sheet)
    for r in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(r, 1).value == led["school"].pk:
            sheet.cell(r, columns["建设地点"], "城关镇")
    _upload(client, plan, _bytes(book))
    sheet_import = SheetImport.objects.latest("pk")
    assert "修改 1 行" in client.get(_preview_url(plan, sheet_import)).content.decode()
    # Someone saves the item through its form in between.
    MajorProject.objects.filter(pk=led["school"].pk).update(version=5, location="石门镇")
    client.post(_preview_url(plan, sheet_import), {"confirm": "1"})
    school = MajorProject.objects.get(pk=led["school"].pk)
    # The preview's row now compares with the new state: still a change, written
    # over version 5 through the same path.
    assert school.location == "城关镇" and school.version == 6


# The policy, row by row ----------------------------------------------------------------------


def test_a_drafter_imports_only_rows_of_chapters_their_department_leads(client, plan, drafter, led):
    client.force_login(drafter)
    book = _template(client, plan, rows="all")
    sheet = book.active
    columns = _columns(sheet)
    for r in range(FIRST_ROW, sheet.max_row + 1):
        sheet.cell(r, columns["建设地点"], "城关镇")
    industry = {**NEW_ROW, "项目名称": "装备制造产业园", "项目类别": "产业发展"}
    _append(sheet, industry)
    _append(sheet, NEW_ROW)
    _upload(client, plan, _bytes(book))
    sheet_import = SheetImport.objects.latest("pk")
    page = client.get(_preview_url(plan, sheet_import)).content.decode()
    assert "新增 1 行" in page and "修改 1 行" in page and "有错误 2 行" in page
    assert "由工业和信息化局负责，你所在部门不能修改这一项" in page
    assert "不由你所在部门负责" in page  # the new industrial project's chapter
    client.post(_preview_url(plan, sheet_import), {"confirm": "1"})
    assert MajorProject.objects.get(pk=led["factory"].pk).location == ""
    assert MajorProject.objects.get(pk=led["school"].pk).location == "城关镇"
    assert not MajorProject.objects.filter(name="装备制造产业园").exists()
    assert MajorProject.objects.filter(name="县第三中学扩建工程").exists()


def test_a_reviewer_may_check_a_sheet_but_every_change_is_refused(client, plan, reviewer, led):
    client.force_login(reviewer)
    book = _template(client, plan, rows="all")
    sheet = book.active
    columns = _columns(sheet)
    sheet.cell(FIRST_ROW, columns["建设地点"], "城关镇")
    _append(sheet, NEW_ROW)
    _upload(client, plan, _bytes(book))
    sheet_import = SheetImport.objects.latest("pk")
    page = client.get(_preview_url(plan, sheet_import)).content.decode()
    assert "有错误 2 行" in page and "确认导入" not in page
    assert "你的角色不能修改规划内容" in page
    client.post(_preview_url(plan, sheet_import), {"confirm": "1"})
    assert MajorProject.objects.filter(plan=plan).count() == 2
    assert not MajorProject.objects.filter(location="城关镇").exists()


def test_a_coordinator_only_field_is_refused_for_a_drafter(plan, drafter, coordinator):
    """Field-level rules as in the forms: a key task's 牵头部门 is the planning
    office's; a drafter's row that sets it is refused, one that leaves it is not."""
    from apps.plans.access import PlanAccess
    from apps.plans.imports import items_import
    from apps.plans.parts import registry
    from apps.plans.policy import principal_for

    other = f.DepartmentFactory(county=plan.county, name="科学技术局")
    task = f.KeyTaskFactory(plan=plan)
    access = PlanAccess(plan, principal_for(drafter, plan.county_id), plan.outline)
    result = items_import(
        registry.get("key-tasks"),
        plan.outline,
        [(3, {"id": task.pk, "lead_department": other.name}), (4, {"id": task.pk})],
        actor=drafter,
        access=access,
        dry_run=True,
    )
    refused = result.rows[0]
    assert refused.action == "error"
    assert refused.errors[0][1] == "只有规划办可以填写“牵头部门”，请留空或保持原值。"


def test_an_id_of_another_plan_is_an_error_never_an_update(client, plan, other_plan, coordinator):
    elsewhere = f.MajorProjectFactory(plan=other_plan, name="邻县的项目")
    client.force_login(coordinator)
    book = _template(client, plan)
    sheet = book.active
    row = _append(sheet, {**NEW_ROW, "项目名称": "改名"})
    sheet.cell(row, 1, elsewhere.pk)
    _upload(client, plan, _bytes(book))
    sheet_import = SheetImport.objects.latest("pk")
    page = client.get(_preview_url(plan, sheet_import)).content.decode()
    assert f"编号“{elsewhere.pk}”不是本规划的内容" in page
    client.post(_preview_url(plan, sheet_import), {"confirm": "1"})
    elsewhere.refresh_from_db()
    assert elsewhere.name == "邻县的项目" and elsewhere.version == 1


def test_ids_that_are_no_whole_key_are_errors_not_a_crash(plan, coordinator):
    from apps.plans.access import PlanAccess
    from apps.plans.imports import items_import
    from apps.plans.parts import registry
    from apps.plans.policy import principal_for

    project = f.MajorProjectFactory(plan=plan)
    access = PlanAccess(plan, principal_for(coordinator, plan.county_id), plan.outline)
    ids = [f"{project.pk}.5", "99999999999999999999999", "-3", "abc", project.pk + 0.5]
    result = items_import(
        registry.get(SLUG),
        plan.outline,
        [(n, {"id": raw, "location": "城关镇"}) for n, raw in enumerate(ids, start=3)],
        actor=coordinator,
        access=access,
        dry_run=False,
    )
    assert [r.action for r in result.rows] == ["error"] * len(ids)
    assert all("不是本规划的内容" in r.errors[0][1] for r in result.rows)
    project.refresh_from_db()
    assert project.location == "" and project.version == 1


# The rejected rows --------------------------------------------------------------------------


def test_rejected_rows_download_with_reasons_and_import_once_fixed(client, plan, coordinator):
    client.force_login(coordinator)
    book = _template(client, plan)
    sheet = book.active
    row = _append(sheet, {**NEW_ROW, "项目名称": '=HYPERLINK("http://x")', "项目类别": "其他类"})
    sheet.cell(row, _columns(sheet)["项目名称"]).data_type = "s"  # typed as text, not a formula
    _append(sheet, {**NEW_ROW, "项目名称": "县人民医院迁建", "建设起止年限": "2019-2023"})
    _append(sheet, {**NEW_ROW, "项目名称": "县体育中心", "规划期内投资（万元）": "13000"})
    _append(sheet, {**NEW_ROW, "项目名称": "县图书馆新馆", "总投资（万元）": "500元"})
    _upload(client, plan, _bytes(book))
    sheet_import = SheetImport.objects.latest("pk")
    page = client.get(_preview_url(plan, sheet_import)).content.decode()
    assert "有错误 4 行" in page
    assert "新建项目应在规划期内开工（2021年及以后）" in page
    assert "规划期内投资不能超过总投资" in page
    assert "本表金额以万元计，请换算为万元后填写" in page
    url = reverse("sheet_import_errors", args=[plan.outline.pk, SLUG, sheet_import.pk])
    errors = load_workbook(io.BytesIO(client.get(url).content)).active
    assert errors["B2"].value.startswith("错误说明")
    rows = list(errors.iter_rows(min_row=FIRST_ROW, values_only=True))
    assert len(rows) == 4
    assert rows[0][1].startswith("原第") and "项目类别" in rows[0][1]
    columns = {str(c.value).lstrip("*"): c.column for c in errors[HEADER_ROW] if c.value}
    # A cell that looks like a formula is written back as text, never evaluated.
    assert rows[0][columns["项目名称"] - 1] == '\'=HYPERLINK("http://x")'
    assert rows[1][columns["建设起止年限"] - 1] == "2019-2023"
    # Fixed in the file and uploaded again, the four rows import.
    fixes = {
        FIRST_ROW: {"项目名称": "县青少年活动中心", "项目类别": "社会民生"},
        FIRST_ROW + 1: {"建设起止年限": "2021-2023"},
        FIRST_ROW + 2: {"规划期内投资（万元）": "12000"},
        FIRST_ROW + 3: {"总投资（万元）": "15000"},
    }
    for row, values in fixes.items():
        for header, value in values.items():
            errors.cell(row, columns[header], value)
    _upload(client, plan, _bytes(errors.parent))
    again = SheetImport.objects.latest("pk")
    page = client.get(_preview_url(plan, again)).content.decode()
    assert "新增 4 行" in page and "有错误 0 行" in page
    assert "以下列不是模板中的列" not in page  # its own error column is no news
    client.post(_preview_url(plan, again), {"confirm": "1"})
    assert MajorProject.objects.filter(plan=plan).count() == 4


# Bad files ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7 not a table", "这是 PDF 文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "打开密码"),
        (b"name,total\n a,1\n", "这不是 Excel 表格"),
    ],
)
def test_a_file_that_is_not_a_readable_table_is_refused_on_the_page(
    client, plan, coordinator, data, message
):
    client.force_login(coordinator)
    response = _upload(client, plan, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SheetImport.objects.exists()


def test_an_oversized_upload_is_refused_before_it_is_read(client, plan, coordinator, settings):
    settings.SHEET_IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(coordinator)
    response = _upload(client, plan, b"PK" + b"\0" * (1024 * 1024 + 10))
    assert "超过了 1 MB 的上限" in response.content.decode()
    assert not SheetImport.objects.exists()


def test_a_100_mb_upload_is_answered_unread_on_the_page_it_came_from(client, plan, coordinator):
    client.force_login(coordinator)
    url = reverse("sheet_import", args=[plan.outline.pk, SLUG])
    response = client.post(
        url,
        {"file": SimpleUploadedFile("大表.xlsx", b"PK\x03\x04", content_type=XLSX)},
        CONTENT_LENGTH=str(100 * 1024 * 1024),
        follow=True,
    )
    assert response.redirect_chain == [(url, 302)]
    assert "超过了 10 MB 的上限，没有读取" in response.content.decode()
    assert not SheetImport.objects.exists()


def test_a_formula_without_a_cached_value_is_an_error_for_its_row(client, plan, coordinator):
    client.force_login(coordinator)
    book = _template(client, plan)
    sheet = book.active
    columns = _columns(sheet)
    row = _append(sheet, NEW_ROW)
    # openpyxl writes the formula and no value: as a program that never calculated.
    sheet.cell(row, columns["总投资（万元）"], "=12000*1")
    _append(sheet, {**NEW_ROW, "项目名称": "县第四中学"})
    _upload(client, plan, _bytes(book))
    page = client.get(_preview_url(plan, SheetImport.objects.latest("pk"))).content.decode()
    assert "新增 1 行" in page and "有错误 1 行" in page
    assert "单元格是公式但没有计算结果" in page


# Large files: read by the worker --------------------------------------------------------------


def _big_book(plan, client, rows: int) -> bytes:
    book = _template(client, plan)
    sheet = book.active
    columns = _columns(sheet)
    for i in range(rows):
        r = FIRST_ROW + i
        for header, value in {**NEW_ROW, "项目名称": f"村级道路改造{i}"}.items():
            sheet.cell(r, columns[header], value)
    return _bytes(book)


def test_a_large_file_is_kept_for_the_worker_and_read_with_progress(
    client, plan, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.SHEET_IMPORT_SYNC_BYTES = 1024
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks() as callbacks:
        _upload(client, plan, _big_book(plan, client, 30))
    sheet_import = SheetImport.objects.latest("pk")
    assert sheet_import.status == SheetImport.Status.READING and sheet_import.upload
    assert len(callbacks) == 1
    page = client.get(_preview_url(plan, sheet_import)).content.decode()
    assert "正在后台读取" in page and 'http-equiv="refresh"' in page
    # What the worker runs (the real worker: test_the_worker_reads_a_large_file).
    importing.read_stored(sheet_import.pk)
    sheet_import.refresh_from_db()
    assert sheet_import.status == SheetImport.Status.PENDING and sheet_import.upload is None
    assert sheet_import.total >= 30 and len(sheet_import.reading["rows"]) == 30
    assert "新增 30 行" in client.get(_preview_url(plan, sheet_import)).content.decode()


def test_a_large_file_the_worker_cannot_read_says_why(client, plan, coordinator, settings):
    settings.SHEET_IMPORT_SYNC_BYTES = 1024
    settings.SHEET_IMPORT_MAX_ROWS = 10
    client.force_login(coordinator)
    _upload(client, plan, _big_book(plan, client, 30))
    sheet_import = SheetImport.objects.latest("pk")
    importing.read_stored(sheet_import.pk)
    page = client.get(_preview_url(plan, sheet_import)).content.decode()
    assert "超过了一次导入的上限" in page
    sheet_import.refresh_from_db()
    assert sheet_import.upload is None and not MajorProject.objects.filter(plan=plan).exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_reads_a_large_file(worker, client, plan, coordinator, settings):
    settings.SHEET_IMPORT_SYNC_BYTES = 1024
    client.force_login(coordinator)
    _upload(client, plan, _big_book(plan, client, 40))
    sheet_import = SheetImport.objects.latest("pk")
    deadline = time.monotonic() + 60
    while sheet_import.status == SheetImport.Status.READING and time.monotonic() < deadline:
        time.sleep(0.3)
        sheet_import.refresh_from_db()
    assert sheet_import.status == SheetImport.Status.PENDING, sheet_import.error
    assert sheet_import.upload is None and sheet_import.progress == sheet_import.total
    assert "新增 40 行" in client.get(_preview_url(plan, sheet_import)).content.decode()


# Cost --------------------------------------------------------------------------------------


def _rows(plan, n: int) -> list[tuple[int, dict]]:
    existing = list(MajorProject.objects.filter(plan=plan))
    rows = []
    for i in range(n):
        if i < len(existing):
            rows.append((i + 3, {"id": existing[i].pk, "location": f"镇{i}"}))
        else:
            rows.append(
                (
                    i + 3,
                    {
                        "name": f"项目{i}",
                        "significance": "大事",
                        "category": "交通",
                        "content_scale": "道路",
                        "years": "2022-2024",
                        "total_investment": "1000",
                        "period_investment": "1000",
                    },
                )
            )
    return rows


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_query_count_does_not_grow_with_the_rows(plan, coordinator, dry_run):
    from apps.plans.access import PlanAccess
    from apps.plans.imports import items_import
    from apps.plans.parts import registry
    from apps.plans.policy import principal_for

    for _ in range(5):
        f.MajorProjectFactory(plan=plan)
    part = registry.get(SLUG)
    counts = []
    for n in (1, 8, 80):  # the first run fills the process's caches (content types)
        access = PlanAccess(plan, principal_for(coordinator, plan.county_id), plan.outline)
        rows = _rows(plan, n)
        with CaptureQueriesContext(connection) as queries:
            result = items_import(
                part, plan.outline, rows, actor=coordinator, access=access, dry_run=dry_run
            )
        assert not result.errors, result.errors[0].errors
        counts.append(len(queries))
    assert counts[1] == counts[2]


def test_the_indicator_table_round_trips_and_a_target_edit_is_one_change(client, plan, coordinator):
    category = plan.indicator_categories.first()
    gdp = f.IndicatorFactory(plan=plan, name="地区生产总值", unit="亿元", category=category)
    f.IndicatorFactory(plan=plan, name="常住人口城镇化率", unit="%", category=category)
    client.force_login(coordinator)
    url = reverse("sheet_template", args=[plan.outline.pk, "indicators"])
    book = load_workbook(io.BytesIO(client.get(url, {"rows": "all"}).content))
    sheet = book.active
    columns = _columns(sheet)
    row = next(r for r in range(FIRST_ROW, sheet.max_row + 1) if sheet.cell(r, 1).value == gdp.pk)
    sheet.cell(row, columns["目标值"], "≥6.5")
    response = client.post(
        reverse("sheet_import", args=[plan.outline.pk, "indicators"]),
        {"file": SimpleUploadedFile("指标.xlsx", _bytes(book), content_type=XLSX)},
    )
    sheet_import = SheetImport.objects.latest("pk")
    assert response["Location"].endswith(f"/{sheet_import.pk}/")
    preview = reverse("sheet_import_preview", args=[plan.outline.pk, "indicators", sheet_import.pk])
    page = client.get(preview).content.decode()
    assert "修改 1 行" in page and "未变 1 行" in page
    client.post(preview, {"confirm": "1"})
    gdp.refresh_from_db()
    assert (gdp.target_operator, gdp.target_value) == ("≥", Decimal("6.5"))


def test_old_imports_are_pruned(plan, coordinator):
    from datetime import timedelta

    from django.utils import timezone

    from apps.exports.tasks import prune_exports

    old = SheetImport.objects.create(
        document=plan.outline, part=SLUG, filename="旧.xlsx", uploaded_by=coordinator
    )
    SheetImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    SheetImport.objects.create(
        document=plan.outline, part=SLUG, filename="新.xlsx", uploaded_by=coordinator
    )
    assert prune_exports()["sheet_imports"] == 1
    assert list(SheetImport.objects.values_list("filename", flat=True)) == ["新.xlsx"]


def test_a_read_no_worker_picked_up_says_so_and_can_be_discarded(client, plan, coordinator):
    from datetime import timedelta

    from django.utils import timezone

    waiting = SheetImport.objects.create(
        document=plan.outline, part=SLUG, filename="大表.xlsx", uploaded_by=coordinator, upload=b"P"
    )
    client.force_login(coordinator)
    stalled = "可能是处理队列暂时不可用"
    assert stalled not in client.get(_preview_url(plan, waiting)).content.decode()
    SheetImport.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert stalled in client.get(_preview_url(plan, waiting)).content.decode()
    client.post(_preview_url(plan, waiting), {"discard": "1"})
    waiting.refresh_from_db()
    assert waiting.status == SheetImport.Status.DISCARDED and waiting.upload is None
    assert "nothing to read" in importing.read_stored(waiting.pk)
