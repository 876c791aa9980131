"""The city's side-by-side reading: flags on indicators, project matches, duplicates
and library claims, totals, and pages whose query count does not grow with the
number of counties."""

from decimal import Decimal

from django.urls import reverse

from apps.delivery.models import MajorProject
from apps.linkage import actions, compare
from apps.linkage.models import IndicatorAllocation, LinkedProject
from apps.targets.models import Indicator
from tests import factories as f


def _line(lines, name):
    return next(line for line in lines if line.indicator.name == name)


def test_weaker_missing_and_share_flags(linkage, city_plan):
    lines = compare.indicator_lines(city_plan, [linkage])
    forest = _line(lines, "森林覆盖率").cells[0]
    assert forest.flags == [compare.WEAKER]
    farmland = _line(lines, "耕地保有量").cells[0]
    # 50 against a share of 52: not the share, and weaker than it.
    assert farmland.allocation == Decimal("52")
    assert set(farmland.flags) == {compare.SHARE, compare.WEAKER}
    # An expected indicator the county lacks is not flagged.
    assert _line(lines, "城镇调查失业率").cells[0].flags == []
    # The allocations (52 of 290) do not add up to the city's target.
    assert _line(lines, "耕地保有量").notes


def test_a_missing_binding_indicator_is_flagged(county_content, city_plan, coordinator):
    Indicator.objects.filter(plan=county_content, name="森林覆盖率").delete()
    round_ = actions.linkage_open(county_content.outline, actor=coordinator)
    forest = _line(compare.indicator_lines(city_plan, [round_]), "森林覆盖率").cells[0]
    assert forest.row is None and forest.flags == [compare.MISSING]


def test_an_explicit_link_beats_the_name(county_content, city_plan, coordinator):
    city_forest = Indicator.objects.get(plan=city_plan, name="森林覆盖率")
    Indicator.objects.filter(plan=county_content, name="森林覆盖率").update(
        name="林木覆盖率", higher_indicator=city_forest, target_value=Decimal("63")
    )
    round_ = actions.linkage_open(county_content.outline, actor=coordinator)
    forest = _line(compare.indicator_lines(city_plan, [round_]), "森林覆盖率").cells[0]
    assert forest.row.name == "林木覆盖率" and forest.flags == []


def test_stated_reductions_are_stronger_higher():
    reduction = Indicator(name="单位GDP能耗降低", target_operator="")
    ceiling = Indicator(name="PM2.5浓度", target_operator="≤")
    assert compare.stronger_way(reduction) == 1 and compare.stronger_way(ceiling) == -1
    assert compare.is_weaker(Decimal("12"), Decimal("13.5"), 1)
    assert compare.is_weaker(Decimal("36"), Decimal("35"), -1)
    assert not compare.is_weaker(Decimal("34"), Decimal("35"), -1)


def test_projects_are_matched_and_flagged(linkage, city_plan):
    rows = {row.name: row for row in linkage.projects.all()}
    park = rows["示范县智能农机装备产业园项目"]
    assert park.match == LinkedProject.Match.SUGGESTED
    assert park.city_project.name == "示范县智能农机装备产业园"
    cold = rows["示范县冷链物流中心"]
    assert cold.match == LinkedProject.Match.NONE
    flags = compare.project_flags([linkage])
    assert [row.name for row in flags.unlisted] == ["示范县冷链物流中心"]
    assert flags.pending == 1


