"""Chinese typesetting helpers for the print HTML, applied to every text the
outline prints (body, 专栏, table cells, notes) so one rule holds everywhere.

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

# Full-width punctuation sits in half of its em: closing marks (，。、；：！？ and
# closing quotes and brackets) on the left, opening marks on the right. Two in a
# row, or an ideographic space before an opening mark, show a double gap; the
# blank half of one of them is taken away (the justification spreads the rest).
_CLOSING = "，。、；：！？”’）》〉」』】〕"
_OPENING = "“‘（《〈「『【〔"
_CLOSING_BEFORE_PUNCT = re.compile(rf"([{_CLOSING}])(?=[{_CLOSING}{_OPENING}])")
_OPENING_AFTER_GAP = re.compile(rf"(?<=[\u3000{_OPENING}])([{_OPENING}])")
# A ratio (15.2∶48.1∶36.7) is one unbreakable word to the line breaker; a break
# opportunity after each colon lets the line end there instead of spacing out.
_RATIO_COLON = re.compile(r"(?<=\d)([:：∶])(?=\d)")


def autospace_text(text: str) -> str:
    text = _CJK_THEN_LATIN.sub(r"\1 \2", text)
    text = _LATIN_THEN_CJK.sub(r"\1 \2", text)
    return _RATIO_COLON.sub("\\1\u200b", text)


def compress_punctuation(text: str) -> str:
    """Mark the punctuation whose blank half is taken away (text between tags)."""
    text = _CLOSING_BEFORE_PUNCT.sub(r'<span class="pc">\1</span>', text)
    return _OPENING_AFTER_GAP.sub(r'<span class="po">\1</span>', text)


def autospace_html(html: str) -> str:
    """Apply autospace_text to the text between tags, never inside a tag."""
    parts = _TAG_SPLIT.split(html)
    return "".join(
        p if p.startswith("<") else compress_punctuation(autospace_text(p)) for p in parts
    )
