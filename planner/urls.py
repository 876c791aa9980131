from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.auth import LoginForm, ThrottledPasswordChangeView

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        require_http_methods(["GET", "POST"])(ThrottledPasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        require_GET(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("", include("apps.targets.urls")),
    path("", include("apps.review.urls")),
    path("", include("apps.monitoring.urls")),
    path("", include("apps.checks.urls")),
    path("", include("apps.exports.urls")),
    path("", include("apps.linkage.urls")),
    path("", include("apps.consultation.urls")),
    path("", include("apps.notifications.urls")),
    path("", include("apps.search.urls")),
    path("", include("apps.plans.urls")),
]

handler400 = "planner.errors.bad_request"
