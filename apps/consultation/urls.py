from django.urls import path

from apps.consultation import views

urlpatterns = [
    path(
        "documents/<int:document_id>/consultations/",
        views.consultation_list,
        name="consultation_list",
    ),
    path(
        "documents/<int:document_id>/consultations/new/",
        views.consultation_create,
        name="consultation_create",
    ),
    path("public/counties/<str:code>/", views.public_county, name="public_county"),
    path(
        "public/consultations/<int:consultation_id>/",
        views.public_consultation,
        name="public_consultation",
    ),
    path(
        "public/consultations/<int:consultation_id>/chapters/<int:node_id>/",
        views.public_chapter,
        name="public_chapter",
    ),
]
