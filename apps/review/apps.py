from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "apps.review"
    label = "review"
    verbose_name = _("会签与意见")

    def ready(self) -> None:
        from apps.plans.parts import NodeSection, register_node_section
        from apps.review import views

        register_node_section(NodeSection("review/_node_review.html", views.review_section, "top"))
        register_node_section(NodeSection("review/_node_opinions.html", views.opinions_section))

        from apps.core.activity import describe_detail
        from apps.review.models import Opinion

        describe_detail("lead", _("牵头部门"))
        describe_detail("reviewers", _("会签部门"))
        describe_detail("due", _("完成时限"))
        describe_detail("round", _("轮次"), lambda n: _("第%(n)s轮") % {"n": n})
        describe_detail("department", _("部门"))
        describe_detail("revision", _("会签的修订"), lambda n: _("第%(n)s版") % {"n": n})
        describe_detail("disposition", _("处理结果"), dict(Opinion.Disposition.choices))
        describe_detail("previous", _("原阶段"))
        describe_detail("stage", _("新阶段"))
        describe_detail("version", _("冻结版本"))
