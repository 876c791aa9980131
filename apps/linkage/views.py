"""衔接 pages: the county's rounds, one round as both sides see it, the frozen
version the city reads and comments on, the package, and the city's and the
province's pages over all the counties below them."""

import re

from django.contrib import messages
from django.db.models import Count, F, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.models import County, Department
from apps.core.numerals import five_year_plan_name
from apps.core.submissions import AlreadySubmitted, once
from apps.delivery.models import MajorProject
from apps.exports.models import ExportJob
from apps.exports.services import TooManyExports, export_request
from apps.exports.views import file_response
from apps.linkage import actions, compare
from apps.linkage.access import get_division_for_user, get_linkage_for_user
from apps.linkage.exporters import LINKAGE_PACKAGE
from apps.linkage.forms import AllocationForm, LinkageOpenForm, LinkageOpinionForm, ProjectMatchForm
from apps.linkage.models import IndicatorAllocation, Linkage, LinkedIndicator, LinkedProject
from apps.plans.access import get_document_for_user, get_plan_for_user
from apps.plans.models import Document
from apps.plans.outline import numbered
from apps.plans.pages import page_context
from apps.plans.policy import Action, can, principal_for
from apps.review.actions import snapshot_nodes
from apps.review.models import Opinion
from apps.targets.models import Indicator

# The county's side ----------------------------------------------------------------


@require_GET
def linkage_document(request: HttpRequest, document_id: int) -> HttpResponse:
    """The county's 衔接 rounds. Someone above who may read a round but not the
    document (a city given a frozen version) is taken to their latest round."""
    document = Document.objects.select_related("plan__county").filter(pk=document_id).first()
    if document is not None:
        principal = principal_for(request.user, document.plan.county_id)
        if not can(principal, Action.VIEW, document):
            for linkage in document.linkages.order_by("-number"):
                if can(principal, Action.VIEW, linkage):
                    return redirect("linkage_detail", linkage_id=linkage.pk)
    document, access = get_document_for_user(request, document_id)
    city = actions.city_above(document)
    rounds = document.linkages.select_related("version", "city", "opened_by").annotate(
        opinions=Count(
            "document__opinions",
            # The city's opinions left while this round was open.
            filter=Q(
                document__opinions__source_division=F("city"),
                document__opinions__parent=None,
                document__opinions__created_at__gte=F("opened_at"),
            )
            & (Q(closed_at__isnull=True) | Q(document__opinions__created_at__lte=F("closed_at"))),
        )
    )
    return render(
        request,
        "linkage/document.html",
        page_context(
            access,
            city=city,
            city_plan=actions.city_plan_for(document, city) if city else None,
            rounds=rounds,
            open_round=next((r for r in rounds if r.is_open), None),
            form=LinkageOpenForm(),
        ),
    )


@require_POST
def linkage_open(request: HttpRequest, document_id: int) -> HttpResponse:
    document, _access = get_document_for_user(request, document_id, manage=True)
    form = LinkageOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("说明不能超过2000字。"))
        return redirect("linkage_document", document_id=document.pk)
    try:
        linkage = actions.linkage_open(
            document,
            actor=request.user,
            share_draft=form.cleaned_data["share_draft"],
            note=form.cleaned_data["note"],
        )
    except actions.LinkageRefused as refused:
        messages.error(request, str(refused))
        return redirect("linkage_document", document_id=document.pk)
    messages.success(
        request,
        _("已冻结“%(name)s”并提交%(city)s衔接审核。")
        % {"name": linkage.version.name, "city": linkage.city.name},
    )
    return redirect("linkage_detail", linkage_id=linkage.pk)


def _row_version(request: HttpRequest, linkage: Linkage) -> int:
    """The round's version the page was made with; a garbled one is a stale page."""
    raw = request.POST.get("row_version", "")
    if not re.fullmatch(r"[0-9]{1,9}", raw):
        raise actions.LinkageRefused(_("页面已过期，请刷新页面后再操作。"))
    return int(raw)


