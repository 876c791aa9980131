"""The one place every view goes through to reach a county, a plan or a document.

``get_plan_for_user`` and ``get_document_for_user`` answer 404 for what the user
may not see — exactly as for what does not exist, so ids cannot be probed — and
403 for a member whose role does not allow what was asked. Both refusals are
written to the activity log. What a user may then do to the plan's documents,
nodes and items is decided by ``apps.plans.policy``; ``PlanAccess`` carries that
decision into views and templates.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from apps.accounts.models import County
from apps.core.activity import log_denied
from apps.plans.models import Document, Plan
from apps.plans.policy import Action, Principal, can, nodes_where, principal_for


@dataclass
class PlanAccess:
    """What the current user may do with one plan, the document in view (the
    plan's outline on the plan's own pages) and their contents."""

    plan: Plan
    principal: Principal
    document: Document

    def can(self, action: str, obj=None) -> bool:
        return can(self.principal, action, obj if obj is not None else self.document)

    @property
    def roles(self) -> frozenset[str]:
        return self.principal.roles

    @property
    def can_write(self) -> bool:
        """May change some of the plan's content (which parts: see editable_node_ids)."""
        return self.can(Action.EDIT)

    @property
    def can_manage(self) -> bool:
        return self.can(Action.MANAGE)

    @property
    def can_comment(self) -> bool:
        return self.can(Action.COMMENT)

    @property
    def can_dispose(self) -> bool:
        return self.can(Action.DISPOSE)

    @cached_property
    def editable_node_ids(self) -> frozenset[int]:
        """Nodes whose text and items this user may change now (one query)."""
        return frozenset(
            nodes_where(self.principal, Action.EDIT, self.document).values_list("pk", flat=True)
        )

    def require(self, action: str, obj, request: HttpRequest | None = None) -> None:
        """403 (logged) unless the user may do ``action`` to ``obj``."""
        if not self.can(action, obj):
            if request is not None:
                log_denied(
                    request.user,
                    obj,
                    plan_id=self.plan.pk,
                    county_id=self.plan.county_id,
                    action=str(action),
                    path=request.path,
                )
            raise PermissionDenied


def _refuse_unseen(request: HttpRequest, obj, plan: Plan) -> None:
    # Someone reaching into another county: refused like a missing object, but noted.
    log_denied(
        request.user,
        obj,
        plan_id=plan.pk,
        county_id=plan.county_id,
        action=str(Action.VIEW),
        path=request.path,
    )
    raise Http404("not found")


def _access(request, document: Document, write: bool, manage: bool) -> PlanAccess:
    plan = document.plan
    principal = principal_for(request.user, plan.county_id)
    if not can(principal, Action.VIEW, document):
        _refuse_unseen(request, document, plan)
    access = PlanAccess(plan, principal, document)
    if write:
        access.require(Action.EDIT, document, request)
    if manage:
        access.require(Action.MANAGE, document, request)
    return access


def get_plan_for_user(
    request: HttpRequest, plan_id: int, *, write: bool = False, manage: bool = False
) -> tuple[Plan, PlanAccess]:
    """The plan, with its outline loaded in the same query (the plan's pages show
    the outline's tree and stage)."""
    outline = (
        Document.objects.select_related("plan", "plan__county")
        .filter(plan_id=plan_id, kind=Document.Kind.OUTLINE)
        .first()
    )
    if outline is None:
        raise Http404("plan not found")
    plan = outline.plan
    plan.outline = outline
    return plan, _access(request, outline, write, manage)


def get_document_for_user(
    request: HttpRequest, document_id: int, *, write: bool = False, manage: bool = False
) -> tuple[Document, PlanAccess]:
    document = (
        Document.objects.select_related("plan", "plan__county").filter(pk=document_id).first()
    )
    if document is None:
        raise Http404("document not found")
    if document.kind == Document.Kind.OUTLINE:
        document.plan.outline = document
    return document, _access(request, document, write, manage)


def get_county_for_user(request: HttpRequest, county_id: int, *, manage: bool = False) -> County:
    """A county the user belongs to (404 otherwise); 403 if ``manage`` and they may
    not manage it."""
    county = County.objects.filter(pk=county_id).first()
    principal = principal_for(request.user, county_id) if county else None
    if county is None or not can(principal, Action.VIEW, county):
        raise Http404("county not found")
    if manage and not can(principal, Action.MANAGE, county):
        raise PermissionDenied
    return county
