from apps.notifications.models import Notification


def unread(request) -> dict:
    """The unread count for the navigation bar (one small query per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(recipient=user).unread().count()}
