from decimal import Decimal

from django.urls import reverse

from apps.targets.models import Indicator
from apps.targets.reference import FYP14


def test_the_reference_is_the_national_14th_table():
    assert len(FYP14.indicators) == 20
    assert {i.category for i in FYP14.indicators} == {
        "经济发展",
        "创新驱动",
        "民生福祉",
        "绿色生态",
        "安全保障",
    }
    assert sum(1 for i in FYP14.indicators if i.attribute == "binding") == 8
    by_name = {i.name: i for i in FYP14.indicators}
    assert by_name["常住人口城镇化率"].baseline == Decimal("60.6")
    assert by_name["常住人口城镇化率"].baseline_data_year == 2019
    assert by_name["单位GDP能源消耗降低"].expression == "cumulative"
    assert by_name["单位GDP能源消耗降低"].target_value == Decimal("13.5")
    assert by_name["粮食综合生产能力"].target_operator == ">"


def test_it_imports_the_chosen_national_indicators_once(client, plan, drafter):
    client.force_login(drafter)
    url = reverse("national_import", args=[plan.pk])
    response = client.post(url, {"codes": ["CN14-03", "CN14-14"]}, follow=True)
    assert "已导入2项国家指标" in response.content.decode()
    urbanisation = Indicator.objects.get(plan=plan, national_code="CN14-03")
    assert urbanisation.baseline_display() == "60.6*"
    assert urbanisation.target_year_cell() == "65"
    energy = Indicator.objects.get(plan=plan, national_code="CN14-14")
    assert energy.change_cell() == "〔13.5〕"
    assert energy.get_attribute_display() == "约束性"
    assert energy.category.name == "绿色生态"

    client.post(url, {"codes": ["CN14-03"]})
    assert Indicator.objects.filter(plan=plan).count() == 2
    page = client.get(url).content.decode()
    assert page.count("已导入") >= 2


def test_a_plan_without_a_national_table_says_so(client, county, coordinator):
    from tests.factories import make_plan

    plan = make_plan(county, coordinator, template_key="fyp15", base_year=2025)
    client.force_login(coordinator)
    page = client.get(reverse("national_import", args=[plan.pk])).content.decode()
    assert "暂未收录国家“十五五”规划纲要的主要指标" in page


def test_imported_indicators_start_their_history(client, plan, drafter):
    from apps.plans.models import Revision

    client.force_login(drafter)
    client.post(reverse("national_import", args=[plan.pk]), {"codes": ["CN14-05"]})
    indicator = Indicator.objects.get(plan=plan)
    revision = Revision.objects.of(indicator).get()
    assert revision.author == drafter and revision.note == "从国家指标导入"


def test_a_drafter_of_another_department_cannot_import_into_the_targets_section(
    client, plan, drafter
):
    from tests.factories import DepartmentFactory

    node = plan.outline.nodes.get(key="period_targets")
    node.lead_department = DepartmentFactory(county=plan.county, name="统计局")
    node.save()
    client.force_login(drafter)
    response = client.post(
        reverse("national_import", args=[plan.pk]), {"codes": ["CN14-05"]}, follow=True
    )
    assert "不由你所在部门负责" in response.content.decode()
    assert not Indicator.objects.filter(plan=plan).exists()
