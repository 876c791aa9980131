"""三.2 加强规划衔接, against the city's plan: self-check rules that need the plan
above the county. Without a city plan of the period in the app they find nothing
(the national comparison in apps/checks/rules/national.py still applies)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from apps.accounts.models import County
from apps.checks.data import PlanData
from apps.checks.registry import Finding, Severity, Thinking, check
from apps.checks.rules.common import item_finding, part_finding
from apps.delivery.models import MajorProject
from apps.linkage.compare import ADD_UP_TOLERANCE, division_plan, is_weaker, stronger_way
from apps.linkage.matching import SUGGEST_AT, bigrams, names_elsewhere, project_key, similarity
from apps.linkage.models import IndicatorAllocation
from apps.plans.models import Plan
from apps.targets.models import Indicator, format_number


def _city_plan(data: PlanData) -> Plan | None:
    """The plan of the county's city for the period, read once for the three rules
    (by the same rule as the 衔接 pages: ``compare.division_plan``)."""
    if not hasattr(data, "_city_plan"):
        data._city_plan = division_plan(data.plan.county.parent_id, data.plan.target_year)
    return data._city_plan


def _served(data: PlanData, city_indicators) -> dict[int, Indicator]:
    """City indicator id → the county indicator serving it (its link, else its name)."""
    by_name = {i.name.strip(): i.pk for i in city_indicators}
    ids = {i.pk for i in city_indicators}
    served = {}
    for indicator in data.indicators:
        higher = indicator.higher_indicator_id
        if higher not in ids:
            higher = by_name.get(indicator.name.strip())
        if higher is not None:
            served.setdefault(higher, indicator)
    return served


@check(
    "city-binding-indicators",
    thinking=Thinking.STRATEGIC,
    section="三.2",
    severity=Severity.WARNING,
    title=_("市级约束性指标在本县有对应且不弱于市级"),
)
def city_binding_indicators(data: PlanData) -> list[Finding]:
    city_plan = _city_plan(data)
    if city_plan is None:
        return []
    city_indicators = list(
        Indicator.objects.filter(plan=city_plan, attribute=Indicator.Attribute.BINDING)
    )
    served = _served(data, city_indicators)
    findings = []
    for city in city_indicators:
        county = served.get(city.pk)
        if county is None:
            findings.append(
                part_finding(
                    data,
                    "indicators",
                    _("市级约束性指标“%(n)s”在本县纲要中没有对应的指标。") % {"n": city.name},
                )
            )
        elif (
            not city.additive
            and county.expression == city.expression
            and is_weaker(county.target_value, city.target_value, stronger_way(city))
        ):
            findings.append(
                item_finding(
                    data,
                    "indicators",
                    county,
                    _("“%(n)s”的目标%(c)s弱于市级目标%(r)s。")
                    % {
                        "n": county.name,
                        "c": county.target_display(),
                        "r": city.target_display(),
                    },
                )
            )
    return findings


@check(
    "city-allocation",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.ERROR,
    title=_("分解到本县的指标与市级分解值一致"),
)
def city_allocation(data: PlanData) -> list[Finding]:
    city_plan = _city_plan(data)
    if city_plan is None:
        return []
    allocations = IndicatorAllocation.objects.filter(
        indicator__plan=city_plan, county_id=data.plan.county_id
    ).select_related("indicator")
    served = _served(data, [a.indicator for a in allocations])
    findings = []
    for allocation in allocations:
        county = served.get(allocation.indicator_id)
        if county is None:
            findings.append(
                part_finding(
                    data,
                    "indicators",
                    _("市里分解给本县的“%(n)s”（%(v)s%(u)s）在本县纲要中没有对应的指标。")
                    % {
                        "n": allocation.indicator.name,
                        "v": format_number(allocation.value),
                        "u": allocation.indicator.unit,
                    },
                )
            )
            continue
        target = county.target_value
        if target is None or abs(target - allocation.value) > ADD_UP_TOLERANCE:
            findings.append(
                item_finding(
                    data,
                    "indicators",
                    county,
                    _("“%(n)s”的目标%(c)s与市里分解给本县的%(v)s%(u)s不一致。")
                    % {
                        "n": county.name,
                        "c": county.target_display(),
                        "v": format_number(allocation.value),
                        "u": allocation.indicator.unit,
                    },
                )
            )
    return findings


@check(
    "city-project-library",
    thinking=Thinking.STRATEGIC,
    section="三.2",
    severity=Severity.HINT,
    title=_("标注已入市级项目库的项目在市级项目清单中"),
)
def city_project_library(data: PlanData) -> list[Finding]:
    city_plan = _city_plan(data)
    if city_plan is None:
        return []
    county = data.plan.county
    others = list(
        County.objects.filter(parent_id=county.parent_id)
        .exclude(pk=county.pk)
        .values_list("name", flat=True)
    )
    listed = [
        bigrams(project_key(project.name))
        for project in MajorProject.objects.filter(plan=city_plan).only("name", "location")
        if not names_elsewhere(project, county.name, others)
    ]
    findings = []
    for project in data.projects:
        if project.higher_library != MajorProject.HigherLibrary.MUNICIPAL:
            continue
        mine = bigrams(project_key(project.name))
        best = max((similarity(mine, other) for other in listed), default=0)
        if Decimal(str(best * 100)) < SUGGEST_AT:
            findings.append(
                item_finding(
                    data,
                    "major-projects",
                    project,
                    _("“%(n)s”标注为已入市级项目库，但市级规划的项目清单中没有找到它。")
                    % {"n": project.name},
                )
            )
    return findings
