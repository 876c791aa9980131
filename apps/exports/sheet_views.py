"""Spreadsheets in and out (apps/exports/excel): the template and export of a
part's rows, the upload, the preview with its dry run, the confirmation and the
file of rejected rows.

Anyone who may read the plan may download its tables and check a spreadsheet
against it (a reviewing department checks what another sent); what a
confirmation writes is decided row by row by the policy, as the forms decide it.
An import is seen only by the person who uploaded it.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.models import Department
from apps.core.activity import log_activity
from apps.core.text import as_id
from apps.exports import exporters
from apps.exports.excel import importing
from apps.exports.excel.reader import SheetFileError, SheetReading
from apps.exports.excel.workbook import errors_workbook
from apps.exports.models import ExportJob
from apps.exports.services import export_request
from apps.exports.uploads import LimitedUploadForm
from apps.exports.views import file_response
from apps.plans.access import get_document_for_user
from apps.plans.models import Document, SheetImport
from apps.plans.pages import page_context

# Rows shown per section of the preview; the rest are counted (and, for errors,
# all in the downloadable file).
PREVIEW_ROWS = 300
STALLED_AFTER = timedelta(minutes=5)


class SheetUploadForm(LimitedUploadForm):
    file = forms.FileField(
        label=gettext_lazy("Excel 表格（.xlsx 或 .xls）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.xlsm,.ods"}),
    )
    limit_setting = "SHEET_IMPORT_MAX_BYTES"
    too_large_hint = gettext_lazy("请删去图片和无关的工作表后再上传。")


def _outline(request, document_id: int):
    document, access = get_document_for_user(request, document_id)
    if document.kind != Document.Kind.OUTLINE:
        raise Http404("tables belong to the plan's outline")
    return document, access


def _own_import(request, document, part, import_id: int) -> SheetImport:
    return get_object_or_404(
        SheetImport.objects.filter(document=document, part=part.slug, uploaded_by=request.user),
        pk=import_id,
    )


@require_GET
def sheet_template(request: HttpRequest, document_id: int, slug: str) -> HttpResponse:
    """The part's template: empty, with one department's rows, or with all rows
    (the export), through the exporter pipeline like every other file."""
    document, _access = _outline(request, document_id)
    part = importing.sheet_part(slug)
    rows = request.GET.get("rows", "")
    options = {"part": part.slug}
    if rows == "department":
        department = get_object_or_404(
            Department.objects.filter(county_id=document.plan.county_id),
            pk=as_id(request.GET.get("department")) or 0,
        )
        options.update(rows="department", department=department.pk)
    elif rows == "all":
        options["rows"] = "all"
    job = export_request(document, request.user, exporters.ITEMS_XLSX, options).job
    if job.status != ExportJob.Status.SUCCEEDED or not job.file:
        messages.error(request, job.error or _("表格没有生成，请稍后重试。"))
        return redirect("sheet_import", document_id=document.pk, slug=part.slug)
    return file_response(request, document, job)


@require_http_methods(["GET", "POST"])
def sheet_import(request: HttpRequest, document_id: int, slug: str) -> HttpResponse:
    document, access = _outline(request, document_id)
    part = importing.sheet_part(slug)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            started = importing.start_import(
                document, part, form.cleaned_data["file"], request.user, access
            )
        except SheetFileError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect(
                "sheet_import_preview",
                document_id=document.pk,
                slug=part.slug,
                import_id=started.pk,
            )
    recent = SheetImport.objects.filter(
        document=document, part=part.slug, uploaded_by=request.user
    ).defer("upload", "reading")[:10]
    departments = importing.led_departments(document)
    own = [d for d in departments if d.pk in access.principal.departments]
    return render(
        request,
        "plans/sheet_import.html",
        page_context(
            access,
            part=part,
            form=form,
            imports=recent,
            departments=departments,
            own_departments=own,
            max_rows=settings.SHEET_IMPORT_MAX_ROWS,
            max_mb=settings.SHEET_IMPORT_MAX_BYTES // 1024 // 1024,
        ),
    )


def _sections(result) -> dict:
    sections = {}
    for action in ("error", "add", "update", "unchanged"):
        rows = [r for r in result.rows if r.action == action]
        sections[action] = {"rows": rows[:PREVIEW_ROWS], "more": max(0, len(rows) - PREVIEW_ROWS)}
    return sections


@never_cache
@require_http_methods(["GET", "POST"])
def sheet_import_preview(
    request: HttpRequest, document_id: int, slug: str, import_id: int
) -> HttpResponse:
    document, access = _outline(request, document_id)
    part = importing.sheet_part(slug)
    sheet_import = _own_import(request, document, part, import_id)
    Status = SheetImport.Status
    if request.method == "POST":
        if "discard" in request.POST:
            importing.discard(sheet_import)
            messages.info(request, _("已放弃这次导入，没有写入任何内容。"))
            return redirect("sheet_import", document_id=document.pk, slug=part.slug)
        if "confirm" in request.POST:
            # The page itself says what was imported; a refusal is a message.
            try:
                importing.confirm(sheet_import, part, access, actor=request.user)
            except importing.ImportRefused as exc:
                messages.error(request, str(exc))
            return redirect(
                "sheet_import_preview", document_id=document.pk, slug=part.slug, import_id=import_id
            )
    context = {
        "part": part,
        "imported": sheet_import,
        # Not picked up by a worker in minutes: the queue is down or overloaded.
        "stalled": sheet_import.status == Status.READING
        and sheet_import.created_at < timezone.now() - STALLED_AFTER,
    }
    if sheet_import.status == Status.PENDING:
        result = importing.run(sheet_import, part, access, actor=request.user, dry_run=True)
        reading = SheetReading.from_data(sheet_import.reading)
        context.update(
            result=result,
            reading=reading,
            sections=_sections(result),
            counts={a: result.count(a) for a in ("add", "update", "unchanged", "error")},
            writable=result.count("add") + result.count("update"),
            converted=sum(1 for r in result.rows if r.notes),
        )
    return render(request, "plans/sheet_import_preview.html", page_context(access, **context))


@require_GET
def sheet_import_errors(
    request: HttpRequest, document_id: int, slug: str, import_id: int
) -> HttpResponse:
    """The rows that were not (or would not be) imported, as a workbook in the
    template's layout with the reasons: fix and upload again."""
    document, access = _outline(request, document_id)
    part = importing.sheet_part(slug)
    sheet_import = _own_import(request, document, part, import_id)
    if sheet_import.status not in {SheetImport.Status.PENDING, SheetImport.Status.APPLIED}:
        raise Http404("nothing read")
    reading = SheetReading.from_data(sheet_import.reading)
    if sheet_import.status == SheetImport.Status.APPLIED:
        errors = importing.stored_errors(sheet_import, reading)
    else:
        errors = importing.run(sheet_import, part, access, actor=request.user, dry_run=True).errors
    plan = document.plan
    form = importing.blank_form(part, plan, None)
    title = _("%(title)s：未导入的行") % {"title": importing.template_title(part, plan)}
    content = errors_workbook(part, form, title, reading, errors)
    log_activity(request.user, "download", sheet_import, plan_id=plan.pk, county_id=plan.county_id)
    name = importing.template_filename(part, plan, suffix=_("-未导入的行"))
    response = HttpResponse(content, content_type=exporters.XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