@require_POST
def linkage_share(request: HttpRequest, linkage_id: int) -> HttpResponse:
    linkage, _principal = get_linkage_for_user(request, linkage_id, Action.MANAGE)
    share = request.POST.get("share_draft") == "1"
    try:
        linkage.row_version = _row_version(request, linkage)
        actions.linkage_share(linkage, actor=request.user, share_draft=share)
    except actions.LinkageRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("已向上级开放当前草稿。") if share else _("已停止开放当前草稿。")
        )
    return redirect("linkage_detail", linkage_id=linkage.pk)


@require_POST
def linkage_close(request: HttpRequest, linkage_id: int) -> HttpResponse:
    linkage, _principal = get_linkage_for_user(request, linkage_id, Action.MANAGE)
    try:
        linkage.row_version = _row_version(request, linkage)
        actions.linkage_close(linkage, actor=request.user)
    except actions.LinkageRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("本轮衔接论证已结束。"))
    return redirect("linkage_detail", linkage_id=linkage.pk)


# One round -------------------------------------------------------------------------


def _round_context(linkage: Linkage, principal) -> dict:
    document = linkage.document
    city_plan = actions.city_plan_for(document, linkage.city)
    lines = compare.indicator_lines(city_plan, [linkage])
    cells = [(line, line.cells[0]) for line in lines]
    linked = {cell.row.pk for _line, cell in cells if cell.row is not None}
    unlinked = LinkedIndicator.objects.filter(linkage=linkage).exclude(pk__in=linked)
    projects = list(
        LinkedProject.objects.filter(linkage=linkage).select_related("city_project", "confirmed_by")
    )
    province = linkage.city if linkage.city.level == County.Level.PROVINCE else linkage.city.parent
    flags = compare.project_flags(
        compare.latest_rounds([linkage.city], document.plan.target_year),
        compare.province_plan_for(province, document.plan.target_year),
    )
    duplicated = {
        row.pk: [other for other in group if other.linkage_id != linkage.pk]
        for group in flags.duplicates
        for row in group
        if row.linkage_id == linkage.pk
    }
    unlisted = {row.pk for row in flags.unlisted if row.linkage_id == linkage.pk}
    for row in projects:
        row.duplicates = duplicated.get(row.pk, [])
        row.unlisted = row.pk in unlisted
    opinions = (
        Opinion.objects.filter(document=document, source_division=linkage.city, parent=None)
        .select_related("node", "department", "author", "disposed_by", "source_division")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Opinion.objects.select_related("author", "department", "source_division"),
            )
        )
        .order_by("created_at", "id")
    )
    may_decide = can(principal, Action.DECIDE, linkage)
    city_projects = MajorProject.objects.filter(plan=city_plan) if city_plan else None
    return {
        "linkage": linkage,
        "document": document,
        "plan": document.plan,
        "city_plan": city_plan,
        "indicator_cells": cells,
        "unlinked": unlinked,
        "projects": projects,
        "opinions": opinions,
        "may_manage": can(principal, Action.MANAGE, linkage),
        "may_comment": can(principal, Action.COMMENT, linkage),
        "may_decide": may_decide,
        "may_read_draft": linkage.share_draft
        and linkage.is_open
        and can(principal, Action.READ_DRAFT, linkage),
        "city_projects": list(city_projects) if (may_decide and city_projects is not None) else [],
        "packages": ExportJob.objects.filter(
            document=document, exporter=LINKAGE_PACKAGE, options__linkage=linkage.pk
        ).order_by("-created_at")[:5],
    }


@require_GET
def linkage_detail(request: HttpRequest, linkage_id: int) -> HttpResponse:
    linkage, principal = get_linkage_for_user(request, linkage_id)
    return render(request, "linkage/detail.html", _round_context(linkage, principal))


