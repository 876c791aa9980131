from django.urls import reverse

from tests import factories as f


def test_the_overview_shows_fill_state_and_item_counts(client, plan, leader):
    node = plan.outline.nodes.get(key="achievements")
    node.set_body("<p>" + "成" * 120 + "</p>")
    node.save()
    f.KeyTaskFactory(plan=plan)
    f.KeyTaskFactory(plan=plan)
    f.MajorProjectFactory(plan=plan)
    client.force_login(leader)
    response = client.get(reverse("plan_overview", args=[plan.pk]))
    page = response.content.decode()
    assert response.context["filled"] == 1
    assert response.context["total_chars"] == 120
    assert "120 字" in page
    assert "未起草" in page
    totals = {p.slug: n for p, n in response.context["part_totals"]}
    assert totals["key-tasks"] == 2 and totals["major-projects"] == 1
    industry = next(e for e in response.context["entries"] if e.node.key == "task_industry")
    assert [(p.slug, n) for p, n in industry.items] == [("key-tasks", 2), ("major-projects", 1)]
    # The leader reads; the structure controls are the coordinator's.
    assert "添加节点" not in page


def test_the_coordinator_sees_the_structure_controls(client, plan, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("plan_overview", args=[plan.pk])).content.decode()
    assert "添加节点" in page and "改名/移动" in page
