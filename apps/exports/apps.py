from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "apps.exports"
    label = "exports"
    verbose_name = _("PDF 导出")

    def ready(self) -> None:
        from apps.core.activity import describe_detail
        from apps.exports import checks  # noqa: F401  (registers the system checks)
        from apps.exports.models import ExportJob

        describe_detail("kind", _("文件"), dict(ExportJob.Kind.choices))
        describe_detail("with_scorecard", _("附体检报告"))
