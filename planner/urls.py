from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("apps.accounts.urls")),
    path("", include("apps.targets.urls")),
    path("", include("apps.review.urls")),
    path("", include("apps.checks.urls")),
    path("", include("apps.exports.urls")),
    path("", include("apps.notifications.urls")),
    path("", include("apps.plans.urls")),
]
