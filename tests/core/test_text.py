from apps.core.text import sanitize_html, text_length

WORD_PASTE = """
<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style>
<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]--></head>
<body><p class=MsoNormal style='text-indent:2em'>
<span lang=ZH-CN style='font-family:仿宋'>第一段文字。</span><o:p></o:p></p>
<p class=MsoNormal><b><span>第二段</span></b><span>加粗之后。</span></p></body></html>
"""


def test_it_keeps_word_paragraphs_and_drops_word_markup():
    html = sanitize_html(WORD_PASTE)
    assert html == "<p>第一段文字。</p><p><b>第二段</b>加粗之后。</p>"


def test_it_turns_plain_text_lines_into_paragraphs():
    assert sanitize_html("第一段。\r\n\r\n第二段。\n") == "<p>第一段。</p><p>第二段。</p>"


def test_it_escapes_markup_like_text_in_plain_input():
    assert sanitize_html("a < b 且 c > d") == "<p>a &lt; b 且 c &gt; d</p>"


def test_it_removes_scripts_handlers_and_links():
    html = sanitize_html(
        '<p onclick="x()">正文<script>alert(1)</script><img src=x onerror=alert(1)>'
        '<a href="javascript:alert(1)">链接</a><iframe src="//evil"></iframe></p>'
        "<svg onload=alert(1)></svg><style>p{}</style>"
    )
    assert html == "<p>正文链接</p>"


def test_it_maps_editor_divs_to_paragraphs():
    assert sanitize_html("<div>一</div><div>二<br></div>") == "<p>一</p><p>二<br></p>"


def test_it_counts_visible_characters_only():
    assert text_length("<p>示范县　发展</p><p> 2025 年</p>") == 10


def test_loose_text_outside_paragraphs_becomes_a_paragraph():
    assert sanitize_html("开头一句。<p>第二段。</p>尾巴<b>加粗</b>") == (
        "<p>开头一句。</p><p>第二段。</p><p>尾巴<b>加粗</b></p>"
    )


def test_lists_and_entities_survive():
    assert sanitize_html("<ul><li>一</li><li>A &amp; B</li></ul>") == (
        "<ul><li>一</li><li>A &amp; B</li></ul>"
    )


# Hostile structure: refused in linear time, before the parser builds a tree -------

import pytest  # noqa: E402

from apps.core.text import (  # noqa: E402
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_RAW_ELEMENTS,
    MAX_STORED_CHARS,
    MarkupTooComplex,
    html_to_paragraphs,
)


def test_lists_nested_deeper_than_the_limit_are_refused_with_a_message():
    with pytest.raises(MarkupTooComplex, match="嵌套超过20层"):
        sanitize_html("<ul><li>" * 25_000)


def test_nesting_up_to_the_limit_is_kept():
    depth = MAX_DEPTH // 2
    html = sanitize_html("<ul><li>" * depth + "文字" + "</li></ul>" * depth)
    assert html.count("<ul>") == depth


def test_unclosed_list_items_and_paragraphs_do_not_count_as_nesting():
    items = "<ul>" + "<li>一项" * 50 + "</ul>" + "<p>一段" * 50
    html = sanitize_html(items)
    assert html.count("<li>") == 50 and html.count("<p>") == 50


def test_more_stored_elements_than_the_limit_are_refused():
    with pytest.raises(MarkupTooComplex, match="超过了5000处的上限"):
        sanitize_html("<p>x</p>" * (MAX_ELEMENTS + 1))
    assert sanitize_html("<p>x</p>" * MAX_ELEMENTS).count("<p>") == MAX_ELEMENTS


def test_more_pasted_elements_than_the_parser_takes_are_refused_before_parsing():
    with pytest.raises(MarkupTooComplex, match="格式标记过多"):
        sanitize_html("<span>x</span>" * (MAX_RAW_ELEMENTS + 1))


def test_words_spans_do_not_count_against_the_stored_limit():
    # 2,500 paragraphs of Word paste: 7,500 elements pasted, 2,500 stored.
    paste = '<p class="MsoNormal"><span lang="ZH-CN"><b>加快</b>建设。</span></p>' * 2500
    assert sanitize_html(paste).count("<p>") == 2500


def test_a_body_that_grows_past_the_stored_limit_is_refused():
    # 100,000 lines of one character: 200,000 characters typed, 800,000 stored.
    with pytest.raises(MarkupTooComplex, match=str(MAX_STORED_CHARS)):
        sanitize_html("字\n" * 100_000)


def test_tag_openings_without_an_end_are_text():
    html = sanitize_html("<a" * 1000)
    assert html == "<p>" + "&lt;a" * 1000 + "</p>"


def test_whitespace_beside_block_tags_goes_and_inside_text_stays():
    assert sanitize_html("<p>  甲 乙  </p>\n\n<ul>\n <li> 丙 </li>\n</ul>") == (
        "<p>甲 乙</p><ul><li>丙</li></ul>"
    )


def test_paragraphs_of_stored_html_in_one_pass():
    assert html_to_paragraphs("<p>一</p><p>a&amp;b<br>c</p><ul><li>三</li></ul>") == [
        "一",
        "a&b",
        "c",
        "三",
    ]
