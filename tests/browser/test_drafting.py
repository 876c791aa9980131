"""Drafting in a real browser: the editor, Word paste, the live back-cast panel."""

import pytest
from django.urls import reverse

from apps.targets.models import Indicator
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_drafter_writes_and_pastes_from_word(page, login, plan, drafter):
    node = plan.outline.nodes.get(key="environment")
    login(drafter.username, f.PASSWORD)
    page.goto(reverse("node_edit", args=[plan.outline.pk, node.pk]))
    editor = page.locator("[data-rich-editor]")
    editor.click()
    page.keyboard.type("面向未来五年，外部环境更趋复杂。")
    page.keyboard.press("Enter")
    # Word puts HTML with its own markup on the clipboard; paste it as Chromium would.
    page.evaluate(
        """() => {
          const data = new DataTransfer();
          data.setData('text/html', '<p class=MsoNormal style="color:red"><span lang=ZH-CN>' +
            '第二段来自Word。</span></p><p class=MsoNormal><b>第三段</b>加粗。</p>');
          data.setData('text/plain', '第二段来自Word。\\n第三段加粗。');
          document.querySelector('[data-rich-editor]').dispatchEvent(
            new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }"""
    )
    page.click("text=保存正文")
    page.wait_for_selector(".alert-success")
    node.refresh_from_db()
    assert node.body.startswith("<p>面向未来五年，外部环境更趋复杂。</p>")
    assert "<p>第二段来自Word。</p>" in node.body
    assert "<b>第三段</b>加粗。" in node.body
    assert "MsoNormal" not in node.body and "color" not in node.body
    # The saved text comes back into the editor after the redirect.
    assert "第二段来自Word。" in page.locator("[data-rich-editor]").inner_text()


def test_the_indicator_form_shows_the_path_while_typing(page, login, plan, drafter):
    login(drafter.username, f.PASSWORD)
    page.goto(reverse("part_create", args=[plan.pk, "indicators"]))
    page.select_option("#id_category", label="经济发展")
    page.fill("#id_name", "地区生产总值")
    page.fill("#id_unit", "亿元")
    page.fill("#id_baseline_value", "200")
    page.fill("#id_vision_value", "500")
    page.fill("#id_target_input", "400")
    panel = page.locator("#path-panel-body")
    # The panel first shows the path from the two years, then (once the target
    # reaches the server) how far the target is off it: wait for the second.
    panel.get_by_text("偏离路径 47.4%").wait_for()
    assert "271.44" in panel.inner_text()

    # A letter in a number: the page says so beside the field and keeps everything.
    page.fill("#id_baseline_value", "200a")
    page.click("button:has-text('保存')")
    page.wait_for_selector(".invalid-feedback")
    assert page.input_value("#id_baseline_value") == "200a"
    assert page.input_value("#id_name") == "地区生产总值"
    assert page.input_value("#id_target_input") == "400"
    assert not Indicator.objects.filter(plan=plan).exists()

    page.fill("#id_baseline_value", "200")
    page.fill("#id_target_input", "272")
    page.click("button:has-text('保存')")
    page.wait_for_selector(".alert-success")
    assert Indicator.objects.get(plan=plan).target_value == 272


def test_the_neighbour_cannot_reach_the_plan(page, login, plan, outsider):
    login(outsider.username, f.PASSWORD)
    for url in (
        reverse("plan_overview", args=[plan.pk]),
        reverse("node_edit", args=[plan.outline.pk, plan.outline.nodes.first().pk]),
        reverse("part_list", args=[plan.pk, "indicators"]),
    ):
        response = page.goto(url)
        assert response.status == 404
    page.goto("/")
    assert plan.outline.title not in page.content()
