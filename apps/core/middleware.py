"""Keep the text of a long edit when the session expired before it was saved."""

from django.urls import Resolver404, resolve
from django.utils import timezone

KEPT = "unsaved_edits"
# Views whose POST carries narrative text worth keeping across a new login.
TEXT_VIEWS = {"node_edit"}


class KeepUnsavedTextMiddleware:
    """When a logged-out browser posts node text (the session expired while the
    drafter was writing), stash the text in the anonymous session before the login
    redirect; Django keeps that session's data through login, and the node page
    offers the text back.

    Must come before LoginRequiredMiddleware, which turns the POST into a redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.user.is_authenticated:
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if match.url_name not in TEXT_VIEWS or not request.POST.get("body"):
            return None
        kept = request.session.get(KEPT, {})
        kept[request.path_info] = {
            "body": request.POST["body"][:200_000],
            "loaded_version": request.POST.get("loaded_version", ""),
            "at": timezone.now().isoformat(),
        }
        request.session[KEPT] = kept
        return None


def pop_unsaved(request, path: str) -> dict | None:
    kept = request.session.get(KEPT) or {}
    entry = kept.pop(path, None)
    if entry is not None:
        request.session[KEPT] = kept
    return entry
