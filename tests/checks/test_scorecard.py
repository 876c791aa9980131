"""The scorecard as the planning office sees it: on the demo plan, on its own page,
on node pages, and with deliberate “not applicable” notes."""

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.checks.models import Exemption
from apps.checks.registry import Thinking, registry
from apps.checks.scorecard import run_checks
from apps.core.models import ActivityLog
from apps.delivery.models import KeyTask
from apps.demo.seed import seed_demo
from apps.targets.charts import indicator_charts
from apps.targets.models import Indicator
from tests import factories as f

pytestmark = pytest.mark.django_db

# One query per kind of plan content and one for the county's glossary, whatever the
# plan's size (apps/checks/data.py), plus the two of the content stamp and the one of
# the text stamp; once cached, only the stamps.
CHECK_QUERIES = 20 + 3
CACHED_CHECK_QUERIES = 3


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_running_every_check_costs_the_same_queries_at_any_scale(
    fast_hashing, django_assert_num_queries
):
    plan = seed_demo(scale=1)
    with django_assert_num_queries(CHECK_QUERIES):
        small = run_checks(plan)
    plan = seed_demo(scale=4)
    with django_assert_num_queries(CHECK_QUERIES):
        large = run_checks(plan)
    with django_assert_num_queries(CACHED_CHECK_QUERIES):
        again = run_checks(plan)
    assert again.summary() == large.summary()
    assert sum(len(r.findings) for r in large.results) > sum(len(r.findings) for r in small.results)


def test_the_demo_plan_passes_most_checks_but_not_all(fast_hashing):
    card = run_checks(seed_demo())
    assert card.total == len(registry.checks)
    assert card.total / 2 < card.passed < card.total
    # Every way of thinking of the paper is checked.
    assert {s.thinking for s in card.by_thinking} == set(Thinking)


def test_scorecard_page_lists_failing_checks_with_links(client, fast_hashing):
    plan = seed_demo()
    client.force_login(User.objects.get(username="planner"))
    card = run_checks(plan)
    page = client.get(reverse("scorecard", args=[plan.pk])).content.decode()
    assert f"{card.passed}/{card.total}" in page
    failing = [r for r in card.results if not r.passed]
    for result in failing:
        assert str(result.check.title) in page
        for finding in result.findings:
            assert finding.message in page
            assert f'href="{finding.url}"' in page
    # The national comparison shows the county's forest cover beside the nation's.
    assert "与国家纲要指标对照" in page and "森林覆盖率" in page and "24.1" in page


def test_a_node_page_shows_the_findings_about_that_node(client, plan, coordinator):
    measure = f.GovernanceMeasureFactory(plan=plan, public_participation=False)
    client.force_login(coordinator)
    governance = client.get(reverse("node_edit", args=[plan.outline.pk, measure.node_id]))
    assert "治理措施中还没有公众参与的安排" in governance.content.decode()
    other = plan.outline.nodes.get(key="environment")
    page = client.get(reverse("node_edit", args=[plan.outline.pk, other.pk])).content.decode()
    assert "治理措施中还没有公众参与的安排" not in page


def test_an_item_finding_appears_on_its_node_page(client, plan, coordinator):
    task = f.KeyTaskFactory(plan=plan, title="建设县域物流枢纽", lead_department=None)
    client.force_login(coordinator)
    page = client.get(reverse("node_edit", args=[plan.outline.pk, task.node_id])).content.decode()
    assert "重点任务“建设县域物流枢纽”没有牵头部门" in page
    assert reverse("part_edit", args=[plan.pk, "key-tasks", task.pk]) in page


def test_marking_an_area_not_applicable_silences_its_finding(client, plan, coordinator):
    client.force_login(coordinator)
    url = reverse("scorecard", args=[plan.pk])
    assert "“区域开放合作”领域还没有重点任务" in client.get(url).content.decode()
    response = client.post(
        reverse("exemption_add", args=[plan.pk]),
        {"code": f"area:{KeyTask.Area.OPENING}", "reason": "开放合作另编专项规划"},
        follow=True,
    )
    page = response.content.decode()
    assert "已记录不适用说明" in page
    assert "“区域开放合作”领域还没有重点任务" not in page
    assert "开放合作另编专项规划" in page
    exemption = Exemption.objects.get(plan=plan)
    assert ActivityLog.objects.filter(verb="exempt", target_id=exemption.pk).exists()

    client.post(reverse("exemption_remove", args=[plan.pk, exemption.pk]))
    assert "“区域开放合作”领域还没有重点任务" in client.get(url).content.decode()
    assert ActivityLog.objects.filter(verb="unexempt").exists()


def test_an_exemption_without_reason_is_refused_and_kept_on_the_page(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("exemption_add", args=[plan.pk]), {"code": "new_infra", "reason": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "请选择事项并写明不适用的理由" in page
    assert "这个字段是必填项" in page
    assert '<option value="new_infra" selected>' in page
    assert not Exemption.objects.exists()


def test_an_unknown_exemption_code_is_refused(client, plan, coordinator):
    client.force_login(coordinator)
    client.post(reverse("exemption_add", args=[plan.pk]), {"code": "anything", "reason": "x"})
    assert not Exemption.objects.exists()


def test_readers_see_the_scorecard_but_not_the_exemption_form(client, plan, leader):
    client.force_login(leader)
    page = client.get(reverse("scorecard", args=[plan.pk])).content.decode()
    assert "规划体检" in page
    assert reverse("exemption_add", args=[plan.pk]) not in page


def test_summary_records_what_an_export_keeps(plan):
    f.KeyTaskFactory(plan=plan, lead_department=None)
    summary = run_checks(plan).summary()
    assert summary["total"] == len(registry.checks)
    assert summary["passed"] + sum(summary["failing"].values()) == summary["total"]
    lead = next(x for x in summary["findings"] if x["check"] == "tasks-lead")
    assert lead["severity"] == "error" and lead["messages"]
    assert set(summary["thinking"]) == {t.value for t in Thinking}


def test_the_overview_shows_the_scorecard_and_the_charts(client, fast_hashing):
    plan = seed_demo()
    client.force_login(User.objects.get(username="planner"))
    card = run_checks(plan)
    charts = indicator_charts(plan, Indicator.objects.filter(plan=plan))
    page = client.get(reverse("plan_overview", args=[plan.pk])).content.decode()
    assert f"{card.passed}/{card.total} 项检查通过" in page
    # One drawing per indicator with something to draw, and the two investment charts.
    assert page.count("chart-svg") == len(charts) + 2
    assert "重大项目期内投资：按类别（亿元）" in page and "重大项目期内投资：按年度（亿元）" in page
    for node_key in ("annex_indicators", "annex_projects"):
        node = plan.outline.nodes.get(key=node_key)
        annex = client.get(reverse("node_edit", args=[plan.outline.pk, node.pk])).content.decode()
        assert '<svg xmlns="http://www.w3.org/2000/svg"' in annex


def test_a_finding_about_a_whole_list_appears_on_the_node_presenting_it(client, plan, coordinator):
    f.RiskFactory(plan=plan, domain="economic")
    client.force_login(coordinator)
    risks = plan.outline.nodes.get(key="risks")
    page = client.get(reverse("node_edit", args=[plan.outline.pk, risks.pk])).content.decode()
    assert "风险清单还没有信息风险" in page
    assert reverse("part_list", args=[plan.pk, "risks"]) in page
