from django.utils.translation import gettext_lazy as _

from apps.delivery.charts import charts_for_table
from apps.delivery.forms import KeyTaskForm, MajorProjectForm, PolicyToolForm
from apps.delivery.models import KeyTask, MajorProject, PolicyTool
from apps.delivery.tables import project_table
from apps.plans.parts import (
    Column,
    NodePanel,
    OverviewSection,
    Part,
    register_node_panel,
    register_overview_section,
    registry,
)
from apps.targets.models import format_number

GROUP = _("任务与项目")

# The chapter of the standard outline that presents each task area.
TASK_AREA_NODES = {
    KeyTask.Area.SPATIAL: "spatial",
    KeyTask.Area.INNOVATION: "task_innovation",
    KeyTask.Area.INDUSTRY: "task_industry",
    KeyTask.Area.ECOLOGY: "task_ecology",
    KeyTask.Area.INFRASTRUCTURE: "task_infrastructure",
    KeyTask.Area.URBAN_RURAL: "task_rural",
    KeyTask.Area.LIVELIHOOD: "task_livelihood",
    KeyTask.Area.OPENING: "task_opening",
    KeyTask.Area.REFORM: "task_reform",
}

# The chapter whose 专栏 box shows a project of each category.
PROJECT_CATEGORY_NODES = {
    MajorProject.Category.INDUSTRY: "task_industry",
    MajorProject.Category.PLATFORM: "task_industry",
    MajorProject.Category.AGRICULTURE: "task_rural",
    MajorProject.Category.CULTURE_TOURISM: "task_industry",
    MajorProject.Category.TRANSPORT: "task_infrastructure",
    MajorProject.Category.ENERGY: "task_infrastructure",
    MajorProject.Category.WATER: "task_infrastructure",
    MajorProject.Category.NEW_INFRA: "task_infrastructure",
    MajorProject.Category.URBAN_RURAL: "task_urbanisation",
    MajorProject.Category.ECOLOGY: "task_ecology",
    MajorProject.Category.SOCIAL: "task_livelihood",
    MajorProject.Category.REFORM: "task_reform",
}


def _names(items) -> str:
    return "、".join(str(item) for item in items)


registry.register(
    Part(
        slug="key-tasks",
        label=_("重点任务"),
        model=KeyTask,
        form_class=KeyTaskForm,
        group=GROUP,
        description=_("按领域安排的重点任务，写明牵头和配合部门、服务的指标和依赖的任务。"),
        columns=(
            Column(_("领域"), lambda o: o.get_area_display()),
            Column(_("任务"), lambda o: o.title),
            Column(_("牵头部门"), lambda o: o.lead_department or "—"),
            Column(_("配合部门"), lambda o: _names(o.cooperating_departments.all())),
            Column(_("服务指标"), lambda o: len(o.indicators.all())),
            Column(_("期限"), lambda o: o.get_horizon_display()),
        ),
        node_key="task_innovation",
        node_key_for=lambda o: TASK_AREA_NODES.get(o.area, ""),
        select_related=("lead_department",),
        prefetch_related=("cooperating_departments", "indicators"),
        order=20,
    )
)
registry.register(
    Part(
        slug="major-projects",
        label=_("重大项目"),
        model=MajorProject,
        form_class=MajorProjectForm,
        group=GROUP,
        description=_("要事、大事、实事三类重大工程项目，投资以万元计。"),
        columns=(
            Column(_("项目"), lambda o: o.name),
            Column(_("分类"), lambda o: o.get_significance_display()),
            Column(_("类别"), lambda o: o.category_label),
            Column(_("起止年份"), lambda o: f"{o.start_year}—{o.end_year}"),
            Column(_("总投资"), lambda o: format_number(o.total_investment), "text-end"),
            Column(_("期内投资"), lambda o: format_number(o.period_investment), "text-end"),
            Column(_("责任单位"), lambda o: o.lead_unit),
        ),
        node_key="major_projects",
        # Findings about the projects as a whole point to the project table.
        summary_node_key="annex_projects",
        node_key_for=lambda o: PROJECT_CATEGORY_NODES.get(o.category, ""),
        order=21,
    )
)
registry.register(
    Part(
        slug="policy-tools",
        label=_("政策工具"),
        model=PolicyTool,
        form_class=PolicyToolForm,
        group=GROUP,
        description=_("上级政策和本级政策工具，以及它们支撑的重点任务。"),
        columns=(
            Column(_("政策"), lambda o: o.name),
            Column(_("来源"), lambda o: o.get_origin_display()),
            Column(_("类型"), lambda o: o.get_kind_display()),
            Column(_("支撑任务"), lambda o: len(o.tasks.all())),
        ),
        node_key="policy_tools",
        prefetch_related=("tasks",),
        order=22,
    )
)


def project_panel(plan) -> dict:
    table = project_table(plan)
    return {**table, "investment": charts_for_table(plan, table)}


register_node_panel(
    "annex_projects",
    NodePanel(template="delivery/_project_table.html", context=project_panel),
)

register_overview_section(
    OverviewSection(
        "delivery/_overview_investment.html",
        lambda request, plan, access: project_panel(plan),
        order=30,
        by_content=True,
    )
)
