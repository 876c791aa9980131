"""The city's side-by-side reading of its counties: indicators and projects.

Everything is read from the rows a 衔接 round copied (apps/linkage/models.py),
the latest round of each county document, in a fixed number of queries however
many counties a city has: the rounds, their indicators or projects, the city's
indicators and its allocations.

Flags on indicators:

* 弱于市级: a binding target weaker than the city's (or, for an indicator the
  city breaks down, weaker than the county's allocation). Which way is weaker
  follows the target's operator: a floor (≥) is weaker lower, a ceiling (≤)
  higher, a stated reduction (…降低, …下降, …减少) lower.
* 缺少: a county without an indicator the city made binding.
* 分解不符: an indicator the city breaks down (``additive``) whose county target
  differs from the county's allocation, and, for the city, allocations or county
  targets that do not add up to the city's target.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import County
from apps.delivery.models import MajorProject
from apps.linkage.matching import project_key
from apps.linkage.models import IndicatorAllocation, Linkage, LinkedIndicator, LinkedProject
from apps.targets.backcast import implied_annual_growth
from apps.targets.models import Indicator

FLOORS = {">", "≥"}
CEILINGS = {"<", "≤"}
REDUCTION_WORDS = ("降低", "下降", "减少", "压减")
# Two decimals: the allocations and targets are typed with at most that.
ADD_UP_TOLERANCE = Decimal("0.01")

# How long a project key must be to name one project rather than a kind of them.
DISTINCT_KEY = 4

WEAKER = "weaker"
MISSING = "missing"
SHARE = "share"
FLAG_LABELS = {
    WEAKER: _("弱于市级目标"),
    MISSING: _("缺少市级约束性指标"),
    SHARE: _("与分解值不符"),
}


def division_plan(division, target_year: int):
    """A division's (or a division id's) plan of the period: the newest when it has
    more than one (one rule for every page that compares with it)."""
    if division is None:
        return None
    from apps.plans.models import Plan

    return Plan.objects.filter(county=division, target_year=target_year).order_by("-id").first()


def latest_rounds(divisions, target_year: int) -> list[Linkage]:
    """The latest 衔接 round of each county of the period opened to any of
    ``divisions``: one per county (of its newest plan, should it have two), in one
    query."""
    rounds = (
        Linkage.objects.filter(city__in=divisions, document__plan__target_year=target_year)
        .select_related("document__plan__county", "city", "version")
        .order_by("document__plan__county_id", "-document__plan_id", "-number")
    )
    latest: dict[int, Linkage] = {}
    for linkage in rounds:
        latest.setdefault(linkage.document.plan.county_id, linkage)
    return sorted(latest.values(), key=lambda r: r.document.plan.county.code)


def stronger_way(indicator) -> int:
    """+1 when a higher target is stronger, -1 when a lower one is, 0 when the
    target states a level that is neither."""
    if indicator.target_operator in FLOORS:
        return 1
    if indicator.target_operator in CEILINGS:
        return -1
    if any(word in indicator.name for word in REDUCTION_WORDS):
        return 1
    return 0


def is_weaker(value: Decimal | None, reference: Decimal | None, way: int) -> bool:
    if value is None or reference is None or way == 0:
        return False
    return (value - reference) * way < 0


def growth(row: LinkedIndicator, years: int) -> Decimal | None:
    """The average annual growth a level target implies (%), or the stated one."""
    if row.expression == Indicator.Expression.ANNUAL:
        return row.target_value
    if row.expression != Indicator.Expression.LEVEL or row.unit.strip() in {"%", "‰"}:
        return None
    if row.baseline_value is None or row.target_value is None:
        return None
    return implied_annual_growth(row.baseline_value, row.target_value, 0, years)


@dataclass
class CountyCell:
    county: County
    linkage: Linkage
    row: LinkedIndicator | None
    allocation: Decimal | None = None
    growth: Decimal | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def flag_labels(self) -> list[str]:
        return [str(FLAG_LABELS[f]) for f in self.flags]


@dataclass
class IndicatorLine:
    """One city indicator and how each county states it."""

    indicator: Indicator
    cells: list[CountyCell]
    allocated: Decimal | None = None  # sum of the allocations
    county_total: Decimal | None = None  # sum of the counties' targets (additive ones)
    notes: list[str] = field(default_factory=list)

    @property
    def linked_count(self) -> int:
        return sum(1 for c in self.cells if c.row is not None)

    @property
    def flag_count(self) -> int:
        return sum(1 for c in self.cells if c.flags) + len(self.notes)

    @property
    def binding(self) -> bool:
        return self.indicator.attribute == Indicator.Attribute.BINDING


def indicator_lines(city_plan, rounds: list[Linkage]) -> list[IndicatorLine]:
    """Every city indicator against every county's latest round (four queries)."""
    if city_plan is None:
        return []
    indicators = list(
        Indicator.objects.filter(plan=city_plan).order_by(
            "-attribute", "category__position", "position", "id"
        )
    )
    allocations = {
        (a.indicator_id, a.county_id): a.value
        for a in IndicatorAllocation.objects.filter(indicator__plan=city_plan)
    }
    allocated = dict(
        IndicatorAllocation.objects.filter(indicator__plan=city_plan)
        .values_list("indicator")
        .annotate(total=Sum("value"))
    )
    # A row serves the city indicator it was linked to when its round opened, or,
    # failing that (the city's plan was made or changed later), the one of its name.
    city_ids = {i.pk for i in indicators}
    by_name = {i.name.strip(): i.pk for i in indicators}
    by_round: dict[int, dict[int, LinkedIndicator]] = defaultdict(dict)
    for row in LinkedIndicator.objects.filter(linkage__in=[r.pk for r in rounds]):
        higher = row.higher_id if row.higher_id in city_ids else by_name.get(row.name.strip())
        if higher is not None:
            by_round[row.linkage_id].setdefault(higher, row)
    years = city_plan.target_year - city_plan.base_year
    lines = []
    for indicator in indicators:
        way = stronger_way(indicator)
        binding = indicator.attribute == Indicator.Attribute.BINDING
        cells = []
        for linkage in rounds:
            county = linkage.document.plan.county
            row = by_round[linkage.pk].get(indicator.pk)
            cell = CountyCell(county, linkage, row, allocations.get((indicator.pk, county.pk)))
            if row is None:
                if binding:
                    cell.flags.append(MISSING)
            else:
                cell.growth = growth(row, years)
                if indicator.additive and cell.allocation is not None:
                    if row.target_value is None or (
                        abs(row.target_value - cell.allocation) > ADD_UP_TOLERANCE
                    ):
                        cell.flags.append(SHARE)
                    if binding and is_weaker(row.target_value, cell.allocation, way):
                        cell.flags.append(WEAKER)
                elif (
                    binding
                    and not indicator.additive
                    and row.expression == indicator.expression
                    and is_weaker(row.target_value, indicator.target_value, way)
                ):
                    cell.flags.append(WEAKER)
            cells.append(cell)
        line = IndicatorLine(indicator, cells)
        if indicator.additive:
            _add_up(line, allocated.get(indicator.pk))
        lines.append(line)
    return lines