def _text_nodes(linkage: Linkage, draft: bool) -> list[dict]:
    """What the reader reads: the frozen version's nodes, or the live draft's when
    the round shares it, as snapshot nodes (id, label, title, depth, body)."""
    if draft:
        # The text only: not the parts and computed tables a whole snapshot reads.
        return snapshot_nodes(numbered(linkage.document.nodes.all()))
    return linkage.version.snapshot.get("nodes", [])


def _node_choices(linkage: Linkage, nodes: list[dict]) -> list[tuple[int, str]]:
    """The nodes read that still exist in the document (an opinion lives on a node
    of the document)."""
    alive = set(linkage.document.nodes.values_list("pk", flat=True))
    return [
        (n["id"], f"{n.get('label', '')} {n.get('title', '')}".strip())
        for n in nodes
        if n["id"] in alive
    ]


@require_http_methods(["GET", "POST"])
def linkage_read(request: HttpRequest, linkage_id: int) -> HttpResponse:
    """The version handed over (or, with ``draft``, the live text the round
    shares), with the form for 衔接意见 beside it."""
    linkage, principal = get_linkage_for_user(request, linkage_id)
    source = request.POST if request.method == "POST" else request.GET
    draft = source.get("draft") == "1"
    if draft and not can(principal, Action.READ_DRAFT, linkage):
        raise Http404("the draft is not shared in this round")
    may_comment = can(principal, Action.COMMENT, linkage)
    if request.method == "POST" and not can(principal, Action.COMMENT, linkage, ignore_state=True):
        # Not the round's reviewer at all (its county, a province): 403, logged. The
        # reviewer of a round closed meanwhile is told so on the page below.
        get_linkage_for_user(request, linkage_id, Action.COMMENT)
    nodes = _text_nodes(linkage, draft)
    form = None
    if may_comment or request.method == "POST":
        form = LinkageOpinionForm(
            request.POST if request.method == "POST" else None,
            nodes=_node_choices(linkage, nodes),
            initial={"node": request.GET.get("node")},
        )
    context = {
        "linkage": linkage,
        "version": linkage.version,
        "nodes": nodes,
        "draft": draft,
        "form": form,
        "document": linkage.document,
    }
    if request.method == "GET" or not form.is_valid():
        # A refused form is shown again with its errors and what was typed.
        return render(request, "linkage/read.html", context)
    node = get_object_or_404(linkage.document.nodes, pk=form.cleaned_data["node"])
    # In the name of the reviewer's department in the city (its 发改委).
    in_city = principal_for(request.user, linkage.city_id)
    department = (
        Department.objects.filter(county=linkage.city, pk__in=in_city.departments)
        .order_by("position", "pk")
        .first()
    )
    try:
        with once(request) as claim:
            opinion = actions.linkage_opinion(
                linkage,
                node,
                actor=request.user,
                department=department,
                text=form.cleaned_data["text"],
                quote=form.cleaned_data["quote"],
            )
            url = f"{_detail_url(linkage)}#opinion-{opinion.pk}"
            claim.done(url)
    except AlreadySubmitted as repeat:
        return repeat.response(request, _detail_url(linkage))
    except actions.LinkageRefused as refused:
        # The round closed meanwhile: said on the page, what was typed kept.
        form.add_error(None, str(refused))
        return render(request, "linkage/read.html", context)
    messages.success(
        request,
        _("衔接意见已提交，%(county)s处理后会通知你。")
        % {"county": linkage.document.plan.county.name},
    )
    return redirect(url)


def _detail_url(linkage: Linkage) -> str:
    from django.urls import reverse

    return reverse("linkage_detail", args=[linkage.pk])


