"""Text a drafter typed while their sign-in ran out, kept for them across the new
sign-in."""

from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve
from django.utils import timezone

from apps.core.middleware import EXPIRED_FROM
from apps.plans.models import OutlineNode
from apps.plans.policy import Action, can, principal_for

KEPT = "unsaved_edit"
# Views whose POST carries narrative text worth keeping across a new login.
TEXT_VIEWS = {"node_edit"}
MAX_KEPT_CHARS = 200_000


class KeepUnsavedTextMiddleware:
    """When a signed-out browser posts node text, stash the text in its session
    before the login redirect; Django keeps that session's data through login, and
    the node page offers the text back.

    Only for the case it exists for: the browser's sign-in timed out (the session
    carries EXPIRED_FROM, set by SessionTimeoutMiddleware), the node is a real node
    of a document that person may see, and one text at a time. Any other
    anonymous post is left to the login redirect and stores nothing, so nobody can
    fill the session table by posting text to made-up addresses.

    Must come before LoginRequiredMiddleware, which turns the POST into a redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.user.is_authenticated:
            return None
        expired_from = request.session.get(EXPIRED_FROM)
        if not expired_from:
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        body = request.POST.get("body")
        if match.url_name not in TEXT_VIEWS or not body:
            return None
        node = (
            OutlineNode.objects.select_related("plan")
            .filter(pk=match.kwargs["node_id"], document_id=match.kwargs["document_id"])
            .first()
        )
        person = get_user_model().objects.filter(pk=expired_from, is_active=True).first()
        if node is None or person is None:
            return None
        if not can(principal_for(person, node.plan.county_id), Action.VIEW, node):
            return None
        request.session[KEPT] = {
            "user": str(expired_from),
            "path": request.path_info,
            "body": body[:MAX_KEPT_CHARS],
            "loaded_version": request.POST.get("loaded_version", "")[:12],
            "at": timezone.now().isoformat(),
        }
        return None


def pop_unsaved(request, path: str) -> dict | None:
    """The text kept for this page, if it was typed by the person now signed in."""
    entry = request.session.get(KEPT)
    if not entry or entry.get("path") != path:
        return None
    del request.session[KEPT]
    if entry.get("user") != str(request.user.pk):
        # Someone else signed in at this browser: the text was not theirs.
        return None
    return entry
