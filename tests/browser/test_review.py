"""The countersign walk-through in real browsers, one context per person."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.demo.seed import demo_password, seed_demo
from apps.plans.models import OutlineNode
from apps.review.models import Opinion
from tests.plugins.browser import watch_csp

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return seed_demo()


def _person(browser, live_server, username):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 1400, "height": 1000},
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.csp_blocked = watch_csp(page)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", demo_password())
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    return page


def test_edu_and_fin_countersign_and_planner_disposes(browser, live_server, demo):
    node = demo.outline.nodes.get(key="task_livelihood")
    url = reverse("node_edit", args=[demo.outline.pk, node.pk])
    edu = _person(browser, live_server, "edu")
    fin = _person(browser, live_server, "fin")

    # 教育局 drafts and submits.
    edu.goto(url)
    edu.locator("[data-rich-editor]").click()
    edu.keyboard.press("Control+End")
    edu.keyboard.press("Enter")
    edu.keyboard.type("新增普惠托位1800个，每千人口托位数达到4.5个。")
    edu.click("button:has-text('保存正文')")
    edu.wait_for_selector(".alert-success")
    edu.click("button:has-text('提交会签')")
    edu.wait_for_selector("text=已提交会签（第1轮）")
    assert edu.locator("[data-rich-editor]").count() == 0

    # 财政局 opens the same node, quotes a passage, leaves an opinion, sends it back.
    fin.goto(url)
    assert fin.locator("[data-rich-editor]").count() == 0
    fin.evaluate(
        """() => {
          const text = [...document.querySelectorAll('.doc-text p')]
            .find(p => p.textContent.includes('托位1800个'));
          const range = document.createRange();
          range.selectNodeContents(text);
          const sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        }"""
    )
    fin.click("button:has-text('引用所选文字')")
    assert "托位1800个" in fin.input_value("[data-quote-target]")
    fin.fill("textarea[name=text]", "托位建设资金来源请写明，建议区分政府投资和社会资本。")
    fin.click("button:has-text('提交意见')")
    fin.wait_for_selector("text=意见已提交")
    fin.fill("#decision-comment", "请补充托位建设的资金来源。")
    fin.click("button:has-text('退回修改')")
    fin.wait_for_selector("text=已退回修改")
    node.refresh_from_db()
    assert node.review_state == OutlineNode.ReviewState.CHANGES_REQUESTED

    # 教育局 revises and resubmits.
    edu.goto(url)
    assert "需修改" in edu.inner_text("#review")
    edu.locator("[data-rich-editor]").click()
    edu.keyboard.press("Control+End")
    edu.keyboard.type("资金由县级财政和社会资本共同承担。")
    edu.click("button:has-text('保存正文')")
    edu.wait_for_selector(".alert-success")
    edu.click("button:has-text('提交会签')")
    edu.wait_for_selector("text=已提交会签（第2轮）")

    # 财政局 approves.
    fin.goto(url)
    fin.click("button:has-text('同意')")
    fin.wait_for_selector("text=会签意见已记录")
    node.refresh_from_db()
    assert node.review_state == OutlineNode.ReviewState.APPROVED

    # The planning office disposes of the opinion and downloads the summary.
    planner = _person(browser, live_server, "planner")
    planner.goto(url)
    assert "已通过" in planner.inner_text("#review")
    planner.click("#opinions a:has-text('处理意见')")
    planner.select_option("#id_disposition", "adopted")
    planner.fill("#id_reason", "已在正文中写明资金来源。")
    planner.click("button:has-text('保存处理结果')")
    planner.wait_for_selector("text=意见处理结果已保存")
    opinion = Opinion.objects.get(node=node)
    assert opinion.disposition == "adopted" and opinion.quote.startswith("新增普惠托位1800个")
    planner.goto(reverse("opinion_list", args=[demo.outline.pk]))
    with planner.expect_download() as info:
        planner.click("a:has-text('下载汇总表（Excel）')")
    with open(info.value.path(), "rb") as xlsx:
        sheet = load_workbook(io.BytesIO(xlsx.read())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert any("托位建设资金来源" in (row[4] or "") and row[5] == "采纳" for row in rows)

    # The leader reads the node but finds no control to change anything.
    leader = _person(browser, live_server, "leader")
    leader.goto(url)
    assert "新增普惠托位1800个" in leader.content()
    for control in (
        "[data-rich-editor]",
        "textarea[name=body]",
        "button:has-text('提交会签')",
        "button:has-text('同意')",
        "button:has-text('重新打开')",
        "text=处理意见",
    ):
        assert leader.locator(control).count() == 0, control

    # Another county's coordinator reaches none of it.
    neighbor = _person(browser, live_server, "neighbor")
    for path in (
        url,
        reverse("opinion_list", args=[demo.outline.pk]),
        reverse("assignment_board", args=[demo.outline.pk]),
        reverse("node_history", args=[demo.outline.pk, node.pk]),
    ):
        assert neighbor.goto(path).status == 404, path

    # Nothing any of them did broke the Content-Security-Policy.
    for person in (edu, fin, planner, leader, neighbor):
        assert person.csp_blocked == [], person.csp_blocked
