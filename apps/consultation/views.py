"""The planning office's pages for publishing, and the public's pages (no login).

The public pages read a published consultation's frozen version and nothing else:
not the live draft, not the people who wrote it, not another plan. They may be
cached by browsers and proxies for a few minutes, since the text never changes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.models import County
from apps.consultation import actions
from apps.consultation.forms import ConsultationForm
from apps.consultation.models import Consultation
from apps.plans.access import get_document_for_user
from apps.plans.pages import page_context

PUBLIC_MAX_AGE = 300


# The planning office ------------------------------------------------------------------


@require_GET
def consultation_list(request: HttpRequest, document_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    consultations = document.consultations.select_related("version", "published_by")
    return render(
        request,
        "consultation/list.html",
        page_context(access, consultations=consultations),
    )


@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest, document_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id, manage=True)
    form = ConsultationForm(request.POST if request.method == "POST" else None, document=document)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consultation = actions.consultation_publish(
            document,
            actor=request.user,
            version=data["version"],
            topics=data["topics_text"],
            title=data["title"],
            explanation=data["explanation"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            channels=data["channels"],
        )
        messages.success(
            request,
            _("已发布“%(title)s”，公众自%(day)s起可以阅读。")
            % {"title": consultation.title, "day": consultation.starts_on.isoformat()},
        )
        return redirect("consultation_list", document_id=document.pk)
    return render(request, "consultation/form.html", page_context(access, form=form))


# The public -----------------------------------------------------------------------------


def _public(view):
    """No login, GET only, and cacheable for a few minutes by anyone."""
    view = cache_control(public=True, max_age=PUBLIC_MAX_AGE)(view)
    return login_not_required(require_GET(view))


def _published(consultation_id: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.started().select_related("version", "document__plan__county"),
        pk=consultation_id,
    )


@_public
def public_county(request: HttpRequest, code: str) -> HttpResponse:
    county = get_object_or_404(County, code=code)
    consultations = (
        Consultation.objects.started()
        .filter(document__plan__county=county)
        .select_related("document")
    )
    return render(
        request,
        "consultation/public_county.html",
        {"county": county, "consultations": consultations},
    )


@_public
def public_consultation(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _published(consultation_id)
    return render(
        request,
        "consultation/public_consultation.html",
        {
            "consultation": consultation,
            "county": consultation.county,
            "chapters": consultation.chapters(),
        },
    )


@_public
def public_chapter(request: HttpRequest, consultation_id: int, node_id: int) -> HttpResponse:
    consultation = _published(consultation_id)
    chapters = consultation.chapters()
    position = next((i for i, n in enumerate(chapters) if n["id"] == node_id), None)
    if position is None:
        raise Http404("no such chapter in the published version")
    return render(
        request,
        "consultation/public_chapter.html",
        {
            "consultation": consultation,
            "county": consultation.county,
            "node": chapters[position],
            "previous": chapters[position - 1] if position else None,
            "next": chapters[position + 1] if position + 1 < len(chapters) else None,
        },
    )
