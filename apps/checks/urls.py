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
    path("plans/<int:plan_id>/checks/wording/", views.wording_list, name="wording_list"),
    path(
        "plans/<int:plan_id>/checks/wording/starter/",
        views.wording_starter,
        name="wording_starter",
    ),
    path(
        "plans/<int:plan_id>/checks/wording/<int:wording_id>/",
        views.wording_edit,
        name="wording_edit",
    ),
    path(
        "plans/<int:plan_id>/checks/wording/<int:wording_id>/delete/",
        views.wording_delete,
        name="wording_delete",
    ),
]
