"""The feedback notice (意见采纳情况反馈) as a PDF, through the export worker.

It prints the notice as published (``Consultation.feedback``, frozen when the
office publishes it), so its fingerprint is the hash of that copy: publishing
again makes a new file, nothing else does. The public downloads the newest file
made of the copy on the public page (apps/consultation/views.py).
"""

import hashlib
import json

from django.http import Http404
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.text import as_id
from apps.exports.exporters import PDF, Exporter, RenderContext, Rendered, register
from apps.plans.models import Document

FEEDBACK_PDF = "consultation_feedback"


def _consultation_option(value, document: Document) -> int | None:
    from apps.consultation.models import Consultation

    pk = as_id(value)
    found = Consultation.objects.filter(document=document, pk=pk).exists() if pk else False
    return pk if found else None


def _consultation(document: Document, options: dict):
    from apps.consultation.models import Consultation

    consultation = (
        Consultation.objects.select_related("document__plan__county")
        .filter(pk=options.get("consultation") or 0, document=document)
        .exclude(feedback_published_at=None)
        .first()
    )
    if consultation is None:
        raise Http404("a feedback notice is made of a published one")
    return consultation


def notice_fingerprint(feedback: dict) -> str:
    data = json.dumps(feedback, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{FEEDBACK_PDF}:{data}".encode()).hexdigest()


def _fingerprint(document: Document, options: dict) -> str:
    consultation = _consultation(document, options)
    return consultation.feedback_fingerprint or notice_fingerprint(consultation.feedback)


def _render(document: Document, options: dict, progress, context: RenderContext) -> Rendered:
    from apps.exports.render import render_html_pdf, stylesheet_path

    progress(5, _("整理采纳情况"))
    consultation = _consultation(document, options)
    html = render_to_string(
        "consultation/feedback_print.html",
        {"notice": consultation.feedback, "stylesheet_url": stylesheet_path().as_uri()},
    )
    progress(15, _("生成排版文件"))
    result = render_html_pdf(html, progress=progress, expected_pages=context.expected_pages)
    return Rendered(result.pdf, result.page_count)


def _filename(job) -> str:
    from apps.consultation.models import Consultation

    title = (
        Consultation.objects.filter(pk=job.options.get("consultation"))
        .values_list("title", flat=True)
        .first()
    )
    title = title or job.document.title
    # “…公开征求意见” + “意见采纳情况反馈” would say 意见 twice.
    if title.endswith("意见"):
        return _("%(title)s采纳情况反馈.pdf") % {"title": title}
    return _("%(title)s意见采纳情况反馈.pdf") % {"title": title}


register(
    Exporter(
        key=FEEDBACK_PDF,
        label=gettext_lazy("征求意见采纳情况反馈 PDF"),
        extension="pdf",
        content_type=PDF,
        fingerprint=_fingerprint,
        render=_render,
        options={"consultation": _consultation_option},
        filename=_filename,
        records_scorecard=False,
        subject=_consultation,
    )
)
