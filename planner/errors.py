"""Error pages in Chinese, in the house layout.

Django's own 400 page and CSRF page are bare English; a county drafter who pastes
too much text or submits a form left open overnight must be told, in Chinese, what
happened and what to do. An oversized chapter save gets the editor back instead of
an error page: the request body was refused before anything could read it, so the
text cannot be kept, and the page says how to get it back from the browser.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    return render(request, "400.html", status=400)


def too_large(request):
    """413 for a request whose body is over the limit (planner/middleware.py, or
    Django's own check for a multipart post)."""
    response = _oversized_save(request) or _oversized_upload(request)
    if response is not None:
        return response
    return render(
        request,
        "400.html",
        {"too_big": True, "limit_mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)},
        status=413,
    )


def _posted_to(request):
    """Where a refused POST of a signed-in user was going (its URL match)."""
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


def _oversized_save(request):
    from apps.plans.views import node_save_too_large

    match = _posted_to(request)
    if match is None or match.url_name != "node_edit":
        return None
    try:
        return node_save_too_large(request, **match.kwargs)
    except (Http404, PermissionDenied):
        # Not a node this user may see: the plain page, which says nothing of it.
        return None


# Pages that take a file, with the setting of their file limit: an upload refused
# unread sends the person back there, told the page's own limit.
UPLOAD_PAGES = {
    "sheet_import": "SHEET_IMPORT_MAX_BYTES",
    "word_import": "WORD_IMPORT_MAX_BYTES",
    "node_word_import": "WORD_IMPORT_MAX_BYTES",
}


def _oversized_upload(request):
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    match = _posted_to(request)
    if match is None or match.url_name not in UPLOAD_PAGES:
        return None
    limit = getattr(settings, UPLOAD_PAGES[match.url_name])
    messages.error(
        request,
        _("文件超过了 %(mb)d MB 的上限，没有读取。请删去图片等无关内容，或分批上传。")
        % {"mb": limit // (1024 * 1024)},
    )
    return redirect(request.path_info)


@requires_csrf_token
def csrf_failure(request, reason=""):
    """A form posted from a page that is too old (its token expired with a new
    sign-in) or from elsewhere: say how to go on, in Chinese."""
    return render(request, "403_csrf.html", status=403)
