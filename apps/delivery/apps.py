from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "apps.delivery"
    label = "delivery"
    verbose_name = _("任务、项目与政策")

    def ready(self) -> None:
        from apps.delivery import (
            parts,  # noqa: F401  (registers the parts)
            report_tables,  # noqa: F401  (the evaluation report table)
        )
