import pytest

from apps.core.numerals import chinese_count, chinese_year, five_year_plan_name


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (14, "十四"),
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
    ],
)
def test_it_counts_in_chinese_as_headings_do(n, expected):
    assert chinese_count(n) == expected


def test_it_writes_years_digit_by_digit():
    assert chinese_year(2035) == "二〇三五"
    assert chinese_year(2021) == "二〇二一"


def test_it_names_the_five_year_plan_from_its_target_year():
    assert five_year_plan_name(2025) == "十四五"
    assert five_year_plan_name(2030) == "十五五"
    assert five_year_plan_name(2020) == "十三五"
