"""Inter-character justification for Chinese text in WeasyPrint.

WeasyPrint justifies a line by widening its spaces only. Chinese has no spaces, so
a justified Chinese line that holds digits or Latin letters (whose widths are not
whole ems), or that ends early because punctuation may not start the next line,
stays short and the right edge looks ragged; spreading the slack over the one or
two spaces around a number leaves holes. Chinese typesetting spreads the slack
over the gaps around Chinese characters and punctuation instead, leaving runs of
digits and Latin letters intact, and so does this: every text box of a justified
line is laid out again with a small letter spacing on its Chinese characters,
punctuation and spaces, so the line fills its measure to within a fraction of a
point.

This replaces one function of WeasyPrint's inline layout; pyproject pins
WeasyPrint to 70.x, and ``tests/exports`` measures the right edge of real lines of
a rendered plan, so an upgrade that changes this code fails loudly instead of
quietly printing ragged text.
"""

import re

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.ffi import TO_UNITS, ffi, pango
from weasyprint.text.line_break import Layout, line_size

_original_justify_line = inline.justify_line

# Where slack may go: Chinese characters, CJK and full-width punctuation, spaces.
_EXPANDABLE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef ]")


def _ranges(text: str) -> list[tuple[int, int]]:
    """Byte ranges (UTF-8, as Pango counts) of the expandable characters."""
    ranges: list[tuple[int, int]] = []
    offset = 0
    for char in text:
        size = len(char.encode())
        if _EXPANDABLE.match(char):
            if ranges and ranges[-1][1] == offset:
                ranges[-1] = (ranges[-1][0], offset + size)
            else:
                ranges.append((offset, offset + size))
        offset += size
    return ranges


class _SpreadLayout(Layout):
    """A text layout that adds letter spacing to given byte ranges, and keeps doing
    so when WeasyPrint re-activates it for drawing."""

    def __init__(self, style, ranges, spacing: float) -> None:
        self.spread_ranges = ranges
        self.spread_units = int(spacing * TO_UNITS)
        super().__init__(style, 0, None)

    def set_text(self, text, justify=False):
        super().set_text(text, justify)
        units = self.spread_units
        base = self.style["letter_spacing"]
        if base != "normal":
            units += int(base * TO_UNITS)
        attr_list = pango.pango_layout_get_attributes(self.layout)
        if attr_list == ffi.NULL:
            attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        for start, end in self.spread_ranges:
            attr = pango.pango_attr_letter_spacing_new(units)
            attr.start_index, attr.end_index = start, end
            pango.pango_attr_list_change(attr_list, attr)
        pango.pango_layout_set_attributes(self.layout, attr_list)


def _expandable(box, last) -> int:
    if isinstance(box, boxes.TextBox):
        text = box.text[:-1] if box is last else box.text
        return len(_EXPANDABLE.findall(text))
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return sum(_expandable(c, last) for c in box.children if c.is_in_normal_flow())
    return 0


def _last_text_box(box):
    if isinstance(box, boxes.TextBox):
        return box
    for child in reversed(getattr(box, "children", ())):
        if child.is_in_normal_flow() and (found := _last_text_box(child)) is not None:
            return found
    return None


def _spread(box, spacing: float, x_advance: float, last) -> float:
    """Re-lay each text box with ``spacing`` after its expandable characters and
    shift what follows; returns the accumulated shift (like add_word_spacing).
    The line's very last character gets none, so the line ends on the edge."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        text = box.text[:-1] if box is last else box.text
        ranges = _ranges(text)
        if not ranges:
            return x_advance
        layout = _SpreadLayout(box.style, ranges, spacing)
        layout.set_text(box.text)
        first_line, _index = layout.get_first_line()
        width, _height = line_size(first_line, box.style)
        layout.deactivate()
        x_advance += width - box.width
        box.width = width
        box.pango_layout = layout
        return x_advance
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(child, spacing, x_advance, last)
        box.width += x_advance - before
        return x_advance
    box.translate(x_advance, 0)
    return x_advance


def justify_line(context, line, extra_width) -> None:
    last = _last_text_box(line)
    count = _expandable(line, last)
    if line.style["direction"] == "rtl" or extra_width <= 0 or count == 0:
        return _original_justify_line(context, line, extra_width)
    _spread(line, extra_width / count, 0, last)
    return None


def install() -> None:
    """Use inter-character justification for every justified line (idempotent)."""
    inline.justify_line = justify_line
