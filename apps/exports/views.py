from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.core.activity import log_activity
from apps.core.text import safe_filename
from apps.exports.models import ExportJob
from apps.exports.render import print_html
from apps.exports.services import TooManyExports, export_request
from apps.plans.access import get_document_for_user
from apps.plans.pages import page_context
from apps.plans.policy import Action


def _job(document, job_id: int) -> ExportJob:
    return get_object_or_404(ExportJob.objects.for_document(document), pk=job_id)


@require_POST
def export_create(request: HttpRequest, document_id: int) -> HttpResponse:
    # Reading is enough: anyone who may read the document may take a PDF of it.
    document, access = get_document_for_user(request, document_id)
    kind = request.POST.get("kind") or ExportJob.Kind.PLAN
    if kind not in ExportJob.Kind.values:
        raise Http404("no such export")
    with_scorecard = kind == ExportJob.Kind.PLAN and bool(request.POST.get("with_scorecard"))
    if with_scorecard:
        # Only the planning office decides what goes into a draft beyond the plan.
        access.require(Action.MANAGE, document, request)
        if document.is_final:
            messages.error(request, _("审议通过的规划纲要不附体检报告；请导出不带附录的正式文本。"))
            return redirect("export_list", document_id=document.pk)
    try:
        outcome = export_request(document, request.user, kind, with_scorecard=with_scorecard)
    except TooManyExports as exc:
        messages.error(request, str(exc))
        return redirect("export_list", document_id=document.pk)
    if outcome.reused and outcome.job.status == ExportJob.Status.SUCCEEDED:
        messages.info(request, _("规划内容自上次导出后没有变化，直接提供已生成的PDF。"))
    return redirect("export_detail", document_id=document.pk, job_id=outcome.job.pk)


@require_GET
def export_list(request: HttpRequest, document_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    jobs = ExportJob.objects.for_document(document).select_related("requested_by")
    return render(request, "exports/export_list.html", page_context(access, jobs=jobs))


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
    log_activity(
        request.user,
        "download",
        job,
        plan_id=document.plan_id,
        county_id=document.plan.county_id,
    )
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=safe_filename(job.download_name),
        content_type="application/pdf",
    )


@require_GET
def print_preview(request: HttpRequest, document_id: int) -> HttpResponse:
    """The print HTML in the browser, for coordinators checking the layout."""
    document, _access = get_document_for_user(request, document_id, manage=True)
    return HttpResponse(print_html(document, for_browser=True))
