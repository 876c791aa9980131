"""The planning office's pages for publishing, and the public's pages (no login).

The public pages read a published consultation's frozen version and nothing else:
not the live draft, not the people who wrote it, not another plan. They may be
cached by browsers and proxies for a few minutes, since the text never changes.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.models import County
from apps.accounts.security import client_ip
from apps.consultation import actions, throttle
from apps.consultation.forms import ConsultationForm, SuggestionForm
from apps.consultation.models import Consultation
from apps.core.text import as_id
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


def _consultation(document, consultation_id: int) -> Consultation:
    return get_object_or_404(document.consultations.select_related("version"), pk=consultation_id)


@require_GET
def suggestion_list(request: HttpRequest, document_id: int, consultation_id: int) -> HttpResponse:
    """What came in, newest first, hidden ones marked; the contacts are shown to
    the planning office only."""
    document, access = get_document_for_user(request, document_id)
    consultation = _consultation(document, consultation_id)
    shown = request.GET.get("show", "")
    suggestions = consultation.suggestions.order_by("-created_at", "-id")
    if shown == "hidden":
        suggestions = suggestions.filter(hidden=True)
    elif shown != "all":
        suggestions = suggestions.filter(hidden=False)
    return render(
        request,
        "consultation/suggestions.html",
        page_context(
            access,
            consultation=consultation,
            suggestions=suggestions[:500],
            total=consultation.suggestions.count(),
            hidden=consultation.suggestions.filter(hidden=True).count(),
            shown=shown,
            show_contacts=access.can_manage,
        ),
    )


@require_POST
def suggestion_hide(
    request: HttpRequest, document_id: int, consultation_id: int, suggestion_id: int
) -> HttpResponse:
    """Moderation: a suggestion is hidden (spam, abuse), never deleted; shown again
    by the same button."""
    document, _access = get_document_for_user(request, document_id, manage=True)
    consultation = _consultation(document, consultation_id)
    suggestion = get_object_or_404(consultation.suggestions, pk=suggestion_id)
    hide = request.POST.get("hide") == "1"
    reason = request.POST.get("reason", "").strip()[:200]
    actions.suggestion_moderate(suggestion, actor=request.user, hide=hide, reason=reason)
    messages.success(request, _("已屏蔽这条意见。") if hide else _("已恢复这条意见。"))
    return redirect("suggestion_list", document_id=document.pk, consultation_id=consultation.pk)


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


def _node_in(consultation: Consultation, raw) -> dict | None:
    """A chapter of the published version by id, or None for the plan as a whole."""
    pk = as_id(raw)
    return next((n for n in consultation.chapters() if n["id"] == pk), None)


def _too_many(request: HttpRequest, consultation: Consultation) -> HttpResponse | None:
    """Count this attempt; the 429 page once an address, or everyone together on
    this consultation, has sent as many as the window allows."""
    window = settings.PLANNER_SUGGESTION_WINDOW_SECONDS
    mine = throttle.take(
        "suggest-address",
        throttle.client_key(client_ip(request)),
        limit=settings.PLANNER_SUGGESTIONS_PER_ADDRESS,
        window=window,
    )
    everyone = throttle.take(
        "suggest-consultation",
        str(consultation.pk),
        limit=settings.PLANNER_SUGGESTIONS_PER_CONSULTATION,
        window=window,
    )
    if mine and everyone:
        return None
    response = render(
        request,
        "consultation/public_throttled.html",
        {"consultation": consultation, "county": consultation.county, "minutes": window // 60},
        status=429,
    )
    response["Retry-After"] = str(window)
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def public_suggest(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """The suggestion form, for the plan as a whole or one chapter (``node``),
    with the passage a reader selected (``quote``)."""
    consultation = _published(consultation_id)
    source = request.POST if request.method == "POST" else request.GET
    node = _node_in(consultation, source.get("node"))
    context = {"consultation": consultation, "county": consultation.county, "node": node}
    if not consultation.is_open():
        return render(request, "consultation/public_suggest.html", context, status=403)
    if request.method == "GET":
        form = SuggestionForm(
            consultation=consultation, initial={"quote": request.GET.get("quote", "")[:1000]}
        )
        return render(request, "consultation/public_suggest.html", {**context, "form": form})
    refused = _too_many(request, consultation)
    if refused is not None:
        return refused
    form = SuggestionForm(request.POST, consultation=consultation)
    if form.is_robot:
        # Told the same as a person, so a robot learns nothing; nothing is stored.
        return redirect("public_thanks", consultation_id=consultation.pk)
    if not form.is_valid():
        return render(request, "consultation/public_suggest.html", {**context, "form": form})
    data = form.cleaned_data
    actions.suggestion_submit(
        consultation,
        node=node,
        client=throttle.client_key(client_ip(request)),
        quote=data["quote"],
        text=data["text"],
        topic=data["topic"],
        name=data["name"],
        organisation=data["organisation"],
        contact=data["contact"],
    )
    return redirect("public_thanks", consultation_id=consultation.pk)


@_public
def public_thanks(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _published(consultation_id)
    return render(
        request,
        "consultation/public_thanks.html",
        {"consultation": consultation, "county": consultation.county},
    )
