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
