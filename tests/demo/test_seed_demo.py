"""The demo the README promises: log in as the five users and find a complete plan."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from apps.accounts.catalogue import DEPARTMENT_CATALOGUE
from apps.accounts.models import County, Department, Membership, Role, User
from apps.delivery.forms import find_cycle
from apps.delivery.models import KeyTask, MajorProject, PolicyTool
from apps.delivery.parts import PROJECT_CATEGORY_NODES, TASK_AREA_NODES
from apps.demo.content import DEFAULT_PASSWORD
from apps.governance.models import GovernanceMeasure, PlanLinkage, ResearchTopic, Risk
from apps.plans.models import OutlineNode, Plan
from apps.positioning.models import (
    ComparativeAdvantage,
    DevelopmentPath,
    PositioningStatement,
    RegionalLink,
)
from apps.targets.backcast import indicator_path
from apps.targets.models import DEFAULT_CATEGORIES, Indicator, PeriodTarget, VisionItem

pytestmark = pytest.mark.django_db

DEMO_USERS = {
    "planner": ("示范县", "发展和改革局", Role.COORDINATOR),
    "edu": ("示范县", "教育局", Role.DRAFTER),
    "fin": ("示范县", "财政局", Role.REVIEWER),
    "leader": ("示范县", None, Role.LEADER),
    "neighbor": ("邻县", "发展和改革局", Role.COORDINATOR),
}
COUNTED_MODELS = (
    County,
    Department,
    User,
    Membership,
    Plan,
    OutlineNode,
    VisionItem,
    PeriodTarget,
    Indicator,
    KeyTask,
    MajorProject,
    PolicyTool,
    PositioningStatement,
    ComparativeAdvantage,
    DevelopmentPath,
    RegionalLink,
    Risk,
    PlanLinkage,
    ResearchTopic,
    GovernanceMeasure,
)


def _authenticate(**credentials):
    """As the login page does: with the request (brute-force protection needs it)."""
    return django_authenticate(RequestFactory().post("/accounts/login/"), **credentials)


@pytest.fixture(autouse=True)
def fast_hashing(settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def demo_plan() -> Plan:
    return Plan.objects.get(
        county__name="示范县", documents__template_key="fyp14", demo__isnull=False
    )


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


def test_it_creates_the_five_users_who_can_log_in():
    seed()
    for username, (county, department, role) in DEMO_USERS.items():
        user = _authenticate(username=username, password=DEFAULT_PASSWORD)
        assert user is not None, username
        assert user.display_name
        membership = Membership.objects.get(user=user)
        assert membership.county.name == county
        assert (membership.department.name if membership.department else None) == department
        assert membership.role == role


def test_it_creates_the_departments_of_both_counties():
    seed()
    shifan = County.objects.get(name="示范县")
    assert shifan.code == "330999"
    assert shifan.departments.count() == len(DEPARTMENT_CATALOGUE)
    neighbour = County.objects.get(name="邻县")
    assert 3 <= neighbour.departments.count() < len(DEPARTMENT_CATALOGUE)


def test_it_honours_demo_password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-secret-2021")
    out = seed()
    assert _authenticate(username="planner", password="another-secret-2021") is not None
    assert _authenticate(username="planner", password=DEFAULT_PASSWORD) is None
    assert "another-secret-2021" in out


def test_it_resets_passwords_on_every_run(monkeypatch):
    seed()
    monkeypatch.setenv("DEMO_PASSWORD", "changed-2022")
    seed()
    for username in DEMO_USERS:
        assert _authenticate(username=username, password="changed-2022") is not None


def test_it_prints_how_to_log_in():
    out = seed()
    assert "http://127.0.0.1:8000/" in out
    for username in DEMO_USERS:
        assert username in out
    assert "规划统筹" in out
    assert DEFAULT_PASSWORD in out


def test_it_writes_every_outline_node_except_the_annexes():
    seed()
    nodes = list(demo_plan().outline.nodes.all())
    assert {n.level for n in nodes} == set(OutlineNode.Level.values)
    for node in nodes:
        if node.level == OutlineNode.Level.ANNEX:
            assert node.body_length == 0, node.key
        else:
            assert 150 <= node.body_length <= 600, (node.key, node.body_length)
            assert node.body.startswith("<p>")


def test_it_fills_the_indicator_table():
    seed()
    plan = demo_plan()
    indicators = list(Indicator.objects.filter(plan=plan).select_related("category", "plan"))
    assert len(indicators) >= 20
    assert {i.category.name for i in indicators} == set(DEFAULT_CATEGORIES)
    assert any(
        i.expression == Indicator.Expression.CUMULATIVE and i.target_display().startswith("〔")
        for i in indicators
    )
    assert {"≥", ">", "<"} <= {i.target_operator for i in indicators}
    assert "与经济增长基本同步" in {i.target_text for i in indicators}
    binding = {i.name for i in indicators if i.attribute == Indicator.Attribute.BINDING}
    for word in ("能源消耗", "二氧化碳", "空气质量", "水体", "森林覆盖率", "耕地", "粮食"):
        assert any(word in name for name in binding), word
    assert any(i.baseline_flagged for i in indicators)
    assert all(i.has_target for i in indicators)


def test_exactly_one_indicator_is_off_its_path_to_2035():
    seed()
    plan = demo_plan()
    paths = {
        i.name: indicator_path(i, plan)
        for i in Indicator.objects.filter(plan=plan, vision_value__isnull=False)
    }
    assert len([r for r in paths.values() if r.computable]) >= 5
    off = [name for name, r in paths.items() if r.off_path]
    assert off == ["每万人口高价值发明专利拥有量"]
    assert 15 <= paths[off[0]].deviation_pct <= 25


def test_the_backcast_shows_its_gaps():
    seed()
    plan = demo_plan()
    visions = VisionItem.objects.filter(plan=plan)
    assert 8 <= visions.count() <= 10
    assert visions.filter(period_targets__isnull=True).count() == 1
    for vision in visions.exclude(period_targets__isnull=True):
        assert 2 <= vision.period_targets.count() <= 3
    assert PeriodTarget.objects.filter(plan=plan, indicators__isnull=True).count() == 1
    assert 1 <= Indicator.objects.filter(plan=plan, target__isnull=True).count() <= 2


def test_it_creates_thirty_linked_key_tasks():
    seed()
    plan = demo_plan()
    tasks = list(
        KeyTask.objects.filter(plan=plan)
        .select_related("node")
        .prefetch_related("cooperating_departments", "indicators", "depends_on", "advantages")
    )
    assert len(tasks) == 30
    assert {t.area for t in tasks} == set(KeyTask.Area.values)
    assert {t.horizon for t in tasks} == set(KeyTask.Horizon.values)
    for task in tasks:
        cooperating = list(task.cooperating_departments.all())
        assert task.lead_department is not None
        assert 1 <= len(cooperating) <= 3
        assert task.lead_department not in cooperating
        assert 1 <= len(task.indicators.all()) <= 3
        assert task.node.key == TASK_AREA_NODES[task.area]
    edges = {t.pk: {d.pk for d in t.depends_on.all()} for t in tasks}
    assert sum(len(e) for e in edges.values()) >= 5
    assert all(find_cycle(edges, pk) is None for pk in edges)
    assert sum(1 for t in tasks if t.advantages.all()) >= 5


def test_it_creates_sixty_major_projects():
    seed()
    projects = list(MajorProject.objects.filter(plan=demo_plan()).select_related("node"))
    assert len(projects) == 60
    assert {p.significance for p in projects} == set(MajorProject.Significance.values)
    new_infra = {
        p.new_infra_kind for p in projects if p.category == MajorProject.Category.NEW_INFRA
    }
    assert len(new_infra) >= 3 and "" not in new_infra
    assert all(p.new_infra_kind == "" for p in projects if p.category != "new_infra")
    assert len({p.category for p in projects}) >= 6
    for project in projects:
        assert project.total_investment >= project.period_investment > 0
        assert project.funding_total <= project.total_investment
        assert project.start_year <= project.end_year
        assert project.start_year <= 2025 and project.end_year >= 2021
        assert project.node.key == PROJECT_CATEGORY_NODES[project.category]
    fully_funded = [p for p in projects if p.funding_total == p.total_investment]
    assert len(fully_funded) > len(projects) * 0.8


def test_it_creates_advantages_positioning_and_regional_links():
    seed()
    plan = demo_plan()
    advantages = list(ComparativeAdvantage.objects.filter(plan=plan))
    assert {a.kind for a in advantages} == set(ComparativeAdvantage.Kind.values)
    assert len({a.factor for a in advantages}) >= 5
    assert any(
        a.is_sticky and a.utilisation == ComparativeAdvantage.Utilisation.ON_SITE
        for a in advantages
    )
    assert any(a.tier_basis and a.partner_region_list for a in advantages)
    statements = PositioningStatement.objects.filter(plan=plan)
    assert set(statements.values_list("kind", flat=True)) == set(PositioningStatement.Kind.values)
    specialised = statements.filter(kind=PositioningStatement.Kind.SPECIALISED)
    assert all(s.economic_function for s in specialised)
    assert DevelopmentPath.objects.filter(plan=plan).count() == 2
    assert 4 <= RegionalLink.objects.filter(plan=plan).count() <= 6


def test_it_creates_risks_policies_linkages_research_and_governance():
    seed()
    plan = demo_plan()
    risks = Risk.objects.filter(plan=plan)
    assert len(set(risks.values_list("domain", flat=True))) >= 5
    assert all(r.warning_indicator and r.emergency_plan for r in risks)
    tools = PolicyTool.objects.filter(plan=plan).prefetch_related("tasks")
    assert 6 <= len(tools) <= 8
    assert all(t.tasks.all() for t in tools)
    linkages = PlanLinkage.objects.filter(plan=plan)
    assert {"national", "provincial", "municipal"} <= set(linkages.values_list("level", flat=True))
    assert {"development", "territorial", "special"} <= set(linkages.values_list("kind", flat=True))
    assert linkages.filter(direction=PlanLinkage.Direction.LOWER).exists()
    assert 4 <= ResearchTopic.objects.filter(plan=plan).count() <= 6
    measures = GovernanceMeasure.objects.filter(plan=plan)
    assert set(measures.values_list("group", flat=True)) == set(GovernanceMeasure.Group.values)
    assert measures.filter(public_participation=True).exists()


def test_the_neighbour_gets_a_fifteenth_plan_of_their_own():
    seed()
    plan = Plan.objects.get(county__name="邻县")
    assert (plan.outline.template_key, plan.base_year, plan.target_year) == ("fyp15", 2025, 2030)
    assert not plan.outline.nodes.filter(level=OutlineNode.Level.PART).exists()
    assert plan.outline.nodes.filter(body_length__gt=0).count() >= 2
    neighbour = User.objects.get(username="neighbor")
    assert list(Plan.objects.for_user(neighbour)) == [plan]


def test_running_twice_changes_nothing():
    seed()
    before = counts()
    plan = demo_plan()
    node = plan.outline.nodes.get(key="achievements")
    node.set_body("<p>起草人改过的文字。</p>")
    node.save()

    out = seed()

    assert counts() == before
    assert demo_plan().pk == plan.pk
    assert plan.outline.nodes.get(key="achievements").body == "<p>起草人改过的文字。</p>"
    assert "已存在" in out


def test_reset_rebuilds_the_demo_plans():
    seed()
    before = counts()
    old = demo_plan()
    old_neighbour = Plan.objects.get(county__name="邻县")

    seed("--reset")

    assert counts() == before
    assert demo_plan().pk != old.pk
    assert Plan.objects.get(county__name="邻县").pk != old_neighbour.pk


def test_scale_multiplies_the_structured_content():
    seed()
    plan = demo_plan()
    single = {m: m.objects.filter(plan=plan).count() for m in (KeyTask, MajorProject, Indicator)}
    nodes = plan.outline.nodes.count()

    seed("--scale", "2")

    plan = demo_plan()
    for model, n in single.items():
        assert model.objects.filter(plan=plan).count() == 2 * n, model.__name__
    assert plan.outline.nodes.count() == nodes
    names = list(MajorProject.objects.filter(plan=plan).values_list("name", flat=True))
    assert len(set(names)) == len(names)
    assert any(name.endswith("（二）") for name in names)
    # Copies link within their own copy, so every task still has its full set of links.
    for task in KeyTask.objects.filter(plan=plan, title__endswith="（二）"):
        assert all(i.name.endswith("（二）") for i in task.indicators.all())


def test_a_plan_users_made_for_a_demo_county_survives_reseeding():
    from apps.plans.actions import plan_create

    seed()
    planner = User.objects.get(username="planner")
    own = plan_create(
        county=planner.memberships.get().county,
        created_by=planner,
        template_key="fyp14",
        base_year=2020,
        vision_year=2035,
    )
    seed("--scale", "2")
    seed("--reset")
    assert Plan.objects.filter(pk=own.pk).exists()
    assert Plan.objects.filter(county__name="示范县").count() == 2


def test_a_seeded_plan_can_be_deleted_whole():
    seed()
    plan = demo_plan()
    plan.delete()
    assert not Indicator.objects.filter(plan_id=plan.pk).exists()
    assert not PeriodTarget.objects.filter(plan_id=plan.pk).exists()


def test_scale_must_be_positive():
    with pytest.raises(CommandError):
        call_command("seed_demo", "--scale", "0", stdout=StringIO())
