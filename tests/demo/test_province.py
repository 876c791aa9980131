"""``seed_demo --province``: what someone logging in to the demo province finds."""

from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Sum
from django.test import RequestFactory, override_settings
from django.urls import reverse

from apps.accounts.models import County, Department, Membership, Role, User
from apps.checks.scorecard import run_checks
from apps.delivery.models import MajorProject
from apps.demo.content import DEFAULT_PASSWORD
from apps.demo.province import FARMLAND_ALIAS
from apps.linkage.models import IndicatorAllocation, Linkage, LinkedProject
from apps.notifications.models import Notification
from apps.plans.models import Document, OutlineNode, Plan
from apps.targets.models import Indicator

pytestmark = pytest.mark.django_db

PERSONAS = {
    "city": ("示范市", "发展和改革委员会", Role.LINKAGE),
    "province": ("示范省", "发展和改革委员会", Role.LINKAGE),
    "othercity": ("青屿市", "发展和改革委员会", Role.LINKAGE),
    "cityplanner": ("示范市", "发展和改革委员会", Role.COORDINATOR),
}
COUNTED = (County, Department, User, Membership, Plan, OutlineNode, Indicator, MajorProject)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--province", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def province(django_db_setup, django_db_blocker):
    """One seed for the module (it takes seconds), in a transaction rolled back
    at the end; each test runs in a savepoint inside it as usual."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.delenv("DEMO_PASSWORD", raising=False)
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                yield seed()
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)


def project_key(name: str, county_name: str) -> str:
    """The project without its county's name and the words a city adds or drops
    (apps/linkage/matching.py does this properly; enough here to count matches)."""
    key = name.replace(county_name, "")
    for word in ("（一期）", "工程", "项目", "建设"):
        key = key.replace(word, "")
    return key


def counts() -> dict[str, int]:
    return {
        **{model.__name__: model.objects.count() for model in COUNTED},
        "IndicatorAllocation": IndicatorAllocation.objects.count(),
        "Linkage": Linkage.objects.count(),
    }


def city_plan(name: str) -> Plan:
    return Plan.objects.get(county__name=name)


def test_the_province_its_cities_their_counties_and_their_plans(province):
    out = province

    province = County.objects.get(level=County.Level.PROVINCE)
    assert (province.name, province.code) == ("示范省", "339900")
    cities = list(County.objects.filter(parent=province).order_by("code"))
    assert [c.name for c in cities] == ["示范市", "青屿市", "云泽市"]
    assert {c.level for c in cities} == {County.Level.PREFECTURE_CITY}
    below = County.objects.filter(parent__in=cities)
    assert below.count() == 100
    # 示范县 and 邻县 keep their codes and now belong to 示范市.
    assert set(
        County.objects.filter(code__in=["330999", "330998"]).values_list("parent__name", flat=True)
    ) == {"示范市"}
    assert len({c.name for c in below}) == 100
    assert set(below.values_list("level", flat=True)) == {
        County.Level.COUNTY,
        County.Level.COUNTY_CITY,
        County.Level.DISTRICT,
    }
    assert set(below.values_list("function_zone", flat=True)) == set(County.FunctionZone.values)

    for city in cities:
        counties = city.children.all()
        assert 30 <= counties.count() <= 36, city.name
        # Every county has its plan (邻县 its 十五五, the others a 十四五), the city its own.
        plans = Plan.objects.filter(county__parent=city)
        assert plans.count() == counties.count(), city.name
        assert plans.filter(target_year=2025).count() >= counties.count() - 1
        own = city_plan(city.name)
        assert own.outline.title.startswith(city.name)
        assert Department.objects.get(county=city, catalogue_code="drc").name == "发展和改革委员会"
        projects = MajorProject.objects.filter(plan=own)
        assert 25 <= projects.count() <= 35
        # Some of the city's projects are its counties' own, under the county's name.
        county_keys = {
            project_key(name, county)
            for name, county in MajorProject.objects.filter(plan__county__parent=city).values_list(
                "name", "plan__county__name"
            )
        }
        listed = [p for p in projects if project_key(p.name, p.location) in county_keys]
        assert len(listed) >= 5, city.name
        additive = Indicator.objects.filter(plan=own, additive=True)
        assert additive.count() == 3
        assert additive.filter(attribute="binding").count() == 2

    # The counties differ from each other, not only in their names.
    gdp = Indicator.objects.filter(
        name="地区生产总值", plan__county__parent__in=cities, plan__county__code__startswith="339"
    )
    assert gdp.values("baseline_value").distinct().count() > 80
    sizes = Counter(
        MajorProject.objects.filter(plan__county__code__startswith="339")
        .values("plan")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    assert len(sizes) > 10
    named = MajorProject.objects.filter(plan__county__code="339108").values_list("name", flat=True)
    county = County.objects.get(code="339108").name
    assert all(county[:-1] in name for name in named)
    # Text in the county's words: its name, not 示范县's.
    text = city_plan(county).outline.nodes.get(key="preface").body
    assert county in text and "示范县" not in text
    assert "示范省" in out and "city" in out


def test_the_personas_log_in_where_the_readme_says():
    for username, (division, department, role) in PERSONAS.items():
        user = django_authenticate(
            RequestFactory().post("/accounts/login/"), username=username, password=DEFAULT_PASSWORD
        )
        assert user is not None, username
        (membership,) = Membership.objects.filter(user=user)
        assert membership.county.name == division, username
        assert membership.department.name == department, username
        assert membership.role == role, username


def test_city_allocations_add_up_except_in_one_city():
    for name, adds_up in (("示范市", True), ("青屿市", False), ("云泽市", True)):
        plan = city_plan(name)
        additive = Indicator.objects.filter(plan=plan, additive=True)
        assert {i.name for i in additive} == {"耕地保有量", "粮食综合生产能力", "城镇新增就业人数"}
        counties = County.objects.filter(parent=plan.county)
        for indicator in additive:
            allocations = IndicatorAllocation.objects.filter(indicator=indicator)
            # Every county below the city has its share, and only those.
            assert set(allocations.values_list("county_id", flat=True)) == set(
                counties.values_list("id", flat=True)
            )
            total = allocations.aggregate(total=Sum("value"))["total"]
            if adds_up or indicator.name == "城镇新增就业人数":
                assert total == indicator.target_value, (name, indicator.name)
            else:
                assert total != indicator.target_value, (name, indicator.name)


def test_county_indicators_serve_the_city_and_a_few_fall_short():
    city = city_plan("示范市")
    binding = {i.name: i for i in Indicator.objects.filter(plan=city, attribute="binding")}
    counties = Indicator.objects.filter(plan__county__parent=city.county).exclude(
        plan__county__code__in=["330999", "330998"]
    )
    linked = counties.filter(higher_indicator__plan=city)
    assert linked.count() > counties.count() * 0.6
    assert all(i.higher_indicator.name == i.name for i in linked.exclude(name=FARMLAND_ALIAS))
    # A county that names 耕地保有量 its own way is linked through higher_indicator.
    alias = counties.get(name=FARMLAND_ALIAS)
    assert alias.higher_indicator == binding["耕地保有量"]
    # One county sets a weaker 能耗 target than the city's, one a 耕地 target under
    # its allocation.
    energy = counties.filter(name="单位地区生产总值能源消耗降低")
    assert energy.filter(target_value__lt=binding["单位地区生产总值能源消耗降低"].target_value)
    allocations = {
        a.county_id: a.value
        for a in IndicatorAllocation.objects.filter(indicator=binding["耕地保有量"])
    }
    below = [
        i
        for i in counties.filter(name="耕地保有量")
        if i.target_value < allocations[i.plan.county_id]
    ]
    assert len(below) == 1
    # Elsewhere a county lacks a binding indicator of its city's.
    grain = Indicator.objects.filter(name="粮食综合生产能力", plan__county__parent__name="青屿市")
    assert grain.count() == County.objects.filter(parent__name="青屿市").count() - 1
    # Some county projects say they are in the city's library without being on its list.
    claimed = MajorProject.objects.filter(
        plan__county__parent=city.county, higher_library=MajorProject.HigherLibrary.MUNICIPAL
    )
    city_keys = {project_key(p.name, p.location) for p in MajorProject.objects.filter(plan=city)}
    unlisted = [p for p in claimed if project_key(p.name, p.plan.county.name) not in city_keys]
    assert 1 <= len(unlisted) < claimed.count()


def test_two_thirds_of_the_counties_have_opened_a_linkage_round():
    rounds = Linkage.objects.filter(status=Linkage.Status.OPEN).select_related(
        "document__plan__county", "city"
    )
    generated = Plan.objects.filter(county__code__regex=r"^339[123]\d\d$").exclude(
        county__level=County.Level.PREFECTURE_CITY
    )
    assert 0.6 * generated.count() <= rounds.count() <= 0.72 * generated.count()
    assert all(r.city == r.document.plan.county.parent for r in rounds)
    assert not Linkage.objects.filter(document__plan__county__code="330999").exists()
    # One county is on its second round, the first one closed.
    assert list(
        Linkage.objects.filter(document__plan__county__code="339101").values_list(
            "number", "status"
        )
    ) == [(2, "open"), (1, "closed")]
    # A round hands over a frozen version of the outline, its indicators and projects,
    # and the city's list names some of the projects, so matching finds them.
    linkage = rounds.first()
    assert linkage.version.document_id == linkage.document_id
    assert linkage.indicators.count() >= 30
    assert linkage.projects.exists()
    suggested = LinkedProject.objects.filter(linkage__in=rounds, match="suggested")
    assert suggested.values("linkage__city").distinct().count() == 3
    # The city's 衔接审核 were told, in the app only.
    city = User.objects.get(username="city")
    notes = Notification.objects.filter(recipient=city)
    told = Linkage.objects.filter(city__name="示范市")
    # One message for each round opened, one for the round closed.
    assert notes.count() == told.count() + told.filter(status="closed").count()
    assert not notes.filter(emailed_at=None).exists()
    assert Document.objects.filter(stage="research").exists()


def test_the_city_pages_flag_what_the_counties_fall_short_of(client):
    shifan_city = County.objects.get(name="示范市")
    url = reverse("division_indicators", args=[shifan_city.pk])
    client.force_login(User.objects.get(username="city"))
    page = client.get(url).content.decode()
    weaker = Indicator.objects.get(
        plan__county__parent=shifan_city,
        name="单位地区生产总值能源消耗降低",
        target_value__lt=Decimal("14"),
    )
    assert weaker.plan.county.name in page
    assert "弱于市级目标" in page
    # Two of its counties list the same project; nothing else is taken for a duplicate.
    projects = client.get(reverse("division_projects", args=[shifan_city.pk])).content.decode()
    duplicates = projects[projects.index("多个县申报的同一项目") : projects.index("标注已入上级")]
    assert duplicates.count("示范市东部城际快速通道") == 2
    # Another city's 衔接审核 sees none of it; the province's sees every city.
    client.force_login(User.objects.get(username="othercity"))
    assert client.get(url).status_code in (403, 404)
    client.force_login(User.objects.get(username="province"))
    other = County.objects.get(name="青屿市")
    page = client.get(reverse("division_indicators", args=[other.pk])).content.decode()
    assert "各县分解值合计" in page


def test_shifan_county_meets_its_city_so_its_self_check_reads_as_before():
    plan = Plan.objects.get(county__code="330999", demo__isnull=False)
    failing = {r.check.id for r in run_checks(plan).results if not r.passed}
    assert not failing & {"city-binding-indicators", "city-allocation", "city-project-library"}
    # A county that falls short is told by the same checks.
    flawed = Plan.objects.get(county__code="339108")
    assert "city-allocation" in {r.check.id for r in run_checks(flawed).results if not r.passed}


def test_running_twice_changes_nothing():
    before = counts()
    plan = city_plan("示范市")

    out = seed()

    assert counts() == before
    assert city_plan("示范市").pk == plan.pk
    assert "已存在" in out
