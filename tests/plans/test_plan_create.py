from django.urls import reverse

from apps.plans.models import Plan


def _post(client, county, **data):
    payload = {"template": "fyp14", "base_year": "2020", "vision_year": "2035", "use_parts": "on"}
    payload.update(data)
    return client.post(reverse("plan_create", args=[county.pk]), payload)


def test_the_coordinator_creates_a_14th_plan_with_its_outline(client, county, coordinator):
    client.force_login(coordinator)
    response = _post(client, county)
    plan = Plan.objects.get(county=county)
    assert response["Location"] == reverse("plan_overview", args=[plan.pk])
    assert plan.outline.title == "示范县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
    assert (plan.base_year, plan.target_year, plan.vision_year) == (2020, 2025, 2035)
    assert plan.outline.nodes.filter(level="part").count() == 7
    assert plan.outline.nodes.get(key="environment").title == "“十四五”时期发展环境"
    assert list(plan.indicator_categories.values_list("name", flat=True)) == [
        "经济发展",
        "创新驱动",
        "民生福祉",
        "绿色生态",
        "安全保障",
    ]


def test_the_15th_plan_takes_its_years_from_the_form(client, county, coordinator):
    client.force_login(coordinator)
    _post(client, county, template="fyp15", base_year="2025", vision_year="2035", use_parts="")
    plan = Plan.objects.get(county=county)
    # From 十五五 on the outline's title no longer names the 2035 vision.
    assert plan.outline.title == "示范县国民经济和社会发展第十五个五年规划纲要"
    assert plan.period_name == "十五五"
    # Chapters and sections only: the chapters sit at the top.
    assert not plan.outline.nodes.filter(level="part").exists()
    assert plan.outline.nodes.get(key="achievements").title == "“十四五”时期发展成就"
    assert plan.outline.nodes.get(key="goals").title == "二〇三五年远景目标与“十五五”时期发展目标"


def test_bad_years_are_explained_and_kept(client, county, coordinator):
    client.force_login(coordinator)
    response = _post(client, county, base_year="2022", vision_year="20x5")
    page = response.content.decode()
    assert response.status_code == 200
    assert "5的整数倍" in page
    assert 'value="20x5"' in page
    assert not Plan.objects.exists()


def test_the_vision_year_cannot_precede_the_target_year(client, county, coordinator):
    client.force_login(coordinator)
    response = _post(client, county, vision_year="2024")
    assert "远景目标年不能早于规划目标年" in response.content.decode()
