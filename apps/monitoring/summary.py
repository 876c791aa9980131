"""What the monitoring data says: every indicator judged year by year, and the
major projects rolled up. Read by the dashboard, the year board and the
evaluation report's computed tables; each function reads a fixed number of
queries whatever the number of indicators, projects and years.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from apps.delivery.models import MajorProject
from apps.monitoring.models import (
    DEFAULT_TOLERANCE,
    IndicatorValue,
    MonitoringSettings,
    MonitoringYear,
    ProjectProgress,
    ProjectStatus,
    ReportState,
)
from apps.targets.models import Indicator
from apps.targets.progress import STANDING_LABELS, Progress, Standing, judge, progress_input


def tolerance_for(plan) -> Decimal:
    settings = MonitoringSettings.objects.filter(plan=plan).first()
    return settings.tolerance if settings else DEFAULT_TOLERANCE


@dataclass
class Cell:
    """One indicator in one year: what was reported and how it stands."""

    year: int
    row: IndicatorValue | None
    progress: Progress | None

    @property
    def value(self) -> Decimal | None:
        return self.row.value if self.row else None

    @property
    def standing(self) -> str:
        return self.progress.standing if self.progress else ""

    @property
    def label(self) -> str:
        return self.progress.label if self.progress else ""

    @property
    def pending(self) -> bool:
        """Reported but not yet accepted by the planning office."""
        return self.row is not None and self.row.state != ReportState.ACCEPTED


@dataclass
class IndicatorLine:
    indicator: Indicator
    cells: list[Cell]

    @property
    def latest(self) -> Cell | None:
        """The last year with a judgement (the standing the dashboard leads with)."""
        judged = [c for c in self.cells if c.progress and c.standing != Standing.UNKNOWN]
        return judged[-1] if judged else None

    @property
    def binding(self) -> bool:
        return self.indicator.attribute == Indicator.Attribute.BINDING

    @property
    def warning(self) -> bool:
        latest = self.latest
        return self.binding and latest is not None and latest.standing == Standing.LAGGING


@dataclass
class IndicatorBoard:
    years: list[int]
    lines: list[IndicatorLine]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def warnings(self) -> list[IndicatorLine]:
        return [line for line in self.lines if line.warning]

    @property
    def count_rows(self) -> list[tuple[str, str, int]]:
        return [(key, str(STANDING_LABELS[key]), self.counts.get(key, 0)) for key in STANDING_ORDER]


STANDING_ORDER = (
    Standing.ACHIEVED,
    Standing.FASTER,
    Standing.ON_TRACK,
    Standing.LAGGING,
    Standing.MANUAL,
    Standing.UNKNOWN,
)


def judge_row(indicator: Indicator, plan, tolerance: Decimal, actuals: dict, year: int, row):
    """How ``indicator`` stands in ``year``; a text target takes the planning
    office's judgement when it gave one."""
    progress = judge(progress_input(indicator, plan, tolerance), actuals, year)
    if progress.standing == Standing.MANUAL and row is not None and row.judged:
        return Progress(Standing(row.judged), year, reason=_("规划办人工判断。"))
    return progress


def indicator_board(
    plan,
    *,
    upto: int | None = None,
    tolerance: Decimal | None = None,
    accepted_only: bool = False,
):
    """Every indicator × every opened year (up to ``upto``), judged; with
    ``accepted_only``, only what the planning office accepted. Three queries."""
    tolerance = tolerance if tolerance is not None else tolerance_for(plan)
    years = list(
        MonitoringYear.objects.filter(plan=plan).order_by("year").values_list("year", flat=True)
    )
    if upto is not None:
        years = [y for y in years if y <= upto]
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .select_related("category")
        .order_by("category__position", "category_id", "position", "id")
    )
    rows = IndicatorValue.objects.filter(plan=plan, period__year__in=years).annotate(
        year=F("period__year")
    )
    if accepted_only:
        rows = rows.filter(state=ReportState.ACCEPTED)
    by_indicator: dict[int, dict[int, IndicatorValue]] = defaultdict(dict)
    for row in rows:
        by_indicator[row.indicator_id][row.year] = row
    lines, counts = [], defaultdict(int)
    for indicator in indicators:
        indicator.plan = plan  # the baseline's * flag reads the plan's years
        reported = by_indicator.get(indicator.pk, {})
        actuals = {y: r.value for y, r in reported.items() if r.value is not None}
        cells = []
        for year in years:
            row = reported.get(year)
            progress = (
                judge_row(indicator, plan, tolerance, actuals, year, row)
                if row is not None and row.filled
                else None
            )
            cells.append(Cell(year, row, progress))
        line = IndicatorLine(indicator, cells)
        latest = line.latest
        counts[latest.standing if latest else Standing.UNKNOWN] += 1
        lines.append(line)
    return IndicatorBoard(years, lines, dict(counts))


# Projects -------------------------------------------------------------------------


