from apps.exports.typography import autospace_html, autospace_text


def test_it_spaces_chinese_from_latin_and_digits():
    assert autospace_text("到2025年GDP达到430亿元") == "到 2025 年 GDP 达到 430 亿元"
    assert autospace_text("增长6.5%左右") == "增长 6.5% 左右"


def test_punctuation_and_existing_spaces_are_left_alone():
    assert autospace_text("（2025年）") == "（2025 年）"
    assert autospace_text("5G基站，") == "5G 基站，"


def test_tags_are_not_touched():
    assert autospace_html('<p class="a1">第1节</p>') == '<p class="a1">第 1 节</p>'
