"""Project-level middleware: what needs both the request machinery and the apps."""

from django.conf import settings

from planner.errors import too_large


class OversizedPostMiddleware:
    """Answer a form post larger than DATA_UPLOAD_MAX_MEMORY_SIZE before anything
    reads its body, in Chinese, in every mode.

    Django refuses such a body with RequestDataTooBig when the CSRF check reads it;
    with DEBUG on (the embedded mode) that becomes the technical error page instead
    of our 400 handler. Checking the declared length first gives the same answer
    everywhere: the chapter editor back for a chapter save, a plain page otherwise.
    A multipart post (a file upload) may be as large as the largest file the app
    reads plus its form, UPLOAD_MAX_BYTES; the import page itself refuses a file
    over its own limit with a message on the page.
    Comes after the authentication and message middleware (the answer names the
    user's chapter and carries a message).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if request.content_type == "multipart/form-data":
                # An upload larger than any file the app accepts is not read at all
                # (not even to a temporary file): a 100 MB “spreadsheet” costs nothing.
                limit = settings.UPLOAD_MAX_BYTES
            else:
                limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if length > limit:
                return too_large(request)
        return self.get_response(request)