def test_a_person_confirms_a_match_and_it_carries_to_the_next_round(
    client, linkage, city_plan, city_reviewer, coordinator
):
    cold = linkage.projects.get(name="示范县冷链物流中心")
    rail = MajorProject.objects.get(plan=city_plan, name="市域铁路东延线工程")
    client.force_login(city_reviewer)
    response = client.post(
        reverse("project_match", args=[linkage.pk, cold.pk]), {"city_project": rail.pk}
    )
    assert response.status_code == 302
    cold.refresh_from_db()
    assert cold.match == LinkedProject.Match.CONFIRMED and cold.city_project == rail
    # A project of another plan is refused with a message, the match unchanged.
    stranger = f.MajorProjectFactory(plan=linkage.document.plan, name="别的项目")
    page = client.post(
        reverse("project_match", args=[linkage.pk, cold.pk]),
        {"city_project": stranger.pk},
        follow=True,
    )
    assert "不在本市项目清单中" in page.content.decode()
    cold.refresh_from_db()
    assert cold.city_project == rail
    actions.linkage_close(linkage, actor=coordinator)
    second = actions.linkage_open(linkage.document, actor=coordinator)
    carried = second.projects.get(name="示范县冷链物流中心")
    assert carried.match == LinkedProject.Match.CONFIRMED and carried.city_project == rail


def test_the_same_project_claimed_by_two_counties(linkage, city, city_plan, coordinator):
    f.MajorProjectFactory(plan=linkage.document.plan, name="市域铁路东延线工程")
    neighbour = f.CountyFactory(name="东山县", code="880101", parent=city)
    plan = f.make_plan(neighbour, coordinator)
    f.MajorProjectFactory(plan=plan, name="市域铁路东延线（东山段）")
    # Its own park is its own: the same kind of project, not the same project.
    f.MajorProjectFactory(plan=plan, name="东山县智能农机装备产业园")
    actions.linkage_close(linkage, actor=coordinator)
    mine = actions.linkage_open(linkage.document, actor=coordinator)
    other = actions.linkage_open(plan.outline, actor=coordinator)
    flags = compare.project_flags([mine, other])
    assert [sorted(row.name for row in group) for group in flags.duplicates] == []
    # The same name in two counties is one project claimed twice.
    f.MajorProjectFactory(plan=plan, name="市域铁路东延线工程")
    actions.linkage_close(other, actor=coordinator)
    other = actions.linkage_open(plan.outline, actor=coordinator)
    flags = compare.project_flags([mine, other])
    assert [sorted(row.name for row in group) for group in flags.duplicates] == [
        ["市域铁路东延线工程", "市域铁路东延线工程"]
    ]
    # 东山县's park is never suggested as the city's 示范县 park.
    park = other.projects.get(name="东山县智能农机装备产业园")
    assert park.city_project is None


def test_the_city_pages_show_the_flags(client, linkage, city, city_reviewer):
    client.force_login(city_reviewer)
    overview = client.get(reverse("division_linkage", args=[city.pk])).content.decode()
    assert "示范县" in overview and "第1轮" in overview
    farmland = Indicator.objects.get(plan__county=city, name="耕地保有量")
    page = client.get(
        reverse("division_indicators", args=[city.pk]) + f"?indicator={farmland.pk}"
    ).content.decode()
    assert "与分解值不符" in page and "弱于市级目标" in page and "各县分解值合计52" in page
    projects = client.get(reverse("division_projects", args=[city.pk])).content.decode()
    assert "示范县冷链物流中心" in projects  # claimed on the city list, not on it
    assert ">2.00<" in projects  # two projects of 10000 万元: 2 亿元 in total


def _counties(city, coordinator, n, start):
    for i in range(n):
        county = f.CountyFactory(name=f"第{start + i}县", code=f"{880110 + start + i}", parent=city)
        plan = f.make_plan(county, coordinator)
        f.IndicatorFactory(plan=plan, name="森林覆盖率", unit="%", target_value=Decimal("61"))
        f.IndicatorFactory(plan=plan, name="耕地保有量", unit="万亩", target_value=Decimal("40"))
        f.MajorProjectFactory(plan=plan, name=f"第{start + i}县产业园")
        IndicatorAllocation.objects.create(
            indicator=Indicator.objects.get(plan__county=city, name="耕地保有量"),
            county=county,
            value=Decimal("40"),
        )
        actions.linkage_open(plan.outline, actor=coordinator)


