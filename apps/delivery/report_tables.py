"""The evaluation report's 重大项目建设情况 table, until yearly monitoring data
replace it: the plan's major projects with their planned years and investment,
placed by node key (apps/plans/parts.py, register_computed_table). The yearly
monitoring registers its own table for the key, with the investment completed.
"""

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from apps.delivery.tables import project_table
from apps.plans.parts import ComputedTable, register_computed_table
from apps.plans.report_templates import PROJECT_PROGRESS


def project_plan_table(document) -> ComputedTable | None:
    plan = document.plan
    table = project_table(plan)
    groups = []
    seq = 0
    for group in table["project_groups"]:
        rows = []
        for project in group.projects:
            seq += 1
            rows.append(
                (
                    str(seq),
                    project.name,
                    f"{project.start_year}—{project.end_year}",
                    floatformat(project.total_investment, 0),
                    floatformat(project.period_investment, 0),
                    project.lead_unit,
                )
            )
        groups.append((str(group.label), rows))
    notes = []
    if table["project_count"]:
        notes.append(
            _("共%(n)s个项目，总投资%(total)s万元，其中规划期内投资%(in_period)s万元。")
            % {
                "n": table["project_count"],
                "total": floatformat(table["project_total"], 0),
                "in_period": floatformat(table["project_in_period"], 0),
            }
        )
    notes.append(_("录入年度监测数据后，表中列出各项目的完成投资和建设进度。"))
    return ComputedTable(
        title=_("“%(period)s”规划重大项目建设情况") % {"period": plan.period_name},
        columns=(
            _("序号"),
            _("项目名称"),
            _("建设年限"),
            _("总投资（万元）"),
            _("期内投资（万元）"),
            _("责任单位"),
        ),
        groups=groups,
        notes=tuple(notes),
        numeric=frozenset({3, 4}),
        wrap=frozenset({1, 5}),
        empty_text=_("规划尚未录入重大项目。"),
    )


register_computed_table(PROJECT_PROGRESS, project_plan_table, fallback=True)
