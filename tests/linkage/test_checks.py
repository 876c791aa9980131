"""The county's self-check against its city's plan."""

from decimal import Decimal

from apps.checks.data import load_plan_data
from apps.linkage.checks import city_allocation, city_binding_indicators, city_project_library
from apps.targets.models import Indicator


def _messages(rule, plan):
    return [finding.message for finding in rule(load_plan_data(plan))]


def test_the_checks_find_what_the_city_would(county_content, city_plan):
    plan = county_content
    assert _messages(city_binding_indicators, plan) == ["“森林覆盖率”的目标≥59弱于市级目标≥62。"]
    assert _messages(city_allocation, plan) == [
        "“耕地保有量”的目标≥50与市里分解给本县的52万亩不一致。"
    ]
    assert _messages(city_project_library, plan) == [
        "“示范县冷链物流中心”标注为已入市级项目库，但市级规划的项目清单中没有找到它。"
    ]


def test_fixing_the_plan_clears_them(county_content, city_plan):
    plan = county_content
    Indicator.objects.filter(plan=plan, name="森林覆盖率").update(target_value=Decimal("62"))
    Indicator.objects.filter(plan=plan, name="耕地保有量").update(target_value=Decimal("52"))
    plan.__class__.objects.get(pk=plan.pk)  # nothing cached between runs
    from apps.delivery.models import MajorProject

    MajorProject.objects.filter(plan=plan, name="示范县冷链物流中心").update(higher_library="")
    for rule in (city_binding_indicators, city_allocation, city_project_library):
        assert _messages(rule, plan) == []


def test_a_missing_city_indicator_is_named(county_content, city_plan):
    Indicator.objects.filter(plan=county_content, name="森林覆盖率").delete()
    assert "市级约束性指标“森林覆盖率”在本县纲要中没有对应的指标。" in _messages(
        city_binding_indicators, county_content
    )


def test_without_a_city_plan_there_is_nothing_to_compare(county_content):
    for rule in (city_binding_indicators, city_allocation, city_project_library):
        assert _messages(rule, county_content) == []
