from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecksConfig(AppConfig):
    name = "apps.checks"
    label = "checks"
    verbose_name = _("规划体检")

    def ready(self) -> None:
        # Importing registers the checks and adds the findings to node pages.
        from apps.checks import rules, sections  # noqa: F401
        from apps.core.activity import describe_detail

        describe_detail("discouraged", _("不宜使用的表述"))
        describe_detail("preferred", _("规范表述"))
        describe_detail("added", _("添加条数"))
