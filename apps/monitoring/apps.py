from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "apps.monitoring"
    label = "monitoring"
    verbose_name = _("年度监测")

    def ready(self) -> None:
        from apps.core.activity import describe_detail
        from apps.monitoring import (  # noqa: F401  (register into apps.plans.parts)
            report_checks,
            report_tables,
        )

        describe_detail("year", _("监测年度"))
        describe_detail("due_date", _("报送截止日期"))
        describe_detail("reason", _("原因"))
        describe_detail("value", _("报送值"))
        describe_detail("sent", _("通知人数"))
        describe_detail("unaccepted", _("未审核的行"))
        describe_detail("updated", _("报送行数"))
        describe_detail("errors", _("有错误的行"))
        describe_detail("file", _("文件"))
