"""The linkage pages' way in: a 衔接 round or a division, through the one policy.

Like apps/plans/access.py, what the user may not see is 404 (exactly as for what
does not exist) and what their role does not allow is 403, both logged.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from apps.accounts.models import County
from apps.core.activity import log_denied
from apps.linkage.models import Linkage
from apps.plans.policy import Action, Principal, can, principal_for


def _deny(request: HttpRequest, obj, county_id: int, action: str, plan_id=None):
    log_denied(
        request.user,
        obj,
        plan_id=plan_id,
        county_id=county_id,
        action=str(action),
        path=request.path,
    )


def get_linkage_for_user(
    request: HttpRequest, linkage_id: int, action: str = Action.VIEW
) -> tuple[Linkage, Principal]:
    linkage = (
        Linkage.objects.select_related("document__plan__county", "city", "version")
        .filter(pk=linkage_id)
        .first()
    )
    if linkage is None:
        raise Http404("linkage not found")
    plan = linkage.document.plan
    principal = principal_for(request.user, plan.county_id)
    if not can(principal, Action.VIEW, linkage):
        _deny(request, linkage, plan.county_id, Action.VIEW, plan.pk)
        raise Http404("linkage not found")
    if action != Action.VIEW and not can(principal, action, linkage):
        _deny(request, linkage, plan.county_id, action, plan.pk)
        raise PermissionDenied
    return linkage, principal


def get_division_for_user(request: HttpRequest, division_id: int) -> tuple[County, Principal]:
    """A city or province whose 衔接 pages the user may see (404 otherwise)."""
    division = County.objects.select_related("parent").filter(pk=division_id).first()
    if division is None:
        raise Http404("division not found")
    principal = principal_for(request.user, division.pk)
    if not can(principal, Action.OVERSEE, division):
        _deny(request, division, division.pk, Action.OVERSEE)
        raise Http404("division not found")
    return division, principal
