"""The one place that decides who reaches a plan.

Every view that touches a plan, one of its nodes or one of its structured items goes
through ``get_plan_for_user``. A plan of a county the user does not belong to is a
404, exactly like a plan that does not exist, so ids cannot be probed; a member whose
role does not allow the requested kind of access gets a 403.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from apps.accounts.models import Membership, Role
from apps.plans.models import Plan

WRITE_ROLES = frozenset({Role.COORDINATOR, Role.DRAFTER})
MANAGE_ROLES = frozenset({Role.COORDINATOR})


@dataclass(frozen=True)
class PlanAccess:
    """What the current user may do with one plan."""

    roles: frozenset[str]

    @property
    def can_write(self) -> bool:
        """Edit narrative text and structured items."""
        return bool(self.roles & WRITE_ROLES)

    @property
    def can_manage(self) -> bool:
        """Change the outline's structure and the plan's settings."""
        return bool(self.roles & MANAGE_ROLES)


def county_roles(user, county_id: int) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        Membership.objects.filter(user=user, county_id=county_id).values_list("role", flat=True)
    )


def get_plan_for_user(
    request: HttpRequest, plan_id: int, *, write: bool = False, manage: bool = False
) -> tuple[Plan, PlanAccess]:
    try:
        plan = Plan.objects.for_user(request.user).select_related("county").get(pk=plan_id)
    except Plan.DoesNotExist:
        raise Http404("plan not found") from None
    access = PlanAccess(county_roles(request.user, plan.county_id))
    if (write and not access.can_write) or (manage and not access.can_manage):
        raise PermissionDenied
    return plan, access


def counties_managed_by(user) -> list[int]:
    """Counties in which the user may create plans."""
    return list(
        Membership.objects.filter(user=user, role__in=MANAGE_ROLES)
        .values_list("county_id", flat=True)
        .distinct()
    )