def test_city_and_province_pages_do_not_grow_with_counties(
    client,
    linkage,
    city,
    province,
    city_reviewer,
    province_reader,
    coordinator,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    pages = [
        (city_reviewer, "division_linkage", city),
        (city_reviewer, "division_indicators", city),
        (city_reviewer, "division_projects", city),
        (province_reader, "division_linkage", province),
        (province_reader, "division_projects", province),
    ]

    def counts():
        result = {}
        for user, name, division in pages:
            client.force_login(user)
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse(name, args=[division.pk])).status_code == 200
            result[name, division.pk] = len(captured)
        return result

    _counties(city, coordinator, 2, 0)
    few = counts()
    _counties(city, coordinator, 6, 2)
    many = counts()
    assert few == many


def test_the_city_breaks_an_indicator_down_and_the_county_links_to_it(
    client, city_plan, city_planner, county, plan, coordinator
):
    farmland = Indicator.objects.get(plan=city_plan, name="耕地保有量")
    client.force_login(city_planner)
    url = reverse("allocation_edit", args=[city_plan.pk, farmland.pk])
    page = client.get(url).content.decode()
    assert "示范县" in page and 'value="52' in page
    refused = client.post(url, {f"county_{county.pk}": "五十"})
    assert "请输入数字" in refused.content.decode()
    assert IndicatorAllocation.objects.get(indicator=farmland).value == Decimal("52")
    client.post(url, {f"county_{county.pk}": "55"})
    assert IndicatorAllocation.objects.get(indicator=farmland).value == Decimal("55")
    # The county's indicator form offers the city's indicators to serve.
    client.force_login(coordinator)
    form = client.get(reverse("part_create", args=[plan.pk, "indicators"])).content.decode()
    assert "对应上级指标" in form and "耕地保有量" in form
    assert "分解到下级" not in form  # a county has no divisions below


def test_two_reservoirs_are_not_one_project(linkage, city, coordinator):
    plans = []
    for code, name in (("880102", "南山县"), ("880103", "北山县")):
        plan = f.make_plan(f.CountyFactory(name=name, code=code, parent=city), coordinator)
        f.MajorProjectFactory(plan=plan, name=f"{name}水库工程")
        plans.append(actions.linkage_open(plan.outline, actor=coordinator))
    assert compare.project_flags(plans).duplicates == []


def test_a_city_plan_made_after_the_round_is_still_compared_by_name(
    county_content, city, city_planner, coordinator
):
    round_ = actions.linkage_open(county_content.outline, actor=coordinator)
    later = f.make_plan(city, city_planner)
    f.IndicatorFactory(
        plan=later,
        name="森林覆盖率",
        unit="%",
        target_operator="≥",
        target_value=Decimal("62"),
        attribute=Indicator.Attribute.BINDING,
    )
    forest = _line(compare.indicator_lines(later, [round_]), "森林覆盖率").cells[0]
    assert forest.row is not None and forest.flags == [compare.WEAKER]


def test_one_round_per_county_even_with_two_plans(linkage, county, coordinator, city):
    second = f.make_plan(county, coordinator)
    newer = actions.linkage_open(second.outline, actor=coordinator)
    rounds = compare.latest_rounds([city], 2025)
    assert rounds == [newer]


def test_a_confirmed_match_to_a_removed_city_project_is_not_carried(
    linkage, city_plan, city_reviewer, coordinator
):
    park = linkage.projects.get(name="示范县智能农机装备产业园项目")
    actions.project_match_set(park, actor=city_reviewer, city_project=park.city_project)
    MajorProject.objects.filter(pk=park.city_project_id).delete()
    actions.linkage_close(linkage, actor=coordinator)
    second = actions.linkage_open(linkage.document, actor=coordinator)
    carried = second.projects.get(name="示范县智能农机装备产业园项目")
    assert carried.match == LinkedProject.Match.NONE and carried.city_project is None
