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
    Multipart posts are left to Django, whose limit there counts fields, not files.
    Comes after the authentication and message middleware (the answer names the
    user's chapter and carries a message).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type != "multipart/form-data":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                return too_large(request)
        return self.get_response(request)
