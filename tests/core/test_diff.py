from apps.core.diff import Chunk, char_diff, diff_html


def test_it_marks_changed_phrases_not_scattered_characters():
    chunks = char_diff("地区生产总值年均增长6%左右", "地区生产总值年均增长6.5%左右")
    assert chunks == [
        Chunk("equal", "地区生产总值年均增长6"),
        Chunk("insert", ".5"),
        Chunk("equal", "%左右"),
    ]


def test_a_lone_unchanged_character_between_changes_is_folded_in():
    chunks = char_diff("建设甲园区", "建成乙园区")
    assert chunks == [
        Chunk("equal", "建"),
        Chunk("delete", "设甲"),
        Chunk("insert", "成乙"),
        Chunk("equal", "园区"),
    ]


def test_the_html_keeps_paragraphs_and_escapes_text():
    html = diff_html("<p>第一段。</p><p>a&lt;b</p>", "<p>第一段。</p><p>a&lt;c</p>")
    assert html == "<p>第一段。</p><p>a&lt;<del>b</del><ins>c</ins></p>"
