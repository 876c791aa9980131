from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "apps.consultation"
    label = "consultation"
    verbose_name = _("公开征求意见")

    def ready(self) -> None:
        from apps.consultation import exporters  # noqa: F401  (registers the notice's PDF)
        from apps.core.activity import describe_detail

        describe_detail("starts_on", _("开始日期"))
        describe_detail("ends_on", _("截止日期"))
