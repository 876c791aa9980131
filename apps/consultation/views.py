"""The planning office's pages for publishing, and the public's pages (no login).

The public pages read a published consultation's frozen version and nothing else:
not the live draft, not the people who wrote it, not another plan. They may be
cached by browsers and proxies for a few minutes, since the text never changes.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.models import County, Department
from apps.accounts.security import client_ip
from apps.consultation import actions, charts, feedback, importing, throttle
from apps.consultation.exporters import FEEDBACK_PDF
from apps.consultation.forms import (
    AnswerForm,
    ConsultationForm,
    ImportForm,
    NoticeForm,
    OfflineSuggestionForm,
    SortForm,
    SuggestionForm,
)
from apps.consultation.models import Consultation, Suggestion, SuggestionImport
from apps.core.text import as_id, safe_filename
from apps.exports.excel.reader import SheetFileError
from apps.exports.models import ExportJob
from apps.exports.services import TooManyExports
from apps.plans.access import get_document_for_user
from apps.plans.pages import page_context
from apps.plans.policy import Action

PUBLIC_MAX_AGE = 300
SUGGESTIONS_PER_PAGE = 50
IMPORT_PREVIEW_ROWS = 500
MEMBERS_SHOWN = 5
DETAIL_MEMBERS = 200
FEEDBACK_PER_PAGE = 100


# The planning office ------------------------------------------------------------------


@require_GET
def consultation_list(request: HttpRequest, document_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    consultations = document.consultations.select_related("version", "published_by").defer(
        "feedback"
    )
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
    # The published notice (a large JSON) is read only where it is shown.
    return get_object_or_404(
        document.consultations.select_related("version").defer("feedback"), pk=consultation_id
    )


class SuggestionFilter(forms.Form):
    """The list's filters and order; anything strange reads as no filter."""

    show = forms.ChoiceField(
        required=False,
        choices=[("", _l("正常")), ("hidden", _l("已屏蔽")), ("all", _l("全部"))],
    )
    state = forms.ChoiceField(required=False)
    topic = forms.CharField(required=False, max_length=30)
    node = forms.CharField(required=False, max_length=20)
    channel = forms.ChoiceField(required=False)
    department = forms.CharField(required=False, max_length=20)
    q = forms.CharField(required=False, max_length=50)
    order = forms.ChoiceField(
        required=False,
        choices=[
            ("", _l("按时间")),
            ("topic", _l("按主题")),
            ("chapter", _l("按章节")),
            ("people", _l("按人次")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            ("", _l("全部")),
            ("open", _l("待答复")),
            *Suggestion.Answer.choices,
        ]
        self.fields["channel"].choices = [("", _l("全部")), *Suggestion.Channel.choices]


def _filtered(consultation: Consultation, data) -> tuple[SuggestionFilter, QuerySet]:
    """The groups (a suggestion and those merged into it) the filters leave, with
    their size and people."""
    form = SuggestionFilter(data)
    values = form.cleaned_data if form.is_valid() else {}
    rows = consultation.suggestions.filter(merged_into=None).select_related(
        "department", "answered_by", "revision"
    )
    show = values.get("show", "")
    if show == "hidden":
        rows = rows.filter(hidden=True)
    elif show != "all":
        rows = rows.filter(hidden=False)
    state = values.get("state", "")
    if state == "open":
        rows = rows.filter(answer="")
    elif state:
        rows = rows.filter(answer=state)
    if values.get("topic"):
        rows = rows.filter(topic="" if values["topic"] == "-" else values["topic"])
    rows = _none_or_id(rows, "node_id", values.get("node", ""))
    if values.get("channel"):
        rows = rows.filter(channel=values["channel"])
    rows = _none_or_id(rows, "department_id", values.get("department", ""))
    if values.get("q"):
        rows = rows.filter(text__icontains=values["q"])
    order = values.get("order", "")
    if order == "topic":
        rows = rows.order_by(_position("topic", consultation.topics), "created_at", "id")
    elif order == "chapter":
        chapters = [n["id"] for n in consultation.chapters()]
        rows = rows.order_by(_position("node_id", chapters), "created_at", "id")
    elif order == "people":
        # Only this order needs the groups' people from the database; otherwise
        # they are added up for the page shown (``suggestion_list``).
        members = (
            Suggestion.objects.filter(merged_into=OuterRef("pk"), hidden=False)
            .values("merged_into")
            .annotate(total=Sum("people"))
            .values("total")
        )
        rows = rows.annotate(group_people=F("people") + Coalesce(Subquery(members), 0)).order_by(
            "-group_people", "-created_at", "-id"
        )
    else:
        rows = rows.order_by("-created_at", "-id")
    return form, rows


def _none_or_id(rows: QuerySet, field: str, value: str) -> QuerySet:
    """A filter on ``field``: "-" for none, an id for that one, else no filter."""
    if value == "-":
        return rows.filter(**{field: None})
    pk = as_id(value)
    return rows if pk is None else rows.filter(**{field: pk})


def _position(field: str, values: list):
    """Order by where a value stands in ``values`` (the consultation's topics, the
    version's chapters); others last."""
    whens = [When(**{field: value}, then=Value(i)) for i, value in enumerate(values[:200])]
    return Case(*whens, default=Value(len(values)), output_field=IntegerField())


@require_GET
def suggestion_list(request: HttpRequest, document_id: int, consultation_id: int) -> HttpResponse:
    """What came in, grouped (a suggestion with those merged into it), filtered and
    sorted; ticked ones are sorted or merged in one go. The contacts are shown to
    the planning office only."""
    document, access = get_document_for_user(request, document_id)
    consultation = _consultation(document, consultation_id)
    access.require(Action.VIEW, consultation, request)
    form, groups = _filtered(consultation, request.GET)
    page = Paginator(groups, SUGGESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    # The groups' size and people in one query, and the first few of each
    # group's members in another (a merged flood may have thousands).
    heads = [g.pk for g in page.object_list]
    members = consultation.suggestions.filter(merged_into__in=heads, hidden=False)
    sizes = {
        row["merged_into"]: row
        for row in members.values("merged_into").annotate(n=Count("id"), people=Sum("people"))
    }
    shown = (
        members.annotate(
            rank=Window(RowNumber(), partition_by=F("merged_into"), order_by=("created_at", "id"))
        )
        .filter(rank__lte=MEMBERS_SHOWN)
        .order_by("created_at", "id")
    )
    first = {}
    for member in shown:
        first.setdefault(member.merged_into_id, []).append(member)
    for group in page.object_list:
        size = sizes.get(group.pk, {"n": 0, "people": 0})
        group.members = first.get(group.pk, [])
        group.member_count = size["n"]
        group.group_people = group.people + (size["people"] or 0)
    query = request.GET.copy()
    query.pop("page", None)
    manage = access.can(Action.MANAGE, consultation)
    counts = consultation.suggestions.aggregate(
        all=Count("id"),
        moderated=Count("id", filter=Q(hidden=True)),
        waiting=Count("id", filter=Q(hidden=False, merged_into=None, answer="")),
    )
    return render(
        request,
        "consultation/suggestions.html",
        page_context(
            access,
            consultation=consultation,
            page=page,
            filters=form,
            query=query.urlencode(),
            counts=counts,
            chapters=consultation.chapters(),
            departments=Department.objects.filter(county_id=document.plan.county_id),
            sort_form=SortForm(consultation=consultation) if manage else None,
            show_contacts=manage,
            can_manage=manage,
            identical=_identical_count(consultation) if manage else 0,
        ),
    )


def _identical_count(consultation: Consultation) -> int:
    """How many suggestions repeat an earlier one word for word and are not merged."""
    repeated = (
        consultation.suggestions.filter(hidden=False, merged_into=None)
        .values("fingerprint")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    return sum(row["n"] - 1 for row in repeated)


def _back_to_list(request: HttpRequest, document, consultation) -> HttpResponse:
    query = request.POST.get("query", "")[:500]
    url = reverse("suggestion_list", args=[document.pk, consultation.pk])
    return redirect(f"{url}?{query}" if query else url)


@require_POST
def suggestion_bulk(request: HttpRequest, document_id: int, consultation_id: int) -> HttpResponse:
    """The ticked suggestions: merged into one group, or given a topic, a chapter
    and a department."""
    document, access = get_document_for_user(request, document_id)
    consultation = _consultation(document, consultation_id)
    access.require(Action.MANAGE, consultation, request)
    ids = [pk for pk in (as_id(v) for v in request.POST.getlist("ids")[:500]) if pk is not None]
    operation = request.POST.get("operation")
    if operation == "identical":
        merged = actions.merge_identical(consultation, actor=request.user)
        messages.success(request, _("已合并%(n)s条内容相同的意见。") % {"n": merged})
        return _back_to_list(request, document, consultation)
    if not ids:
        messages.error(request, _("请先勾选意见。"))
        return _back_to_list(request, document, consultation)
    if operation == "merge":
        try:
            primary = actions.suggestions_merge(consultation, ids, actor=request.user)
        except actions.SuggestionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("已合并为一条（第%(pk)s号意见），人次合计。") % {"pk": primary.pk},
            )
        return _back_to_list(request, document, consultation)
    form = SortForm(request.POST, consultation=consultation)
    if not form.is_valid():
        errors = "；".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, errors)
        return _back_to_list(request, document, consultation)
    count = actions.suggestions_sort(consultation, ids, actor=request.user, **form.changes())
    messages.success(request, _("已更新%(n)s条意见的分类。") % {"n": count})
    return _back_to_list(request, document, consultation)


def _suggestion(consultation: Consultation, suggestion_id: int) -> Suggestion:
    return get_object_or_404(
        consultation.suggestions.select_related("department", "revision", "merged_into"),
        pk=suggestion_id,
    )


@require_http_methods(["GET", "POST"])
def suggestion_detail(
    request: HttpRequest, document_id: int, consultation_id: int, suggestion_id: int
) -> HttpResponse:
    """One suggestion with those merged into it, and its answer."""
    document, access = get_document_for_user(request, document_id)
    consultation = _consultation(document, consultation_id)
    suggestion = _suggestion(consultation, suggestion_id)
    suggestion.consultation = consultation
    access.require(Action.VIEW, suggestion, request)
    may_answer = access.can(Action.DISPOSE, suggestion) and not suggestion.merged_into_id
    form = None
    if may_answer:
        form = AnswerForm(request.POST if request.method == "POST" else None, suggestion=suggestion)
    if request.method == "POST":
        access.require(Action.DISPOSE, suggestion, request)
        if form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                actions.suggestion_answer(
                    suggestion,
                    actor=request.user,
                    row_version=data["row_version"],
                    answer=data["answer"],
                    answer_text=data["answer_text"],
                    revision=data["revision"] if data["answer"] in Suggestion.TAKEN_IN else None,
                    revision_note=data["revision_note"],
                    summary=data["summary"],
                )
            except actions.SuggestionRefused as refused:
                messages.error(request, refused.message)
                # The person's answer stays in the form, against the new row version.
                suggestion.refresh_from_db()
                form = AnswerForm(
                    {**request.POST.dict(), "row_version": suggestion.row_version},
                    suggestion=suggestion,
                )
            else:
                messages.success(request, _("答复已保存。"))
                return redirect(
                    "suggestion_detail",
                    document_id=document.pk,
                    consultation_id=consultation.pk,
                    suggestion_id=suggestion.pk,
                )
        elif form is None:
            messages.error(request, _("这条意见已合并，请在合并后的意见上答复。"))
    manage = access.can(Action.MANAGE, consultation)
    return render(
        request,
        "consultation/suggestion_detail.html",
        page_context(
            access,
            consultation=consultation,
            suggestion=suggestion,
            members=suggestion.duplicates.order_by("created_at", "id")[:DETAIL_MEMBERS],
            member_count=suggestion.duplicates.count(),
            form=form,
            show_contacts=manage,
            can_manage=manage,
            compare_url=_compare_url(document, consultation, suggestion),
        ),
    )


def _compare_url(document, consultation: Consultation, suggestion: Suggestion) -> str:
    """Where the revision that took the suggestion in can be seen: the comparison
    of the published version with it."""
    if not suggestion.revision_id:
        return ""
    url = reverse("version_compare", args=[document.pk])
    return f"{url}?a={consultation.version_id}&b={suggestion.revision_id}"


@require_POST
def suggestion_unmerge(
    request: HttpRequest, document_id: int, consultation_id: int, suggestion_id: int
) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    consultation = _consultation(document, consultation_id)
    access.require(Action.MANAGE, consultation, request)
    suggestion = _suggestion(consultation, suggestion_id)
    head = suggestion.merged_into_id
    try:
        actions.suggestion_unmerge(suggestion, actor=request.user)
    except actions.SuggestionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("已取消合并，这条意见单独答复。"))
    return redirect(
        "suggestion_detail",
        document_id=document.pk,
        consultation_id=consultation.pk,
        suggestion_id=head or suggestion.pk,
    )


@require_POST
def suggestion_hide(
    request: HttpRequest, document_id: int, consultation_id: int, suggestion_id: int
) -> HttpResponse:
    """Moderation: a suggestion is hidden (spam, abuse), never deleted; shown again
    by the same button."""
    document, access = get_document_for_user(request, document_id)
    consultation = _consultation(document, consultation_id)
    access.require(Action.MANAGE, consultation, request)
    suggestion = get_object_or_404(consultation.suggestions, pk=suggestion_id)
    hide = request.POST.get("hide") == "1"
    reason = request.POST.get("reason", "").strip()[:200]
    actions.suggestion_moderate(suggestion, actor=request.user, hide=hide, reason=reason)
    messages.success(request, _("已屏蔽这条意见。") if hide else _("已恢复这条意见。"))
    return _back_to_list(request, document, consultation)


@require_http_methods(["GET", "POST"])
def suggestion_create(request: HttpRequest, document_id: int, consultation_id: int) -> HttpResponse:
    """Staff enter a suggestion that came another way (a letter, a forum, a
    deputy's proposal), with its source."""
    document, access = get_document_for_user(request, document_id)
    consultation = _consultation(document, consultation_id)
    access.require(Action.MANAGE, consultation, request)
    form = OfflineSuggestionForm(
        request.POST if request.method == "POST" else None, consultation=consultation
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        node = data.pop("node")
        suggestion = actions.suggestion_enter(consultation, actor=request.user, node=node, **data)
        if suggestion.merged_into_id:
            messages.info(
                request,
                _("已录入。内容与第%(pk)s号意见相同，已合并到该条，人次合计。")
                % {"pk": suggestion.merged_into_id},
            )
        else:
            messages.success(request, _("已录入第%(pk)s号意见。") % {"pk": suggestion.pk})
        if "another" in request.POST:
            return redirect(
                "suggestion_create", document_id=document.pk, consultation_id=consultation.pk
            )
        return redirect("suggestion_list", document_id=document.pk, consultation_id=consultation.pk)
    return render(
        request,
        "consultation/suggestion_form.html",
        page_context(access, consultation=consultation, form=form),
    )


@require_http_methods(["GET", "POST"])
def suggestion_import(request: HttpRequest, document_id: int, consultation_id: int) -> HttpResponse:
    """A questionnaire export (CSV or Excel): read in the request within the
    spreadsheet limits, previewed row by row before anything is stored."""
    document, access = get_document_for_user(request, document_id)
    consultation = _consultation(document, consultation_id)
    access.require(Action.MANAGE, consultation, request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importing.read_questionnaire(upload.read(), upload.name, consultation)
        except SheetFileError as exc:
            form.add_error("file", exc.message)
        else:
            record = SuggestionImport.objects.create(
                consultation=consultation,
                filename=safe_filename(upload.name, max_length=200),
                size=upload.size,
                uploaded_by=request.user,
                result=result,
            )
            return redirect(
                "suggestion_import_preview",
                document_id=document.pk,
                consultation_id=consultation.pk,
                import_id=record.pk,
            )
    return render(
        request,
        "consultation/import.html",
        page_context(access, consultation=consultation, form=form, labels=importing.LABELS),
    )


@require_http_methods(["GET", "POST"])
def suggestion_import_preview(
    request: HttpRequest, document_id: int, consultation_id: int, import_id: int
) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    consultation = _consultation(document, consultation_id)
    access.require(Action.MANAGE, consultation, request)
    record = get_object_or_404(consultation.imports, pk=import_id)
    if request.method == "POST":
        if record.applied_at is not None:
            messages.info(request, _("这份文件已经导入过了。"))
        else:
            count = importing.import_apply(record, actor=request.user)
            messages.success(request, _("已导入%(n)s条意见。") % {"n": count})
        return redirect("suggestion_list", document_id=document.pk, consultation_id=consultation.pk)
    rows = record.result.get("rows", [])
    return render(
        request,
        "consultation/import_preview.html",
        page_context(
            access,
            consultation=consultation,
            record=record,
            rows=rows[:IMPORT_PREVIEW_ROWS],
            more=max(len(rows) - IMPORT_PREVIEW_ROWS, 0),
            good=sum(1 for r in rows if not r.get("error")),
            bad=sum(1 for r in rows if r.get("error")),
            repeats=sum(1 for r in rows if not r.get("error") and r.get("repeats")),
            headers=[(importing.LABELS[k], v) for k, v in record.result.get("headers", {}).items()],
            ignored=record.result.get("ignored", []),
        ),
    )


@require_GET
def consultation_statistics(
    request: HttpRequest, document_id: int, consultation_id: int
) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    consultation = _consultation(document, consultation_id)
    access.require(Action.VIEW, consultation, request)
    stats = feedback.statistics(consultation)
    return render(
        request,
        "consultation/statistics.html",
        page_context(
            access,
            consultation=consultation,
            stats=stats,
            charts=charts.statistics_charts(stats),
        ),
    )


@require_http_methods(["GET", "POST"])
def consultation_feedback(
    request: HttpRequest, document_id: int, consultation_id: int
) -> HttpResponse:
    """The feedback notice: previewed as it would be published now, published
    (frozen, with its PDF) by the planning office after the end date."""
    document, access = get_document_for_user(request, document_id)
    consultation = _consultation(document, consultation_id)
    access.require(Action.VIEW, consultation, request)
    form = NoticeForm(request.POST or None, instance=consultation)
    if request.method == "POST":
        access.require(Action.MANAGE, consultation, request)
        if form.is_valid():
            try:
                feedback.notice_publish(
                    consultation, actor=request.user, intro=form.cleaned_data["feedback_intro"]
                )
            except feedback.NoticeRefused as refused:
                messages.error(request, refused.message)
            except TooManyExports as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("采纳情况反馈已公开，PDF 正在生成。"))
                return redirect(
                    "consultation_feedback",
                    document_id=document.pk,
                    consultation_id=consultation.pk,
                )
    stats, groups = feedback.notice_groups(consultation)
    page = Paginator(groups, FEEDBACK_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "consultation/feedback.html",
        page_context(
            access,
            consultation=consultation,
            notice=feedback.notice_header(consultation, stats),
            items=feedback.notice_items(page.object_list, start=page.start_index()),
            page=page,
            form=form,
            can_manage=access.can(Action.MANAGE, consultation),
            unanswered=stats.unanswered,
            pdf=_notice_pdf(consultation),
        ),
    )


def _items_page(request: HttpRequest, notice: dict):
    """The answers of a notice a page at a time (a county's consultation has tens
    or hundreds; a campaign may bring thousands)."""
    return Paginator(notice.get("items", []), FEEDBACK_PER_PAGE).get_page(request.GET.get("page"))


def _notice_pdf(consultation: Consultation) -> ExportJob | None:
    """The newest PDF made of the notice as published (None before it is made)."""
    if not consultation.feedback_published:
        return None
    return (
        ExportJob.objects.filter(
            document_id=consultation.document_id,
            exporter=FEEDBACK_PDF,
            options__consultation=consultation.pk,
            fingerprint=consultation.feedback_fingerprint,
        )
        .order_by("-created_at")
        .first()
    )


# The public -----------------------------------------------------------------------------


def _public(view):
    """No login, GET only, and cacheable for a few minutes by anyone."""
    view = cache_control(public=True, max_age=PUBLIC_MAX_AGE)(view)
    return login_not_required(require_GET(view))


def _published(consultation_id: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.started()
        .select_related("version", "document__plan__county")
        .defer("feedback"),
        pk=consultation_id,
    )


@_public
def public_county(request: HttpRequest, code: str) -> HttpResponse:
    county = get_object_or_404(County, code=code)
    consultations = (
        Consultation.objects.started()
        .filter(document__plan__county=county)
        .select_related("document")
        .defer("feedback")
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
    # An address over its own limit is not counted against everyone's: one
    # flooding machine must not close the form for the rest of the county.
    everyone = mine and throttle.take(
        "suggest-consultation",
        str(consultation.pk),
        limit=settings.PLANNER_SUGGESTIONS_PER_CONSULTATION,
        window=window,
    )
    if mine and everyone:
        return None
    return _throttled(request, consultation)


def _throttled(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    """The Chinese 429 page, with when to come back."""
    window = settings.PLANNER_SUGGESTION_WINDOW_SECONDS
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
    node = consultation.chapter(source.get("node"))
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


@_public
def public_feedback(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """The feedback notice as published (404 before): totals and answers, never a
    name, an organisation or a contact."""
    consultation = _published(consultation_id)
    if not consultation.feedback_published:
        raise Http404("no feedback notice published")
    return render(
        request,
        "consultation/public_feedback.html",
        {
            "consultation": consultation,
            "county": consultation.county,
            "notice": consultation.feedback,
            "page": _items_page(request, consultation.feedback),
            "pdf": _notice_pdf(consultation),
        },
    )


@login_not_required
@require_GET
def public_feedback_pdf(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """The notice's PDF, as the export worker made it of the published notice
    (404 while it is being made); downloads are counted per address."""
    consultation = _published(consultation_id)
    job = _notice_pdf(consultation)
    if job is None or job.status != ExportJob.Status.SUCCEEDED or not job.file:
        raise Http404("the notice's PDF is not ready")
    allowed = throttle.take(
        "feedback-pdf",
        throttle.client_key(client_ip(request)),
        limit=settings.PLANNER_PUBLIC_DOWNLOADS_PER_ADDRESS,
        window=settings.PLANNER_SUGGESTION_WINDOW_SECONDS,
    )
    if not allowed:
        return _throttled(request, consultation)
    storage, stored = job.file.storage, job.file.name
    if not storage.exists(stored):
        raise Http404("the notice's file is not in the storage")
    response = FileResponse(
        storage.open(stored, "rb"),
        as_attachment=True,
        filename=safe_filename(job.download_name),
        content_type="application/pdf",
    )
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response
