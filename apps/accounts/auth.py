"""Signing in and changing a password, both behind the same brute-force limit."""

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import PasswordChangeView
from django.shortcuts import render
from django.utils.translation import gettext as _


class LoginForm(AuthenticationForm):
    """Django's sign-in form, with the user name's length checked before anything
    is looked up: a 300-character name used to reach django-axes, whose failure
    record has 255 characters, and the sign-in page answered 500."""

    def clean_username(self):
        username = self.cleaned_data.get("username") or ""
        limit = self.username_field.max_length or 150
        if len(username) > limit:
            raise forms.ValidationError(_("用户名不能超过%(n)s个字符。") % {"n": limit})
        return username


def _locked_out(request):
    """Sign the session out and show the lockout page, as a locked sign-in does."""
    logout(request)
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"cooloff_timedelta": settings.AXES_COOLOFF_TIME},
        status=429,
    )


class ThrottledPasswordChangeView(PasswordChangeView):
    """A wrong current password counts as a failed sign-in for this user at this
    address, so a stolen session cannot be used to guess the password at leisure;
    at the limit the session is signed out and sign-in is locked like any other."""

    def _credentials(self) -> dict:
        return {"username": self.request.user.get_username()}

    def post(self, request, *args, **kwargs):
        if AxesProxyHandler.is_locked(request, self._credentials()):
            return _locked_out(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password"):
            user_login_failed.send(
                sender=type(self), credentials=self._credentials(), request=self.request
            )
            if AxesProxyHandler.is_locked(self.request, self._credentials()):
                return _locked_out(self.request)
        return super().form_invalid(form)
