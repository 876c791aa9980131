from django.urls import path

from apps.accounts import views

urlpatterns = [
    path("counties/<int:county_id>/departments/", views.departments, name="departments"),
]
