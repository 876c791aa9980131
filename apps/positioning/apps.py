from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PositioningConfig(AppConfig):
    name = "apps.positioning"
    label = "positioning"
    verbose_name = _("定位、优势与路径")

    def ready(self) -> None:
        from apps.positioning import parts  # noqa: F401  (registers the parts)
