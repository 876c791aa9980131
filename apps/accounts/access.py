from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from apps.accounts.models import County, Membership, Role


def get_county_for_user(request: HttpRequest, county_id: int, *, manage: bool = False) -> County:
    """A county the user belongs to (404 otherwise); 403 if ``manage`` and not its coordinator."""
    roles = set(
        Membership.objects.filter(user=request.user, county_id=county_id).values_list(
            "role", flat=True
        )
    )
    if not roles:
        raise Http404("county not found")
    if manage and Role.COORDINATOR not in roles:
        raise PermissionDenied
    return County.objects.get(pk=county_id)
