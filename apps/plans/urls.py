from django.urls import path, re_path

from apps.plans import part_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("counties/<int:county_id>/departments/", views.departments, name="departments"),
    path("counties/<int:county_id>/plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", views.plan_overview, name="plan_overview"),
    path("plans/<int:plan_id>/settings/", views.plan_settings, name="plan_settings"),
    path(
        "plans/<int:plan_id>/reports/<slug:kind>/new/",
        views.report_create,
        name="report_create",
    ),
    path("documents/<int:document_id>/", views.document_overview, name="document_overview"),
    path(
        "documents/<int:document_id>/settings/",
        views.document_settings,
        name="document_settings",
    ),
    path("documents/<int:document_id>/nodes/new/", views.node_add, name="node_add"),
    path("documents/<int:document_id>/nodes/<int:node_id>/", views.node_edit, name="node_edit"),
    path(
        "documents/<int:document_id>/nodes/<int:node_id>/outline/",
        views.node_outline,
        name="node_outline",
    ),
    path(
        "documents/<int:document_id>/nodes/<int:node_id>/move/", views.node_move, name="node_move"
    ),
    path(
        "documents/<int:document_id>/nodes/<int:node_id>/delete/",
        views.node_delete,
        name="node_delete",
    ),
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
    # Addresses from before documents had their own: the pages of a plan's outline
    # moved from plans/<plan>/… to documents/<outline>/… (bookmarks, links in old
    # emails, forms left open). Last, so the plan's own pages match first.
    re_path(
        r"^plans/(?P<plan_id>\d+)/(?P<rest>(?:nodes|assignments|stage|versions|opinions|exports"
        r"|print-preview)/.*)$",
        views.moved_to_document,
        name="moved_to_document",
    ),
]
