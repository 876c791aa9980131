"""What a result shows: a passage of about 120 characters around the first hit,
the hits wrapped in <mark> and everything else escaped (the text is a drafter's,
an opinion's author's: it may hold markup meant to run)."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.search.tokens import Term, normalise, runs

WINDOW = 120


def _pattern(terms: list[Term]) -> re.Pattern | None:
    # A term's runs matched in order; between runs of different scripts the text
    # may hold spaces or punctuation (5G 基站), as the index allows.
    alternatives = []
    for term in terms:
        pieces = [re.escape(run.text) for run in runs(term.text)]
        if pieces:
            alternatives.append(r"[\W_]*".join(pieces))
    if not alternatives:
        return None
    # Longest first, so that 托育服务 is marked whole rather than as 托育.
    alternatives.sort(key=len, reverse=True)
    return re.compile("|".join(alternatives))


def _normalised(text: str) -> tuple[str, list[int]]:
    """``text`` normalised as the index normalises it, with the index in ``text``
    of each normalised character (NFKC may turn one character into several)."""
    whole = normalise(text)
    if len(whole) == len(text):
        # The usual case (Chinese, ASCII, full-width forms): one for one. (An
        # expansion cancelled by a composition elsewhere would only shift a mark.)
        return whole, list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = normalise(char)
        out.append(piece)
        origin.extend([index] * len(piece))
    return "".join(out), origin


def hits(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of every occurrence of a term."""
    pattern = _pattern(terms)
    if pattern is None or not text:
        return []
    normal, origin = _normalised(text)
    found = []
    for match in pattern.finditer(normal):
        if match.end() > match.start():
            found.append((origin[match.start()], origin[match.end() - 1] + 1))
    return found


def excerpt(text: str, terms: list[Term], width: int = WINDOW) -> SafeString:
    """About ``width`` characters of ``text`` around its first hit, hits marked."""
    text = " ".join(text.split())
    found = hits(text, terms)
    first = found[0][0] if found else 0
    start = max(0, min(first - width // 3, len(text) - width))
    end = min(len(text), start + width)
    out = ["…" if start else ""]
    position = start
    for hit_start, hit_end in found:
        if hit_end <= position or hit_start >= end:
            continue
        hit_start = max(hit_start, position)
        out.append(escape(text[position:hit_start]))
        out.append("<mark>" + escape(text[hit_start:hit_end]) + "</mark>")
        position = hit_end
    out.append(escape(text[position:end]) if position < end else "")
    out.append("…" if end < len(text) else "")
    return mark_safe("".join(out))


def marked(text: str, terms: list[Term]) -> SafeString:
    """A short text (a title) whole, hits marked."""
    return excerpt(text, terms, width=max(len(text), 1))
