"""Every save is a revision; any two compare; restoring makes a new one."""

from django.urls import reverse

from apps.plans.models import Revision
from tests import factories as f


def _save(client, node, text):
    node.refresh_from_db()
    return client.post(
        reverse("node_edit", args=[node.document_id, node.pk]),
        {"body": text, "loaded_version": node.version},
    )


def test_each_save_is_a_revision_with_author_and_time(client, plan, drafter, coordinator):
    node = plan.outline.nodes.get(key="environment")
    client.force_login(drafter)
    _save(client, node, "到2025年，地区生产总值年均增长6%左右。")
    client.force_login(coordinator)
    _save(client, node, "到2025年，地区生产总值年均增长6.5%左右。")
    revisions = list(Revision.objects.of(node).order_by("version"))
    assert [(r.version, r.author) for r in revisions] == [(2, drafter), (3, coordinator)]
    assert all(r.created_at for r in revisions)


def test_two_revisions_compare_character_by_character(client, plan, drafter):
    node = plan.outline.nodes.get(key="environment")
    client.force_login(drafter)
    _save(client, node, "到2025年，地区生产总值年均增长6%左右。\n全县常住人口保持稳定。")
    _save(client, node, "到2025年，地区生产总值年均增长6.5%左右。\n全县常住人口保持稳定。")
    page = client.get(reverse("node_history", args=[plan.outline.pk, node.pk])).content.decode()
    assert "第2版 → 第3版" in page
    assert "增长6<ins>.5</ins>%左右" in page
    assert "</p><p>全县常住人口保持稳定。" in page


def test_restoring_an_old_revision_creates_a_new_one(client, plan, drafter):
    node = plan.outline.nodes.get(key="environment")
    client.force_login(drafter)
    _save(client, node, "旧的说法。")
    _save(client, node, "新的说法。")
    old = Revision.objects.of(node).get(version=2)
    response = client.post(
        reverse("revision_restore", args=[plan.outline.pk, node.pk, old.pk]), follow=True
    )
    assert "已恢复第2版的内容" in response.content.decode()
    node.refresh_from_db()
    assert node.body == "<p>旧的说法。</p>" and node.version == 4
    newest = Revision.objects.of(node).order_by("-version").first()
    assert newest.version == 4 and newest.note == "恢复自第2版" and newest.author == drafter
    assert Revision.objects.of(node).count() == 3


def test_item_history_shows_changed_fields_in_words(client, plan, drafter):
    client.force_login(drafter)
    create = reverse("part_create", args=[plan.pk, "risks"])
    client.post(create, {"domain": "economic", "title": "债务风险", "drill_frequency": "yearly"})
    risk = f.RiskFactory._meta.model.objects.get(plan=plan)
    client.post(
        reverse("part_edit", args=[plan.pk, "risks", risk.pk]),
        {
            "domain": "financial",
            "title": "地方政府债务风险",
            "drill_frequency": "quarterly",
            "node": risk.node_id,
            "loaded_version": 1,
        },
    )
    page = client.get(reverse("item_history", args=[plan.pk, "risks", risk.pk])).content.decode()
    assert "第1版 → 第2版" in page
    assert "<del>经济</del>" in page and "<ins>金融与债务</ins>" in page
    assert "<ins>每季度</ins>" in page and "<ins>地方政府债务风险</ins>" in page


def test_the_conflict_page_shows_the_difference(client, plan, drafter, coordinator):
    node = plan.outline.nodes.get(key="environment")
    client.force_login(coordinator)
    client.post(
        reverse("node_edit", args=[plan.outline.pk, node.pk]),
        {"body": "甲乙丙", "loaded_version": 1},
    )
    client.force_login(drafter)
    response = client.post(
        reverse("node_edit", args=[plan.outline.pk, node.pk]),
        {"body": "甲丁丙", "loaded_version": 1},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "<del>乙</del><ins>丁</ins>" in page
    assert Revision.objects.of(node).count() == 1


def test_a_save_refused_because_the_node_went_to_review_keeps_the_text_on_the_page(
    client, plan, drafter, edu_department
):
    from apps.review import actions

    node = plan.outline.nodes.get(key="task_livelihood")
    node.lead_department = edu_department
    node.save()
    client.force_login(drafter)
    url = reverse("node_edit", args=[plan.outline.pk, node.pk])
    assert 'name="body"' in client.get(url).content.decode()
    actions.node_submit(node, actor=drafter)  # a colleague submitted it meanwhile
    response = client.post(url, {"body": "我写了很久的一段话", "loaded_version": 1})
    page = response.content.decode()
    assert response.status_code == 409
    assert "本节已提交会签，暂不能保存" in page
    assert "我写了很久的一段话" in page
    node.refresh_from_db()
    assert node.body == ""


def test_someone_who_could_never_edit_still_gets_403(client, plan, reviewer):
    node = plan.outline.nodes.get(key="environment")
    client.force_login(reviewer)
    response = client.post(
        reverse("node_edit", args=[plan.outline.pk, node.pk]), {"body": "x", "loaded_version": 1}
    )
    assert response.status_code == 403


def test_an_items_history_is_linked_from_its_edit_page_and_its_nodes_history(
    client, plan, drafter, leader
):
    client.force_login(drafter)
    client.post(
        reverse("part_create", args=[plan.pk, "risks"]),
        {"domain": "economic", "title": "债务风险", "drill_frequency": "yearly"},
    )
    risk = f.RiskFactory._meta.model.objects.get(plan=plan)
    history = reverse("item_history", args=[plan.pk, "risks", risk.pk])

    client.force_login(leader)  # a reader sees the link too, without the form
    edit_page = client.get(reverse("part_edit", args=[plan.pk, "risks", risk.pk])).content.decode()
    assert f'href="{history}"' in edit_page and "修改历史" in edit_page

    node = plan.outline.nodes.get(pk=risk.node_id)
    node_history = client.get(
        reverse("node_history", args=[plan.outline.pk, node.pk])
    ).content.decode()
    assert "本节结构化内容的修改历史" in node_history
    assert f'href="{history}"' in node_history and "债务风险" in node_history
