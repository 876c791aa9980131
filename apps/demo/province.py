"""``seed_demo --province``: a demo province around 示范县, for the 衔接 pages.

示范省 (339900) has three prefecture-level cities — 示范市 (339100), 青屿市
(339200) and 云泽市 (339300) — and a hundred counties, county-level cities and
districts below them; 示范县 (330999) and 邻县 (330998) become counties of
示范市. Every code here is fictional (no real division uses 3391xx–3399xx).

Each generated county gets a “十四五” plan made from 示范县's demo content
(apps/demo/goals.py, projects.py, …) with its own name, towns and figures: a
deterministic pseudo-random size and wealth per county scale the indicators'
baselines and targets, a share of the projects (renamed after the county, their
investment scaled) and the 篇 of the outline. Each city gets a plan of its own:
the same outline and content, its indicators the sums or averages of its
counties', three indicators it breaks down to its counties (the binding 耕地保有量
and 粮食综合生产能力, and 城镇新增就业人数) with an allocation per county, and a list of thirty
major projects, twelve of them its counties' projects under the county's name.

What the 衔接 pages should find:

* 青屿市's allocations do not add up to its targets (耕地保有量 allocated short,
  粮食综合生产能力 allocated over); 示范市's and 云泽市's do.
* A few counties fall short of the city (``FLAWS``): a weaker 能耗 target, a
  耕地保有量 target under its allocation, a missing binding indicator (two
  counties), a grain target above its allocation. 示范县 itself meets 示范市's
  binding targets and allocations, so its self-check reads as without the
  province and the walk-through's flags come from the other counties.
* Two counties call 耕地保有量 “耕地保有面积” and are linked to the city's
  indicator only through ``higher_indicator``; most other county indicators
  carry the link too, the rest are found by their name.
* Some county projects say they are in the city's project library
  (``higher_library``) without being on the city's list.

Two thirds of the generated counties have opened a 衔接 round to their city
(``open_rounds``); 示范县 has not (the walk-through opens it) and 邻县's plan is
of the next period.

Everything is written with one bulk statement per model for all divisions, so
the province takes seconds; like the rest of the demo it is built once and left
alone on later runs unless ``--reset`` is given.
"""

import html
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TextIO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.catalogue import CATALOGUE_BY_CODE, DEPARTMENT_CATALOGUE
from apps.accounts.models import County, Department, Membership, Role, User
from apps.delivery.models import KeyTask, MajorProject, PolicyTool
from apps.delivery.parts import PROJECT_CATEGORY_NODES, TASK_AREA_NODES
from apps.demo import content, goals, key_tasks, narrative, profile, projects, safeguards
from apps.demo.models import DemoPlan
from apps.demo.seed import funding_amounts
from apps.governance.models import GovernanceMeasure, PlanLinkage, ResearchTopic, Risk
from apps.linkage.actions import linkage_close, linkage_open
from apps.linkage.models import IndicatorAllocation, Linkage
from apps.notifications.models import Notification
from apps.plans.models import Document, OutlineNode, Plan
from apps.plans.outline_templates import PLAN_TEMPLATES, TemplateNode, fill
from apps.plans.parts import registry
from apps.positioning.models import (
    ComparativeAdvantage,
    DevelopmentPath,
    PositioningStatement,
    RegionalLink,
)
from apps.search.index import reindex_plans
from apps.targets.forms import parse_target
from apps.targets.models import (
    Indicator,
    IndicatorCategory,
    PeriodTarget,
    VisionItem,
    format_number,
)

TEMPLATE = "fyp14"
BASE_YEAR, VISION_YEAR = 2020, 2035
L = County.Level
Z = County.FunctionZone

# Divisions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    function_zone: str = ""
    parent: str = ""  # parent's code
    index: int = 0  # position among the city's generated counties, from 1


PROVINCE = Division("339900", "示范省", L.PROVINCE)
CITIES = (
    Division("339100", "示范市", L.PREFECTURE_CITY, Z.URBANISED, PROVINCE.code),
    Division("339200", "青屿市", L.PREFECTURE_CITY, Z.URBANISED, PROVINCE.code),
    Division("339300", "云泽市", L.PREFECTURE_CITY, Z.AGRICULTURAL, PROVINCE.code),
)
SHIFAN_CITY, OTHER_CITY, THIRD_CITY = (c.code for c in CITIES)
# Generated counties per city: 示范市 also holds 示范县 and 邻县, so each city has
# about a third of the hundred.
GENERATED = {SHIFAN_CITY: 32, OTHER_CITY: 33, THIRD_CITY: 33}
# The two demo counties the default seed makes, moved under 示范市.
DEMO_COUNTIES = (content.SHIFAN.code, content.NEIGHBOUR.code)
# The city whose allocations deliberately do not add up to its targets.
MISMATCHED_CITY = OTHER_CITY

_FIRST = "枫棠榆槐桐楠杉芦荻蒲菱苇茗蓉芷杏梓樟檀岚岑澄沅湄淇泠渌汀栗柘榕桂莼蘅葭苕蓼芹菖"
_SECOND = "溪川原坪岗塘湾阜岙渚屿陂堰埠畈洲垣冈浦源"
_TOWN_FIRST = "金银石白青黄红绿东西南北上下新古大小长高"
_TOWN_SECOND = "桥港口埠集店铺庄岭坝湖滩沟河关庙"
# The place names of 示范县's demo content (towns, its lake), replaced per county.
DEMO_TOWNS = ("北塘", "柳营", "东湖", "石门", "清溪", "南桥", "白沙", "西岭", "青山", "龙泉")


def _rng(*parts: object) -> random.Random:
    # random.Random(str) hashes the string with SHA-512: the same on every run.
    return random.Random("/".join(str(p) for p in parts))


def layout() -> list[Division]:
    """The generated counties (not 示范县 and 邻县), in code order."""
    rng = _rng("province-names")
    names = [a + b for a in _FIRST for b in _SECOND]
    rng.shuffle(names)
    taken = {c.name[:-1] for c in CITIES} | {"示范", "邻"}
    pool = iter(n for n in names if n not in taken)
    counties = []
    for ci, city in enumerate(CITIES, start=1):
        for j in range(1, GENERATED[city.code] + 1):
            code = f"339{ci}{j:02d}"
            short = next(pool)
            r = _rng(code)
            if j <= 4:
                level, zone, suffix = L.DISTRICT, Z.URBANISED, "区"
            elif j <= 7:
                level, suffix = L.COUNTY_CITY, "市"
                zone = Z.URBANISED if j % 2 else Z.AGRICULTURAL
            else:
                level, suffix = L.COUNTY, "县"
                zone = Z.AGRICULTURAL if r.random() < 0.6 else Z.ECOLOGICAL
            counties.append(Division(code, short + suffix, level, zone, city.code, j))
    return counties


def opens_round(division: Division) -> bool:
    """Two thirds of the generated counties have opened a 衔接 round."""
    return division.index % 3 != 0


# What the 衔接 pages should find (see the module docstring), by city and index.
FLAWS: dict[tuple[str, int], str] = {
    (SHIFAN_CITY, 2): "weak_energy",
    (SHIFAN_CITY, 8): "weak_farmland",
    (OTHER_CITY, 10): "no_grain",
    (THIRD_CITY, 5): "no_carbon",
    (THIRD_CITY, 11): "more_grain",
}
RENAMED_FARMLAND = {(SHIFAN_CITY, 11), (OTHER_CITY, 13)}
# One project two counties both put in their lists: what 多个县申报的同一项目 finds.
SHARED_PROJECT = "示范市东部城际快速通道"
SHARED_BY = {(SHIFAN_CITY, 1), (SHIFAN_CITY, 4)}
FARMLAND_ALIAS = "耕地保有面积"


