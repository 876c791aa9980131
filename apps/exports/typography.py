"""Chinese typesetting helpers for the print HTML.

WeasyPrint justifies a line only by widening its spaces, and a Chinese line has
none: lines that hold digits or Latin letters (whose widths are not whole ems) end
short and the right edge looks ragged. We do what Word does by default ("adjust
space between Asian and Latin text"): put a space at every boundary between a
Chinese character and a Latin letter or digit. Those spaces are where
justification puts the slack, and the measure is a whole number of ems, so lines
of pure Chinese end flush on their own.
"""

import re

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LATIN = r"A-Za-z0-9"
_CJK_THEN_LATIN = re.compile(rf"([{_CJK}])([{_LATIN}])")
_LATIN_THEN_CJK = re.compile(rf"([{_LATIN}%])([{_CJK}])")
_TAG_SPLIT = re.compile(r"(<[^<>]+>)")


def autospace_text(text: str) -> str:
    text = _CJK_THEN_LATIN.sub(r"\1 \2", text)
    return _LATIN_THEN_CJK.sub(r"\1 \2", text)


def autospace_html(html: str) -> str:
    """Apply autospace_text to the text between tags, never inside a tag."""
    parts = _TAG_SPLIT.split(html)
    return "".join(p if p.startswith("<") else autospace_text(p) for p in parts)
