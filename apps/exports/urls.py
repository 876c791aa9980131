from django.urls import path

from apps.exports import views

urlpatterns = [
    path("plans/<int:plan_id>/exports/", views.export_list, name="export_list"),
    path("plans/<int:plan_id>/exports/new/", views.export_create, name="export_create"),
    path("plans/<int:plan_id>/exports/<int:job_id>/", views.export_detail, name="export_detail"),
    path(
        "plans/<int:plan_id>/exports/<int:job_id>/download/",
        views.export_download,
        name="export_download",
    ),
    path("plans/<int:plan_id>/print-preview/", views.print_preview, name="print_preview"),
]
