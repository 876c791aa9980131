from django.urls import path

from apps.notifications import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
    path("inbox/<int:notification_id>/open/", views.notification_open, name="notification_open"),
]
