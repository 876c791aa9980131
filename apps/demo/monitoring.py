"""示范县's plan after adoption: approved by the county 人大 in early 2021, monitored
for 2021 and 2022 (both locked) and 2023 (open, half reported).

The figures are made up from the plan's own targets so that the dashboard has
something to say: most indicators on their path, a few ahead, a few behind, and
one binding indicator (energy intensity) at risk; projects in every status.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from apps.delivery.models import MajorProject
from apps.monitoring import actions
from apps.monitoring.models import (
    IndicatorValue,
    MonitoringYear,
    ProjectProgress,
    ProjectStatus,
    ReportState,
)
from apps.plans.models import Document, Plan
from apps.targets.backcast import PathKind, path_kind_for_unit
from apps.targets.models import Indicator
from apps.targets.progress import keeps

APPROVED_ON = datetime.date(2021, 2, 26)
APPROVED_BY = "示范县第十七届人民代表大会第六次会议"
STAGE_DATES = {
    "research": "2020-08-20",
    "approach": "2020-10-12",
    "outline_draft": "2020-11-20",
    "consultation": "2020-12-15",
    "submission": "2021-01-18",
    "adopted": "2021-02-26",
}
YEARS = (2021, 2022, 2023)
LOCKED = (2021, 2022)

# How far along its path each indicator is (1 = on the path), by name. Anything
# not listed runs close to its path.
PACE = {
    "每万人口高价值发明专利拥有量": Decimal("1.6"),
    "数字经济核心产业增加值占地区生产总值比重": Decimal("1.5"),
    "政务服务事项网上可办率": Decimal("1.8"),
    "高新技术企业数": Decimal("0.55"),
    "进出口总额": Decimal("0.5"),
    "单位地区生产总值能源消耗降低": Decimal("0.35"),
    "社会消费品零售总额增长": Decimal("0.6"),
}
# Small year-to-year wobble so lines are not ruler-straight.
WOBBLE = (Decimal("1.02"), Decimal("0.98"), Decimal("1.01"))
SOURCES = {
    "%": "县统计局年度统计公报",
}


def _q(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _base_name(name: str) -> str:
    # Scaled demos append （二）, （三）, … to copies.
    return name.split("（")[0] if name.endswith("）") and "（" in name else name


def actual_for(indicator: Indicator, plan: Plan, year: int) -> Decimal | None:
    """The demo's actual for ``indicator`` in ``year``, in the form the expression
    asks for (a level, that year's growth, that year's figure)."""
    target = indicator.target_value
    if target is None:
        return None
    pace = PACE.get(_base_name(indicator.name), Decimal(1)) * WOBBLE[year % len(WOBBLE)]
    n = plan.target_year - plan.base_year
    k = year - plan.base_year
    if indicator.expression == Indicator.Expression.ANNUAL:
        return _q(target * pace, "0.1")
    if indicator.expression == Indicator.Expression.CUMULATIVE:
        return _q(target / n * pace)
    baseline = indicator.baseline_value
    if baseline is None:
        return None
    if indicator.target_operator and keeps(indicator.target_operator, baseline, target):
        # A line to hold: drift a little towards it, never across.
        return _q(baseline + (target - baseline) * Decimal(k) / Decimal(n * 3))
    if path_kind_for_unit(indicator.unit) == PathKind.COMPOUND and baseline > 0 and target > 0:
        path = baseline * (target / baseline) ** (Decimal(k) / Decimal(n))
    else:
        path = baseline + (target - baseline) * Decimal(k) / Decimal(n)
    return _q(baseline + (path - baseline) * pace, "0.001")


def adopt(plan: Plan, coordinator) -> None:
    """The outline as adopted: its drafts dated as the real ones were, the approval
    line, and the version frozen at adoption (what a later 规划调整 is compared with)."""
    from apps.review.actions import document_snapshot
    from apps.review.models import DocumentVersion

    outline = plan.outline
    Document.objects.filter(pk=outline.pk).update(
        stage=Document.Stage.ADOPTED,
        stage_dates=STAGE_DATES,
        approved_on=APPROVED_ON,
        approved_by=APPROVED_BY,
    )
    outline.refresh_from_db()
    DocumentVersion.objects.create(
        document=outline,
        stage=Document.Stage.ADOPTED,
        name="审议通过稿",
        created_by=coordinator,
        snapshot=document_snapshot(outline),
    )


def seed_monitoring(plan: Plan, coordinator) -> None:
    for year in YEARS:
        period = actions.year_open(
            plan, year=year, due_date=datetime.date(year + 1, 3, 31), actor=coordinator
        )
        _indicators(plan, period, coordinator)
        _projects(plan, period, coordinator)
        if year in LOCKED:
            MonitoringYear.objects.filter(pk=period.pk).update(
                status=MonitoringYear.Status.LOCKED,
                locked_at=timezone.make_aware(datetime.datetime(year + 1, 4, 20, 10)),
            )


def _indicators(plan: Plan, period: MonitoringYear, coordinator) -> None:
    rows = list(
        IndicatorValue.objects.filter(period=period).select_related("indicator", "department")
    )
    open_year = period.year not in LOCKED
    for i, row in enumerate(rows):
        indicator = row.indicator
        row.value = actual_for(indicator, plan, period.year)
        row.source = SOURCES.get(indicator.unit, "县统计局及行业主管部门")
        if row.value is None:
            row.progress_text = "与经济增长基本同步，城乡收入差距继续缩小"
            row.judged = "on_track"
        row.updated_by = coordinator
        row.submitted_at = timezone.make_aware(datetime.datetime(period.year + 1, 3, 20, 9))
        row.state = ReportState.ACCEPTED
        if open_year:
            # 2023: a third still owed (教育局's among them), a few waiting for review,
            # one sent back.
            department = row.department.name if row.department else ""
            if department == "教育局" or i % 3 == 0:
                row.value, row.progress_text, row.judged = None, "", ""
                row.state, row.submitted_at = ReportState.OWED, None
            elif i % 5 == 1:
                row.state = ReportState.RETURNED
                row.return_reason = "请与统计公报核对，并注明数据口径。"
            elif i % 2:
                row.state = ReportState.SUBMITTED
    IndicatorValue.objects.bulk_update(
        rows,
        [
            "value",
            "progress_text",
            "judged",
            "source",
            "state",
            "return_reason",
            "submitted_at",
            "updated_by",
        ],
    )


def _projects(plan: Plan, period: MonitoringYear, coordinator) -> None:
    year = period.year
    rows = list(ProjectProgress.objects.filter(period=period).select_related("project"))
    open_year = year not in LOCKED
    for i, row in enumerate(rows):
        project: MajorProject = row.project
        first = max(project.start_year, plan.base_year + 1)
        last = min(project.end_year, plan.target_year)
        span = max(last - first + 1, 1)
        share = (project.period_investment or Decimal(0)) / span
        row.status = ProjectStatus.PREPARING
        row.planned_investment = _q(share) if first <= year <= last else Decimal(0)
        row.completed_investment = Decimal(0)
        if i % 11 == 5 and project.start_year <= year:
            # Held up by land acquisition: started but stopped.
            row.status = ProjectStatus.SUSPENDED
            row.started_on = datetime.date(project.start_year, 6, 1)
            row.completed_investment = _q(share * Decimal("0.2")) if year == first else 0
        elif i % 7 == 3:
            # Still in preparation, a year or more behind its schedule.
            row.completed_investment = Decimal(0)
        elif project.start_year <= year:
            row.status = ProjectStatus.BUILDING
            row.started_on = datetime.date(project.start_year, 3, 15)
            pace = Decimal("0.9") if i % 4 else Decimal("0.7")
            row.completed_investment = _q(share * pace) if year <= last else Decimal(0)
            if project.end_year <= year and i % 4:
                row.status = ProjectStatus.COMPLETED
                row.completed_on = datetime.date(project.end_year, 11, 30)
        row.state = ReportState.ACCEPTED
        row.updated_by = coordinator
        if open_year and i % 2:
            row.state = ReportState.OWED
            row.planned_investment = row.completed_investment = None
    ProjectProgress.objects.bulk_update(
        rows,
        [
            "status",
            "planned_investment",
            "completed_investment",
            "started_on",
            "completed_on",
            "state",
            "updated_by",
        ],
    )


# The mid-term evaluation report, half written ------------------------------------

REPORT_STARTED = "2023-09-12"
# What the planning office has drafted so far; the task, project, problem and
# outlook chapters are still empty, as they wait for the departments' material.
REPORT_TEXTS = {
    "report_preface": (
        "按照县人大常委会的安排，县发展和改革局会同各部门对《纲要》实施两年多来的情况开展了中期评估。"
        "评估以2021年至2023年的年度监测数据为基础，结合部门自评、重点项目现场核查和企业问卷，"
        "对主要指标、重点任务和重大项目逐项对照。",
    ),
    "overall_summary": (
        "总体看，《纲要》确定的发展目标和重点任务推进基本符合预期。地区生产总值、城镇化率、"
        "居民收入等多数指标达到时序进度，数字经济、政务服务和创新平台建设快于预期。",
        "受外部需求收缩和消费恢复偏慢等因素影响，进出口、社会消费品零售和高新技术企业培育"
        "等指标进度滞后，部分重大项目因用地和资金原因推迟开工。",
    ),
    "implementation_mechanism": (
        "《纲要》印发后，县政府将主要指标和重点任务分解到牵头部门，建立了年度监测和半年调度制度；"
        "年度计划、财政预算和项目安排与《纲要》的衔接逐步加强。",
    ),
    "indicator_progress": (
        "纳入监测的主要指标中，多数指标达到或快于时序进度，详见下表。"
        "滞后指标的原因和应对措施在“存在的问题”一章中逐项说明。",
    ),
}
REPORT_LEADS = {
    "overall_progress": "drc",
    "overall_summary": "drc",
    "implementation_mechanism": "drc",
    "indicator_progress": "statistics",
    "task_progress_economy": "industry",
    "task_progress_urban_rural": "natural_resources",
    "task_progress_people": "hrss",
    "project_progress": "drc",
    "problems": "drc",
}


def seed_midterm_report(plan: Plan, coordinator, departments: dict) -> Document:
    """The 中期评估报告 as it stood in autumn 2023: started from the template,
    chapters assigned, the planning office's own parts drafted, the statistics
    bureau countersigning the overview."""
    import html

    from apps.plans.actions import report_create
    from apps.plans.models import OutlineNode
    from apps.review.actions import node_submit

    report = report_create(plan, kind=Document.Kind.MIDTERM, created_by=coordinator)
    Document.objects.filter(pk=report.pk).update(stage_dates={"report_draft": REPORT_STARTED})
    nodes = list(report.nodes.all())
    for node in nodes:
        lead = departments.get(REPORT_LEADS.get(node.key, ""))
        paragraphs = REPORT_TEXTS.get(node.key)
        if paragraphs:
            node.set_body("".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs))
            node.updated_by = coordinator
        node.lead_department = lead
        if lead is not None:
            node.due_date = datetime.date(2023, 10, 31)
    OutlineNode.objects.bulk_update(
        nodes, ["body", "body_length", "updated_by", "lead_department", "due_date"]
    )
    summary = next(n for n in nodes if n.key == "overall_summary")
    summary.reviewing_departments.set(
        [d for d in (departments.get("statistics"), departments.get("finance")) if d]
    )
    node_submit(summary, actor=coordinator)
    report.refresh_from_db()
    return report
