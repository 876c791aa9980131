from django.utils.translation import gettext_lazy as _

from apps.core.cells import year, year_span
from apps.delivery.charts import charts_for_table
from apps.delivery.forms import KeyTaskForm, MajorProjectForm, PolicyToolForm
from apps.delivery.models import KeyTask, MajorProject, PolicyTool
from apps.delivery.tables import project_table
from apps.plans.imports import ImportColumn
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


def _years(cell) -> dict:
    start, end = year_span(cell)
    return {"start_year": start, "end_year": end}


def _start(cell) -> dict:
    return {"start_year": year(cell)}


def _end(cell) -> dict:
    return {"end_year": year(cell)}


def _money(field: str, label, *aliases: str) -> ImportColumn:
    return ImportColumn(field, label, field, kind="money", aliases=aliases)


# The project library as departments fill it: the columns of the usual county
# template (项目名称、建设性质、建设规模及内容、建设起止年限、总投资…), in its order.
PROJECT_COLUMNS = (
    ImportColumn("name", _("项目名称"), "name", aliases=("名称", "项目"), kind="name"),
    ImportColumn("significance", _("要事/大事/实事"), "significance", aliases=("分类", "项目分类")),
    ImportColumn("category", _("项目类别"), "category", aliases=("类别", "行业类别", "所属领域")),
    ImportColumn("new_infra_kind", _("新基建类型"), "new_infra_kind"),
    ImportColumn("nature", _("建设性质"), "nature"),
    ImportColumn("level", _("项目层级"), "level"),
    ImportColumn("location", _("建设地点"), "location"),
    ImportColumn(
        "content_scale",
        _("建设规模及内容"),
        "content_scale",
        aliases=("建设内容及规模", "建设内容", "主要建设内容", "建设规模"),
        kind="long",
    ),
    ImportColumn(
        "years",
        _("建设起止年限"),
        split=_years,
        export=lambda o: f"{o.start_year}-{o.end_year}",
        aliases=("起止年限", "建设年限", "建设期限", "起止年份"),
        help=_("写作“2021-2025”；只在一年内建成的写一个年份。"),
    ),
    ImportColumn(
        "start_year", _("开工年份"), split=_start, aliases=("开工年", "开工时间"), in_template=False
    ),
    ImportColumn(
        "end_year", _("完工年份"), split=_end, aliases=("竣工年份", "建成年份"), in_template=False
    ),
    _money("total_investment", _("总投资（万元）"), "项目总投资", "计划总投资"),
    _money(
        "period_investment",
        _("规划期内投资（万元）"),
        "规划期内计划投资",
        "期内投资",
        "十四五期间投资",
        "十五五期间投资",
        "规划期投资",
    ),
    _money("funding_government", _("政府投资（万元）"), "财政资金", "政府投资资金"),
    _money("funding_special_bonds", _("专项债（万元）"), "专项债券", "地方政府专项债券"),
    _money("funding_social", _("社会资本（万元）"), "社会投资", "企业自筹"),
    _money("funding_loans", _("银行贷款（万元）"), "贷款"),
    _money("funding_other", _("其他资金（万元）"), "其他"),
    ImportColumn(
        "lead_unit", _("责任单位"), "lead_unit", aliases=("牵头单位", "责任部门", "主管单位")
    ),
    ImportColumn("cooperating_units", _("配合单位"), "cooperating_units"),
    ImportColumn("preparation", _("前期工作进展"), "preparation", aliases=("前期工作", "前期进展")),
    ImportColumn(
        "higher_library",
        _("已入上级项目库"),
        "higher_library",
        aliases=("是否已入上级项目库", "入库情况", "是否入库"),
    ),
    ImportColumn("key_task", _("支撑的重点任务"), "key_task", aliases=("重点任务",)),
    ImportColumn("node", _("所在章节"), "node"),
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
            Column(_("起止年份"), lambda o: f"{o.start_year}—{o.end_year}", "text-nowrap"),
            Column(_("总投资"), lambda o: format_number(o.total_investment), "text-end"),
            Column(_("期内投资"), lambda o: format_number(o.period_investment), "text-end"),
            Column(_("责任单位"), lambda o: o.lead_unit),
        ),
        node_key="major_projects",
        # Findings about the projects as a whole point to the project table.
        summary_node_key="annex_projects",
        node_key_for=lambda o: PROJECT_CATEGORY_NODES.get(o.category, ""),
        import_columns=PROJECT_COLUMNS,
        spreadsheet=True,
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
