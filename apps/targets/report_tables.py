"""The evaluation report's 主要指标完成情况 table, until yearly monitoring data
replace it: the indicators as the adopted outline set them (baseline, target,
attribute), placed by node key (apps/plans/parts.py, register_computed_table).

The yearly monitoring registers its own table for the same key, with the actual
values and the 提前实现 / 快于预期 / 基本符合预期 / 滞后 judgement; this one is the
fallback, so a report exported before any monitoring still prints the targets it
is judged against.
"""

from django.utils.translation import gettext as _

from apps.plans.parts import ComputedTable, register_computed_table
from apps.plans.report_templates import INDICATOR_PROGRESS
from apps.targets.tables import indicator_table


def indicator_targets_table(document) -> ComputedTable | None:
    plan = document.plan
    table = indicator_table(plan)
    groups = [
        (
            str(group.category.name),
            [
                (
                    str(seq),
                    indicator.name_with_unit,
                    indicator.baseline_display(),
                    indicator.target_year_cell(),
                    indicator.change_cell(),
                    str(indicator.get_attribute_display()),
                )
                for seq, indicator in group.rows
            ],
        )
        for group in table["indicator_groups"]
    ]
    notes = [
        *table["indicator_notes"],
        _("本表列出规划纲要确定的基期值和目标值；录入年度监测数据后，表中列出实际值和完成情况。"),
    ]
    return ComputedTable(
        title=_("“%(period)s”规划主要指标完成情况") % {"period": plan.period_name},
        columns=(
            _("序号"),
            _("指标"),
            _("%(year)s年") % {"year": plan.base_year},
            _("%(year)s年目标") % {"year": plan.target_year},
            _("年均增长〔累计〕"),
            _("属性"),
        ),
        groups=groups,
        notes=tuple(notes),
        numeric=frozenset({2, 3, 4}),
        empty_text=_("规划尚未录入主要指标。"),
    )


register_computed_table(INDICATOR_PROGRESS, indicator_targets_table, fallback=True)
