import datetime

import pytest

from apps.monitoring import actions
from apps.plans.models import Document
from tests import factories as f


@pytest.fixture
def adopted(plan):
    """The plan with its outline adopted, as monitoring needs."""
    Document.objects.filter(pk=plan.outline.pk).update(stage=Document.Stage.ADOPTED)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def gdp(adopted, edu_department):
    """A level indicator in 亿元 reported by 教育局 (the drafter's department)."""
    return f.IndicatorFactory(
        plan=adopted,
        name="地区生产总值",
        unit="亿元",
        baseline_value=100,
        target_value=150,
        source_department=edu_department,
    )


@pytest.fixture
def energy(adopted, edu_department):
    """A binding 〔累计〕 reduction in %."""
    return f.IndicatorFactory(
        plan=adopted,
        name="单位地区生产总值能耗降低",
        unit="%",
        baseline_value=None,
        target_value=15,
        expression="cumulative",
        attribute="binding",
        source_department=edu_department,
    )


@pytest.fixture
def project(adopted, edu_department):
    return f.MajorProjectFactory(
        plan=adopted,
        name="城东学校新建工程",
        lead_unit="教育局",
        start_year=2021,
        end_year=2023,
        total_investment=10000,
        period_investment=10000,
    )


@pytest.fixture
def year2021(adopted, gdp, energy, project, coordinator):
    return actions.year_open(
        adopted, year=2021, due_date=datetime.date(2022, 3, 31), actor=coordinator
    )
