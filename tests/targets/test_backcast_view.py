from decimal import Decimal

from django.urls import reverse

from tests import factories as f


def test_it_shows_the_chain_with_its_gaps(client, plan, drafter):
    lonely_vision = f.VisionItemFactory(plan=plan, title="文化软实力显著增强")
    target = f.PeriodTargetFactory(plan=plan, title="经济总量再上新台阶")
    empty_target = f.PeriodTargetFactory(
        plan=plan, vision_item=target.vision_item, title="创新能力明显提升"
    )
    f.IndicatorFactory(
        plan=plan,
        target=target,
        name="地区生产总值",
        baseline_value=Decimal("200"),
        vision_value=Decimal("500"),
        target_value=Decimal("400"),
    )
    f.IndicatorFactory(plan=plan, target=None, name="孤立的指标")
    client.force_login(drafter)
    response = client.get(reverse("backcast", args=[plan.pk]))
    page = response.content.decode()
    gaps = response.context["gaps"]
    assert gaps == {"visions": 1, "targets": 1, "loose": 1, "off_path": 1}
    assert lonely_vision.title in page
    assert "这条远景还没有分解为阶段目标" in page
    assert empty_target.title in page
    assert "这个阶段目标还没有可衡量的指标" in page
    assert "271.44" in page and "偏离 47.4%" in page
    assert "未挂接阶段目标的指标" in page and "孤立的指标" in page


def test_a_target_is_added_under_its_vision(client, plan, drafter):
    vision = f.VisionItemFactory(plan=plan)
    client.force_login(drafter)
    back = reverse("backcast", args=[plan.pk])
    url = reverse("part_create", args=[plan.pk, "period-targets"])
    form_page = client.get(url, {"vision_item": vision.pk, "next": back})
    assert form_page.context["form"].initial["vision_item"] == str(vision.pk)
    response = client.post(url, {"vision_item": vision.pk, "title": "新目标", "next": back})
    assert response["Location"] == back
    assert vision.period_targets.get().title == "新目标"


def test_the_tolerance_is_set_by_the_coordinator(client, plan, coordinator, drafter):
    f.IndicatorFactory(
        plan=plan,
        baseline_value=Decimal("200"),
        vision_value=Decimal("500"),
        target_value=Decimal("310"),
    )  # 14.2% above the path
    client.force_login(coordinator)
    client.post(
        reverse("plan_settings", args=[plan.pk]),
        {
            "title": plan.outline.title,
            "issuing_body": "",
            "backcast_tolerance": "15",
            "fiscal_capacity": "",
        },
    )
    plan.refresh_from_db()
    assert plan.backcast_tolerance == Decimal("15")
    client.force_login(drafter)
    assert client.get(reverse("backcast", args=[plan.pk])).context["gaps"]["off_path"] == 0


def test_a_bad_tolerance_is_refused_beside_the_field(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("plan_settings", args=[plan.pk]),
        {"title": plan.outline.title, "backcast_tolerance": "十", "fiscal_capacity": "-5"},
    )
    errors = response.context["form"].errors
    assert "backcast_tolerance" in errors and "fiscal_capacity" in errors
    assert 'value="十"' in response.content.decode()