@dataclass
class Rollup:
    """Projects grouped one way (a category, a department, 要事/大事/实事)."""

    label: str
    count: int = 0
    period_investment: Decimal = Decimal(0)
    completed: Decimal = Decimal(0)  # cumulative, base year + 1 .. year
    planned_year: Decimal = Decimal(0)
    completed_year: Decimal = Decimal(0)
    due_to_start: int = 0
    started: int = 0
    due_to_finish: int = 0
    finished: int = 0

    @staticmethod
    def _rate(part, whole) -> Decimal | None:
        if not whole:
            return None
        return (Decimal(part) / Decimal(whole) * 100).quantize(Decimal("0.1"))

    @property
    def completion_rate(self) -> Decimal | None:
        """投资完成率: completed to date over the investment planned for the period."""
        return self._rate(self.completed, self.period_investment)

    @property
    def year_rate(self) -> Decimal | None:
        """年度计划完成率: the year's completed over the year's planned."""
        return self._rate(self.completed_year, self.planned_year)

    @property
    def start_rate(self) -> Decimal | None:
        """开工率: projects started among those planned to start by the year."""
        return self._rate(self.started, self.due_to_start)

    @property
    def finish_rate(self) -> Decimal | None:
        """完工率: projects completed among those planned to finish by the year."""
        return self._rate(self.finished, self.due_to_finish)


@dataclass
class ProjectBoard:
    year: int | None
    schedule_rate: Decimal | None  # 时序进度: share of the period elapsed
    total: Rollup
    by_category: list[Rollup]
    by_department: list[Rollup]
    by_significance: list[Rollup]
    lines: list[tuple[MajorProject, ProjectProgress | None, Decimal]]
    statuses: dict[str, int]

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        return [(s.value, str(s.label), self.statuses.get(s.value, 0)) for s in ProjectStatus]


def project_board(plan, year: int | None = None, *, accepted_only: bool = False) -> ProjectBoard:
    """The projects as of ``year`` (the last opened year by default); with
    ``accepted_only``, from what the planning office accepted. Three queries."""
    if year is None:
        year = (
            MonitoringYear.objects.filter(plan=plan)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
    projects = list(MajorProject.objects.filter(plan=plan).order_by("position", "id"))
    reported = ProjectProgress.objects.filter(plan=plan)
    if accepted_only:
        reported = reported.filter(state=ReportState.ACCEPTED)
    # Summed by the database: the years before hold no other interest here.
    cumulative: dict[int, Decimal] = {
        project_id: total or Decimal(0)
        for project_id, total in reported.filter(period__year__lte=year or 0)
        .values_list("project_id")
        .annotate(total=Sum("completed_investment"))
        .order_by()
    }
    this_year: dict[int, ProjectProgress] = {
        row.project_id: row
        for row in reported.filter(period__year=year or 0).select_related("department")
    }
    n = plan.target_year - plan.base_year
    schedule = (
        (Decimal(year - plan.base_year) / Decimal(n) * 100).quantize(Decimal("0.1"))
        if year
        else None
    )
    total = Rollup(_("合计"))
    groups = {"category": {}, "department": {}, "significance": {}}
    labels = {
        "category": dict(MajorProject.Category.choices),
        "significance": dict(MajorProject.Significance.choices),
    }
    statuses: dict[str, int] = defaultdict(int)
    lines = []
    for project in projects:
        row = this_year.get(project.pk)
        done = cumulative.get(project.pk, Decimal(0))
        lines.append((project, row, done))
        department = row.department.name if row and row.department else _("未分配")
        keys = {
            "category": str(labels["category"].get(project.category, project.category)),
            "department": department,
            "significance": str(labels["significance"].get(project.significance, "")),
        }
        status = row.status if row else ""
        if status:
            statuses[status] += 1
        targets = [total] + [
            groups[g].setdefault(label, Rollup(label)) for g, label in keys.items()
        ]
        for rollup in targets:
            rollup.count += 1
            rollup.period_investment += project.period_investment or 0
            rollup.completed += done
            if row is not None:
                rollup.planned_year += row.planned_investment or 0
                rollup.completed_year += row.completed_investment or 0
            if year and project.start_year <= year:
                rollup.due_to_start += 1
                if status in {ProjectStatus.BUILDING, ProjectStatus.COMPLETED}:
                    rollup.started += 1
            if year and project.end_year <= year:
                rollup.due_to_finish += 1
                if status == ProjectStatus.COMPLETED:
                    rollup.finished += 1
    return ProjectBoard(
        year=year,
        schedule_rate=schedule,
        total=total,
        by_category=list(groups["category"].values()),
        by_department=sorted(groups["department"].values(), key=lambda r: r.label),
        by_significance=list(groups["significance"].values()),
        lines=lines,
        statuses=dict(statuses),
    )


def completed_before(period, project_ids) -> dict[int, Decimal]:
    """Investment each project reported completed in the other years of the period:
    what a year's figure is added to when checked against the project's total."""
    return {
        project_id: total
        for project_id, total in ProjectProgress.objects.filter(
            plan=period.plan, project_id__in=project_ids
        )
        .exclude(period=period)
        .values_list("project_id")
        .annotate(total=Sum("completed_investment"))
        .order_by()
        if total is not None
    }
