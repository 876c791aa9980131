from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "apps.linkage"
    label = "linkage"
    verbose_name = _("上下级规划衔接")

    def ready(self) -> None:
        from apps.core.activity import describe_detail
        from apps.linkage import (  # noqa: F401  (register with the policy, exports, checks)
            checks,
            exporters,
            grants,
        )

        describe_detail("city", _("衔接审核单位"))
        describe_detail("version_name", _("提供的版本"))
        describe_detail("share_draft", _("开放当前草稿"))
        describe_detail("match", _("对应市级项目"))
        describe_detail("project", _("项目"))
        describe_detail("counties", _("分解到的县数"))
