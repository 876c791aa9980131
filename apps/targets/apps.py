from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "apps.targets"
    label = "targets"
    verbose_name = _("远景、目标与指标")

    def ready(self) -> None:
        from apps.targets import (
            parts,  # noqa: F401  (registers the parts)
            report_tables,  # noqa: F401  (the evaluation report table)
        )
