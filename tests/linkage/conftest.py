from decimal import Decimal

import pytest

from apps.accounts.models import Role
from apps.delivery.models import MajorProject
from apps.linkage import actions
from apps.linkage.models import IndicatorAllocation
from apps.targets.models import Indicator
from tests import factories as f
from tests.conftest import _member

BINDING = Indicator.Attribute.BINDING


@pytest.fixture
def city_planner(city):
    return _member(city, Role.COORDINATOR, f.DepartmentFactory(county=city, name="发改委"), "cp")


@pytest.fixture
def city_plan(city, city_planner, county):
    """示范市's plan: a binding floor, a binding indicator it breaks down to its
    counties (耕地保有量, 示范县's share 52), an expected one, and its project list."""
    plan = f.make_plan(city, city_planner)
    f.IndicatorFactory(
        plan=plan,
        name="森林覆盖率",
        unit="%",
        baseline_value=Decimal("60"),
        target_operator="≥",
        target_value=Decimal("62"),
        attribute=BINDING,
    )
    farmland = f.IndicatorFactory(
        plan=plan,
        name="耕地保有量",
        unit="万亩",
        baseline_value=Decimal("300"),
        target_operator="≥",
        target_value=Decimal("290"),
        attribute=BINDING,
        additive=True,
    )
    IndicatorAllocation.objects.create(indicator=farmland, county=county, value=Decimal("52"))
    f.IndicatorFactory(plan=plan, name="城镇调查失业率", unit="%", target_value=Decimal("5.5"))
    f.MajorProjectFactory(plan=plan, name="示范县智能农机装备产业园", location="示范县")
    f.MajorProjectFactory(plan=plan, name="市域铁路东延线工程", location="市区")
    return plan


@pytest.fixture
def county_content(plan):
    """示范县's indicators and projects: the forest target weaker than the city's,
    farmland short of its share, one project on the city's list and one claimed
    to be on it that is not."""
    f.IndicatorFactory(
        plan=plan,
        name="森林覆盖率",
        unit="%",
        baseline_value=Decimal("58"),
        target_operator="≥",
        target_value=Decimal("59"),
        attribute=BINDING,
    )
    f.IndicatorFactory(
        plan=plan,
        name="耕地保有量",
        unit="万亩",
        baseline_value=Decimal("53"),
        target_operator="≥",
        target_value=Decimal("50"),
        attribute=BINDING,
    )
    f.MajorProjectFactory(
        plan=plan,
        name="示范县智能农机装备产业园项目",
        higher_library=MajorProject.HigherLibrary.MUNICIPAL,
    )
    f.MajorProjectFactory(
        plan=plan,
        name="示范县冷链物流中心",
        higher_library=MajorProject.HigherLibrary.MUNICIPAL,
    )
    return plan


@pytest.fixture
def linkage(county_content, city_plan, coordinator):
    return actions.linkage_open(county_content.outline, actor=coordinator, note="请审核。")
