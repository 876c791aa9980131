from apps.governance.forms import PlanLinkageForm


def test_a_national_plan_is_always_an_upper_plan(plan):
    data = {
        "linked_plan": "国家纲要",
        "level": "national",
        "kind": "development",
        "direction": "lower",
    }
    form = PlanLinkageForm(data, plan=plan)
    assert "上位规划" in form.errors["direction"][0]
    form = PlanLinkageForm({**data, "level": "township", "direction": "upper"}, plan=plan)
    assert "乡镇级规划不能是本规划的上位规划" in form.errors["direction"][0]
