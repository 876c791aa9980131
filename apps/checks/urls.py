from django.urls import path

from apps.checks import views

urlpatterns = [
    path("plans/<int:plan_id>/checks/", views.scorecard, name="scorecard"),
    path("plans/<int:plan_id>/checks/exemptions/", views.exemption_add, name="exemption_add"),
    path(
        "plans/<int:plan_id>/checks/exemptions/<int:exemption_id>/remove/",
        views.exemption_remove,
        name="exemption_remove",
    ),
]