# Personas ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceUser:
    username: str
    display_name: str
    division: str  # code
    department: str | None  # catalogue code
    role: str
    note: str = ""


USERS: tuple[ProvinceUser, ...] = (
    ProvinceUser("city", "周文博", SHIFAN_CITY, "drc", Role.LINKAGE),
    ProvinceUser("cityplanner", "吴海峰", SHIFAN_CITY, "drc", Role.COORDINATOR),
    ProvinceUser("othercity", "郑晓梅", OTHER_CITY, "drc", Role.LINKAGE),
    ProvinceUser("province", "王建华", PROVINCE.code, "drc", Role.LINKAGE),
    # The planning offices of a few counties that opened a round, to see it from
    # the county's side; the other counties' rounds were opened by nobody in
    # particular (the demo keeps its users few).
    ProvinceUser("county1", "李春生", "339101", "drc", Role.COORDINATOR),
    ProvinceUser("county2", "黄丽娟", "339201", "drc", Role.COORDINATOR),
    ProvinceUser("county3", "何振东", "339301", "drc", Role.COORDINATOR),
)

# A city's (and the province's) bureaus are named a little differently.
CITY_DEPARTMENT_NAMES = {
    "drc": "发展和改革委员会",
    "industry": "经济和信息化局",
    "natural_resources": "自然资源和规划局",
    "ecology": "生态环境局",
    "health": "卫生健康委员会",
    "culture_tourism": "文化广电旅游局",
    "data": "大数据发展管理局",
}
# Bureaus a county may have merged into another; the merged work falls to 发改局.
OPTIONAL_DEPARTMENTS = (
    "data",
    "investment",
    "rural_revitalisation",
    "sports",
    "veterans",
    "administrative_approval",
    "audit",
)


# Localising 示范县's content ------------------------------------------------------------

_LEVEL_WORDS = {
    L.DISTRICT: {
        "全县": "全区",
        "县委": "区委",
        "县政府": "区政府",
        "县人大": "区人大",
        "县城": "城区",
        "本县": "本区",
        "县属": "区属",
        "试点县": "试点区",
        "整县": "整区",
    },
    L.COUNTY_CITY: {
        "全县": "全市",
        "县委": "市委",
        "县政府": "市政府",
        "县人大": "市人大",
        "县城": "市区",
        "本县": "本市",
        "县属": "市属",
        "试点县": "试点市",
        "整县": "整市",
    },
    L.PREFECTURE_CITY: {
        "全县": "全市",
        "县委": "市委",
        "县政府": "市政府",
        "县人大": "市人大",
        "县城": "中心城区",
        "本县": "本市",
        "县属": "市属",
        "县域": "市域",
    },
}


class Localiser:
    """示范县's words for another division: its name, its towns, 全县 → 全区."""

    def __init__(
        self, name: str, level: str, towns: dict[str, str], figures: dict[str, str] | None = None
    ) -> None:
        short = name[:-1]
        self.suffix = name[-1]
        words = {
            "示范县": name,
            "示范经济开发区": f"{short}经济开发区",
            "制造在示范": f"制造在{short}",
            "示范籍": f"{short}籍",
            "示范英才": f"{short}英才",
            **towns,
            **_LEVEL_WORDS.get(level, {}),
            **(figures or {}),
        }
        self.words = words
        self.pattern = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
        self.name = name
        self.short = short

    def __call__(self, text: str) -> str:
        return self.pattern.sub(lambda m: self.words[m[0]], text)

    def unit(self, text: str) -> str:
        """A responsible unit: 县自然资源局 → 区自然资源局."""
        text = self(text)
        return self.suffix + text[1:] if text.startswith("县") else text

    def project_name(self, name: str) -> str:
        """Named after the division, as a city's list would name it."""
        name = self(name)
        if self.short in name:
            return name
        if name.startswith("县域") and self.suffix != "县":
            return self.name + name[2:]  # 县域医共体 → 某某区医共体
        if name.startswith("县"):
            return self.name + name[1:]
        return self.name + name


# Figures 示范县's text quotes from its indicator table: (as written, indicator
# ref, which figure, unit written after it).
FIGURES = (
    ("318.5亿元", "gdp", "baseline", "亿元"),
    ("430亿元", "gdp", "target", "亿元"),
    ("720亿元", "gdp", "vision", "亿元"),
    ("6.06万元", "gdp_per_capita", "baseline", "万元"),
    ("13.5万元", "gdp_per_capita", "vision", "万元"),
    ("21.8亿元", "fiscal_revenue", "baseline", "亿元"),
    ("28.5亿元", "fiscal_revenue", "target", "亿元"),
    ("54.2%", "urbanisation", "baseline", "%"),
    ("1.62%", "rd", "baseline", "%"),
    ("2.2%", "rd", "target", "%"),
    ("88.5%", "air_quality", "baseline", "%"),
    ("32.5%", "forest_cover", "target", "%"),
    ("42万吨", "grain", "target", "万吨"),
    ("78.6万亩", "farmland", "target", "万亩"),
)


def _figures(rows: list["IndicatorRow"]) -> dict[str, str]:
    """The division's own figures in place of 示范县's, where its table has them."""
    by_ref = {row.spec.ref: row for row in rows}
    figures = {}
    for written, ref, which, unit in FIGURES:
        row = by_ref.get(ref)
        value = getattr(row, which) if row is not None else None
        if value is not None:
            figures[written] = format_number(value) + unit
    return figures


def _towns(code: str) -> dict[str, str]:
    stems = [a + b for a in _TOWN_FIRST for b in _TOWN_SECOND]
    chosen = _rng(code, "towns").sample(stems, len(DEMO_TOWNS))
    return dict(zip(DEMO_TOWNS, chosen, strict=True))


# Figures --------------------------------------------------------------------------------


def q(value: Decimal | float, places: str = "0.1") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _places(text: str | None) -> str:
    """The precision a figure was typed with: '318.5' → '0.1', '100' → '1'."""
    if not text or "." not in text:
        return "1"
    return "0." + "0" * (len(text.split(".")[1]) - 1) + "1"


INDICATOR_SPECS = goals.INDICATORS
# What a city breaks down to its counties, whose shares must add up to its target.
ADDITIVE = ("farmland", "grain", "new_jobs")

# Figures that grow with a county's size, with its wealth, and the rest by rule.
SIZED = {"gdp", "fiscal_revenue", "market_entities", "hitech_firms"}
SIZED_LOOSELY = {"trade", "foreign_investment"}
WEALTH = {"gdp_per_capita", "patents", "rd", "digital_economy"}
GROWTH = {"gdp_growth", "industry_growth", "retail"}
# The city's own targets for the binding indicators it compares with a comparator.
CITY_BINDING = {
    "energy_intensity": Decimal("14"),
    "carbon_intensity": Decimal("18"),
    "air_quality": Decimal("88"),
    "pm25": Decimal("33"),
}


@dataclass
class IndicatorRow:
    spec: goals.DemoIndicator
    name: str
    baseline: Decimal | None
    operator: str
    target: Decimal | None
    text: str
    vision: Decimal | None
    # The city indicator (by ref) it names as its own higher indicator.
    higher: str | None = None
    additive: bool = False
    obj: Indicator | None = None


