from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

EMPTY_CHOICE_LABEL = _("（请选择）")


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        # Django 6.1's blank select label has no Chinese translation yet; Django
        # documents replacing it from an app's ready().
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = EMPTY_CHOICE_LABEL