@require_POST
def project_match(request: HttpRequest, linkage_id: int, row_id: int) -> HttpResponse:
    linkage, _principal = get_linkage_for_user(request, linkage_id, Action.DECIDE)
    row = get_object_or_404(LinkedProject.objects.filter(linkage=linkage), pk=row_id)
    city_plan = actions.city_plan_for(linkage.document, linkage.city)
    city_projects = (
        MajorProject.objects.filter(plan=city_plan) if city_plan else MajorProject.objects.none()
    )
    form = ProjectMatchForm(request.POST, city_projects=city_projects)
    if not form.is_valid():
        messages.error(request, _("所选的市级项目不在本市项目清单中，请刷新页面后重新选择。"))
    else:
        try:
            actions.project_match_set(
                row, actor=request.user, city_project=form.cleaned_data["city_project"]
            )
        except actions.LinkageRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("已确认“%(name)s”的对应关系。") % {"name": row.name})
    return redirect(f"{_detail_url(linkage)}#project-{row.pk}")


# The package --------------------------------------------------------------------------


@require_POST
def linkage_package(request: HttpRequest, linkage_id: int) -> HttpResponse:
    linkage, _principal = get_linkage_for_user(request, linkage_id)
    try:
        outcome = export_request(
            linkage.document, request.user, LINKAGE_PACKAGE, {"linkage": linkage.pk}
        )
    except TooManyExports as exc:
        messages.error(request, str(exc))
        return redirect("linkage_detail", linkage_id=linkage.pk)
    return redirect("linkage_package_job", linkage_id=linkage.pk, job_id=outcome.job.pk)


def _package_job(linkage: Linkage, job_id: int) -> ExportJob:
    return get_object_or_404(
        ExportJob.objects.filter(
            document=linkage.document, exporter=LINKAGE_PACKAGE, options__linkage=linkage.pk
        ),
        pk=job_id,
    )


@never_cache
@require_GET
def linkage_package_job(request: HttpRequest, linkage_id: int, job_id: int) -> HttpResponse:
    linkage, _principal = get_linkage_for_user(request, linkage_id)
    job = _package_job(linkage, job_id)
    template = "linkage/package.html"
    if request.headers.get("HX-Request"):
        template += "#job-status"
    return render(request, template, {"linkage": linkage, "job": job})


@never_cache
@require_GET
def linkage_package_download(request: HttpRequest, linkage_id: int, job_id: int) -> FileResponse:
    linkage, _principal = get_linkage_for_user(request, linkage_id)
    job = _package_job(linkage, job_id)
    if job.status != ExportJob.Status.SUCCEEDED or not job.file:
        raise Http404("no file for this export")
    return file_response(request, linkage.document, job)


# The city's and the province's pages ----------------------------------------------


def _period(request: HttpRequest, division: County) -> int:
    """The plan period the pages look at: asked for (a target year the division
    or a round has), else the latest one any division below has a round for."""
    asked = request.GET.get("period", "")
    if re.fullmatch(r"[0-9]{4}", asked):
        year = int(asked)
        if (
            Linkage.objects.filter(Q(city=division) | Q(city__parent=division))
            .filter(document__plan__target_year=year)
            .exists()
            or division.plans.filter(target_year=year).exists()
        ):
            return year
    latest = (
        Linkage.objects.filter(Q(city=division) | Q(city__parent=division))
        .order_by("-document__plan__target_year")
        .values_list("document__plan__target_year", flat=True)
        .first()
    )
    own = division.plans.order_by("-target_year").values_list("target_year", flat=True).first()
    return latest or own or 0


def _period_name(year: int) -> str:
    return five_year_plan_name(year) if year else ""


def _reviewed(division: County) -> list[County]:
    """The divisions whose rounds the page reads: a city itself, or a province's
    cities (and the province, for counties directly under it)."""
    if division.level == County.Level.PROVINCE:
        return [division, *County.objects.filter(parent=division)]
    return [division]


