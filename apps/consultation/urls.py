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
    path(
        "documents/<int:document_id>/consultations/<int:consultation_id>/suggestions/",
        views.suggestion_list,
        name="suggestion_list",
    ),
    path(
        "documents/<int:document_id>/consultations/<int:consultation_id>/suggestions/"
        "<int:suggestion_id>/hide/",
        views.suggestion_hide,
        name="suggestion_hide",
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
    path(
        "public/consultations/<int:consultation_id>/suggest/",
        views.public_suggest,
        name="public_suggest",
    ),
    path(
        "public/consultations/<int:consultation_id>/thanks/",
        views.public_thanks,
        name="public_thanks",
    ),
]
