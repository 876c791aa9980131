"""The cached scorecard is never stale: every way the rules' cases change a plan
(creating, editing, deleting and linking items, categories, not-applicable notes,
plan settings, chapter text, the county's glossary) gives the same scorecard as
checking the plan from scratch."""

import pytest

from apps.checks.data import load_plan_data
from apps.checks.scorecard import _run, run_checks
from apps.plans.actions import node_text_save
from apps.plans.models import Plan
from apps.plans.stamp import content_stamp
from tests.checks.test_rules import CASES

pytestmark = pytest.mark.django_db


def _fresh(plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)  # as the next request loads it


def _assert_current(plan) -> None:
    cached = run_checks(_fresh(plan))
    assert cached.summary() == _run(load_plan_data(_fresh(plan))).summary()


@pytest.mark.parametrize(
    ("check_id", "phase"),
    [(check_id, phase) for check_id in sorted(CASES) for phase in ("fail", "pass")],
)
def test_a_change_is_seen_at_once(plan, check_id, phase):
    run_checks(_fresh(plan))  # cached before the change
    case = CASES[check_id]
    builds = [case.fail] if phase == "fail" else list(case.passes)
    for build in builds:
        build(plan)
        _assert_current(plan)
    failing = {r.check.id for r in run_checks(_fresh(plan)).results if not r.passed}
    assert (check_id in failing) == (phase == "fail")


def test_saving_chapter_text_is_seen_at_once(plan, coordinator, django_assert_num_queries):
    """The text checks read the chapters: a save changes the card at once, though
    content_stamp (what the overview's charts are cached under) stays the same; an
    unchanged plan is served from the cache in three queries."""
    run_checks(_fresh(plan))
    stamp = content_stamp(_fresh(plan))
    node = plan.outline.nodes.get(key="task_livelihood")
    assert node_text_save(
        node,
        body="<p>“十三五”期间新建中小学5所。</p>",
        loaded_version=node.version,
        user=coordinator,
    ).saved
    assert content_stamp(_fresh(plan)) == stamp
    card = run_checks(_fresh(plan))
    assert not next(r for r in card.results if r.check.id == "text-period-words").passed
    _assert_current(plan)
    fresh = _fresh(plan)
    with django_assert_num_queries(3):
        run_checks(fresh)


def _short_project(plan):
    from decimal import Decimal

    from tests import factories as f

    return f.MajorProjectFactory(
        plan=plan, name="物流园", total_investment=Decimal("10000"), funding_social=Decimal("5000")
    )


def _funding_failing(plan) -> bool:
    card = run_checks(_fresh(plan))
    return any(r.check.id == "projects-funding" and not r.passed for r in card.results)


def test_an_item_edited_in_place_is_seen_at_once(plan):
    """An edit changes neither the number of items nor their ids: the save's
    ``updated_at`` must move the stamp."""
    from decimal import Decimal

    project = _short_project(plan)
    assert _funding_failing(plan)
    project.funding_social = Decimal("8000")
    project.save()
    assert not _funding_failing(plan)


def test_an_item_claimed_by_a_conditional_update_is_seen_at_once(plan):
    """The app's save claims the version with an UPDATE that does not touch
    ``updated_at``: the version sum must move the stamp."""
    from decimal import Decimal

    from django.db.models import F

    project = _short_project(plan)
    assert _funding_failing(plan)
    type(project).objects.filter(pk=project.pk).update(
        funding_social=Decimal("8000"), version=F("version") + 1
    )
    assert not _funding_failing(plan)


def test_a_rewritten_not_applicable_reason_is_seen_at_once(plan, coordinator):
    from apps.checks.models import Exemption

    note = Exemption.objects.create(
        plan=plan, code="new-infra", reason="本县暂无", created_by=coordinator
    )
    stamp = content_stamp(_fresh(plan))
    Exemption.objects.filter(pk=note.pk).update(reason="另有专项规划")
    assert content_stamp(_fresh(plan)) != stamp


def test_the_overview_charts_follow_an_edit_at_once(client, plan, coordinator):
    """The charts on the overview are rendered once per content stamp."""
    from django.urls import reverse

    from tests import factories as f

    indicator = f.IndicatorFactory(plan=plan, name="地区生产总值")
    client.force_login(coordinator)
    overview = reverse("plan_overview", args=[plan.pk])
    assert "地区生产总值" in client.get(overview).content.decode()
    indicator.name = "全县生产总值"
    indicator.save()
    page = client.get(overview).content.decode()
    assert "全县生产总值" in page and "地区生产总值" not in page
