from django import template

from apps.core.text import quotable as _quotable

register = template.Library()


@register.filter
def quotable(value) -> str:
    """For text placed inside “…” in a template: nested quotes become ‘…’."""
    return _quotable(value)
