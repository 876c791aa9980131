from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "apps.exports"
    label = "exports"
    verbose_name = _("导出")

    def ready(self) -> None:
        from apps.core.activity import describe_detail
        from apps.exports import (
            checks,  # noqa: F401  (registers the system checks)
            exporters,
        )

        # Read when shown: apps after this one register exporters too (衔接材料).
        describe_detail(
            "exporter",
            _("文件"),
            lambda key: next((e.label for e in exporters.all_exporters() if e.key == key), key),
        )
        # One key, two writers: export rows written before exporters (kind plan /
        # opinions) and the creation of a document (its kind: outline, midterm…).
        from apps.plans.models import Document

        describe_detail(
            "kind",
            _("文件"),
            {
                **dict(Document.Kind.choices),
                "plan": _("规划纲要"),
                "opinions": _("意见采纳情况汇总表"),
            },
        )
        describe_detail("with_scorecard", _("附体检报告"))
