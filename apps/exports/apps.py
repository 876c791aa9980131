from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "apps.exports"
    label = "exports"
    verbose_name = _("PDF 导出")

    def ready(self) -> None:
        from apps.exports import checks  # noqa: F401  (registers the system checks)