def _add_up(line: IndicatorLine, allocated: Decimal | None) -> None:
    # All the allocations of the indicator, not only those of counties with a round.
    line.allocated = allocated
    targets = [c.row.target_value for c in line.cells if c.row and c.row.target_value is not None]
    line.county_total = sum(targets, Decimal(0)) if targets else None
    city = line.indicator.target_value
    if city is None:
        return
    if line.allocated is not None and abs(line.allocated - city) > ADD_UP_TOLERANCE:
        line.notes.append(
            str(_("各县分解值合计%(sum)s，与市级目标%(city)s不一致。"))
            % {"sum": _num(line.allocated), "city": _num(city)}
        )


def _num(value: Decimal) -> str:
    from apps.core.cells import number_text

    return number_text(value)


# Projects -----------------------------------------------------------------------


@dataclass
class ProjectFlags:
    duplicates: list[list[LinkedProject]]
    unlisted: list[LinkedProject]  # claims a city (or province) library entry it lacks
    pending: int  # suggested matches waiting for a person


def project_flags(rounds: list[Linkage], province_plan=None) -> ProjectFlags:
    """Projects two counties both claim, and claims of a higher-level library that
    the higher list does not bear out. Every row is read as a tuple; only the rows
    flagged are loaded as objects, for the page (two queries, three with a
    provincial list)."""
    found = {LinkedProject.Match.CONFIRMED, LinkedProject.Match.SUGGESTED}
    rows = list(
        LinkedProject.objects.filter(linkage__in=[r.pk for r in rounds]).values_list(
            "pk", "key", "linkage__document__plan__county_id", "higher_library", "match"
        )
    )
    by_key: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_key[row[1]].append(row)
    # A short key ("水库", "学校") names a kind of project, not one project: two
    # counties each building a reservoir are not claiming the same one.
    duplicate_groups = [
        [row[0] for row in group]
        for key, group in by_key.items()
        if len(key) >= DISTINCT_KEY and len({row[2] for row in group}) > 1
    ]
    province_keys = set()
    if province_plan is not None:
        province_keys = {
            project_key(name)
            for name in MajorProject.objects.filter(plan=province_plan).values_list(
                "name", flat=True
            )
        }
    unlisted_ids = [
        pk
        for pk, key, _county, library, match in rows
        if (library == MajorProject.HigherLibrary.MUNICIPAL and match not in found)
        or (
            library == MajorProject.HigherLibrary.PROVINCIAL
            and province_plan is not None
            and key not in province_keys
        )
    ]
    flagged = {pk for group in duplicate_groups for pk in group} | set(unlisted_ids)
    loaded = LinkedProject.objects.filter(pk__in=flagged).select_related(
        "linkage__document__plan__county", "city_project"
    )
    by_pk = {row.pk: row for row in loaded} if flagged else {}
    pending = sum(1 for row in rows if row[4] == LinkedProject.Match.SUGGESTED)
    return ProjectFlags(
        [[by_pk[pk] for pk in group] for group in duplicate_groups],
        [by_pk[pk] for pk in unlisted_ids],
        pending,
    )


