"""No stored byte may break a page: oversized numbers, control characters and
invisible characters are stopped on the way in, and the writers (Excel, PDF,
download names) survive any that were stored before."""

import io

import pytest
from django import forms
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.text import clean_input, safe_filename
from apps.plans.models import Document
from apps.plans.parts import registry
from apps.review import actions
from apps.review.models import Opinion
from apps.targets.models import Indicator
from tests import factories as f

HUGE = "9" * 23


def _indicator_post(plan, **overrides):
    data = {
        "category": plan.indicator_categories.first().pk,
        "name": "地区生产总值",
        "unit": "亿元",
        "baseline_value": "200",
        "expression": Indicator.Expression.LEVEL,
        "target_input": "300",
        "attribute": Indicator.Attribute.EXPECTED,
    }
    data.update(overrides)
    return data


def test_a_23_digit_target_is_refused_with_a_message_and_the_input_kept(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("part_create", args=[plan.pk, "indicators"]),
        _indicator_post(plan, target_input=HUGE),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["target_input"]
    assert errors == ["数值超出范围：最多16位整数、4位小数。"]
    assert HUGE in response.content.decode()
    assert not Indicator.objects.filter(plan=plan).exists()
    # The plan's pages keep working (nothing was stored).
    assert client.get(reverse("plan_overview", args=[plan.pk])).status_code == 200


def test_a_target_with_too_many_decimals_is_refused(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("part_create", args=[plan.pk, "indicators"]),
        _indicator_post(plan, target_input="6.123456"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["target_input"] == ["最多保留4位小数。"]
    assert not Indicator.objects.filter(plan=plan).exists()


def _numeric_fields(form):
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field, (forms.DecimalField, forms.IntegerField))
        and not isinstance(field.widget, forms.HiddenInput)
    ]


@pytest.mark.parametrize("slug", sorted(registry.parts))
def test_every_number_of_every_part_refuses_23_digits(plan, coordinator, slug):
    """Every numeric input of every structured part: a value beyond its column is
    an error on that field, never a save."""
    from apps.plans.access import PlanAccess
    from apps.plans.policy import principal_for

    part = registry.get(slug)
    access = PlanAccess(plan, principal_for(coordinator, plan.county_id), plan.outline)
    names = _numeric_fields(part.form_class(plan=plan, access=access))
    if slug == "indicators":
        names.append("target_input")
    for name in names:
        form = part.form_class({name: HUGE}, plan=plan, access=access)
        assert not form.is_valid()
        assert name in form.errors, (slug, name, form.errors)


def test_plan_settings_refuse_a_23_digit_fiscal_capacity(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("plan_settings", args=[plan.pk]),
        {"title": plan.outline.title, "backcast_tolerance": "10", "fiscal_capacity": HUGE},
    )
    assert response.status_code == 200
    assert "fiscal_capacity" in response.context["form"].errors
    assert response.context["form"].errors["fiscal_capacity"] == [
        "数值超出范围：最多12位整数、2位小数。"
    ]
    plan.refresh_from_db()
    assert plan.fiscal_capacity is None


# Control and invisible characters --------------------------------------------------


def test_clean_input_drops_controls_and_invisibles_but_keeps_line_breaks():
    assert clean_input("甲\x01乙\x1f丙\t丁\r\n戊\u200b己\u202e庚\ufeff") == "甲乙丙\t丁\r\n戊己庚"


def test_a_control_character_in_an_opinion_is_dropped_on_the_way_in(client, plan, reviewer, county):
    node = plan.outline.nodes.get(key="task_livelihood")
    finance = reviewer.memberships.get().department
    client.force_login(reviewer)
    client.post(
        reverse("opinion_create", args=[plan.outline.pk, node.pk]),
        {"text": "建议\x01核实\x1b学位数\u202e。", "quote": "", "department": finance.pk},
    )
    assert Opinion.objects.get().text == "建议核实学位数。"


def test_the_excel_summary_survives_a_control_character_stored_before(
    client, plan, reviewer, coordinator
):
    node = plan.outline.nodes.get(key="task_livelihood")
    finance = reviewer.memberships.get().department
    opinion = actions.opinion_add(node, actor=reviewer, department=finance, text="初稿")
    # Stored before input was cleaned (or by some other way in).
    Opinion.objects.filter(pk=opinion.pk).update(text="建议\x01核实\x0b学位数", quote="原\x1f文")
    client.force_login(coordinator)
    response = client.get(reverse("opinions_xlsx", args=[plan.outline.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=3, column=5).value == "建议核实学位数"
    assert sheet.cell(row=3, column=4).value == "原文"


def test_a_bidi_override_in_a_title_is_dropped_on_the_way_in(client, plan, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("plan_settings", args=[plan.pk]),
        {"title": "示范县规划\u202efdp.exe", "backcast_tolerance": "10"},
    )
    plan.refresh_from_db()
    assert plan.outline.title == "示范县规划fdp.exe"


def test_download_names_lose_invisible_and_reserved_characters():
    assert safe_filename("示范县\u202e规划/草案:1\x01.pdf") == "示范县规划_草案_1.pdf"
    long = safe_filename("长" * 400 + ".xlsx")
    assert long.endswith(".xlsx") and len(long) == 150


def test_the_workbook_name_of_a_title_stored_with_a_bidi_override_is_clean(
    client, plan, coordinator
):
    Document.objects.filter(pk=plan.outline.pk).update(title="示范县\u202e规划")
    client.force_login(coordinator)
    response = client.get(reverse("opinions_xlsx", args=[plan.outline.pk]))
    assert response.status_code == 200
    assert "\u202e" not in response["Content-Disposition"]
    assert "%E2%80%AE" not in response["Content-Disposition"]


def test_every_plan_page_survives_control_characters_stored_in_names(client, plan, coordinator):
    node = plan.outline.nodes.get(key="task_livelihood")
    type(node).objects.filter(pk=node.pk).update(
        title="民生\x01保障\u202e", body="<p>正文\x02内容\x1b</p>"
    )
    f.IndicatorFactory(plan=plan, name="指标\x03名称")
    client.force_login(coordinator)
    for url in (
        reverse("plan_overview", args=[plan.pk]),
        reverse("node_edit", args=[plan.outline.pk, node.pk]),
        reverse("part_list", args=[plan.pk, "indicators"]),
        reverse("opinions_xlsx", args=[plan.outline.pk]),
        reverse("print_preview", args=[plan.outline.pk]),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("slug", sorted(registry.parts))
def test_every_text_of_every_part_has_a_length_limit(plan, coordinator, slug):
    """A description without a limit took whatever fitted in a 5 MB request, and the
    PDF then typeset all of it."""
    from apps.plans.access import PlanAccess
    from apps.plans.policy import principal_for

    part = registry.get(slug)
    form = part.form_class(
        plan=plan, access=PlanAccess(plan, principal_for(coordinator, plan.county_id), plan.outline)
    )
    for name, field in form.fields.items():
        if isinstance(field, forms.CharField) and not isinstance(field, forms.ModelChoiceField):
            assert field.max_length is not None and field.max_length <= 5000, (slug, name)
