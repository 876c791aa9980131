"""Request middleware of the project: posted text cleaned of invisible characters,
unsaved text kept across an expired session, session time limits, and no caching
of what a signed-in user sees."""

from django.urls import Resolver404, resolve
from django.utils import timezone

from apps.core.text import clean_input


class CleanInputMiddleware:
    """Every posted value loses control characters, zero-width characters and bidi
    overrides before any view or form sees it.

    One place for every form, present and future: a control character stored in
    an opinion used to break the Excel summary for good, and a bidi override in a
    title turns a download name around. Runs in process_view, after the CSRF check
    has parsed the body (an oversized body is that check's to refuse).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        post = request.POST
        if not any(clean_input(v) != v for _key, values in post.lists() for v in values):
            return None
        cleaned = post.copy()
        for key, values in post.lists():
            cleaned.setlist(key, [clean_input(v) for v in values])
        cleaned._mutable = False
        request.POST = cleaned
        return None


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


SEEN = "_seen_at"
STARTED = "_started_at"


class SessionTimeoutMiddleware:
    """End a signed-in session after ``PLANNER_SESSION_IDLE_SECONDS`` without a
    request, and in any case ``PLANNER_SESSION_MAX_SECONDS`` after sign-in.

    The last-seen time is written at most once a minute, so browsing does not turn
    every request into a session write. Comes right after SessionMiddleware, before
    the user is loaded: an expired session is flushed and the request goes on as an
    anonymous one (so a posted node text is still kept, and the login page follows).
    """

    REFRESH = 60

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.idle = settings.PLANNER_SESSION_IDLE_SECONDS
        self.max_age = settings.PLANNER_SESSION_MAX_SECONDS

    def __call__(self, request):
        from django.contrib.auth import SESSION_KEY

        session = request.session
        if SESSION_KEY in session:
            now = int(timezone.now().timestamp())
            started = session.get(STARTED)
            seen = session.get(SEEN, now)
            if started is None:
                session[STARTED] = started = now
            if now - seen > self.idle or now - started > self.max_age:
                session.flush()
            elif now - seen >= self.REFRESH or SEEN not in session:
                session[SEEN] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing a signed-in user sees, and no download, is kept by a browser or a
    proxy cache: a shared office computer must not show the last user's plan."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.cache import add_never_cache_headers

        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
