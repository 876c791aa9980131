from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.models import Department
from apps.core.activity import log_activity
from apps.core.text import as_id, safe_filename
from apps.exports import exporters
from apps.exports.models import ExportJob
from apps.exports.render import print_html
from apps.exports.services import TooManyExports, export_request
from apps.plans.access import get_document_for_user
from apps.plans.pages import page_context
from apps.plans.policy import Action


def _job(document, job_id: int) -> ExportJob:
    return get_object_or_404(ExportJob.objects.for_document(document), pk=job_id)


# Forms posted before exports had exporters named a kind.
LEGACY_KINDS = {"plan": exporters.OUTLINE_PDF, "opinions": exporters.OPINIONS_PDF}


@require_POST
def export_create(request: HttpRequest, document_id: int) -> HttpResponse:
    # Reading is enough: anyone who may read the document may take a file of it.
    document, access = get_document_for_user(request, document_id)
    key = request.POST.get("exporter") or LEGACY_KINDS.get(
        request.POST.get("kind", ""), exporters.OUTLINE_PDF
    )
    exporter = exporters.get(key)
    asked = {name for name in exporter.options if request.POST.get(name)}
    if "version" in asked and not exporter.clean_options(
        {"version": request.POST["version"]}, document
    ):
        raise Http404("no such version")
    if asked & exporter.managed_options:
        # Only the planning office decides what goes into a draft beyond the plan.
        access.require(Action.MANAGE, document, request)
        if document.is_final:
            messages.error(request, _("审议通过的规划纲要不附体检报告；请导出不带附录的正式文本。"))
            return redirect("export_list", document_id=document.pk)
    for name in asked & exporter.department_options:
        # A department's draft with its opinions: the planning office may make one
        # for any department, a member only for their own.
        wanted = request.POST.get(name, "")
        if not access.can_manage and as_id(wanted) not in access.principal.departments:
            access.require(Action.MANAGE, document, request)
    try:
        outcome = export_request(document, request.user, exporter.key, request.POST)
    except TooManyExports as exc:
        messages.error(request, str(exc))
        return redirect("export_list", document_id=document.pk)
    if outcome.reused and outcome.job.status == ExportJob.Status.SUCCEEDED:
        messages.info(
            request,
            _("内容自上次导出后没有变化，直接提供已生成的%(format)s。")
            % {"format": exporter.extension.upper()},
        )
    return redirect("export_detail", document_id=document.pk, job_id=outcome.job.pk)


@require_GET
def export_list(request: HttpRequest, document_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    jobs = ExportJob.objects.for_document(document).select_related("requested_by")
    return render(
        request,
        "exports/export_list.html",
        page_context(access, jobs=jobs, opinion_departments=_opinion_departments(access)),
    )


def _opinion_departments(access) -> list:
    """Departments whose open opinions may go into a Word draft as comments: any of
    the county's for the planning office, a member's own otherwise."""
    departments = Department.objects.filter(county_id=access.plan.county_id).order_by(
        "position", "pk"
    )
    if not access.can_manage:
        departments = departments.filter(pk__in=access.principal.departments)
    return list(departments)


@never_cache
@require_GET
def export_detail(request: HttpRequest, document_id: int, job_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    job = _job(document, job_id)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "exports/export_detail.html#job-status",
            {"plan": document.plan, "document": document, "job": job},
        )
    return render(request, "exports/export_detail.html", page_context(access, job=job))


@never_cache
@require_GET
def export_download(request: HttpRequest, document_id: int, job_id: int) -> FileResponse:
    document, _access = get_document_for_user(request, document_id)
    job = _job(document, job_id)
    if job.status != ExportJob.Status.SUCCEEDED or not job.file:
        raise Http404("no file for this export")
    return file_response(request, document, job)


def file_response(request: HttpRequest, document, job: ExportJob) -> HttpResponse:
    """The job's file as a logged download, from the storage it was saved to (the
    file system under MEDIA_ROOT, or an object store that every web and worker host
    shares): opened through the storage API, never by a path on this machine. The
    linkage package's page uses it too."""
    storage, stored = job.file.storage, job.file.name
    if not storage.exists(stored):
        # Deleted behind the app's back (a bucket's expiry rule, a database restored
        # without its files): as good as pruned, and exporting again makes it anew.
        raise Http404("the export's file is not in the storage")
    log_activity(
        request.user,
        "download",
        job,
        plan_id=document.plan_id,
        county_id=document.plan.county_id,
    )
    exporter = job.exporter_info
    name = safe_filename(job.download_name)
    handle = storage.open(stored, "rb")
    if exporter.inline:
        # A small file made in the request: sent in one piece.
        with handle:
            response = HttpResponse(handle.read(), content_type=exporter.content_type)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    # Streamed block by block; the response closes the file when it is sent.
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type=exporter.content_type
    )


@never_cache
@require_GET
def opinions_xlsx(request: HttpRequest, document_id: int) -> HttpResponse:
    """The 意见采纳情况汇总表 as a workbook, with the opinion list's filters: an
    inline export, so it is made (or reused) in this request and downloaded."""
    document, _access = get_document_for_user(request, document_id)
    job = export_request(
        document, request.user, exporters.OPINIONS_XLSX, {"filters": request.GET}
    ).job
    if job.status != ExportJob.Status.SUCCEEDED or not job.file:
        messages.error(request, job.error or _("汇总表没有生成，请稍后重试。"))
        return redirect("opinion_list", document_id=document.pk)
    return file_response(request, document, job)


@require_GET
def print_preview(request: HttpRequest, document_id: int) -> HttpResponse:
    """The print HTML in the browser, for coordinators checking the layout."""
    document, _access = get_document_for_user(request, document_id, manage=True)
    return HttpResponse(print_html(document, for_browser=True))
