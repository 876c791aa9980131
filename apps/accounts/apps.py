from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("用户与单位")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from apps.accounts import security

        user_locked_out.connect(security.log_lockout, dispatch_uid="planner-lockout-log")
