"""The tokenizer: bigrams for Chinese, one token per run of letters or digits."""

import pytest

from apps.search.backends import fts5_query, tsquery
from apps.search.tokens import TOKEN_RE, query_terms, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("托育", ["托育", "育"]),
        ("托育服务", ["托育", "育服", "服务", "务"]),
        ("县", ["县"]),
        ("5G基站", ["5g", "基站", "站"]),
        ("基站5G", ["基站", "站", "5g"]),
        ("５Ｇ网络", ["5g", "网络", "络"]),  # full width, as pasted from Word
        ("增长5.5%", ["增长", "长", "5.5"]),
        ("2035年远景", ["2035", "年远", "远景", "景"]),
        ("耕地，保护。", ["耕地", "地", "保护", "护"]),
        ("GDP 增长", ["gdp", "增长", "长"]),
        ("<p>托育</p>", ["p", "托育", "育", "p"]),  # markup is stripped before, not here
        ("", []),
        ("！？。…——", []),
        ("a\x00b", ["a", "b"]),
        ("〇", ["〇"]),
    ],
)
def test_text_tokens(text, expected):
    assert tokens(text) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # (phrase tokens, prefix) per whitespace-separated term
        ("托育", [(("托育",), False)]),
        ("托育服务", [(("托育", "育服", "服务"), False)]),
        ("托", [(("托",), True)]),
        ("5G", [(("5g",), False)]),
        ("5G基站", [(("5g", "基站"), False)]),
        ("基站5G", [(("基站", "站", "5g"), False)]),
        ("5g站", [(("5g", "站"), True)]),
        ("耕地 托育", [(("耕地",), False), (("托育",), False)]),
        ("“耕地”", [(("耕地",), False)]),
        ("。，！", []),
        ("'; DROP TABLE x; --", [(("drop",), False), (("table",), False), (("x",), False)]),
    ],
)
def test_query_terms(query, expected):
    assert [(t.tokens, t.prefix) for t in query_terms(query)] == expected


def test_every_phrase_of_a_text_is_found_by_its_own_tokens():
    """Recall 1 by construction: any substring of a CJK run, as a query, is a
    phrase of tokens that the run's tokens contain in order and adjacent."""
    text = "发展普惠托育服务"
    indexed = tokens(text)
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            (term,) = query_terms(text[start:end])
            n = len(term.tokens)
            windows = [tuple(indexed[i : i + n]) for i in range(len(indexed) - n + 1)]
            if term.prefix:
                assert any(w[-1].startswith(term.tokens[-1]) for w in windows)
            else:
                assert term.tokens in windows, text[start:end]


def test_tokens_need_no_quoting():
    hostile = "a'b\"c\\d:*e&f|g!h<->i(j)k 托'育 {x} NEAR(y) *"
    for token in tokens(hostile):
        assert TOKEN_RE.fullmatch(token)
        assert not set(token) & set("'\"\\:*&|!<>(){}")


def test_the_engine_queries():
    terms = query_terms("托育服务 5g站")
    assert tsquery(terms) == "('托育' <-> '育服' <-> '服务') & ('5g' <-> '站':*)"
    assert fts5_query(terms) == '"托育 育服 服务" "5g 站"*'


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("建设５Ｇ基站", "5g", "建设<mark>５Ｇ</mark>基站"),
        ("面积100㎡的托育中心", "托育", "面积100㎡的<mark>托育</mark>中心"),
        ("<b>托育</b>", "托育", "&lt;b&gt;<mark>托育</mark>&lt;/b&gt;"),
        ("5G 基站和基站", "5G基站", "<mark>5G 基站</mark>和基站"),
        ("耕地保护，耕地", "耕地 保护", "<mark>耕地</mark><mark>保护</mark>，<mark>耕地</mark>"),
    ],
)
def test_the_passage_marks_the_hits_and_escapes_the_rest(text, query, expected):
    from apps.search.passages import excerpt

    assert excerpt(text, query_terms(query)) == expected


def test_a_long_passage_is_cut_around_the_first_hit():
    from apps.search.passages import WINDOW, excerpt

    text = "甲" * 500 + "托育" + "乙" * 500
    shown = excerpt(text, query_terms("托育"))
    assert shown.startswith("…") and shown.endswith("…")
    assert "<mark>托育</mark>" in shown
    assert len(shown.replace("<mark>", "").replace("</mark>", "")) <= WINDOW + 2
