from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from apps.notifications.models import Notification


def _mine(request: HttpRequest):
    # A user's inbox is theirs alone: another user's message id is a 404.
    return Notification.objects.filter(recipient=request.user)


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    notes = list(_mine(request)[:100])
    return render(request, "notifications/inbox.html", {"notes": notes})


@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    note = get_object_or_404(_mine(request), pk=notification_id)
    if note.read_at is None:
        _mine(request).filter(pk=note.pk).update(read_at=timezone.now())
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("inbox")


@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    _mine(request).unread().update(read_at=timezone.now())
    return redirect("inbox")
