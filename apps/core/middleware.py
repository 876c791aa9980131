"""Request middleware of the project: posted text cleaned of invisible characters,
session time limits, and no caching of what a signed-in user sees."""

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


SEEN = "_seen_at"
STARTED = "_started_at"
# Left in the fresh session of a sign-in that timed out: whose it was. Text posted
# by that browser while signed out may then be kept for the same person
# (apps/plans/middleware.py); a deliberate sign-out leaves no such mark.
EXPIRED_FROM = "_expired_from"


class SessionTimeoutMiddleware:
    """End a signed-in session after ``PLANNER_SESSION_IDLE_SECONDS`` without a
    request, and in any case ``PLANNER_SESSION_MAX_SECONDS`` after sign-in.

    The last-seen time is written at most once a minute, so browsing does not turn
    every request into a session write. Comes right after SessionMiddleware, before
    the user is loaded: an expired session is flushed and the request goes on as an
    anonymous one (so a posted node text can still be kept, and the login page follows).
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
                user_id = session[SESSION_KEY]
                session.flush()
                session[EXPIRED_FROM] = user_id
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