@require_GET
def division_linkage(request: HttpRequest, division_id: int) -> HttpResponse:
    division, _principal = get_division_for_user(request, division_id)
    year = _period(request, division)
    reviewed = _reviewed(division)
    rounds = compare.latest_rounds(reviewed, year)
    pending = dict(
        Opinion.objects.filter(
            document__in=[r.document_id for r in rounds],
            source_division__in=reviewed,
            parent=None,
        )
        .values_list("document_id")
        .annotate(
            n=Count("id", filter=Q(disposition=Opinion.Disposition.PENDING)),
        )
    )
    counties = (
        County.objects.filter(Q(parent=division) | Q(parent__parent=division))
        .exclude(level__in=[County.Level.PROVINCE, County.Level.PREFECTURE_CITY])
        .select_related("parent")
        .order_by("code")
    )
    by_county = {r.document.plan.county_id: r for r in rounds}
    rows = [(county, by_county.get(county.pk)) for county in counties]
    for _county, linkage in rows:
        if linkage is not None:
            linkage.pending = pending.get(linkage.document_id, 0)
    return render(
        request,
        "linkage/division.html",
        {
            "division": division,
            "year": year,
            "rows": rows,
            "opened": len(rounds),
            "city_plan": compare.division_plan(division, year),
            "tab": "counties",
            "period_name": _period_name(year),
        },
    )


@require_GET
def division_indicators(request: HttpRequest, division_id: int) -> HttpResponse:
    division, _principal = get_division_for_user(request, division_id)
    year = _period(request, division)
    city_plan = compare.division_plan(division, year)
    rounds = compare.latest_rounds([division], year)
    lines = compare.indicator_lines(city_plan, rounds)
    chosen = request.GET.get("indicator", "")
    selected = next((line for line in lines if str(line.indicator.pk) == chosen), None)
    if selected is None:
        selected = next((line for line in lines if line.flag_count), lines[0] if lines else None)
    return render(
        request,
        "linkage/division_indicators.html",
        {
            "division": division,
            "year": year,
            "city_plan": city_plan,
            "lines": lines,
            "selected": selected,
            "rounds": rounds,
            "tab": "indicators",
            "period_name": _period_name(year),
        },
    )


@require_GET
def division_projects(request: HttpRequest, division_id: int) -> HttpResponse:
    division, _principal = get_division_for_user(request, division_id)
    year = _period(request, division)
    reviewed = _reviewed(division)
    rounds = compare.latest_rounds(reviewed, year)
    province = division if division.level == County.Level.PROVINCE else division.parent
    flags = compare.project_flags(rounds, compare.province_plan_for(province, year))
    totals = {
        group: compare.project_totals(rounds, group)
        for group in ("category", "year", "county" if len(reviewed) == 1 else "city")
    }
    grand = compare.grand_total(totals["category"])
    return render(
        request,
        "linkage/division_projects.html",
        {
            "division": division,
            "year": year,
            "rounds": rounds,
            "flags": flags,
            "totals": totals,
            "grand": grand,
            "by_city": "city" in totals,
            "tab": "projects",
            "period_name": _period_name(year),
        },
    )


# The city's allocations --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def allocation_edit(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    """The city's planning office breaks an additive indicator down to its counties."""
    plan, access = get_plan_for_user(request, plan_id, manage=request.method == "POST")
    indicator = get_object_or_404(
        Indicator.objects.filter(plan=plan, additive=True), pk=indicator_id
    )
    counties = list(plan.county.children.order_by("code"))
    current = {
        a.county_id: a.value for a in IndicatorAllocation.objects.filter(indicator=indicator)
    }
    form = AllocationForm(
        request.POST if request.method == "POST" else None,
        counties=counties,
        initial_values=current,
    )
    if request.method == "POST" and form.is_valid():
        actions.allocations_set(indicator, form.values(), actor=request.user)
        messages.success(request, _("已保存“%(name)s”的分解值。") % {"name": indicator.name})
        return redirect("allocation_edit", plan_id=plan.pk, indicator_id=indicator.pk)
    total = sum((v for v in current.values()), start=type(indicator.target_value or 0)(0))
    return render(
        request,
        "linkage/allocation.html",
        page_context(access, indicator=indicator, form=form, total=total),
    )
