from django.urls import path

from apps.search import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("plans/<int:plan_id>/search/", views.plan_search, name="plan_search"),
]