def project_totals(rounds: list[Linkage], group: str):
    """The counties' projects summed by ``group`` (category, start_year, the
    county, or the city): count, total and period investment (one query)."""
    fields = {
        "category": "category",
        "year": "start_year",
        "county": "linkage__document__plan__county__name",
        "city": "linkage__city__name",
    }[group]
    rows = list(
        LinkedProject.objects.filter(linkage__in=[r.pk for r in rounds])
        .values(fields)
        .annotate(count=Count("id"), total=Sum("total_investment"), period=Sum("period_investment"))
        .order_by(fields)
    )
    for row in rows:
        value = row[fields]
        row["label"] = CATEGORY_LABELS.get(value, value) if group == "category" else value
        row["total"], row["period"] = _yi(row["total"]), _yi(row["period"])
    return rows


def _yi(wan: Decimal | None) -> Decimal:
    """万元 as 亿元 with two decimals: a city's totals run to thousands of 亿元."""
    return ((wan or Decimal(0)) / 10000).quantize(Decimal("0.01"))


CATEGORY_LABELS = dict(MajorProject.Category.choices)


def grand_total(rows) -> dict:
    """The sum of ``project_totals`` rows (in 亿元)."""
    return {
        "count": sum(r["count"] for r in rows),
        "total": sum((r["total"] for r in rows), Decimal(0)),
        "period": sum((r["period"] for r in rows), Decimal(0)),
    }


def province_plan_for(province, target_year: int):
    """The province's plan of the period, whose projects are the provincial list."""
    if province is None or province.level != County.Level.PROVINCE:
        return None
    return division_plan(province, target_year)
