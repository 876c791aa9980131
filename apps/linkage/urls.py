from django.urls import path

from apps.linkage import views

urlpatterns = [
    path("documents/<int:document_id>/linkage/", views.linkage_document, name="linkage_document"),
    path("documents/<int:document_id>/linkage/open/", views.linkage_open, name="linkage_open"),
    path("linkages/<int:linkage_id>/", views.linkage_detail, name="linkage_detail"),
    path("linkages/<int:linkage_id>/read/", views.linkage_read, name="linkage_read"),
    path("linkages/<int:linkage_id>/share/", views.linkage_share, name="linkage_share"),
    path("linkages/<int:linkage_id>/close/", views.linkage_close, name="linkage_close"),
    path(
        "linkages/<int:linkage_id>/projects/<int:row_id>/match/",
        views.project_match,
        name="project_match",
    ),
    path("linkages/<int:linkage_id>/package/", views.linkage_package, name="linkage_package"),
    path(
        "linkages/<int:linkage_id>/package/<int:job_id>/",
        views.linkage_package_job,
        name="linkage_package_job",
    ),
    path(
        "linkages/<int:linkage_id>/package/<int:job_id>/download/",
        views.linkage_package_download,
        name="linkage_package_download",
    ),
    path("divisions/<int:division_id>/linkage/", views.division_linkage, name="division_linkage"),
    path(
        "divisions/<int:division_id>/linkage/indicators/",
        views.division_indicators,
        name="division_indicators",
    ),
    path(
        "divisions/<int:division_id>/linkage/projects/",
        views.division_projects,
        name="division_projects",
    ),
    path(
        "plans/<int:plan_id>/indicators/<int:indicator_id>/allocation/",
        views.allocation_edit,
        name="allocation_edit",
    ),
]
