"""The search pages: one plan's (its current text, or one frozen version), and
every plan the user may read (a coordinator's county)."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.core.text import as_id
from apps.plans.access import get_plan_for_user
from apps.plans.models import Plan
from apps.plans.pages import page_context
from apps.review.models import DocumentVersion
from apps.search.results import PER_PAGE, results_page
from apps.search.tokens import query_terms

MAX_QUERY_CHARS = 100
# Each word is a phrase the index intersects with the others' (a single character
# a prefix, which reads many index pages): a hundred of them would be slow to no use.
MAX_TERMS = 10
# A page number far past any result would only make the database count for nothing.
MAX_PAGE = 500


def _search(request: HttpRequest, plans: QuerySet, version_id: int | None) -> dict:
    query = " ".join(request.GET.get("q", "").split())
    context = {"query": query, "results": [], "total": 0, "searched": False, "error": ""}
    if not query:
        return context
    if len(query) > MAX_QUERY_CHARS:
        context["error"] = _("搜索词最多%(n)s个字，请缩短后再搜索。") % {"n": MAX_QUERY_CHARS}
        return context
    terms = query_terms(query)
    if len(terms) > MAX_TERMS:
        context["error"] = _("最多可同时搜索%(n)s个词，请减少一些。") % {"n": MAX_TERMS}
        return context
    number = min(as_id(request.GET.get("page")) or 1, MAX_PAGE) or 1
    results, total = results_page(terms, plans, version_id=version_id, page=number)
    paginator = Paginator(_Found(results, total), PER_PAGE)
    keep = {"q": query, **({"v": version_id} if version_id else {})}
    return {
        **context,
        "searched": True,
        "results": results,
        "total": total,
        "page": paginator.page(number) if number <= paginator.num_pages else None,
        "page_query": urlencode(keep),
    }


class _Found:
    """One page of results standing for all of them, for the paginator: the
    database counted them in the statement that found the page."""

    def __init__(self, results: list, total: int):
        self.results = results
        self.total = total

    def count(self) -> int:
        return self.total

    def __getitem__(self, _slice) -> list:
        return self.results


@require_GET
def plan_search(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, plan_id)
    # Frozen versions are read by whoever reads the document (the policy's
    # _can_version): every version of the plan's documents.
    versions = list(
        DocumentVersion.objects.filter(document__plan=plan)
        .select_related("document")
        .only("id", "name", "created_at", "document__title", "document__kind")
        .order_by("-created_at", "-id")
    )
    wanted = as_id(request.GET.get("v"))
    version = next((v for v in versions if v.pk == wanted), None)
    context = _search(request, Plan.objects.filter(pk=plan.pk), version.pk if version else None)
    return render(
        request,
        "search/plan_search.html",
        page_context(
            access, versions=versions, version=version, search_query=context["query"], **context
        ),
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.for_user(request.user)
    context = _search(request, plans, None)
    return render(
        request,
        "search/search.html",
        {**context, "plans": plans.select_related("county")},
    )
