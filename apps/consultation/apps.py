from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "apps.consultation"
    label = "consultation"
    verbose_name = _("公开征求意见")

    def ready(self) -> None:
        from apps.consultation import exporters  # noqa: F401  (registers the notice's PDF)
        from apps.consultation.models import Suggestion
        from apps.core.activity import describe_detail

        describe_detail("starts_on", _("开始日期"))
        describe_detail("ends_on", _("截止日期"))
        describe_detail("suggestions", _("意见编号"), lambda pk: _("第%(n)s号") % {"n": pk})
        describe_detail("topic", _("主题"))
        describe_detail("chapter", _("章节"))
        describe_detail("answer", _("采纳情况"), dict(Suggestion.Answer.choices))
        describe_detail("channel", _("渠道"), dict(Suggestion.Channel.choices))
        describe_detail("merged", _("合并条数"))
        describe_detail("rows", _("条数"))
        describe_detail("items", _("反馈条数"))
