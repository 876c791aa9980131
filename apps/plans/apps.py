from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "apps.plans"
    label = "plans"
    verbose_name = _("规划与纲要结构")

    def ready(self) -> None:
        from apps.core.activity import describe_detail
        from apps.plans.policy import ACTION_LABELS

        describe_detail("action", _("被拒绝的操作"), {str(k): v for k, v in ACTION_LABELS.items()})
        describe_detail("change", _("变更"))
        describe_detail("fields", _("修改的项目"))
        describe_detail("what", _("内容"))
        describe_detail("row", _("行号"))
        # "kind" is described by apps.exports, which also writes it.
