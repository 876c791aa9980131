from django import template
from django.utils.html import format_html

from apps.core.submissions import FIELD, new_token

register = template.Library()


@register.simple_tag
def submission_token() -> str:
    """The hidden input that makes a form count once however often it is sent."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
