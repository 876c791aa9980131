"""Bad input on the indicator form: the page says what is wrong, in Chinese, beside
the field, and every value typed is still in the form."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.targets.forms import IndicatorForm, TargetSyntaxError, parse_target
from apps.targets.models import Indicator


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("65", ("", Decimal("65"), "", False)),
        ("≥6.5", ("≥", Decimal("6.5"), "", False)),
        (">=6.5", ("≥", Decimal("6.5"), "", False)),
        ("＜5.5", ("<", Decimal("5.5"), "", False)),
        ("〔13.5〕", ("", Decimal("13.5"), "", True)),
        ("[18]", ("", Decimal("18"), "", True)),
        ("与经济增长基本同步", ("", None, "与经济增长基本同步", False)),
        ("", ("", None, "", False)),
    ],
)
def test_it_reads_targets_as_tables_write_them(raw, expected):
    assert parse_target(raw) == expected


@pytest.mark.parametrize("raw", ["6.5a", "abc", "〔13.5", "1.2.3", ">"])
def test_it_refuses_what_is_neither_number_nor_phrase(raw):
    with pytest.raises(TargetSyntaxError):
        parse_target(raw)


def _data(plan, **overrides):
    data = {
        "category": plan.indicator_categories.first().pk,
        "name": "地区生产总值",
        "unit": "亿元",
        "baseline_value": "200",
        "baseline_data_year": "",
        "expression": "level",
        "target_input": "280",
        "vision_value": "500",
        "attribute": "expected",
        "source_department": "",
        "target": "",
        "node": "",
        "note": "",
    }
    data.update(overrides)
    return data


def test_it_saves_a_valid_indicator(plan):
    form = IndicatorForm(_data(plan, target_input="≥280"), plan=plan)
    assert form.is_valid(), form.errors
    assert form.instance.target_operator == "≥"
    assert form.instance.target_value == Decimal("280")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"baseline_value": "200a"}, "baseline_value", "数字"),
        ({"vision_value": "五百"}, "vision_value", "数字"),
        ({"target_input": "280x"}, "target_input", "无法识别"),
        ({"target_input": "〔13.5〕"}, "target_input", "五年累计"),
        ({"attribute": "binding", "target_input": ""}, "target_input", "约束性指标必须填写目标值"),
        ({"baseline_data_year": "2021"}, "baseline_data_year", "不能晚于基期年"),
    ],
)
def test_it_puts_the_error_beside_the_field(plan, overrides, field, message):
    form = IndicatorForm(_data(plan, **overrides), plan=plan)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_a_cumulative_figure_is_fine_on_a_cumulative_indicator(plan):
    form = IndicatorForm(_data(plan, expression="cumulative", target_input="〔13.5〕"), plan=plan)
    assert form.is_valid(), form.errors
    assert form.instance.target_display() == "〔13.5〕"


def test_the_page_keeps_every_typed_value_after_an_error(client, plan, drafter):
    client.force_login(drafter)
    url = reverse("part_create", args=[plan.pk, "indicators"])
    response = client.post(url, _data(plan, baseline_value="200a", name="常住人口", unit="万人"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="200a"' in page
    assert 'value="常住人口"' in page
    assert 'value="万人"' in page
    assert 'value="280"' in page
    assert "有填写不正确的地方" in page
    assert not Indicator.objects.filter(plan=plan).exists()


def test_an_off_path_target_is_saved_with_a_warning(client, plan, drafter):
    client.force_login(drafter)
    url = reverse("part_create", args=[plan.pk, "indicators"])
    # 200 → 500 by 2035: the steady path gives 271.44 in 2025; 400 is far off.
    response = client.post(url, _data(plan, target_input="400"), follow=True)
    indicator = Indicator.objects.get(plan=plan)
    assert indicator.target_value == Decimal("400")
    assert "偏离平稳路径" in response.content.decode()


def test_an_on_path_target_saves_without_warning(client, plan, drafter):
    client.force_login(drafter)
    url = reverse("part_create", args=[plan.pk, "indicators"])
    response = client.post(url, _data(plan, target_input="271"), follow=True)
    assert Indicator.objects.filter(plan=plan).count() == 1
    assert "偏离平稳路径" not in response.content.decode()


def test_the_path_panel_follows_what_is_typed(client, plan, drafter):
    client.force_login(drafter)
    url = reverse("indicator_path_preview", args=[plan.pk])
    response = client.post(url, _data(plan, target_input="400"), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "271.44" in page
    assert "偏离路径 47.4%" in page
    assert "<html" not in page
