from apps.positioning.forms import (
    ComparativeAdvantageForm,
    DevelopmentPathForm,
    PositioningStatementForm,
)
from tests import factories as f


def test_a_specialised_function_needs_its_kind(plan):
    form = PositioningStatementForm({"kind": "specialised", "title": "枢纽"}, plan=plan)
    assert "economic_function" in form.errors
    form = PositioningStatementForm(
        {"kind": "mission", "title": "x", "economic_function": "hub"}, plan=plan
    )
    assert "economic_function" in form.errors
    form = PositioningStatementForm(
        {"kind": "specialised", "title": "区域物流枢纽", "economic_function": "hub"}, plan=plan
    )
    assert form.is_valid(), form.errors


def test_a_tier_linkage_names_its_partners(plan):
    data = {
        "name": "劳动力",
        "kind": "traditional",
        "factor": "labour",
        "trend": "weakening",
        "tier_basis": "city_size",
        "partner_regions": "",
    }
    form = ComparativeAdvantageForm(data, plan=plan)
    assert "请填写联动地区" in form.errors["partner_regions"][0]
    form = ComparativeAdvantageForm({**data, "partner_regions": "省会、邻市"}, plan=plan)
    assert form.is_valid(), form.errors
    assert form.save(commit=False).partner_region_list == ["省会", "邻市"]


def test_each_path_is_chosen_once(plan):
    f.DevelopmentPathFactory(plan=plan, path="farming")
    form = DevelopmentPathForm({"path": "farming", "focus": "x", "rationale": "y"}, plan=plan)
    assert "已经选择了这条路子" in form.errors["path"][0]
