from django.urls import path

from apps.targets import views

urlpatterns = [
    path("plans/<int:plan_id>/backcast/", views.backcast, name="backcast"),
    path(
        "plans/<int:plan_id>/indicators/path/",
        views.indicator_path_preview,
        name="indicator_path_preview",
    ),
    path(
        "plans/<int:plan_id>/indicators/national/",
        views.national_import,
        name="national_import",
    ),
]
