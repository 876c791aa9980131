"""Template filters of the print templates: one typographic rule for all text."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from apps.exports.typography import autospace_html, compress_punctuation

register = template.Library()


@register.filter
def typeset(value) -> str:
    """Escape plain text (names, table cells, notes) and set it as the body is set:
    spaces between Chinese and Latin or digits, compressed punctuation pairs."""
    return mark_safe(autospace_html(str(conditional_escape(value))))


@register.filter
def compressed(value) -> str:
    """Escape a heading and compress its punctuation pairs (第一节　“十三五”…)."""
    return mark_safe(compress_punctuation(str(conditional_escape(value))))