def _demo_row(spec: goals.DemoIndicator) -> IndicatorRow:
    operator, value, text, _bracketed = parse_target(spec.target)
    return IndicatorRow(
        spec,
        spec.name,
        Decimal(spec.baseline) if spec.baseline is not None else None,
        operator,
        value,
        text,
        Decimal(spec.vision) if spec.vision is not None else None,
    )


@dataclass
class Profile:
    """A county's character, drawn once from its code."""

    size: float
    wealth: float
    farmland: Decimal


def county_profile(division: Division) -> Profile:
    r = _rng(division.code, "profile")
    size = {L.DISTRICT: r.uniform(0.9, 1.9), L.COUNTY_CITY: r.uniform(0.9, 1.6)}.get(
        division.level, r.uniform(0.45, 1.2)
    )
    wealth = {L.DISTRICT: r.uniform(1.1, 1.5)}.get(division.level, r.uniform(0.7, 1.2))
    farm = {Z.AGRICULTURAL: 1.3, Z.ECOLOGICAL: 0.55, Z.URBANISED: 0.25}[division.function_zone]
    return Profile(
        size=size,
        wealth=wealth,
        farmland=q(61 * farm * size**0.5 * r.uniform(0.85, 1.15)),
    )


def allocations_for(division: Division, profile: Profile) -> dict[str, Decimal]:
    """What the city allocates to the county, before any county states it."""
    return {
        "farmland": q(profile.farmland * Decimal("0.992")),
        "grain": q(profile.farmland * Decimal("0.52") * Decimal("1.02")),
        "new_jobs": q(Decimal("2.5") * Decimal(str(profile.size))),
    }


def county_indicators(
    division: Division, profile: Profile, allocation: dict[str, Decimal]
) -> list[IndicatorRow]:
    r = _rng(division.code, "indicators")
    flaw = FLAWS.get((division.parent, division.index))
    rows = []
    for spec in INDICATOR_SPECS:
        if (flaw == "no_grain" and spec.ref == "grain") or (
            flaw == "no_carbon" and spec.ref == "carbon_intensity"
        ):
            continue
        row = _demo_row(spec)
        _vary(row, division, profile, allocation, r, flaw)
        if spec.ref == "farmland" and (division.parent, division.index) in RENAMED_FARMLAND:
            row.name, row.higher = FARMLAND_ALIAS, "farmland"
        elif r.random() < 0.8:
            row.higher = spec.ref
        rows.append(row)
    return rows


def _vary(row, division, profile, allocation, r, flaw) -> None:
    """Move the demo's figures to this county's (a long table of small rules)."""
    spec, ref = row.spec, row.spec.ref
    base_p, target_p = _places(spec.baseline), _places(spec.target.strip("〔〕≥≤<>"))
    vision_p = _places(spec.vision)

    def scale(factor: float) -> None:
        f = Decimal(str(factor))
        if row.baseline is not None:
            row.baseline = q(row.baseline * f, base_p)
        if row.target is not None:
            row.target = q(row.target * f, target_p)
        if row.vision is not None:
            row.vision = q(row.vision * f, vision_p)

    def shift(delta: float, places: str) -> None:
        d = Decimal(str(delta))
        for name in ("baseline", "target", "vision"):
            value = getattr(row, name)
            if value is not None:
                setattr(row, name, q(value + d, places))

    if ref in SIZED:
        scale(profile.size * r.uniform(0.9, 1.1))
    elif ref in SIZED_LOOSELY:
        scale(profile.size * r.uniform(0.4, 1.6))
    elif ref in WEALTH:
        scale(profile.wealth * r.uniform(0.9, 1.1))
    elif ref in GROWTH:
        row.baseline = q(row.baseline + Decimal(str(r.uniform(-1.5, 1.5))))
        row.target = q(row.target + Decimal(r.choice(("-0.5", "0", "0", "0.5", "1"))))
    elif ref == "urbanisation":
        delta = {L.DISTRICT: r.uniform(15, 26), L.COUNTY_CITY: r.uniform(3, 10)}.get(
            division.level, r.uniform(-14, 2)
        )
        shift(delta, "0.1")
    elif ref == "online_services":
        row.baseline = q(r.uniform(84, 97), "1")
    elif ref == "unemployment":
        row.baseline = q(r.uniform(2.1, 3.3))
    elif ref == "pension":
        row.baseline = q(r.uniform(89, 95))
    elif ref == "rural_sewage":
        row.baseline = q(r.uniform(25, 55), "1")
        row.target = min(row.baseline + r.choice((15, 20, 25)), Decimal(90))
    elif ref == "childcare":
        row.baseline = q(r.uniform(0.8, 1.8))
    elif ref == "schooling":
        shift(r.uniform(-0.8, 0.6), "0.1")
    elif ref == "doctors":
        shift(r.uniform(-0.4, 0.4), "0.01")
    elif ref == "life_expectancy":
        row.baseline = q(row.baseline + Decimal(str(r.uniform(-1.5, 1.5))))
    elif ref == "work_safety":
        row.baseline = q(r.uniform(0.018, 0.045), "0.001")
    elif ref == "debt_ratio":
        row.baseline = q(r.uniform(55, 98), "1")
    elif ref == "income":
        row.baseline = q(r.uniform(5, 7))
    elif ref in {"energy_intensity", "carbon_intensity"}:
        row.target = CITY_BINDING[ref] + Decimal(r.choice(("0", "0", "0", "0.5", "1")))
        if flaw == "weak_energy" and ref == "energy_intensity":
            row.target = CITY_BINDING[ref] - 2
    elif ref == "air_quality":
        row.target = CITY_BINDING[ref] + r.choice((0, 1, 2, 2, 4, 5))
        row.baseline = q(r.uniform(82, float(row.target) - 0.5))
        row.vision = min(row.target + 4, Decimal(98))
    elif ref == "pm25":
        row.target = CITY_BINDING[ref] - r.choice((0, 1, 2, 3, 5, 7))
        row.baseline = row.target + r.choice((3, 4, 5, 6, 7))
        row.vision = row.target - 6
    elif ref == "water_quality":
        row.baseline = q(r.uniform(70, 100))
    elif ref == "forest_cover":
        low, high = {Z.ECOLOGICAL: (55, 72), Z.AGRICULTURAL: (24, 40)}.get(
            division.function_zone, (12, 30)
        )
        row.baseline = q(r.uniform(low, high))
        row.target = q(row.baseline + Decimal(str(r.uniform(0.5, 1.5))))
        row.vision = q(row.target + Decimal(str(r.uniform(1, 2.5))))
    elif ref == "farmland":
        row.baseline = profile.farmland
        row.target = allocation["farmland"]
        if flaw == "weak_farmland":
            row.target -= Decimal("1.2")
    elif ref == "grain":
        row.baseline = q(profile.farmland * Decimal("0.52"))
        row.target = allocation["grain"]
        if flaw == "more_grain":
            row.target += Decimal("0.8")
    elif ref == "new_jobs":
        row.target = allocation["new_jobs"]


