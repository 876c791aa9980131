"""The import seam: rows from outside go through the part's own form and the same
write action as the form, and a dry run writes nothing."""

from decimal import Decimal

from apps.core.models import ActivityLog
from apps.plans.access import PlanAccess
from apps.plans.imports import items_import
from apps.plans.models import Revision
from apps.plans.parts import registry
from apps.plans.policy import principal_for
from apps.targets.models import Indicator
from tests import factories as f


def _access(plan, user):
    return PlanAccess(plan, principal_for(user, plan.county_id), plan.outline)


def _import(plan, user, rows, *, slug="indicators", dry_run=False):
    return items_import(
        registry.get(slug),
        plan.outline,
        list(enumerate(rows, start=2)),
        actor=user,
        access=_access(plan, user),
        dry_run=dry_run,
    )


GDP = {
    "category": "经济发展",
    "name": "地区生产总值",
    "unit": "亿元",
    "baseline_value": 300,
    "expression": "年均增长",
    "target_input": "6.5",
    "attribute": "预期性",
}


def test_a_dry_run_previews_every_row_and_writes_nothing(plan, coordinator):
    existing = f.IndicatorFactory(plan=plan, name="常住人口城镇化率", unit="%")
    other = f.IndicatorFactory(plan=plan, name="人均预期寿命", unit="岁")
    result = _import(
        plan,
        coordinator,
        [
            GDP,
            {"id": existing.pk, "name": "常住人口城镇化率", "baseline_value": "55.2"},
            {"id": other.pk},
            {**GDP, "name": "研发投入强度", "target_input": "12a"},
            {"id": existing.pk, "baseline_value": "56"},
        ],
        dry_run=True,
    )
    assert [r.action for r in result.rows] == ["add", "update", "unchanged", "error", "error"]
    assert [r.number for r in result.rows] == [2, 3, 4, 5, 6]
    update = result.rows[1]
    assert ("基期值", "100", "55.2") in update.changes
    label, message = result.rows[3].errors[0]
    assert label == "目标值" and "无法识别" in message
    # The same item twice in one sheet is ambiguous: the second row is refused.
    label, message = result.rows[4].errors[0]
    assert label == "编号" and "第3行" in message
    assert not result.written
    assert Indicator.objects.filter(plan=plan).count() == 2
    existing.refresh_from_db()
    assert existing.baseline_value == 100


def test_writing_goes_through_the_save_action_with_revision_and_log(plan, coordinator):
    existing = f.IndicatorFactory(plan=plan, name="常住人口城镇化率", unit="%")
    result = _import(
        plan,
        coordinator,
        [GDP, {"id": existing.pk, "baseline_value": "55.2"}],
    )
    assert result.written and result.count("add") == 1 and result.count("update") == 1
    gdp = Indicator.objects.get(plan=plan, name="地区生产总值")
    assert (gdp.expression, gdp.attribute, gdp.target_value) == ("annual", "expected", 6.5)
    assert gdp.category.name == "经济发展" and gdp.node.key == "period_targets"
    assert Revision.objects.of(gdp).count() == 1
    existing.refresh_from_db()
    assert existing.baseline_value == Decimal("55.2") and existing.version == 2
    assert ActivityLog.objects.filter(verb="import").count() == 2


def test_an_id_of_another_plan_is_an_error_never_an_update(plan, other_plan, coordinator):
    theirs = f.IndicatorFactory(plan=other_plan, name="邻县指标")
    result = _import(plan, coordinator, [{"id": theirs.pk, "name": "被改的名字"}])
    assert result.rows[0].action == "error"
    assert "不是本规划的内容" in result.rows[0].errors[0][1]
    theirs.refresh_from_db()
    assert theirs.name == "邻县指标"


def test_a_drafter_imports_only_where_the_form_lets_them(plan, drafter):
    other = f.DepartmentFactory(county=plan.county, name="农业农村局")
    node = plan.outline.nodes.get(key="risks")
    node.lead_department = other
    node.save()
    result = _import(
        plan,
        drafter,
        [{"domain": "经济", "title": "债务风险", "drill_frequency": "每年"}],
        slug="risks",
    )
    # The default chapter of risks is led by another department: refused, as the form does.
    assert result.rows[0].action == "error"
    assert "不由你所在部门负责" in result.rows[0].errors[0][1]
    assert not registry.get("risks").model.objects.filter(plan=plan).exists()
