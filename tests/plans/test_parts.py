"""The list, add, edit and delete pages shared by every structured part."""

import pytest
from django.urls import reverse

from apps.plans.parts import registry
from tests import factories as f


def valid_data(plan, slug: str) -> dict:
    """The smallest form a drafter could fill in for each part."""
    vision = f.VisionItemFactory(plan=plan) if slug == "period-targets" else None
    category = plan.indicator_categories.first()
    return {
        "positioning": {"kind": "mission", "title": "打造省际边界商贸物流枢纽"},
        "advantages": {
            "name": "富硒土壤",
            "kind": "potential",
            "factor": "land",
            "trend": "emerging",
        },
        "development-paths": {"path": "farming", "focus": "富硒农业", "rationale": "土壤条件好"},
        "regional-links": {"partner_region": "合作市", "kind": "metro_area", "content": "共建园区"},
        "vision-items": {"dimension": "economy", "title": "经济总量迈上新台阶"},
        "period-targets": {"vision_item": vision and vision.pk, "title": "地区生产总值年均增长6%"},
        "indicators": {
            "category": category.pk,
            "name": "地区生产总值",
            "unit": "亿元",
            "expression": "level",
            "attribute": "expected",
            "target_input": "300",
        },
        "indicator-categories": {"name": "开放合作", "position": "6"},
        "key-tasks": {
            "area": "industry",
            "title": "壮大食品加工产业集群",
            "horizon": "within_period",
        },
        "major-projects": {
            "name": "食品产业园",
            "significance": "major",
            "category": "industry",
            "nature": "new",
            "level": "county",
            "content_scale": "标准厂房20万平方米",
            "start_year": "2021",
            "end_year": "2024",
            "total_investment": "50000",
            "period_investment": "50000",
            "funding_government": "10000",
            "funding_special_bonds": "0",
            "funding_social": "40000",
            "funding_loans": "0",
            "funding_other": "0",
        },
        "policy-tools": {"name": "人才安居办法", "origin": "own", "kind": "talent"},
        "risks": {"domain": "ecological", "title": "饮用水源污染", "drill_frequency": "yearly"},
        "governance-measures": {"group": "social", "title": "开门问策"},
        "plan-linkages": {
            "linked_plan": "省“十四五”规划纲要",
            "level": "provincial",
            "kind": "development",
            "direction": "upper",
        },
        "research-topics": {"title": "县域产业转型研究", "stage": "preparation", "status": "done"},
    }[slug]


SLUGS = [part.slug for part in registry.all()]


def test_every_part_has_test_data(plan):
    for slug in SLUGS:
        assert valid_data(plan, slug)


def _writer(part, drafter, coordinator):
    """Drafters write content; parts without a node (categories) are structure,
    the coordinator's."""
    return drafter if part.has_node else coordinator


@pytest.mark.parametrize("slug", SLUGS)
def test_it_adds_an_item(client, plan, drafter, coordinator, slug):
    part = registry.get(slug)
    client.force_login(_writer(part, drafter, coordinator))
    before = part.model.objects.filter(plan=plan).count()
    response = client.post(reverse("part_create", args=[plan.pk, slug]), valid_data(plan, slug))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert part.model.objects.filter(plan=plan).count() == before + 1
    item = part.model.objects.filter(plan=plan).latest("pk")
    assert item.updated_by == _writer(part, drafter, coordinator)
    if part.has_node:
        # Left empty, the node defaults to where this kind of content is presented.
        assert item.node.plan_id == plan.pk
        expected = part.node_key_for(item) if part.node_key_for else part.node_key
        assert item.node.key == expected