def city_indicators(
    county_rows: list[list[IndicatorRow]], allocated: dict[str, Decimal], mismatched: bool
) -> list[IndicatorRow]:
    """The city's table from its counties': sums of what adds up, the mean of the
    rest, its own binding targets, and the three indicators it breaks down, whose
    targets are the sums of the allocations (except in the mismatched city)."""
    by_ref: dict[str, list[IndicatorRow]] = defaultdict(list)
    for rows in county_rows:
        for row in rows:
            by_ref[row.spec.ref].append(row)
    result = []
    for spec in INDICATOR_SPECS:
        row = _demo_row(spec)
        rows = by_ref[spec.ref]
        add = spec.ref in SIZED | SIZED_LOOSELY
        for name, places in (
            ("baseline", _places(spec.baseline)),
            ("target", _places(spec.target.strip("〔〕≥≤<>"))),
            ("vision", _places(spec.vision)),
        ):
            values = [getattr(r, name) for r in rows if getattr(r, name) is not None]
            if getattr(row, name) is None or not values:
                continue
            total = sum(values, Decimal(0))
            setattr(row, name, q(total if add else total / len(values), places))
        if spec.ref in CITY_BINDING:
            row.target = CITY_BINDING[spec.ref]
        if spec.ref in ADDITIVE:
            row.additive = True
            if spec.baseline is not None:
                row.baseline = q(
                    sum((r.baseline for r in rows), Decimal(0)), _places(spec.baseline)
                )
            row.target = allocated[spec.ref]
            if mismatched and spec.ref == "farmland":
                row.target += Decimal("3.5")  # allocated short of the city's target
            if mismatched and spec.ref == "grain":
                row.target -= Decimal("1.2")  # allocated more than the city's target
        result.append(row)
    return result


# Projects -----------------------------------------------------------------------------


@dataclass
class ProjectRow:
    spec: projects.DemoProject
    name: str
    location: str
    lead_unit: str
    total: int
    period: int
    years: tuple[int, int]
    level: str
    higher_library: str = ""
    content: str = ""
    task: str | None = None


def county_projects(division: Division, profile: Profile, local: Localiser) -> list[ProjectRow]:
    """A share of 示范县's projects, named and sized for the county."""
    r = _rng(division.code, "projects")
    keep = r.uniform(0.45, 0.8)
    rows = []
    for spec in projects.PROJECTS:
        if r.random() > keep:
            continue
        factor = profile.size * r.uniform(0.7, 1.3)
        total = max(100, int(round(spec.total * factor, -2)))
        period = min(total, max(100, int(round(spec.period * factor, -2))))
        shift = r.choice((0, 0, 0, 1)) if spec.years[1] < 2025 else 0
        rows.append(
            ProjectRow(
                spec,
                local.project_name(spec.name),
                local(spec.location),
                local.unit(spec.lead_unit),
                total,
                period,
                (spec.years[0] + shift, spec.years[1] + shift),
                spec.level,
                content=local(spec.content),
                task=spec.task,
            )
        )
    if (division.parent, division.index) in SHARED_BY:
        spec = next(p for p in projects.PROJECTS if p.category == projects.C.TRANSPORT)
        rows.append(
            ProjectRow(
                spec,
                SHARED_PROJECT,
                division.name,
                local.unit(spec.lead_unit),
                480000,
                420000,
                (2022, 2025),
                spec.level,
                content=local(spec.content),
                task=spec.task,
            )
        )
    return rows


# The city's own projects ({city}: its name; {a}, {b}: two of its counties).
# fmt: off
_CITY_PROJECT_ROWS = (
    ("{city}城市轨道交通1号线一期工程", projects.KEY, projects.C.TRANSPORT, "中心城区",
     "线路长28.6公里，设车站21座，建设车辆段和停车场各1处。", (2021, 2026), 2150000,
     1600000, (30, 20, 0, 50, 0), "{city}轨道交通集团", None, projects.N.NEW, ""),
    ("{city}至{a}城际铁路", projects.MAJOR, projects.C.TRANSPORT, "{a}、中心城区",
     "线路长46公里，设计时速200公里，设站6座。", (2022, 2027), 1380000, 820000,
     (25, 25, 0, 50, 0), "{city}交通运输局", None, projects.N.NEW, ""),
    ("{city}绕城高速公路西段", projects.MAJOR, projects.C.TRANSPORT, "{b}",
     "双向六车道，全长38公里。", (2021, 2024), 960000, 960000, (20, 30, 20, 30, 0),
     "{city}交通投资集团", None, projects.N.NEW, ""),
    ("{city}机场改扩建工程", projects.MAJOR, projects.C.TRANSPORT, "中心城区",
     "新建航站楼6万平方米，跑道延长至3200米。", (2022, 2025), 450000, 450000,
     (40, 30, 0, 30, 0), "{city}机场集团", None, projects.N.NEW, ""),
    ("{city}第二水源及城乡供水管网工程", projects.MAJOR, projects.C.WATER, "{a}、{b}",
     "新建取水工程和输水管道92公里，日供水能力40万吨。", (2021, 2024), 380000, 380000,
     (40, 40, 0, 20, 0), "{city}水利局", None, projects.N.NEW, ""),
    ("{city}中心城区防洪排涝能力提升工程", projects.MAJOR, projects.C.WATER, "中心城区",
     "新建排涝泵站12座，整治河道46公里。", (2021, 2025), 260000, 260000,
     (50, 50, 0, 0, 0), "{city}水利局", None, projects.N.CONTINUING, ""),
    ("{city}抽水蓄能电站", projects.MAJOR, projects.C.ENERGY, "{b}",
     "装机容量120万千瓦。", (2022, 2028), 780000, 420000, (0, 0, 80, 20, 0),
     "{city}发展和改革委员会", None, projects.N.PREPARATORY, ""),
    ("{city}500千伏输变电工程", projects.MAJOR, projects.C.ENERGY, "{a}",
     "新建500千伏变电站1座，线路86公里。", (2021, 2023), 160000, 160000,
     (0, 0, 100, 0, 0), "国网{city}供电公司", None, projects.N.NEW, ""),
    ("{city}数据中心集群", projects.MAJOR, projects.C.NEW_INFRA, "{a}",
     "建设标准机架2万个。", (2021, 2025), 300000, 300000, (10, 0, 70, 20, 0),
     "{city}大数据发展管理局", None, projects.N.NEW, projects.I.DATA_CENTER),
    ("{city}城市大脑", projects.MAJOR, projects.C.NEW_INFRA, "中心城区",
     "建设城市运行管理中枢和交通、应急等场景。", (2021, 2023), 85000, 85000,
     (100, 0, 0, 0, 0), "{city}大数据发展管理局", None, projects.N.NEW, projects.I.AI),
    ("{city}高新技术产业开发区扩区提质", projects.KEY, projects.C.PLATFORM, "{a}",
     "扩区18平方公里，建设科创走廊和标准厂房。", (2021, 2025), 620000, 620000,
     (30, 20, 50, 0, 0), "{city}高新区管委会", None, projects.N.CONTINUING, ""),
    ("{city}综合保税区", projects.KEY, projects.C.PLATFORM, "中心城区",
     "封关面积1.8平方公里，建设保税仓储和跨境电商园。", (2021, 2023), 180000, 180000,
     (50, 30, 20, 0, 0), "{city}商务局", None, projects.N.NEW, ""),
    ("{city}新能源汽车及零部件产业园", projects.MAJOR, projects.C.INDUSTRY, "{b}",
     "年产整车20万辆及动力电池10吉瓦时。", (2021, 2025), 1200000, 1100000,
     (0, 0, 80, 20, 0), "{city}经济和信息化局", None, projects.N.NEW, ""),
    ("{city}国际会展中心", projects.MAJOR, projects.C.URBAN_RURAL, "中心城区",
     "展览面积12万平方米。", (2022, 2025), 350000, 350000, (30, 20, 50, 0, 0),
     "{city}城市建设投资集团", None, projects.N.NEW, ""),
    ("{city}中心医院新院区", projects.PRACTICAL, projects.C.SOCIAL, "中心城区",
     "床位1500张。", (2021, 2024), 240000, 240000, (60, 40, 0, 0, 0),
     "{city}卫生健康委员会", None, projects.N.NEW, ""),
    ("{city}职业技术学院新校区", projects.PRACTICAL, projects.C.SOCIAL, "{a}",
     "在校生规模1.2万人。", (2021, 2023), 150000, 150000, (70, 30, 0, 0, 0),
     "{city}教育局", None, projects.N.NEW, ""),
    ("{city}全域土地综合整治", projects.MAJOR, projects.C.AGRICULTURE, "{b}",
     "整治土地28万亩，新增耕地1.6万亩。", (2021, 2025), 210000, 210000,
     (60, 20, 20, 0, 0), "{city}自然资源和规划局", None, projects.N.NEW, ""),
    ("{city}流域生态保护修复工程", projects.MAJOR, projects.C.ECOLOGY, "{a}、{b}",
     "修复河湖岸线120公里和湿地3.5万亩。", (2021, 2025), 190000, 190000,
     (70, 30, 0, 0, 0), "{city}生态环境局", None, projects.N.NEW, ""),
)
# fmt: on
CITY_PROJECTS: tuple[projects.DemoProject, ...] = tuple(
    projects.DemoProject(*fields, nature=nature, level=projects.L.MUNICIPAL, new_infra=infra)
    for *fields, nature, infra in _CITY_PROJECT_ROWS
)
CITY_LISTS_COUNTY_PROJECTS = 12
FALSE_CLAIMS_PER_CITY = 3


