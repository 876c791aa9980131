from urllib.parse import urlencode

import pytest
from django.urls import reverse

from apps.plans.models import OutlineNode


@pytest.fixture
def node(plan):
    return plan.outline.nodes.get(key="environment")


def _url(node):
    return reverse("node_edit", args=[node.document_id, node.pk])


def test_it_shows_the_node_with_its_guidance_and_number(client, node, drafter):
    client.force_login(drafter)
    page = client.get(_url(node)).content.decode()
    assert "第二节" in page
    assert "“十四五”时期发展环境" in page
    assert "编写提示" in page
    assert node.guidance[:20] in page


def test_it_saves_the_text_as_clean_paragraphs(client, node, drafter):
    client.force_login(drafter)
    body = '<p style="x">外部环境深刻变化。</p><script>alert(1)</script><div>机遇大于挑战。</div>'
    response = client.post(_url(node), {"body": body, "loaded_version": node.version})
    assert response.status_code == 302
    node.refresh_from_db()
    assert node.body == "<p>外部环境深刻变化。</p><p>机遇大于挑战。</p>"
    assert node.body_length == 16
    assert node.version == 2
    assert node.updated_by == drafter


def test_plain_text_without_javascript_keeps_paragraphs(client, node, drafter):
    client.force_login(drafter)
    client.post(_url(node), {"body": "第一段。\r\n第二段。", "loaded_version": node.version})
    node.refresh_from_db()
    assert node.body == "<p>第一段。</p><p>第二段。</p>"


def test_a_stale_save_shows_both_texts_and_loses_nothing(client, node, drafter, coordinator):
    client.force_login(coordinator)
    client.post(_url(node), {"body": "统筹人员的文字。", "loaded_version": 1})

    client.force_login(drafter)
    response = client.post(_url(node), {"body": "起草人的文字。", "loaded_version": 1})
    assert response.status_code == 409
    page = response.content.decode()
    assert "在你打开之后已被他人保存" in page
    assert "起草人的文字。" in page  # still in the editor
    assert "统筹人员的文字。" in page  # shown as the saved version
    node.refresh_from_db()
    assert node.body == "<p>统筹人员的文字。</p>"

    # The form now carries the current version: saving again is a deliberate choice.
    assert 'name="loaded_version" value="2"' in page
    client.post(_url(node), {"body": "起草人的文字。", "loaded_version": 2})
    node.refresh_from_db()
    assert node.body == "<p>起草人的文字。</p>"


def test_an_over_long_text_is_refused_on_the_page(client, node, drafter):
    client.force_login(drafter)
    response = client.post(_url(node), {"body": "字" * 200_001, "loaded_version": 1})
    assert response.status_code == 200
    assert "200000" in response.content.decode()
    node.refresh_from_db()
    assert node.body == ""


def test_the_leader_reads_without_an_editor(client, node, leader):
    node.set_body("<p>已经写好的文字。</p>")
    node.save()
    client.force_login(leader)
    page = client.get(_url(node)).content.decode()
    assert "已经写好的文字。" in page
    assert 'name="body"' not in page


def test_annex_nodes_show_their_generated_table(client, plan, drafter):
    from decimal import Decimal

    from tests.factories import IndicatorFactory, MajorProjectFactory

    green = plan.indicator_categories.get(name="绿色生态")
    IndicatorFactory(plan=plan, name="地区生产总值", baseline_value=Decimal("318.5"))
    IndicatorFactory(
        plan=plan,
        name="单位GDP能源消耗降低",
        unit="%",
        category=green,
        baseline_value=None,
        expression="cumulative",
        target_value=Decimal("14"),
        attribute="binding",
    )
    MajorProjectFactory(plan=plan, name="绿色食品产业园", total_investment=Decimal("86000"))
    client.force_login(drafter)
    page = client.get(_url(plan.outline.nodes.get(key="annex_indicators"))).content.decode()
    assert "“十四五”时期经济社会发展主要指标" in page
    assert "年均增长〔累计〕" in page
    assert "地区生产总值（亿元）" in page and "318.5" in page
    assert "单位GDP能源消耗降低（%）" in page and "〔14〕" in page
    assert "〔 〕内为五年累计数" in page
    assert 'name="body"' not in page
    page = client.get(_url(plan.outline.nodes.get(key="annex_projects"))).content.decode()
    assert "绿色食品产业园" in page and "86000" in page


