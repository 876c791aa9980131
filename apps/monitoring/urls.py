from django.urls import path

from apps.monitoring import views

urlpatterns = [
    path("plans/<int:plan_id>/monitoring/", views.dashboard, name="monitoring_dashboard"),
    path("plans/<int:plan_id>/monitoring/open/", views.year_open, name="monitoring_open"),
    path(
        "plans/<int:plan_id>/monitoring/settings/",
        views.settings_save,
        name="monitoring_settings",
    ),
    path("plans/<int:plan_id>/monitoring/<int:year>/", views.year_board, name="monitoring_year"),
    path("plans/<int:plan_id>/monitoring/<int:year>/entry/", views.entry, name="monitoring_entry"),
    path(
        "plans/<int:plan_id>/monitoring/<int:year>/<slug:kind>/<int:row_id>/review/",
        views.row_review,
        name="monitoring_row_review",
    ),
    path(
        "plans/<int:plan_id>/monitoring/<int:year>/lock/",
        views.year_lock,
        name="monitoring_lock",
    ),
    path(
        "plans/<int:plan_id>/monitoring/<int:year>/reopen/",
        views.year_reopen,
        name="monitoring_reopen",
    ),
    path(
        "plans/<int:plan_id>/monitoring/<int:year>/remind/",
        views.year_remind,
        name="monitoring_remind",
    ),
]
