from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "apps.governance"
    label = "governance"
    verbose_name = _("安全、衔接与治理")

    def ready(self) -> None:
        from apps.governance import parts  # noqa: F401  (registers the parts)
