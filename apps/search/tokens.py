"""Chinese text as the search index stores it: overlapping character bigrams.

No dictionary decides where a word ends, so none can miss one: every run of CJK
characters becomes its overlapping bigrams (托育服务 → 托育 育服 服务) followed by
its last character alone (务), so every character of the text starts some token
and a word of any length is the phrase of its bigrams. Runs of other letters and
digits (5G, 2035, 5.5) are one token each. Text and query are normalised alike
(NFKC, lower case), so full-width ５Ｇ finds 5g.

A query term is the phrase of its tokens. The last character of a run is left out
of the phrase when the run ends the term (the text may go on after it: 托育 is in
托育服务), and kept when something follows it inside the term (基站5G is
基站 站 5g in the text too). A term that ends in a single CJK character matches
it as a prefix, since the text may continue it into a bigram.
"""

import re
import unicodedata
from dataclasses import dataclass

# CJK ideographs (the unified blocks, their extensions and compatibility forms),
# 〇, and the kana and hangul that Chinese text quotes now and then: scripts
# written without spaces between words.
_CJK = (
    "\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_RUN_RE = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+(?:\.[0-9]+)*)")
# Characters a token may hold: nothing that needs quoting in a tsquery or an
# FTS5 query (tests/search/test_tokens.py holds every token to it).
TOKEN_RE = re.compile(r"[^\W_]+(?:\.[0-9]+)*")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


@dataclass(frozen=True)
class Run:
    text: str
    cjk: bool


def runs(text: str) -> list[Run]:
    return [Run(m.group(), m.lastgroup == "cjk") for m in _RUN_RE.finditer(normalise(text))]


def _run_tokens(run: Run, *, trailing: bool) -> list[str]:
    if not run.cjk:
        return [run.text]
    chars = run.text
    if len(chars) == 1:
        return [chars]
    tokens = [chars[i : i + 2] for i in range(len(chars) - 1)]
    if trailing:
        tokens.append(chars[-1])
    return tokens


def tokens(text: str) -> list[str]:
    """The index's tokens of ``text``, in order."""
    out: list[str] = []
    for run in runs(text):
        out.extend(_run_tokens(run, trailing=True))
    return out


def token_text(text: str) -> str:
    """The tokens space-joined: what the database's full-text column is made of."""
    return " ".join(tokens(text))


@dataclass(frozen=True)
class Term:
    """One whitespace-separated word of a query: the phrase of its tokens, the last
    one a prefix when the term ends in a single CJK character."""

    text: str
    tokens: tuple[str, ...]
    prefix: bool


def query_terms(query: str) -> list[Term]:
    """The terms of ``query``; punctuation and symbols alone make no term."""
    terms = []
    for word in normalise(query).split():
        word_runs = runs(word)
        if not word_runs:
            continue
        phrase: list[str] = []
        for index, run in enumerate(word_runs):
            last = index == len(word_runs) - 1
            phrase.extend(_run_tokens(run, trailing=not last))
        prefix = word_runs[-1].cjk and len(word_runs[-1].text) == 1
        terms.append(Term(word, tuple(phrase), prefix))
    return terms
