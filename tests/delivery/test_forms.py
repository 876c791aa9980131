"""Bad input on the task and project forms is refused beside the field."""

import pytest
from django.urls import reverse

from apps.delivery.forms import KeyTaskForm, MajorProjectForm, find_cycle
from apps.delivery.models import MajorProject
from tests import factories as f


def _project(**overrides):
    data = {
        "name": "城东污水处理厂",
        "significance": "practical",
        "category": "ecology",
        "new_infra_kind": "",
        "nature": "new",
        "level": "county",
        "location": "城关镇",
        "content_scale": "日处理污水4万吨",
        "start_year": "2022",
        "end_year": "2024",
        "total_investment": "30000",
        "period_investment": "30000",
        "funding_government": "10000",
        "funding_special_bonds": "20000",
        "funding_social": "0",
        "funding_loans": "0",
        "funding_other": "0",
        "lead_unit": "县住建局",
        "cooperating_units": "",
        "key_task": "",
        "node": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_year": "2021"}, "end_year", "完工年份不能早于开工年份"),
        ({"period_investment": "40000"}, "period_investment", "不能超过总投资"),
        ({"funding_social": "5000"}, "funding_government", "超过了总投资"),
        ({"category": "new_infra"}, "new_infra_kind", "请选择新基建类型"),
        ({"new_infra_kind": "5g"}, "new_infra_kind", "只有“新型基础设施”类项目"),
        ({"total_investment": "三万"}, "total_investment", "数字"),
        ({"start_year": "20二2"}, "start_year", "整数"),
        ({"total_investment": "-1"}, "total_investment", "0"),
    ],
)
def test_bad_project_input_is_explained(plan, overrides, field, message):
    form = MajorProjectForm(_project(**overrides), plan=plan)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field]), form.errors


def test_a_valid_new_infrastructure_project(plan):
    form = MajorProjectForm(_project(category="new_infra", new_infra_kind="data_center"), plan=plan)
    assert form.is_valid(), form.errors


def test_the_project_page_keeps_typed_values(client, plan, drafter):
    client.force_login(drafter)
    response = client.post(
        reverse("part_create", args=[plan.pk, "major-projects"]),
        _project(end_year="2020", name="跨年项目"),
    )
    page = response.content.decode()
    assert 'value="跨年项目"' in page and 'value="2020"' in page
    assert "完工年份不能早于开工年份" in page
    assert not MajorProject.objects.exists()


def test_find_cycle_reports_the_loop():
    assert find_cycle({1: {2}, 2: {3}, 3: {1}}, 1) == [1, 2, 3, 1]
    assert find_cycle({1: {2}, 2: {3}}, 1) is None


def test_a_dependency_loop_is_refused_with_its_path(plan):
    a = f.KeyTaskFactory(plan=plan, title="建设产业园")
    b = f.KeyTaskFactory(plan=plan, title="引进龙头企业")
    b.depends_on.add(a)
    form = KeyTaskForm(
        {
            "area": "industry",
            "title": a.title,
            "horizon": "within_period",
            "depends_on": [b.pk],
            "node": a.node_id,
            "loaded_version": 1,
        },
        instance=a,
        plan=plan,
    )
    assert not form.is_valid()
    assert "建设产业园 → 引进龙头企业 → 建设产业园" in form.errors["depends_on"][0]


def test_a_task_cannot_depend_on_itself(plan):
    a = f.KeyTaskFactory(plan=plan)
    form = KeyTaskForm(
        {
            "area": "industry",
            "title": a.title,
            "horizon": "within_period",
            "depends_on": [a.pk],
            "node": a.node_id,
        },
        instance=a,
        plan=plan,
    )
    assert not form.is_valid()
    assert "depends_on" in form.errors


def test_the_lead_is_not_also_a_cooperator(plan, department):
    form = KeyTaskForm(
        {
            "area": "industry",
            "title": "任务",
            "horizon": "within_period",
            "lead_department": department.pk,
            "cooperating_departments": [department.pk],
        },
        plan=plan,
    )
    assert not form.is_valid()
    assert "牵头部门不需要再列为配合部门" in form.errors["cooperating_departments"][0]
