from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts.access import get_county_for_user
from apps.accounts.forms import DepartmentAddForm
from apps.accounts.models import Membership, Role
from apps.core.text import quotable


@require_http_methods(["GET", "POST"])
def departments(request: HttpRequest, county_id: int) -> HttpResponse:
    county = get_county_for_user(request, county_id, manage=request.method == "POST")
    can_manage = Membership.objects.filter(
        user=request.user, county=county, role=Role.COORDINATOR
    ).exists()
    form = DepartmentAddForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        department, created = form.save()
        name = quotable(department.name)
        if created:
            messages.success(request, _("已添加部门“%(name)s”。") % {"name": name})
        else:
            messages.info(request, _("“%(name)s”已经在部门列表中。") % {"name": name})
        return redirect("departments", county_id=county.pk)
    return render(
        request,
        "accounts/departments.html",
        {
            "county": county,
            "departments": county.departments.all(),
            "form": form if can_manage else None,
        },
    )
