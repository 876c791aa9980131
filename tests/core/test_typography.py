from apps.exports.typography import autospace_html, autospace_text


def test_it_spaces_chinese_from_latin_and_digits():
    assert autospace_text("到2025年GDP达到430亿元") == "到 2025 年 GDP 达到 430 亿元"
    assert autospace_text("增长6.5%左右") == "增长 6.5% 左右"


def test_punctuation_and_existing_spaces_are_left_alone():
    assert autospace_text("（2025年）") == "（2025 年）"
    assert autospace_text("5G基站，") == "5G 基站，"


def test_tags_are_not_touched():
    assert autospace_html('<p class="a1">第1节</p>') == '<p class="a1">第 1 节</p>'


def test_a_ratio_may_break_after_its_colons():
    assert autospace_text("由15.2∶48.1∶36.7调整") == "由 15.2∶\u200b48.1∶\u200b36.7 调整"
    assert autospace_text("时间12:30") == "时间 12:\u200b30"
    assert autospace_text("如下：1.") == "如下：1."  # a colon before a list is not a ratio


def test_a_pair_of_full_width_marks_loses_one_blank_half():
    from apps.exports.typography import compress_punctuation

    assert (
        compress_punctuation("第一节　“十三五”时期")
        == '第一节　<span class="po">“</span>十三五”时期'
    )
    assert compress_punctuation("他说：“好。”") == (
        '他说<span class="pc">：</span>“好<span class="pc">。</span>”'
    )
    assert compress_punctuation("（见附表1）。") == '（见附表1<span class="pc">）</span>。'
    assert compress_punctuation("单独的，逗号。") == "单独的，逗号。"


def test_the_print_filters_escape_before_they_set(db):
    from django.template import Context, Template

    template = Template("{% load print_text %}{{ v|typeset }}|{{ v|compressed }}")
    out = template.render(Context({"v": "<b>第1项</b>“”"}))
    assert "<b>" not in out and "&lt;b&gt;第 1 项" in out
