"""The evaluation report's computed tables from the yearly monitoring: every
indicator with its base, target, actual by year and standing, and the major
projects rolled up; placed in the report's nodes by key and computed when the
report is printed (apps/plans/parts.py, register_computed_table). Only values the
planning office has accepted are printed: a report states reviewed figures.
"""

from django.utils.translation import gettext as _

from apps.core.cells import number_text
from apps.delivery.report_tables import project_plan_table
from apps.monitoring.summary import indicator_board, project_board, tolerance_for
from apps.plans.parts import ComputedTable, register_computed_table
from apps.plans.report_templates import INDICATOR_PROGRESS, PROJECT_PROGRESS
from apps.targets.report_tables import indicator_targets_table


def _rate(value) -> str:
    return f"{value}%" if value is not None else "—"


def indicator_progress_table(document) -> ComputedTable | None:
    plan = document.plan
    tolerance = tolerance_for(plan)
    board = indicator_board(plan, tolerance=tolerance, accepted_only=True)
    if not board.years:
        # No monitoring yet: the targets the report will be judged against.
        return indicator_targets_table(document)
    groups: dict[str, list[tuple[str, ...]]] = {}
    for seq, line in enumerate(board.lines, start=1):
        indicator = line.indicator
        cells = [number_text(c.value) if c.value is not None else "—" for c in line.cells]
        latest = line.latest
        standing = latest.label if latest else _("无法判断")
        if line.warning:
            standing = _("%(label)s（约束性）") % {"label": standing}
        groups.setdefault(str(indicator.category.name), []).append(
            (
                str(seq),
                indicator.name_with_unit,
                indicator.baseline_display(),
                indicator.target_display() or "—",
                *cells,
                standing,
            )
        )
    years = [_("%(year)s年") % {"year": y} for y in board.years]
    notes = (
        _(
            "完成情况按%(last)s年实际值对照时序进度判断：完成进度与时序进度相差不超过"
            "%(t)s个百分点为基本符合预期，超出为快于预期，低于为滞后；期末目标已经达到的为提前实现。"
        )
        % {"last": board.years[-1], "t": number_text(tolerance)},
        _("年均增长类指标填报当年增速，累计类指标填报当年数值；文字目标由规划办判断。"),
        _("“—”表示该年数据尚未报送或尚未审核。"),
    )
    first_year_column = 4
    return ComputedTable(
        title=_("“%(period)s”规划主要指标完成情况") % {"period": plan.period_name},
        columns=(
            _("序号"),
            _("指标"),
            _("基期值"),
            _("目标"),
            *years,
            _("完成情况"),
        ),
        groups=list(groups.items()),
        notes=notes,
        numeric=frozenset({2, *range(first_year_column, first_year_column + len(years))}),
        # The target may be a phrase (与经济增长基本同步): it wraps like the name.
        wrap=frozenset({1, 3}),
        empty_text=_("规划尚未录入主要指标。"),
    )


def project_progress_table(document) -> ComputedTable | None:
    plan = document.plan
    board = project_board(plan, accepted_only=True)
    if board.year is None:
        return project_plan_table(document)
    columns = (
        _("分组"),
        _("项目数"),
        _("期内计划投资（万元）"),
        _("累计完成（万元）"),
        _("投资完成率"),
        _("开工率"),
        _("完工率"),
    )

    def row(r):
        return (
            r.label,
            str(r.count),
            number_text(r.period_investment),
            number_text(r.completed),
            _rate(r.completion_rate),
            _rate(r.start_rate),
            _rate(r.finish_rate),
        )

    statuses = "，".join(f"{label}{n}个" for _key, label, n in board.status_rows if n)
    return ComputedTable(
        title=_("“%(period)s”规划重大项目建设情况（截至%(year)s年）")
        % {"period": plan.period_name, "year": board.year},
        columns=columns,
        groups=[
            (_("按项目类别"), [row(r) for r in board.by_category]),
            (_("按要事/大事/实事"), [row(r) for r in board.by_significance]),
            ("", [row(board.total)]),
        ],
        notes=(
            _(
                "时序进度%(s)s%%：投资完成率为累计完成投资占期内计划投资的比例；开工率、完工率"
                "分别以计划在%(year)s年前开工、完工的项目为基数。"
            )
            % {"s": board.schedule_rate, "year": board.year},
            _("项目状态：%(s)s。") % {"s": statuses or _("尚无报送")},
        ),
        numeric=frozenset(range(1, 7)),
        wrap=frozenset({0}),
        empty_text=_("规划尚未录入重大项目。"),
    )


register_computed_table(INDICATOR_PROGRESS, indicator_progress_table)
register_computed_table(PROJECT_PROGRESS, project_progress_table)
