"""The coordinator adds, renames, moves, reorders and removes outline nodes."""

from django.urls import reverse

from apps.plans.outline import numbered
from tests import factories as f


def _labels(plan):
    return [(e.label, e.node.title) for e in numbered(plan.outline.nodes.all())]


def test_it_adds_a_section_under_a_chapter(client, plan, coordinator):
    chapter = plan.outline.nodes.get(key="task_industry")
    client.force_login(coordinator)
    page = client.get(reverse("node_add", args=[plan.outline.pk]) + f"?parent={chapter.pk}")
    assert page.context["form"].initial == {"parent": chapter.pk, "level": "section"}
    response = client.post(
        reverse("node_add", args=[plan.outline.pk]),
        {"level": "section", "parent": chapter.pk, "title": "培育富硒食品产业", "guidance": ""},
    )
    assert response.status_code == 302
    assert ("第一节", "培育富硒食品产业") in _labels(plan)


def test_a_section_cannot_sit_at_the_top(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("node_add", args=[plan.outline.pk]),
        {"level": "section", "parent": "", "title": "孤立的节"},
    )
    assert response.status_code == 200
    assert "节只能在章下" in response.content.decode()
    assert not plan.outline.nodes.filter(title="孤立的节").exists()


def test_it_renames_and_moves_a_chapter_to_another_part(client, plan, coordinator):
    chapter = plan.outline.nodes.get(key="task_opening")
    new_parent = plan.outline.nodes.get(key="part_economy")
    client.force_login(coordinator)
    response = client.post(
        reverse("node_outline", args=[plan.outline.pk, chapter.pk]),
        {"level": "chapter", "parent": new_parent.pk, "title": "扩大高水平开放", "guidance": "g"},
    )
    assert response.status_code == 302
    chapter.refresh_from_db()
    assert chapter.parent == new_parent
    assert chapter.title == "扩大高水平开放"
    # It is now the last chapter of 第三篇, and numbering follows.
    assert ("第十章", "扩大高水平开放") in _labels(plan)


def test_it_reorders_siblings(client, plan, coordinator):
    first = plan.outline.nodes.get(key="achievements")
    second = plan.outline.nodes.get(key="environment")
    client.force_login(coordinator)
    client.post(reverse("node_move", args=[plan.outline.pk, second.pk]), {"direction": "up"})
    labels = dict((t, lbl) for lbl, t in _labels(plan))
    assert labels[second.title] == "第一节"
    assert labels[first.title] == "第二节"


def test_moving_the_first_up_changes_nothing(client, plan, coordinator):
    first = plan.outline.nodes.get(key="achievements")
    before = _labels(plan)
    client.force_login(coordinator)
    response = client.post(
        reverse("node_move", args=[plan.outline.pk, first.pk]), {"direction": "up"}, follow=True
    )
    assert "已经在最前或最后" in response.content.decode()
    assert _labels(plan) == before


def test_it_removes_an_empty_node(client, plan, coordinator):
    node = plan.outline.nodes.get(key="monitoring")
    client.force_login(coordinator)
    response = client.post(reverse("node_delete", args=[plan.outline.pk, node.pk]))
    assert response.status_code == 302
    assert not plan.outline.nodes.filter(pk=node.pk).exists()


def test_it_refuses_to_remove_a_node_that_holds_content(client, plan, coordinator):
    node = plan.outline.nodes.get(key="risks")
    f.RiskFactory(plan=plan)
    chapter = plan.outline.nodes.get(key="base_environment")
    client.force_login(coordinator)
    page = client.get(reverse("node_delete", args=[plan.outline.pk, node.pk])).content.decode()
    assert "1条风险清单" in page
    client.post(reverse("node_delete", args=[plan.outline.pk, node.pk]))
    client.post(reverse("node_delete", args=[plan.outline.pk, chapter.pk]))
    assert plan.outline.nodes.filter(pk__in=[node.pk, chapter.pk]).count() == 2
