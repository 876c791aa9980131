"""A monitoring year through Excel: the template of a department's rows (or all
rows), the upload, the preview with its dry run and the confirmation.

Anyone who reads the plan may download the year's sheet and check one against
it; what a confirmation reports is decided row by row by the policy, exactly as
on the entry page. An import is seen only by the person who uploaded it.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.models import Department
from apps.core.activity import log_activity
from apps.core.text import as_id, safe_filename
from apps.exports.excel import monitoring as sheets
from apps.exports.excel.reader import SheetFileError
from apps.exports.uploads import LimitedUploadForm
from apps.monitoring.models import MonitoringYear
from apps.plans.access import get_plan_for_user
from apps.plans.models import SheetImport
from apps.plans.pages import page_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 300


class MonitoringUploadForm(LimitedUploadForm):
    file = forms.FileField(
        label=gettext_lazy("Excel 表格（.xlsx 或 .xls）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.xlsm,.ods"}),
    )
    # A year's rows are a few hundred at most: read while the page waits.
    limit_setting = "SHEET_IMPORT_SYNC_BYTES"
    too_large_hint = gettext_lazy(
        "年度监测表只需包含本年度的行，请删去图片和无关的工作表后再上传。"
    )


def _year(request, plan_id: int, year: int, kind: str):
    if kind not in sheets.KINDS:
        raise Http404("no such table")
    plan, access = get_plan_for_user(request, plan_id)
    period = MonitoringYear.objects.filter(plan=plan, year=year).first()
    if period is None:
        raise Http404("no such monitoring year")
    period.plan = plan
    return plan, access, period


def _label(kind: str) -> str:
    return str(_("主要指标") if kind == "indicators" else _("重大项目"))


@require_GET
def monitoring_template(request: HttpRequest, plan_id: int, year: int, kind: str):
    """The year's sheet: one department's rows (?department=), or all of them."""
    plan, _access, period = _year(request, plan_id, year, kind)
    department = None
    raw = request.GET.get("department", "")
    if raw:
        department = get_object_or_404(
            Department.objects.filter(county_id=plan.county_id), pk=as_id(raw) or 0
        )
    rows = sheets.rows_of(period, kind, department.pk if department else None)
    title = _("%(county)s%(year)s年度%(what)s监测表%(dept)s") % {
        "county": plan.county.name,
        "year": year,
        "what": _label(kind),
        "dept": f"（{department.name}）" if department else "",
    }
    content = sheets.template_workbook(period, kind, rows, title)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, safe_filename(f"{title}.xlsx")
    )
    return response


@require_http_methods(["GET", "POST"])
def monitoring_import(request: HttpRequest, plan_id: int, year: int, kind: str):
    plan, access, period = _year(request, plan_id, year, kind)
    form = MonitoringUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            imported = sheets.start(plan, period, kind, form.cleaned_data["file"], request.user)
        except SheetFileError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("monitoring_import_preview", plan.pk, year, kind, imported.pk)
    own = [d for d in access.principal.departments]
    context = page_context(
        access,
        period=period,
        kind=kind,
        kind_label=_label(kind),
        form=form,
        departments=Department.objects.filter(pk__in=own)
        if not access.can_manage
        else Department.objects.filter(county_id=plan.county_id),
        limit_kb=settings.SHEET_IMPORT_SYNC_BYTES // 1024,
    )
    return render(request, "monitoring/sheet_import.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def monitoring_import_preview(
    request: HttpRequest, plan_id: int, year: int, kind: str, import_id: int
):
    plan, access, period = _year(request, plan_id, year, kind)
    imported = get_object_or_404(
        SheetImport.objects.filter(
            document__plan=plan, part=sheets.import_part(year, kind), uploaded_by=request.user
        ),
        pk=import_id,
    )
    if request.method == "POST":
        if "discard" in request.POST:
            SheetImport.objects.filter(pk=imported.pk, status=SheetImport.Status.PENDING).update(
                status=SheetImport.Status.DISCARDED
            )
            messages.info(request, _("已放弃这次导入，没有写入任何内容。"))
            return redirect("monitoring_import", plan.pk, year, kind)
        try:
            outcome = sheets.confirm(imported, period, kind, access, actor=request.user)
        except sheets.ImportRefused as exc:
            messages.error(request, exc.message)
        else:
            log_activity(
                request.user,
                "monitoring_import",
                plan,
                year=year,
                file=imported.filename,
                updated=outcome.count("update"),
                errors=outcome.count("error"),
            )
            messages.success(
                request,
                _("已报送 %(n)s 行，%(e)s 行有错误未导入。")
                % {"n": outcome.count("update"), "e": outcome.count("error")},
            )
        return redirect("monitoring_import_preview", plan.pk, year, kind, imported.pk)
    outcome = (
        sheets.dry_run(imported, period, kind, access)
        if imported.status == SheetImport.Status.PENDING
        else None
    )
    context = page_context(
        access,
        period=period,
        kind=kind,
        kind_label=_label(kind),
        imported=imported,
        outcome=outcome,
        sections={
            action: outcome.of(action)[:PREVIEW_ROWS] for action in ("update", "error", "unchanged")
        }
        if outcome
        else {},
    )
    return render(request, "monitoring/sheet_preview.html", context)
