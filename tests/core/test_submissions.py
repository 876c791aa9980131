"""A double click, a retried POST or a reloaded form counts once."""

import pytest
from django.urls import reverse

from apps.accounts.models import Department
from apps.core.submissions import FIELD, new_token
from apps.plans.models import OutlineNode, Revision
from apps.review.models import Opinion
from apps.targets.models import Indicator


@pytest.fixture
def finance(reviewer):
    return reviewer.memberships.get().department


def _twice(client, url, data):
    token = new_token()
    first = client.post(url, {**data, FIELD: token})
    second = client.post(url, {**data, FIELD: token}, follow=True)
    return first, second


def test_a_double_clicked_opinion_is_stored_once(client, plan, reviewer, finance):
    node = plan.outline.nodes.get(key="environment")
    client.force_login(reviewer)
    first, second = _twice(
        client,
        reverse("opinion_create", args=[plan.outline.pk, node.pk]),
        {"text": "建议补充外部环境分析。", "quote": "", "department": finance.pk},
    )
    assert first.status_code == 302
    assert Opinion.objects.count() == 1
    assert "这张表单已经提交过，没有重复保存。" in second.content.decode()
    # Sent where the first went: the node page, at the opinion.
    assert second.redirect_chain[0][0] == first["Location"]


def test_without_a_token_two_posts_are_two_opinions(client, plan, reviewer, finance):
    node = plan.outline.nodes.get(key="environment")
    client.force_login(reviewer)
    url = reverse("opinion_create", args=[plan.outline.pk, node.pk])
    for _ in range(2):
        client.post(url, {"text": "两条不同场合的意见", "department": finance.pk})
    assert Opinion.objects.count() == 2


def test_a_double_clicked_chapter_save_is_one_revision_and_no_conflict(client, plan, drafter):
    node = plan.outline.nodes.get(key="environment")
    client.force_login(drafter)
    first, second = _twice(
        client,
        reverse("node_edit", args=[plan.outline.pk, node.pk]),
        {"body": "外部环境深刻变化。", "loaded_version": 1},
    )
    assert first.status_code == 302
    assert second.status_code == 200  # not the 409 conflict page
    page = second.content.decode()
    assert "已被他人保存" not in page and "没有重复保存" in page
    node.refresh_from_db()
    assert node.version == 2
    assert Revision.objects.of(node).count() == 1


def test_a_conflicting_save_gives_its_token_back(client, plan, drafter, coordinator):
    node = plan.outline.nodes.get(key="environment")
    client.force_login(coordinator)
    client.post(
        reverse("node_edit", args=[plan.outline.pk, node.pk]), {"body": "甲", "loaded_version": 1}
    )
    client.force_login(drafter)
    token = new_token()
    url = reverse("node_edit", args=[plan.outline.pk, node.pk])
    conflict = client.post(url, {"body": "乙", "loaded_version": 1, FIELD: token})
    assert conflict.status_code == 409
    # The token was not used up by a save that did not happen.
    again = client.post(url, {"body": "乙", "loaded_version": 2, FIELD: token})
    assert again.status_code == 302
    node.refresh_from_db()
    assert node.body == "<p>乙</p>"


def test_a_double_clicked_new_item_is_added_once(client, plan, coordinator):
    client.force_login(coordinator)
    _twice(
        client,
        reverse("part_create", args=[plan.pk, "indicators"]),
        {
            "category": plan.indicator_categories.first().pk,
            "name": "地区生产总值",
            "unit": "亿元",
            "expression": Indicator.Expression.LEVEL,
            "target_input": "300",
            "attribute": Indicator.Attribute.EXPECTED,
        },
    )
    assert Indicator.objects.filter(plan=plan).count() == 1


def test_a_double_clicked_new_node_is_added_once(client, plan, coordinator):
    client.force_login(coordinator)
    before = OutlineNode.objects.filter(plan=plan).count()
    _twice(
        client,
        reverse("node_add", args=[plan.outline.pk]),
        {"level": "chapter", "parent": "", "title": "新增一章", "guidance": ""},
    )
    assert OutlineNode.objects.filter(plan=plan).count() == before + 1


def test_a_token_of_another_user_is_not_theirs_to_repeat(client, plan, reviewer, finance, drafter):
    node = plan.outline.nodes.get(key="environment")
    token = new_token()
    url = reverse("opinion_create", args=[plan.outline.pk, node.pk])
    client.force_login(reviewer)
    client.post(url, {"text": "财政局意见", "department": finance.pk, FIELD: token})
    client.force_login(drafter)
    edu = drafter.memberships.get().department
    response = client.post(url, {"text": "教育局意见", "department": edu.pk, FIELD: token})
    # Refused as a repeat, and pointed at nothing of the other user's.
    assert response.status_code == 302
    assert "#opinion-" not in response["Location"]
    assert Opinion.objects.count() == 1


def test_adding_a_department_twice_says_it_is_there(client, county, coordinator):
    client.force_login(coordinator)
    url = reverse("departments", args=[county.pk])
    client.post(url, {"name": "统计局"})
    response = client.post(url, {"name": "统计局"}, follow=True)
    assert "已经在部门列表中" in response.content.decode()
    assert Department.objects.filter(county=county, name="统计局").count() == 1
