"""Every check, on a plan built to fail it and on one built to pass it.

``CASES`` holds, for each registered check, a function that puts a fresh plan in a
state the check must flag (and a phrase its message must contain) and one that puts
it in a state the check must accept. The first test fails when a check is
registered without a case here, so no check goes untested.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from apps.checks.data import load_plan_data
from apps.checks.models import Exemption
from apps.checks.registry import registry
from apps.delivery.models import KeyTask, MajorProject
from apps.governance.models import PlanLinkage, Risk
from apps.positioning.models import ComparativeAdvantage, RegionalLink
from apps.targets.models import DEFAULT_CATEGORIES, Indicator
from tests import factories as f

pytestmark = pytest.mark.django_db

BINDING = Indicator.Attribute.BINDING
CUMULATIVE = Indicator.Expression.CUMULATIVE


def findings(plan, check_id):
    return registry.checks[check_id].run(load_plan_data(plan))


def category(plan, name):
    return plan.indicator_categories.get(name=name)


# 倒排 ---------------------------------------------------------------------------


def vision_without_targets(plan):
    f.VisionItemFactory(plan=plan, title="城乡居民收入迈上新台阶")


def vision_with_targets(plan):
    f.PeriodTargetFactory(plan=plan)


def target_without_indicator(plan):
    f.PeriodTargetFactory(plan=plan, title="现代服务业提质扩容")


def target_with_indicator(plan):
    f.IndicatorFactory(plan=plan, target=f.PeriodTargetFactory(plan=plan))


def off_path(plan):
    # 100 → 200 over 2020–2035 passes 126 in 2025; 180 is far off.
    f.IndicatorFactory(
        plan=plan, name="研发经费投入", baseline_value=100, vision_value=200, target_value=180
    )


def on_path(plan):
    f.IndicatorFactory(plan=plan, baseline_value=100, vision_value=200, target_value=126)


def _gdp(plan, growth):
    f.IndicatorFactory(plan=plan, name="地区生产总值", baseline_value=100, target_value=140)
    f.IndicatorFactory(
        plan=plan,
        name="地区生产总值增长",
        unit="%",
        expression=Indicator.Expression.ANNUAL,
        baseline_value=None,
        target_value=Decimal(growth),
    )


def growth_disagrees(plan):
    _gdp(plan, "5")  # 100 → 140 in five years is about 7% a year


def growth_agrees(plan):
    _gdp(plan, "7")


# 指标表 -------------------------------------------------------------------------


def one_category(plan):
    f.IndicatorFactory(plan=plan, category=category(plan, "经济发展"))


def five_categories(plan):
    for name in DEFAULT_CATEGORIES:
        f.IndicatorFactory(plan=plan, category=category(plan, name))


def no_binding(plan):
    f.IndicatorFactory(plan=plan, name="森林覆盖率", unit="%")


def binding_topics(plan):
    for name in (
        "单位地区生产总值能源消耗降低",
        "单位地区生产总值二氧化碳排放降低",
        "地表水达到或好于Ⅲ类水体比例",
        "空气质量优良天数比率",
        "森林覆盖率",
        "耕地保有量",
    ):
        f.IndicatorFactory(plan=plan, name=name, attribute=BINDING)


def binding_without_target(plan):
    f.IndicatorFactory(plan=plan, name="耕地保有量", attribute=BINDING, target_value=None)


def binding_with_target(plan):
    f.IndicatorFactory(plan=plan, name="耕地保有量", attribute=BINDING)


def cumulative_level(plan):
    f.IndicatorFactory(plan=plan, name="森林覆盖率", unit="%", expression=CUMULATIVE)


def cumulative_change(plan):
    f.IndicatorFactory(
        plan=plan, name="单位地区生产总值能源消耗降低", unit="%", expression=CUMULATIVE
    )


# 比较优势 -----------------------------------------------------------------------


def only_traditional(plan):
    f.ComparativeAdvantageFactory(plan=plan, kind=ComparativeAdvantage.Kind.TRADITIONAL)


def all_kinds(plan):
    for kind in ComparativeAdvantage.Kind:
        f.ComparativeAdvantageFactory(plan=plan, kind=kind)


def advantage_unused(plan):
    f.ComparativeAdvantageFactory(plan=plan, name="富硒土壤")


def advantage_used(plan):
    task = f.KeyTaskFactory(plan=plan)
    task.advantages.add(f.ComparativeAdvantageFactory(plan=plan))


def land_shipped_out(plan):
    f.ComparativeAdvantageFactory(
        plan=plan,
        name="石灰石资源",
        factor=ComparativeAdvantage.Factor.ENERGY_MINERAL,
        utilisation=ComparativeAdvantage.Utilisation.SHIPPED_OUT,
    )


def land_on_site(plan):
    f.ComparativeAdvantageFactory(
        plan=plan,
        factor=ComparativeAdvantage.Factor.ENERGY_MINERAL,
        utilisation=ComparativeAdvantage.Utilisation.ON_SITE,
    )
    # Knowledge is not tied to the place: shipping it out is no finding.
    f.ComparativeAdvantageFactory(
        plan=plan,
        factor=ComparativeAdvantage.Factor.KNOWLEDGE,
        utilisation=ComparativeAdvantage.Utilisation.SHIPPED_OUT,
    )


def no_tier(plan):
    f.ComparativeAdvantageFactory(plan=plan, partner_regions="合肥市")  # no tier basis


def tier(plan):
    f.ComparativeAdvantageFactory(
        plan=plan,
        tier_basis=ComparativeAdvantage.TierBasis.FUNCTION,
        partner_regions="合肥市、芜湖市",
    )


def one_link_kind(plan):
    f.RegionalLinkFactory(plan=plan)
    f.RegionalLinkFactory(plan=plan)


def two_link_kinds(plan):
    f.RegionalLinkFactory(plan=plan)
    f.RegionalLinkFactory(plan=plan, kind=RegionalLink.Kind.METRO_AREA)


# 重点任务 -----------------------------------------------------------------------


def task_without_lead(plan):
    f.KeyTaskFactory(plan=plan, title="建设县域物流枢纽", lead_department=None)


def task_with_lead(plan):
    f.KeyTaskFactory(plan=plan, lead_department=f.DepartmentFactory(county=plan.county))


def task_without_indicator(plan):
    f.KeyTaskFactory(plan=plan, title="建设县域物流枢纽")


def task_with_indicator(plan):
    f.KeyTaskFactory(plan=plan).indicators.add(f.IndicatorFactory(plan=plan))


def task_cycle(plan):
    a = f.KeyTaskFactory(plan=plan, title="园区扩区")
    b = f.KeyTaskFactory(plan=plan, title="招商引资")
    a.depends_on.add(b)
    b.depends_on.add(a)


def task_chain(plan):
    a, b, c = (f.KeyTaskFactory(plan=plan) for _ in range(3))
    a.depends_on.add(b)
    b.depends_on.add(c)
    a.depends_on.add(c)


def one_area(plan):
    f.KeyTaskFactory(plan=plan, area=KeyTask.Area.INDUSTRY)


def areas_covered_or_exempt(plan):
    for area in KeyTask.Area:
        if area == KeyTask.Area.OPENING:
            Exemption.objects.create(plan=plan, code="area:opening", reason="另编专项规划")
        else:
            f.KeyTaskFactory(plan=plan, area=area)


# 重大项目 -----------------------------------------------------------------------


def project_before_period(plan):
    f.MajorProjectFactory(plan=plan, name="老城区改造", start_year=2012, end_year=2016)


def project_spanning_period(plan):
    f.MajorProjectFactory(plan=plan, start_year=2019, end_year=2027)


def period_above_total(plan):
    f.MajorProjectFactory(plan=plan, name="物流园", period_investment=Decimal("12000"))


def period_within_total(plan):
    f.MajorProjectFactory(plan=plan)


def funding_short(plan):
    f.MajorProjectFactory(plan=plan, name="物流园", funding_social=Decimal("5000"))


def funding_adds_up(plan):
    f.MajorProjectFactory(
        plan=plan,
        funding_government=Decimal("1000"),
        funding_special_bonds=Decimal("3000"),
        funding_social=Decimal("6000"),
    )


def only_major_projects(plan):
    f.MajorProjectFactory(plan=plan, significance=MajorProject.Significance.MAJOR)


def all_project_kinds(plan):
    for kind in MajorProject.Significance:
        f.MajorProjectFactory(plan=plan, significance=kind)


def no_new_infra(plan):
    f.MajorProjectFactory(plan=plan, category=MajorProject.Category.INDUSTRY)


def new_infra(plan):
    f.MajorProjectFactory(plan=plan, category=MajorProject.Category.NEW_INFRA)


def new_infra_exempt(plan):
    no_new_infra(plan)
    Exemption.objects.create(plan=plan, code="new_infra", reason="由市级统一布局")


def _fiscal(plan, capacity):
    # 2000 of 10000 is public money; 8000 is spent in the period → 1600 needed.
    f.MajorProjectFactory(plan=plan)
    plan.fiscal_capacity = Decimal(capacity)
    plan.save()


def over_capacity(plan):
    _fiscal(plan, "1000")


def within_capacity(plan):
    _fiscal(plan, "1600")


# 风险 ---------------------------------------------------------------------------


def economic_risk_only(plan):
    f.RiskFactory(plan=plan, domain=Risk.Domain.ECONOMIC)


def four_risk_domains(plan):
    for domain in ("economic", "social", "ecological", "information"):
        f.RiskFactory(plan=plan, domain=domain)


def risk_without_plan(plan):
    f.RiskFactory(plan=plan, title="政府债务风险", emergency_plan="")


def risk_with_plan(plan):
    f.RiskFactory(plan=plan)
    # Only the four core domains need both; a 其他 entry may be a note.
    f.RiskFactory(plan=plan, domain=Risk.Domain.OTHER, emergency_plan="")


# 系统 ---------------------------------------------------------------------------


def provincial_only(plan):
    f.PlanLinkageFactory(plan=plan)


def all_linkages(plan):
    f.PlanLinkageFactory(plan=plan, level=PlanLinkage.Level.NATIONAL)
    f.PlanLinkageFactory(plan=plan, level=PlanLinkage.Level.PROVINCIAL)
    f.PlanLinkageFactory(
        plan=plan, level=PlanLinkage.Level.COUNTY, kind=PlanLinkage.Kind.TERRITORIAL
    )


def tool_unlinked(plan):
    f.PolicyToolFactory(plan=plan, name="人才安居补贴")


def tool_linked(plan):
    f.PolicyToolFactory(plan=plan).tasks.add(f.KeyTaskFactory(plan=plan))


def no_participation(plan):
    f.GovernanceMeasureFactory(plan=plan, public_participation=False)


def participation(plan):
    f.GovernanceMeasureFactory(plan=plan, public_participation=True)


def no_research(plan):
    f.RiskFactory(plan=plan)


def research(plan):
    f.ResearchTopicFactory(plan=plan)


# 上位规划 -----------------------------------------------------------------------


def forest_falling(plan):
    # The national table raises forest cover; a county target lowering it is weaker.
    f.IndicatorFactory(
        plan=plan,
        name="森林覆盖率",
        unit="%",
        attribute=BINDING,
        baseline_value=Decimal("41.5"),
        target_value=Decimal("40"),
    )
    # Imported from the national table: energy intensity 〔10〕 against 〔13.5〕.
    f.IndicatorFactory(
        plan=plan,
        name="单位地区生产总值能耗降低",
        unit="%",
        attribute=BINDING,
        expression=CUMULATIVE,
        baseline_value=None,
        target_value=Decimal("10"),
        national_code="CN14-14",
    )


def forest_rising(plan):
    f.IndicatorFactory(
        plan=plan,
        name="森林覆盖率",
        unit="%",
        attribute=BINDING,
        baseline_value=Decimal("41.5"),
        target_value=Decimal("42"),
    )
    f.IndicatorFactory(
        plan=plan,
        name="单位地区生产总值能耗降低",
        unit="%",
        attribute=BINDING,
        expression=CUMULATIVE,
        baseline_value=None,
        target_value=Decimal("14"),
        national_code="CN14-14",
    )


# 正文与表格 (rules/text.py): the text is written through the editor's save. ------------


def _write(plan, key, text):
    from apps.plans.actions import node_text_save

    node = plan.outline.nodes.get(key=key)
    html = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    assert node_text_save(node, body=html, loaded_version=node.version, user=None).saved


def _gdp_table(plan):
    f.IndicatorFactory(
        plan=plan,
        name="地区生产总值",
        unit="亿元",
        baseline_value=Decimal("318.5"),
        target_operator="≥",
        target_value=Decimal("430"),
        vision_value=Decimal("720"),
    )


def gdp_text_disagrees(plan):
    _gdp_table(plan)
    _write(plan, "period_targets", "地区生产总值年均增长6.5%左右，2025年达到450亿元以上。")


def gdp_text_agrees(plan):
    _gdp_table(plan)
    _write(plan, "period_targets", "地区生产总值年均增长6.5%左右，2025年达到430亿元以上。")
    _write(
        plan,
        "achievements",
        "2020年地区生产总值达到318.5亿元，由2015年的210亿元增加到318.5亿元。\n"
        "2018年地区生产总值为276亿元。",
    )
    _write(plan, "vision", "到2035年，地区生产总值达到720亿元左右，比2020年翻一番以上。")


def _energy_table(plan):
    f.IndicatorFactory(
        plan=plan,
        name="单位地区生产总值能耗降低",
        unit="%",
        expression=CUMULATIVE,
        baseline_value=None,
        target_value=Decimal("14"),
    )


def energy_written_annual(plan):
    _energy_table(plan)
    _write(plan, "task_ecology", "单位地区生产总值能耗年均降低14%。")


def energy_written_cumulative(plan):
    _energy_table(plan)
    _write(plan, "task_ecology", "单位地区生产总值能耗降低14%，五年累计完成。")


def _two_projects(plan):
    f.MajorProjectFactory(plan=plan, total_investment=Decimal("30000"))
    f.MajorProjectFactory(plan=plan, total_investment=Decimal("20000"))


def project_total_disagrees(plan):
    _two_projects(plan)
    _write(plan, "major_projects", "本规划共安排重大项目2个，总投资约8亿元。")


def project_total_agrees(plan):
    _two_projects(plan)
    _write(
        plan,
        "major_projects",
        "本规划共安排重大项目2个，总投资约5亿元。\n专栏中的重点项目12个，总投资3亿元。",
    )


def year_beyond_vision(plan):
    _write(plan, "task_industry", "到2040年建成千亿级产业集群。")


def years_in_their_place(plan):
    _write(plan, "achievements", "2015年以来，全县经济总量稳步提升。")
    _write(plan, "task_ecology", "为2030年前碳达峰、2060年前碳中和作出贡献。")


def old_period_ahead(plan):
    _write(plan, "task_livelihood", "“十三五”期间新建中小学5所。")


def periods_in_their_place(plan):
    _write(plan, "achievements", "“十三五”时期，全县新建中小学12所。")
    _write(plan, "task_livelihood", "为“十五五”时期发展打下坚实基础。")


def _glossary(plan):
    from apps.checks.actions import wording_add_starter

    wording_add_starter(plan.county, actor=None)


def discouraged_phrase(plan):
    _glossary(plan)
    _write(plan, "task_ecology", "单位GDP能耗稳步下降，单位GDP能耗考核全面完成。")


def preferred_phrase(plan):
    _glossary(plan)
    _write(plan, "task_ecology", "单位地区生产总值能耗稳步下降。")


def project_renamed(plan):
    f.MajorProjectFactory(plan=plan, name="县域医共体能力提升工程")
    _write(plan, "task_livelihood", "实施县域医共体能力提升项目，建成紧密型医共体。")


def project_named_alike(plan):
    f.MajorProjectFactory(plan=plan, name="县域医共体能力提升工程")
    _write(plan, "task_livelihood", "实施县域医共体能力提升工程，建成紧密型医共体。")


def indicator_shortened(plan):
    f.IndicatorFactory(
        plan=plan,
        name="常住人口城镇化率",
        unit="%",
        baseline_value=Decimal("54.2"),
        target_value=Decimal("60"),
    )
    _write(plan, "task_urbanisation", "到2025年，城镇化率达到60%。")


def indicator_named_alike(plan):
    f.IndicatorFactory(
        plan=plan,
        name="常住人口城镇化率",
        unit="%",
        baseline_value=Decimal("54.2"),
        target_value=Decimal("60"),
    )
    _write(plan, "task_urbanisation", "到2025年，常住人口城镇化率达到60%。")


@dataclass(frozen=True)
class Case:
    fail: object
    says: str  # a phrase the failing finding's message contains
    passes: tuple  # each builds, on its own fresh plan, a state that passes
    count: int | None = None  # how many findings the failing state gives, when it matters


# 与市级规划衔接 (apps/linkage/checks.py) -----------------------------------------------


def _city_plan(plan):
    """示范县 under 示范市, whose plan of the same period is here."""
    city = f.CountyFactory(name="示范市", code="880100", level="prefecture_city")
    type(plan.county).objects.filter(pk=plan.county_id).update(parent=city)
    plan.county.parent_id = city.pk
    return f.make_plan(city)


def _binding(plan, name, target, **extra):
    return f.IndicatorFactory(
        plan=plan,
        name=name,
        unit=extra.pop("unit", "%"),
        attribute=BINDING,
        target_operator="≥",
        target_value=Decimal(target),
        **extra,
    )


def forest_below_city(plan):
    _binding(_city_plan(plan), "森林覆盖率", "62")
    _binding(plan, "森林覆盖率", "59")


def forest_as_city(plan):
    _binding(_city_plan(plan), "森林覆盖率", "62")
    _binding(plan, "森林覆盖率", "62.5")


def _farmland(plan, county_target):
    from apps.linkage.models import IndicatorAllocation

    city = _binding(_city_plan(plan), "耕地保有量", "290", unit="万亩", additive=True)
    IndicatorAllocation.objects.create(indicator=city, county=plan.county, value=Decimal("52"))
    _binding(plan, "耕地保有量", county_target, unit="万亩")


def farmland_short_of_share(plan):
    _farmland(plan, "50")


def farmland_at_share(plan):
    _farmland(plan, "52")


def _claimed(plan, listed: bool):
    city_plan = _city_plan(plan)
    if listed:
        f.MajorProjectFactory(plan=city_plan, name="示范县冷链物流中心项目")
    f.MajorProjectFactory(
        plan=plan, name="示范县冷链物流中心", higher_library=MajorProject.HigherLibrary.MUNICIPAL
    )


def claimed_not_listed(plan):
    _claimed(plan, listed=False)


def claimed_and_listed(plan):
    _claimed(plan, listed=True)


def no_city_plan(plan):
    _binding(plan, "森林覆盖率", "40")


CASES = {
    "city-binding-indicators": Case(
        forest_below_city, "弱于市级目标", (forest_as_city, no_city_plan)
    ),
    "city-allocation": Case(
        farmland_short_of_share, "市里分解给本县的52万亩", (farmland_at_share,)
    ),
    "city-project-library": Case(
        claimed_not_listed, "市级规划的项目清单中没有找到", (claimed_and_listed, no_city_plan)
    ),
    "backcast-vision-targets": Case(
        vision_without_targets, "城乡居民收入迈上新台阶", (vision_with_targets,)
    ),
    "backcast-target-indicators": Case(
        target_without_indicator, "现代服务业提质扩容", (target_with_indicator,)
    ),
    "backcast-path": Case(off_path, "研发经费投入", (on_path,)),
    "backcast-growth-consistent": Case(growth_disagrees, "年均增长约6.96%", (growth_agrees,)),
    "indicators-categories": Case(one_category, "民生福祉", (five_categories,)),
    "indicators-binding-topics": Case(no_binding, "森林覆盖率", (binding_topics,)),
    "indicators-binding-target": Case(binding_without_target, "耕地保有量", (binding_with_target,)),
    "indicators-units": Case(cumulative_level, "森林覆盖率", (cumulative_change,)),
    "advantages-kinds": Case(only_traditional, "潜在优势", (all_kinds,)),
    "advantages-tasks": Case(advantage_unused, "富硒土壤", (advantage_used,)),
    "advantages-on-site": Case(land_shipped_out, "石灰石资源", (land_on_site,)),
    "advantages-tier-linkage": Case(no_tier, "梯次", (tier,)),
    "regional-links": Case(one_link_kind, "区域联系", (two_link_kinds,)),
    "tasks-lead": Case(task_without_lead, "建设县域物流枢纽", (task_with_lead,)),
    "tasks-indicators": Case(task_without_indicator, "建设县域物流枢纽", (task_with_indicator,)),
    "tasks-no-cycles": Case(task_cycle, "园区扩区", (task_chain,)),
    "tasks-areas": Case(one_area, "区域开放合作", (areas_covered_or_exempt,)),
    "projects-years": Case(project_before_period, "老城区改造", (project_spanning_period,)),
    "projects-period-investment": Case(period_above_total, "物流园", (period_within_total,)),
    "projects-funding": Case(funding_short, "7000万元", (funding_adds_up,)),
    "projects-kinds": Case(only_major_projects, "要事", (all_project_kinds,)),
    "projects-new-infra": Case(no_new_infra, "新型基础设施", (new_infra, new_infra_exempt)),
    "projects-fiscal-capacity": Case(over_capacity, "1600万元", (within_capacity,)),
    "risks-domains": Case(economic_risk_only, "信息风险", (four_risk_domains,)),
    "risks-response": Case(risk_without_plan, "政府债务风险", (risk_with_plan,)),
    "linkage-upper": Case(provincial_only, "国土空间规划", (all_linkages,)),
    "policy-tools-linked": Case(tool_unlinked, "人才安居补贴", (tool_linked,)),
    "governance-participation": Case(no_participation, "公众参与", (participation,)),
    "research-topics": Case(no_research, "重大问题研究", (research,)),
    "upper-level-binding": Case(forest_falling, "森林覆盖率", (forest_rising,), count=2),
    "text-indicator-figures": Case(
        gdp_text_disagrees, "2025年达到450亿元以上", (gdp_text_agrees,), count=1
    ),
    "text-cumulative-as-annual": Case(
        energy_written_annual, "五年累计目标", (energy_written_cumulative,), count=1
    ),
    "text-project-totals": Case(
        project_total_disagrees, "总投资为5亿元", (project_total_agrees,), count=1
    ),
    "text-years": Case(year_beyond_vision, "2040年不在本规划", (years_in_their_place,), count=1),
    "text-period-words": Case(old_period_ahead, "‘十三五’期间", (periods_in_their_place,), count=1),
    "text-wording": Case(
        discouraged_phrase,
        "2处使用“单位GDP能耗”",
        (preferred_phrase,),
        count=1,
    ),
    "text-names": Case(
        project_renamed, "县域医共体能力提升项目", (project_named_alike, indicator_named_alike)
    ),
}


def test_a_county_without_a_glossary_is_not_held_to_one(plan):
    _write(plan, "task_ecology", "单位GDP能耗稳步下降。")
    assert findings(plan, "text-wording") == []


def test_every_check_has_a_failing_and_a_passing_case():
    assert set(CASES) == set(registry.checks)


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_check_flags_a_plan_built_to_fail_it(plan, client, coordinator, check_id):
    case = CASES[check_id]
    case.fail(plan)
    found = findings(plan, check_id)
    assert found, f"{check_id} found nothing"
    assert any(case.says in finding.message for finding in found), [x.message for x in found]
    if case.count is not None:
        assert len(found) == case.count
    # Every finding links to a page the planning office can open to fix it.
    client.force_login(coordinator)
    for finding in found:
        assert finding.url
        assert client.get(finding.url).status_code == 200, finding.url


@pytest.mark.parametrize(
    ("check_id", "build"),
    [
        pytest.param(check_id, build, id=f"{check_id}-{build.__name__}")
        for check_id, case in sorted(CASES.items())
        for build in case.passes
    ],
)
def test_check_accepts_a_plan_built_to_pass_it(plan, check_id, build):
    build(plan)
    assert findings(plan, check_id) == []