@pytest.mark.parametrize("slug", SLUGS)
def test_it_lists_and_edits_an_item(client, plan, drafter, coordinator, slug):
    part = registry.get(slug)
    client.force_login(_writer(part, drafter, coordinator))
    client.post(reverse("part_create", args=[plan.pk, slug]), valid_data(plan, slug))
    item = part.model.objects.filter(plan=plan).latest("pk")
    listing = client.get(reverse("part_list", args=[plan.pk, slug]))
    assert reverse("part_edit", args=[plan.pk, slug, item.pk]) in listing.content.decode()

    edit_url = reverse("part_edit", args=[plan.pk, slug, item.pk])
    form = client.get(edit_url).context["form"]
    data = {**valid_data(plan, slug), "loaded_version": item.version}
    if "node" in form.fields:
        data["node"] = plan.outline.nodes.get(key="environment").pk
    response = client.post(edit_url, data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.version == 2
    if "node" in form.fields:
        assert item.node.key == "environment"


@pytest.mark.parametrize("slug", SLUGS)
def test_it_deletes_an_item(client, plan, drafter, coordinator, slug):
    part = registry.get(slug)
    client.force_login(_writer(part, drafter, coordinator))
    client.post(reverse("part_create", args=[plan.pk, slug]), valid_data(plan, slug))
    item = part.model.objects.filter(plan=plan).latest("pk")
    url = reverse("part_delete", args=[plan.pk, slug, item.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert not part.model.objects.filter(pk=item.pk).exists()


def test_an_item_others_depend_on_is_not_deleted(client, plan, drafter):
    target = f.PeriodTargetFactory(plan=plan)
    client.force_login(drafter)
    url = reverse("part_delete", args=[plan.pk, "vision-items", target.vision_item.pk])
    response = client.post(url, follow=True)
    assert "仍被其他内容引用" in response.content.decode()
    assert target.vision_item.__class__.objects.filter(pk=target.vision_item.pk).exists()


def test_an_unknown_part_is_404(client, plan, drafter):
    client.force_login(drafter)
    assert client.get(reverse("part_list", args=[plan.pk, "nonsense"])).status_code == 404


def test_choices_from_another_county_are_refused(client, plan, other_plan, coordinator):
    """Ids of another county's departments, nodes or items posted by hand are invalid."""
    foreign_dept = f.DepartmentFactory(county=other_plan.county)
    foreign_indicator = f.IndicatorFactory(plan=other_plan)
    client.force_login(coordinator)
    data = {
        **valid_data(plan, "key-tasks"),
        "lead_department": foreign_dept.pk,
        "indicators": [foreign_indicator.pk],
        "node": other_plan.outline.nodes.first().pk,
    }
    response = client.post(reverse("part_create", args=[plan.pk, "key-tasks"]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"lead_department", "indicators", "node"} <= set(errors)
    assert not registry.get("key-tasks").model.objects.filter(plan=plan).exists()


def test_a_stale_save_does_not_overwrite_and_keeps_the_loser_s_input(
    client, plan, drafter, coordinator
):
    risk = f.RiskFactory(plan=plan, title="原风险")
    url = reverse("part_edit", args=[plan.pk, "risks", risk.pk])
    data = {**valid_data(plan, "risks"), "loaded_version": 1, "node": risk.node_id}

    client.force_login(coordinator)
    assert client.post(url, {**data, "title": "统筹人员的修改"}).status_code == 302

    client.force_login(drafter)
    response = client.post(url, {**data, "title": "起草人的修改"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "已被他人保存" in page
    assert 'value="起草人的修改"' in page
    assert "统筹人员的修改" in page
    risk.refresh_from_db()
    assert risk.title == "统筹人员的修改"

    # Having seen the conflict, the drafter saves again on purpose and wins.
    resend = response.context["form"].data.copy()
    assert client.post(url, resend).status_code == 302
    risk.refresh_from_db()
    assert risk.title == "起草人的修改"
    assert risk.version == 3


def test_next_may_not_leave_the_site(client, plan, drafter):
    client.force_login(drafter)
    url = reverse("part_create", args=[plan.pk, "risks"])
    response = client.post(url, {**valid_data(plan, "risks"), "next": "https://evil.example/"})
    assert response["Location"] == reverse("part_list", args=[plan.pk, "risks"])