def test_the_node_lists_the_items_it_presents(client, plan, drafter):
    from tests.factories import RiskFactory

    RiskFactory(plan=plan, title="地方政府债务风险")
    client.force_login(drafter)
    page = client.get(_url(plan.outline.nodes.get(key="risks"))).content.decode()
    assert "风险清单" in page
    assert "地方政府债务风险" in page


def test_a_node_of_another_plan_is_404(client, plan, other_plan, drafter):
    foreign = other_plan.outline.nodes.first()
    client.force_login(drafter)
    url = reverse("node_edit", args=[plan.outline.pk, foreign.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "x", "loaded_version": 1}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.body == ""


def test_levels_are_numbered_like_a_printed_outline(plan):
    from apps.plans.outline import numbered

    labels = {e.node.key: e.label for e in numbered(plan.outline.nodes.all())}
    assert labels["part_overall"] == "第一篇"
    assert labels["base_environment"] == "第一章"
    assert labels["environment"] == "第二节"
    # Chapter numbers run on across parts; section numbers restart per chapter.
    assert labels["spatial"] == "第五章"
    assert labels["function_zones"] == "第一节"
    assert labels["annex_projects"] == "附表2"
    assert OutlineNode.objects.filter(plan=plan, level="part").count() == 7


def test_deeply_nested_markup_is_refused_on_the_page_and_the_saved_text_stays(
    client, node, drafter
):
    node.set_body("<p>已保存的文字。</p>")
    node.save()
    client.force_login(drafter)
    response = client.post(_url(node), {"body": "<ul><li>" * 25_000, "loaded_version": 1})
    assert response.status_code == 200
    assert "嵌套超过20层" in response.content.decode()
    node.refresh_from_db()
    assert node.body == "<p>已保存的文字。</p>"


def _form_post(client, url, data):
    """Post as a browser does (url-encoded), where the request size limit applies."""
    return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("debug", [False, True], ids=["production", "embedded-debug"])
def test_a_save_over_the_request_limit_gets_the_editor_and_a_chinese_message(
    client, node, drafter, settings, debug
):
    # The embedded mode runs with DEBUG on, where Django's own handling of an
    # oversized body is its English technical page.
    settings.DEBUG = debug
    node.set_body("<p>已保存的文字。</p>")
    node.save()
    client.force_login(drafter)
    # Pasting megabytes into a chapter: the body is refused before it is read.
    response = _form_post(client, _url(node), {"body": "字" * 700_000, "loaded_version": 1})
    assert response.status_code == 413
    page = response.content.decode()
    assert "正文太长，没有保存" in page
    assert "后退" in page
    assert 'id="node-text-form"' in page  # the editor, with the saved text
    assert "已保存的文字。" in page
    node.refresh_from_db()
    assert node.body == "<p>已保存的文字。</p>"


def test_an_oversized_post_elsewhere_gets_a_chinese_page(client, plan, coordinator):
    client.force_login(coordinator)
    url = reverse("plan_settings", args=[plan.pk])
    response = _form_post(client, url, {"title": "字" * 700_000})
    assert response.status_code == 413
    assert "提交的内容太大" in response.content.decode()


def test_an_oversized_post_to_another_countys_node_says_nothing_of_it(client, node, outsider):
    client.force_login(outsider)
    response = _form_post(client, _url(node), {"body": "字" * 700_000, "loaded_version": 1})
    assert response.status_code == 413
    page = response.content.decode()
    assert node.title not in page
    assert "提交的内容太大" in page