def city_projects(
    city: Division, counties: list[Division], county_rows: dict[str, list[ProjectRow]]
) -> list[ProjectRow]:
    """The city's list: its own projects and some of its counties' under their
    names (those county projects say they are in the city's library), plus a few
    county projects that say so without being listed."""
    r = _rng(city.code, "projects")
    named = [c for c in counties if c.code in county_rows]
    a, b = named[0].name, named[len(named) // 2].name
    rows = []
    for spec in CITY_PROJECTS:
        names = {"city": city.name, "a": a, "b": b}
        rows.append(
            ProjectRow(
                spec,
                spec.name.format(**names),
                spec.location.format(**names),
                spec.lead_unit.format(**names),
                spec.total,
                spec.period,
                spec.years,
                spec.level,
                content=spec.content,
            )
        )
    candidates = [
        (division, row)
        for division in named
        for row in county_rows[division.code]
        if row.spec.significance != projects.PRACTICAL and row.total >= 10000
    ]
    picked = r.sample(candidates, CITY_LISTS_COUNTY_PROJECTS + FALSE_CLAIMS_PER_CITY)
    for n, (division, row) in enumerate(picked):
        row.higher_library = MajorProject.HigherLibrary.MUNICIPAL
        if n >= CITY_LISTS_COUNTY_PROJECTS:
            continue  # claims the library, is not on the list
        row.level = MajorProject.Level.MUNICIPAL
        # Under the county's name, written the city's way now and then.
        name = row.name if division.name[:-1] in row.name else division.name + row.name
        name = (name, name, name.replace("工程", ""), f"{name}（一期）")[n % 4]
        rows.append(
            ProjectRow(
                row.spec,
                name,
                division.name,
                # 县交通运输局 on the county's list is 某某县交通运输局 on the city's.
                division.name + row.lead_unit[1:]
                if row.lead_unit[:1] == division.name[-1]
                else row.lead_unit,
                row.total,
                row.period,
                row.years,
                MajorProject.Level.MUNICIPAL,
                content=row.content,
            )
        )
    return rows


# Building ------------------------------------------------------------------------------


@dataclass
class Site:
    """A division whose plan is being built."""

    division: Division
    county: County
    local: Localiser
    departments: dict[str, Department]
    indicators: list[IndicatorRow]
    projects: list[ProjectRow]
    stage: str
    use_parts: bool
    written: float  # share of the outline's nodes with text
    fiscal_factor: float
    # The planning office's user where the demo has one (else nobody in particular).
    user: User | None = None
    # A city's allocations: county code → indicator ref → value.
    allocations: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    plan: Plan | None = None
    document: Document | None = None
    nodes: dict[str, OutlineNode] = field(default_factory=dict)
    refs: dict[tuple[str, str], object] = field(default_factory=dict)

    def department(self, code: str) -> Department:
        return self.departments.get(code) or self.departments["drc"]

    def common(self, node_key: str, position: int, user: User | None) -> dict:
        return {
            "plan": self.plan,
            "node": self.nodes[node_key],
            "position": position,
            "updated_by": user,
        }


STAGE_DATES = {
    "research": "2020-08-20",
    "approach": "2020-10-12",
    "outline_draft": "2020-11-20",
    "consultation": "2020-12-15",
}
STAGES = tuple(STAGE_DATES)


@dataclass
class ProvinceResult:
    created: bool
    divisions: int
    plans: int
    rounds: int


def seed_province(
    *, password: str, reset: bool = False, stdout: TextIO | None = None
) -> ProvinceResult:
    """Create or refresh the demo province; 示范县 and 邻县 must exist (the
    default seed makes them first)."""
    generated = layout()
    with transaction.atomic():
        counties = _divisions(generated)
        departments = _departments(counties, generated)
        users = _users(password, counties, departments)
        marks = DemoPlan.objects.filter(
            plan__county__code__in=[d.code for d in (*CITIES, *generated)]
        )
        complete = marks.count() == len(CITIES) + len(generated)
        created = reset or not complete
        rounds = 0
        if created:
            old = list(marks.values_list("plan_id", flat=True))
            # A round protects the version it handed over (Linkage.version is
            # PROTECT), so the rounds go first.
            Linkage.objects.filter(document__plan__in=old).delete()
            Plan.objects.filter(pk__in=old).delete()
            sites = _build(generated, counties, departments, users)
            before = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
            rounds = open_rounds(sites)
            # The demo's history is not news: nobody is emailed about it.
            Notification.objects.filter(pk__gt=before, emailed_at=None).update(
                emailed_at=timezone.now()
            )
            # Written straight to the tables above: the search index is rebuilt from them.
            reindex_plans(Plan.objects.filter(pk__in=marks.values("plan_id")))
    result = ProvinceResult(
        created=created,
        divisions=1 + len(CITIES) + len(generated) + len(DEMO_COUNTIES),
        plans=len(CITIES) + len(generated),
        rounds=rounds,
    )
    _report(stdout, result, password)
    return result


def _divisions(generated: list[Division]) -> dict[str, County]:
    """Every division of the province by code, created or brought up to date."""
    specs = [PROVINCE, *CITIES, *generated]
    existing = {c.code: c for c in County.objects.filter(code__in=[d.code for d in specs])}
    missing = [
        County(code=d.code, name=d.name, level=d.level, function_zone=d.function_zone)
        for d in specs
        if d.code not in existing
    ]
    existing.update({c.code: c for c in County.objects.bulk_create(missing)})
    for d in specs:
        county = existing[d.code]
        county.name, county.level, county.function_zone = d.name, d.level, d.function_zone
        county.parent = existing[d.parent] if d.parent else None
    County.objects.bulk_update(
        [existing[d.code] for d in specs], ["name", "level", "function_zone", "parent"]
    )
    # The default seed's counties belong to 示范市.
    County.objects.filter(code__in=DEMO_COUNTIES).update(parent=existing[SHIFAN_CITY])
    existing.update({c.code: c for c in County.objects.filter(code__in=DEMO_COUNTIES)})
    return existing


def _wanted_departments(division: Division) -> list[tuple[int, str, str]]:
    """(position, catalogue code, name) of the division's departments."""
    if division.level == L.PROVINCE:
        return [(1, "drc", CITY_DEPARTMENT_NAMES["drc"])]
    city = division.level == L.PREFECTURE_CITY
    r = _rng(division.code, "departments")
    wanted = []
    for position, entry in enumerate(DEPARTMENT_CATALOGUE, start=1):
        if not city and entry.code in OPTIONAL_DEPARTMENTS and r.random() < 0.3:
            continue
        name = CITY_DEPARTMENT_NAMES.get(entry.code, entry.name) if city else entry.name
        wanted.append((position, entry.code, name))
    return wanted


def _departments(
    counties: dict[str, County], generated: list[Division]
) -> dict[str, dict[str, Department]]:
    specs = [PROVINCE, *CITIES, *generated]
    ids = [counties[d.code].pk for d in specs]
    have: dict[int, dict[str, Department]] = defaultdict(dict)
    for department in Department.objects.filter(county_id__in=ids):
        have[department.county_id][department.catalogue_code or department.name] = department
    missing = []
    for d in specs:
        county = counties[d.code]
        for position, code, name in _wanted_departments(d):
            if code not in have[county.pk]:
                missing.append(
                    Department(county=county, name=name, catalogue_code=code, position=position)
                )
    for department in Department.objects.bulk_create(missing):
        have[department.county_id][department.catalogue_code] = department
    return {d.code: have[counties[d.code].pk] for d in specs}


def _users(
    password: str, counties: dict[str, County], departments: dict[str, dict[str, Department]]
) -> dict[str, User]:
    hashed = make_password(password)
    users = {}
    for spec in USERS:
        user, _created = User.objects.get_or_create(username=spec.username)
        user.display_name = spec.display_name
        user.password = hashed
        user.is_active = True
        user.email = f"{spec.username}@{spec.division}.example.gov.cn"
        user.save(update_fields=["display_name", "password", "is_active", "email"])
        county = counties[spec.division]
        department = departments[spec.division][spec.department] if spec.department else None
        # Exactly the one role the README promises.
        Membership.objects.filter(user=user).exclude(
            county=county, department=department, role=spec.role
        ).delete()
        Membership.objects.get_or_create(
            user=user, county=county, department=department, role=spec.role
        )
        users[spec.username] = user
    return users


def _sites(
    generated: list[Division],
    counties: dict[str, County],
    departments: dict[str, dict[str, Department]],
) -> list[Site]:
    """The content of every plan to build, in memory: cities first."""
    county_sites: dict[str, list[Site]] = defaultdict(list)
    allocations: dict[str, dict[str, dict[str, Decimal]]] = defaultdict(dict)
    rows_by_city: dict[str, list[list[IndicatorRow]]] = defaultdict(list)
    projects_by_city: dict[str, dict[str, list[ProjectRow]]] = defaultdict(dict)
    # 示范县's own figures count in 示范市's sums; 邻县 has an allocation only.
    rows_by_city[SHIFAN_CITY].append([_demo_row(s) for s in goals.INDICATORS])
    allocations[SHIFAN_CITY][content.SHIFAN.code] = {
        "farmland": Decimal("78.6"),
        "grain": Decimal("42"),
        "new_jobs": Decimal("2.5"),
    }
    neighbour = Division(
        content.NEIGHBOUR.code,
        content.NEIGHBOUR.name,
        L.COUNTY,
        content.NEIGHBOUR.function_zone,
        SHIFAN_CITY,
    )
    neighbour_profile = county_profile(neighbour)
    allocations[SHIFAN_CITY][neighbour.code] = allocations_for(neighbour, neighbour_profile)
    # 邻县's 十四五 figures are not in the demo, but they count in 示范市's sums.
    rows_by_city[SHIFAN_CITY].append(
        county_indicators(neighbour, neighbour_profile, allocations[SHIFAN_CITY][neighbour.code])
    )
    for division in generated:
        profile = county_profile(division)
        allocation = allocations_for(division, profile)
        allocations[division.parent][division.code] = allocation
        indicators = county_indicators(division, profile, allocation)
        local = Localiser(
            division.name, division.level, _towns(division.code), _figures(indicators)
        )
        project_rows = county_projects(division, profile, local)
        rows_by_city[division.parent].append(indicators)
        projects_by_city[division.parent][division.code] = project_rows
        r = _rng(division.code, "plan")
        stage = (
            r.choice(("outline_draft", "consultation", "consultation"))
            if opens_round(division)
            else r.choice(("research", "approach", "approach"))
        )
        county_sites[division.parent].append(
            Site(
                division,
                counties[division.code],
                local,
                departments[division.code],
                indicators,
                project_rows,
                stage=stage,
                use_parts=r.random() < 0.7,
                written=1.0 if opens_round(division) else r.uniform(0.5, 0.9),
                fiscal_factor=r.uniform(0.9, 1.25),
            )
        )
    sites = []
    for city in CITIES:
        allocated = {
            ref: sum((a[ref] for a in allocations[city.code].values()), Decimal(0))
            for ref in ADDITIVE
        }
        indicators = city_indicators(
            rows_by_city[city.code], allocated, city.code == MISMATCHED_CITY
        )
        members = [d for d in generated if d.parent == city.code]
        site = Site(
            city,
            counties[city.code],
            # 示范县's towns are 示范市's; the other cities name their own.
            Localiser(
                city.name,
                city.level,
                {} if city.code == SHIFAN_CITY else _towns(city.code),
                _figures(indicators),
            ),
            departments[city.code],
            indicators,
            city_projects(city, members, projects_by_city[city.code]),
            stage="consultation",
            use_parts=True,
            written=1.0,
            fiscal_factor=1.1,
            allocations=allocations[city.code],
        )
        sites.append(site)
    for city in CITIES:
        sites.extend(county_sites[city.code])
    return sites


def _build(
    generated: list[Division],
    counties: dict[str, County],
    departments: dict[str, dict[str, Department]],
    users: dict[str, User],
) -> list[Site]:
    sites = _sites(generated, counties, departments)
    coordinators = {
        spec.division: users[spec.username] for spec in USERS if spec.role == Role.COORDINATOR
    }
    for site in sites:
        site.user = coordinators.get(site.county.code)
    _plans(sites)
    _outlines(sites)
    builder = _Builder(sites)
    builder.build()
    _allocations(sites, counties)
    DemoPlan.objects.bulk_create(DemoPlan(plan=s.plan) for s in sites)
    return sites


def _plans(sites: list[Site]) -> None:
    target_year = BASE_YEAR + 5
    for site in sites:
        capacity = sum(
            (Decimal(p.total) * Decimal(sum(p.spec.funding[:2])) / 100 for p in site.projects),
            Decimal(0),
        ) * Decimal(str(site.fiscal_factor))
        site.plan = Plan(
            county=site.county,
            base_year=BASE_YEAR,
            target_year=target_year,
            vision_year=VISION_YEAR,
            fiscal_capacity=q(capacity, "1"),
            created_by=site.user,
        )
    Plan.objects.bulk_create(s.plan for s in sites)
    for site in sites:
        index = STAGES.index(site.stage)
        site.document = Document(
            plan=site.plan,
            kind=Document.Kind.OUTLINE,
            title=Plan.default_title(site.county.name, target_year, VISION_YEAR),
            template_key=TEMPLATE,
            stage=site.stage,
            stage_dates={s: STAGE_DATES[s] for s in STAGES[: index + 1]},
            created_by=site.user,
        )
    Document.objects.bulk_create(s.document for s in sites)
    for site in sites:
        site.plan.__dict__["outline"] = site.document
        # The same initialisers as plan_create (the indicator categories).
        for initialise in registry.plan_initialisers:
            initialise(site.plan)


def _outlines(sites: list[Site]) -> None:
    """Every site's outline from the template, with 示范县's text in its words;
    created a tree level at a time across all sites."""
    template = PLAN_TEMPLATES[TEMPLATE]
    years = (BASE_YEAR, BASE_YEAR + 5, VISION_YEAR)
    by_depth: dict[int, list[OutlineNode]] = defaultdict(list)
    for site in sites:
        r = _rng(site.county.code, "texts")
        position = 0

        def create(tpl: TemplateNode, parent, depth: int, site=site, r=r) -> None:
            nonlocal position
            position += 1
            node = OutlineNode(
                document=site.document,
                plan=site.plan,
                parent=parent,
                level=tpl.level,
                position=position,
                title=fill(tpl.title, *years),
                key=tpl.key,
                guidance=fill(tpl.guidance, *years),
                updated_by=site.user,
            )
            paragraphs = narrative.SHIFAN_TEXTS.get(tpl.key)
            if paragraphs and tpl.level != OutlineNode.Level.ANNEX and r.random() < site.written:
                node.set_body("".join(f"<p>{_escape(site.local(p))}</p>" for p in paragraphs))
            site.nodes[tpl.key] = node
            by_depth[depth].append(node)
            for child in tpl.children:
                create(child, node, depth + 1)

        for tpl in template.outline:
            if tpl.level == OutlineNode.Level.PART and not site.use_parts:
                for child in tpl.children:
                    create(child, None, 0)
            else:
                create(tpl, None, 0)
    for depth in sorted(by_depth):
        OutlineNode.objects.bulk_create(by_depth[depth])


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


class _Builder:
    """The structured content of every site, one bulk statement per model."""

    def __init__(self, sites: list[Site]) -> None:
        self.sites = sites

    def build(self) -> None:
        self.positioning()
        self.advantages()
        self.targets()
        self.indicators()
        self.key_tasks()
        self.projects()
        self.policy_tools()
        self.safeguards()

    def each(
        self, specs: Iterable, make: Callable[[Site, int, object], object]
    ) -> list[tuple[Site, object, object]]:
        """(site, spec, unsaved object) for every site and spec, positions from 1."""
        specs = tuple(specs)
        return [
            (site, spec, make(site, position, spec))
            for site in self.sites
            for position, spec in enumerate(specs, start=1)
        ]

    @staticmethod
    def save(model, rows: list[tuple[Site, object, object]]) -> None:
        model.objects.bulk_create(obj for _site, _spec, obj in rows)

    def positioning(self) -> None:
        self.save(
            PositioningStatement,
            self.each(
                profile.STATEMENTS,
                lambda site, i, s: PositioningStatement(
                    **site.common("mission", i, site.user),
                    kind=s.kind,
                    economic_function=s.economic_function,
                    title=site.local(s.title),
                    description=site.local(s.description),
                ),
            ),
        )
        self.save(
            DevelopmentPath,
            self.each(
                profile.PATHS,
                lambda site, i, p: DevelopmentPath(
                    **site.common("path", i, site.user),
                    path=p.path,
                    focus=site.local(p.focus),
                    rationale=site.local(p.rationale),
                ),
            ),
        )
        self.save(
            RegionalLink,
            self.each(
                profile.REGIONAL_LINKS,
                lambda site, i, x: RegionalLink(
                    **site.common("regional", i, site.user),
                    partner_region=x.partner_region,
                    kind=x.kind,
                    content=site.local(x.content),
                    mechanism=site.local(x.mechanism),
                ),
            ),
        )

    def advantages(self) -> None:
        rows = self.each(
            profile.ADVANTAGES,
            lambda site, i, a: ComparativeAdvantage(
                **site.common("advantages", i, site.user),
                name=site.local(a.name),
                kind=a.kind,
                factor=a.factor,
                trend=a.trend,
                utilisation=a.utilisation,
                tier_basis=a.tier_basis,
                partner_regions=a.partner_regions,
                description=site.local(a.description),
            ),
        )
        self.save(ComparativeAdvantage, rows)
        for site, spec, obj in rows:
            site.refs["advantage", spec.ref] = obj

    def targets(self) -> None:
        rows = self.each(
            goals.VISION_ITEMS,
            lambda site, i, v: VisionItem(
                **site.common("vision", i, site.user),
                dimension=v.dimension,
                title=site.local(v.title),
                description=site.local(v.description),
            ),
        )
        self.save(VisionItem, rows)
        for site, spec, obj in rows:
            site.refs["vision", spec.ref] = obj
        rows = self.each(
            goals.PERIOD_TARGETS,
            lambda site, i, t: PeriodTarget(
                **site.common("period_targets", i, site.user),
                vision_item=site.refs["vision", t.vision],
                title=site.local(t.title),
                description=site.local(t.description),
            ),
        )
        self.save(PeriodTarget, rows)
        for site, spec, obj in rows:
            site.refs["target", spec.ref] = obj

    def indicators(self) -> None:
        plans = [s.plan for s in self.sites]
        categories = {
            (c.plan_id, c.name): c for c in IndicatorCategory.objects.filter(plan__in=plans)
        }
        city_rows = {
            site.county.code: {row.spec.ref: row for row in site.indicators}
            for site in self.sites
            if site.division.level == L.PREFECTURE_CITY
        }
        # Cities first: the counties' rows point at the cities' indicators.
        for level_is_city in (True, False):
            objects = []
            for site in self.sites:
                if (site.division.level == L.PREFECTURE_CITY) != level_is_city:
                    continue
                city = city_rows.get(site.division.parent, {})
                for position, row in enumerate(site.indicators, start=1):
                    spec = row.spec
                    higher = city.get(row.higher) if row.higher else None
                    row.obj = Indicator(
                        **site.common("period_targets", position, site.user),
                        target=site.refs["target", spec.period_target]
                        if spec.period_target
                        else None,
                        category=categories[site.plan.pk, spec.category],
                        name=row.name,
                        unit=spec.unit,
                        baseline_value=row.baseline,
                        baseline_data_year=spec.data_year,
                        target_operator=row.operator,
                        target_value=row.target,
                        target_text=row.text,
                        vision_value=row.vision,
                        expression=spec.expression,
                        attribute=spec.attribute,
                        source_department=site.department(spec.department),
                        national_code=spec.national_code,
                        note=spec.note,
                        higher_indicator=higher.obj if higher else None,
                        additive=row.additive,
                    )
                    site.refs["indicator", spec.ref] = row.obj
                    objects.append(row.obj)
            Indicator.objects.bulk_create(objects)

    def key_tasks(self) -> None:
        rows = self.each(
            key_tasks.KEY_TASKS,
            lambda site, i, t: KeyTask(
                **site.common(TASK_AREA_NODES[t.area], i, site.user),
                area=t.area,
                title=site.local(t.title),
                description=site.local(t.description),
                lead_department=site.department(t.lead),
                horizon=t.horizon,
            ),
        )
        self.save(KeyTask, rows)
        for site, spec, obj in rows:
            site.refs["task", spec.ref] = obj
        cooperating, indicators, depends, advantages = set(), set(), set(), set()
        for site, spec, obj in rows:
            lead = obj.lead_department_id
            for code in spec.cooperating:
                department = site.department(code)
                if department.pk != lead:
                    cooperating.add((obj.pk, department.pk))
            for ref in spec.indicators:
                if (indicator := site.refs.get(("indicator", ref))) is not None:
                    indicators.add((obj.pk, indicator.pk))
            for ref in spec.depends_on:
                depends.add((obj.pk, site.refs["task", ref].pk))
            for ref in spec.advantages:
                advantages.add((obj.pk, site.refs["advantage", ref].pk))
        _link(KeyTask.cooperating_departments, cooperating)
        _link(KeyTask.indicators, indicators)
        _link(KeyTask.depends_on, depends)
        _link(KeyTask.advantages, advantages)

    def projects(self) -> None:
        objects = []
        for site in self.sites:
            for position, row in enumerate(site.projects, start=1):
                spec = row.spec
                funding = dict(
                    zip(
                        MajorProject.FUNDING_FIELDS,
                        funding_amounts(row.total, spec.funding),
                        strict=True,
                    )
                )
                objects.append(
                    MajorProject(
                        **site.common(PROJECT_CATEGORY_NODES[spec.category], position, site.user),
                        name=row.name[:200],
                        significance=spec.significance,
                        category=spec.category,
                        new_infra_kind=spec.new_infra,
                        location=row.location[:120],
                        content_scale=row.content,
                        nature=spec.nature,
                        start_year=row.years[0],
                        end_year=row.years[1],
                        total_investment=Decimal(row.total),
                        period_investment=Decimal(row.period),
                        **funding,
                        lead_unit=row.lead_unit[:120],
                        level=row.level,
                        higher_library=row.higher_library,
                        key_task=site.refs.get(("task", row.task)) if row.task else None,
                    )
                )
        MajorProject.objects.bulk_create(objects)

    def policy_tools(self) -> None:
        rows = self.each(
            key_tasks.POLICY_TOOLS,
            lambda site, i, t: PolicyTool(
                **site.common("policy_tools", i, site.user),
                name=site.local(t.name),
                origin=t.origin,
                kind=t.kind,
                issuer=site.local(t.issuer),
                description=site.local(t.description),
            ),
        )
        self.save(PolicyTool, rows)
        _link(
            PolicyTool.tasks,
            {(obj.pk, site.refs["task", ref].pk) for site, spec, obj in rows for ref in spec.tasks},
        )

    def safeguards(self) -> None:
        self.save(
            Risk,
            self.each(
                safeguards.RISKS,
                lambda site, i, r: Risk(
                    **site.common("risks", i, site.user),
                    domain=r.domain,
                    title=site.local(r.title),
                    description=site.local(r.description),
                    source_control=site.local(r.source_control),
                    warning_indicator=site.local(r.warning_indicator),
                    emergency_plan=site.local(r.emergency_plan),
                    drill_frequency=r.drill_frequency,
                    lead_department=site.department(r.lead),
                ),
            ),
        )
        self.save(
            PlanLinkage,
            self.each(
                safeguards.LINKAGES,
                lambda site, i, x: PlanLinkage(
                    **site.common("linkage", i, site.user),
                    linked_plan=site.local(x.linked_plan),
                    level=x.level,
                    kind=x.kind,
                    direction=x.direction,
                    points=site.local(x.points),
                ),
            ),
        )
        self.save(
            ResearchTopic,
            self.each(
                safeguards.RESEARCH_TOPICS,
                lambda site, i, r: ResearchTopic(
                    **site.common("research", i, site.user),
                    title=site.local(r.title),
                    stage=r.stage,
                    status=r.status,
                    lead_unit=site.local.unit(r.lead_unit),
                    findings=site.local(r.findings),
                ),
            ),
        )
        self.save(
            GovernanceMeasure,
            self.each(
                safeguards.MEASURES,
                lambda site, i, m: GovernanceMeasure(
                    **site.common("governance", i, site.user),
                    group=m.group,
                    title=site.local(m.title),
                    description=site.local(m.description),
                    public_participation=m.public_participation,
                ),
            ),
        )


def _link(descriptor, pairs: Iterable[tuple[int, int]]) -> None:
    """Bulk-insert rows of a many-to-many through table, in a stable order."""
    field = descriptor.field
    through = descriptor.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    through.objects.bulk_create(through(**{source: a, target: b}) for a, b in sorted(pairs))


def _allocations(sites: list[Site], counties: dict[str, County]) -> None:
    rows = []
    for site in sites:
        if site.division.level != L.PREFECTURE_CITY:
            continue
        for code, shares in sorted(site.allocations.items()):
            for ref in ADDITIVE:
                rows.append(
                    IndicatorAllocation(
                        indicator=site.refs["indicator", ref],
                        county=counties[code],
                        value=shares[ref],
                    )
                )
    IndicatorAllocation.objects.bulk_create(rows)


# 衔接 rounds ---------------------------------------------------------------------------


# The county whose first round is over and whose second is open.
SECOND_ROUND = (SHIFAN_CITY, 1)


def open_rounds(sites: list[Site]) -> int:
    """Open a 衔接 round for two thirds of the generated counties (not 示范县,
    whose round the walk-through opens, nor 邻县, whose plan is of the next
    period) through the action a county's planning office uses; one county is on
    its second round. Returns the number of rounds opened."""
    opened = 0
    for site in sites:
        division = site.division
        if division.level == L.PREFECTURE_CITY or not opens_round(division):
            continue
        rounds = 2 if (division.parent, division.index) == SECOND_ROUND else 1
        for number in range(1, rounds + 1):
            linkage = linkage_open(
                site.document,
                actor=site.user,
                share_draft=division.index % 4 == 1,
                note=_("请市发展改革委审阅本县规划纲要与市级规划的衔接情况。")
                if number == 1
                else _("已按第一轮衔接意见修改，请再次审阅。"),
            )
            if number < rounds:
                linkage_close(linkage, actor=site.user)
            opened += 1
    return opened


# Output ---------------------------------------------------------------------------------


def _report(stdout: TextIO | None, result: ProvinceResult, password: str) -> None:
    if stdout is None:
        return
    if result.created:
        stdout.write(
            _(
                "已创建演示省份%(province)s：%(cities)s个地级市、%(counties)s个县（市、区），"
                "%(plans)s个规划，%(rounds)s轮衔接论证。"
            )
            % {
                "province": PROVINCE.name,
                "cities": len(CITIES),
                "counties": result.divisions - 1 - len(CITIES),
                "plans": result.plans,
                "rounds": result.rounds,
            }
            + "\n"
        )
    else:
        stdout.write(
            _("演示省份%(province)s已存在，保留现有内容；需要重建时加 --reset。")
            % {"province": PROVINCE.name}
            + "\n"
        )
    names = {d.code: d.name for d in (PROVINCE, *CITIES, *layout())}
    above = {PROVINCE.code, *(c.code for c in CITIES)}
    for spec in USERS:
        department = ""
        if spec.department:
            department = CATALOGUE_BY_CODE[spec.department].name
            if spec.division in above:
                department = CITY_DEPARTMENT_NAMES.get(spec.department, department)
        where = f"{names[spec.division]} {department}".strip()
        role = Membership(role=spec.role).get_role_display()
        stdout.write(f"  {spec.username:<11} {spec.display_name}  {where} · {role}\n")
