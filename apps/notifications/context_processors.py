from apps.notifications.models import Notification


def unread(request) -> dict:
    """The unread count for the navigation bar (one small query per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Counted once per request, however many fragments the page renders.
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = Notification.objects.filter(recipient=user).unread().count()
    return {"unread_notifications": request._unread_notifications}
