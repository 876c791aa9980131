from django import template

from apps.core.text import quotable as _quotable

register = template.Library()


@register.filter
def quotable(value) -> str:
    """For text placed inside “…” in a template: nested quotes become ‘…’."""
    return _quotable(value)


@register.filter
def figure(value) -> str:
    """A stored number as it was typed: 338.4030 → 338.403, 200.0000 → 200."""
    from decimal import Decimal

    from apps.core.cells import number_text

    if value is None or value == "":
        return ""
    return number_text(value if isinstance(value, Decimal) else Decimal(str(value)))
