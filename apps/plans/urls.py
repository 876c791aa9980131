from django.urls import path

from apps.plans import part_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("counties/<int:county_id>/plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", views.plan_overview, name="plan_overview"),
    path("plans/<int:plan_id>/settings/", views.plan_settings, name="plan_settings"),
    path("plans/<int:plan_id>/nodes/new/", views.node_add, name="node_add"),
    path("plans/<int:plan_id>/nodes/<int:node_id>/", views.node_edit, name="node_edit"),
    path(
        "plans/<int:plan_id>/nodes/<int:node_id>/outline/", views.node_outline, name="node_outline"
    ),
    path("plans/<int:plan_id>/nodes/<int:node_id>/move/", views.node_move, name="node_move"),
    path("plans/<int:plan_id>/nodes/<int:node_id>/delete/", views.node_delete, name="node_delete"),
    path("plans/<int:plan_id>/parts/<slug:kind>/", part_views.part_list, name="part_list"),
    path("plans/<int:plan_id>/parts/<slug:kind>/new/", part_views.part_create, name="part_create"),
    path(
        "plans/<int:plan_id>/parts/<slug:kind>/<int:item_id>/",
        part_views.part_edit,
        name="part_edit",
    ),
    path(
        "plans/<int:plan_id>/parts/<slug:kind>/<int:item_id>/delete/",
        part_views.part_delete,
        name="part_delete",
    ),
]
