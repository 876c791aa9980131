from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "apps.monitoring"
    label = "monitoring"
    verbose_name = _("年度监测")

    def ready(self) -> None:
        from apps.monitoring import (  # noqa: F401  (register into apps.plans.parts)
            report_checks,
            report_tables,
        )
