"""规划调整: moving an adopted outline into 调整稿 freezes it, and a page sets the
adopted targets beside the adjusted ones."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.plans.models import Document
from apps.review import actions
from apps.review.models import DocumentVersion
from apps.targets.models import Indicator
from tests import factories as f

Stage = Document.Stage


@pytest.fixture
def indicators(plan):
    return {
        "gdp": f.IndicatorFactory(plan=plan, name="地区生产总值"),
        "jobs": f.IndicatorFactory(plan=plan, name="城镇新增就业", unit="万人"),
        "forest": f.IndicatorFactory(plan=plan, name="森林覆盖率", unit="%"),
    }


@pytest.fixture
def adopted(plan, coordinator, indicators):
    """The outline moved to 审议通过 the way the coordinator does it."""
    outline = plan.outline
    outline.stage = Stage.SUBMISSION
    outline.save()
    actions.document_stage_move(
        outline, actor=coordinator, stage=Stage.ADOPTED, name="“十四五”规划纲要（审议通过）"
    )
    return outline


def _adjust(outline, coordinator, indicators):
    actions.document_stage_move(
        outline, actor=coordinator, stage=Stage.ADJUSTMENT, name="“十四五”规划纲要调整稿"
    )
    gdp = indicators["gdp"]
    gdp.target_value = Decimal("130")
    gdp.attribute = Indicator.Attribute.BINDING
    gdp.save()
    indicators["jobs"].delete()
    f.IndicatorFactory(plan=outline.plan, name="数字经济核心产业增加值占比", unit="%")


def test_moving_into_adjustment_freezes_a_version_and_keeps_the_plan_adopted(
    client, adopted, coordinator
):
    client.force_login(coordinator)
    form = client.get(reverse("stage_move", args=[adopted.pk])).content.decode()
    assert 'value="adjustment"' in form
    client.post(
        reverse("stage_move", args=[adopted.pk]),
        {"stage": "adjustment", "name": "“十四五”规划纲要调整稿"},
    )
    adopted.refresh_from_db()
    assert adopted.stage == Stage.ADJUSTMENT
    assert adopted.is_adopted and not adopted.is_final
    assert DocumentVersion.objects.filter(document=adopted, stage=Stage.ADJUSTMENT).exists()


def test_the_comparison_marks_changed_added_and_removed_indicators(
    client, adopted, coordinator, leader, indicators
):
    _adjust(adopted, coordinator, indicators)
    client.force_login(leader)
    response = client.get(reverse("adjustment_compare", args=[adopted.pk]))
    assert response.status_code == 200
    indicator_part = response.context["compared"][0]
    rows = {row.cells[1][0] or row.cells[1][1]: row for row in indicator_part.rows}
    gdp = rows["地区生产总值（亿元）"]
    assert gdp.status == "changed"
    columns = indicator_part.columns
    changed_columns = [c for c, cell in zip(columns, gdp.cells, strict=True) if cell[2]]
    assert "目标年" in changed_columns and "属性" in changed_columns
    assert "基期值" not in changed_columns
    assert gdp.cells[3][:2] == ("140", "130")
    assert gdp.cells[5][:2] == ("预期性", "约束性")
    assert rows["森林覆盖率（%）"].status == "same"
    assert rows["城镇新增就业（万人）"].status == "removed"
    assert rows["数字经济核心产业增加值占比（%）"].status == "added"
    assert indicator_part.counts == {"changed": 1, "added": 1, "removed": 1}
    # Projects list only what changed: none here.
    projects = response.context["compared"][1]
    assert projects.rows == [] and projects.unchanged_hidden == 0
    page = response.content.decode()
    assert "“十四五”规划纲要（审议通过）" in page
    assert 'data-status="changed"' in page and "table-warning" in page


def test_without_an_adopted_version_the_page_says_so(client, plan, leader):
    client.force_login(leader)
    page = client.get(reverse("adjustment_compare", args=[plan.outline.pk])).content.decode()
    assert "还没有审议通过时冻结的版本" in page


def test_a_report_has_no_adjustment(client, adopted, coordinator):
    from apps.plans.actions import report_create

    report = report_create(adopted.plan, kind="midterm", created_by=coordinator)
    client.force_login(coordinator)
    assert client.get(reverse("adjustment_compare", args=[report.pk])).status_code == 404


def test_another_countys_outline_is_not_found(client, adopted, outsider):
    client.force_login(outsider)
    assert client.get(reverse("adjustment_compare", args=[adopted.pk])).status_code == 404


def test_it_wants_get(client, adopted, leader):
    client.force_login(leader)
    assert client.post(reverse("adjustment_compare", args=[adopted.pk])).status_code == 405


def test_its_query_count_does_not_grow_with_the_plan(
    client, adopted, coordinator, leader, indicators
):
    _adjust(adopted, coordinator, indicators)
    client.force_login(leader)
    url = reverse("adjustment_compare", args=[adopted.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(20):
        f.IndicatorFactory(plan=adopted.plan, name=f"新增指标{n}")
        f.MajorProjectFactory(plan=adopted.plan)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
