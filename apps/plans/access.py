"""The one place every view goes through to reach a plan.

``get_plan_for_user`` answers 404 for a plan the user may not see — exactly as for
a plan that does not exist, so ids cannot be probed — and 403 for a member whose
role does not allow what was asked. Both refusals are written to the activity log.
What a user may then do to the plan's nodes and items is decided by
``apps.plans.policy``; ``PlanAccess`` carries that decision into views and templates.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from apps.accounts.models import Membership, Role
from apps.core.activity import log_denied
from apps.plans.models import Plan
from apps.plans.policy import Action, Principal, can, nodes_where, principal_for


@dataclass
class PlanAccess:
    """What the current user may do with one plan and its contents."""

    plan: Plan
    principal: Principal

    def can(self, action: str, obj=None) -> bool:
        return can(self.principal, action, obj if obj is not None else self.plan)

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
            nodes_where(self.principal, Action.EDIT, self.plan).values_list("pk", flat=True)
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


def get_plan_for_user(
    request: HttpRequest, plan_id: int, *, write: bool = False, manage: bool = False
) -> tuple[Plan, PlanAccess]:
    plan = Plan.objects.select_related("county").filter(pk=plan_id).first()
    principal = principal_for(request.user, plan.county_id) if plan else None
    if plan is None or not can(principal, Action.VIEW, plan):
        if plan is not None:
            # Someone reaching into another county: refused like a missing plan, but noted.
            log_denied(
                request.user,
                plan,
                plan_id=plan.pk,
                county_id=plan.county_id,
                action=str(Action.VIEW),
                path=request.path,
            )
        raise Http404("plan not found")
    access = PlanAccess(plan, principal)
    if write:
        access.require(Action.EDIT, plan, request)
    if manage:
        access.require(Action.MANAGE, plan, request)
    return plan, access


def counties_managed_by(user) -> list[int]:
    """Counties in which the user may create plans."""
    return list(
        Membership.objects.filter(user=user, role=Role.COORDINATOR)
        .values_list("county_id", flat=True)
        .distinct()
    )
