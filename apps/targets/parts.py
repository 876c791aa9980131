from django.utils.translation import gettext_lazy as _

from apps.plans import indexing
from apps.plans.imports import ImportColumn
from apps.plans.parts import (
    Column,
    NodePanel,
    OverviewSection,
    Part,
    register_node_panel,
    register_overview_section,
    register_plan_initialiser,
    registry,
)
from apps.plans.stamp import register_stamped_model
from apps.targets.charts import charts_for_table
from apps.targets.forms import (
    IndicatorCategoryForm,
    IndicatorForm,
    PeriodTargetForm,
    VisionItemForm,
)
from apps.targets.models import (
    DEFAULT_CATEGORIES,
    Indicator,
    IndicatorCategory,
    PeriodTarget,
    VisionItem,
)
from apps.targets.tables import indicator_table

GROUP = _("目标与指标")


def _set_national_code(indicator, cell) -> None:
    indicator.national_code = str(cell or "").strip()[:20]


# The indicator table as rows come in: what the form shows, and the national code,
# which links a row to the national outline's indicator and no form edits.
INDICATOR_COLUMNS = (
    ImportColumn("category", _("类别"), "category", aliases=("指标类别",)),
    ImportColumn("name", _("指标名称"), "name", aliases=("指标",), kind="name"),
    ImportColumn("unit", _("单位"), "unit", aliases=("计量单位",)),
    ImportColumn("baseline_value", _("基期值"), "baseline_value", aliases=("基期年值", "现状值")),
    ImportColumn("baseline_data_year", _("基期数据年份"), "baseline_data_year", kind="year"),
    ImportColumn("expression", _("表述方式"), "expression"),
    ImportColumn(
        "target_input",
        _("目标值"),
        "target_input",
        export=lambda o: o.target_display(),
        aliases=("规划目标值", "目标年值"),
        help=_("数字、不等式（≥6.5）、五年累计值写在〔 〕内，或文字目标。"),
    ),
    ImportColumn("vision_value", _("远景年值"), "vision_value", aliases=("远景值",)),
    ImportColumn("attribute", _("属性"), "attribute", aliases=("指标属性",)),
    ImportColumn(
        "source_department", _("数据来源部门"), "source_department", aliases=("数据来源",)
    ),
    ImportColumn("target", _("对应阶段目标"), "target"),
    ImportColumn("node", _("所在章节"), "node"),
    ImportColumn("note", _("备注"), "note", kind="long"),
    ImportColumn(
        "national_code",
        _("对应国家指标"),
        assign=_set_national_code,
        export=lambda o: o.national_code,
    ),
)

registry.register(
    Part(
        slug="vision-items",
        label=_("远景目标"),
        model=VisionItem,
        form_class=VisionItemForm,
        group=GROUP,
        description=_("倒排的起点：按维度描绘远景年要达到的状态，再分解为阶段目标。"),
        columns=(
            Column(_("维度"), lambda o: o.get_dimension_display()),
            Column(_("远景目标"), lambda o: o.title),
        ),
        node_key="vision",
        order=10,
    )
)
registry.register(
    Part(
        slug="period-targets",
        label=_("阶段目标"),
        model=PeriodTarget,
        form_class=PeriodTargetForm,
        group=GROUP,
        description=_("每条远景目标在规划期内要达到的阶段目标，每个阶段目标至少配一项指标。"),
        columns=(
            Column(_("远景目标"), lambda o: o.vision_item.title),
            Column(_("阶段目标"), lambda o: o.title),
        ),
        node_key="period_targets",
        select_related=("vision_item",),
        order=11,
    )
)
registry.register(
    Part(
        slug="indicators",
        label=_("主要指标"),
        model=Indicator,
        form_class=IndicatorForm,
        group=GROUP,
        description=_("主要指标表的各行：基期值、目标值、表述方式和属性。"),
        columns=(
            Column(_("类别"), lambda o: o.category.name),
            Column(_("指标（单位）"), lambda o: o.name_with_unit),
            Column(_("基期值"), lambda o: o.baseline_display(), "text-end"),
            Column(_("目标年"), lambda o: o.target_year_cell(), "text-end"),
            Column(_("年均〔累计〕"), lambda o: o.change_cell(), "text-end"),
            Column(_("属性"), lambda o: o.get_attribute_display()),
        ),
        node_key="period_targets",
        select_related=("category", "plan"),
        form_template="targets/indicator_form.html",
        import_columns=INDICATOR_COLUMNS,
        spreadsheet=True,
        order=12,
    )
)
registry.register(
    Part(
        slug="indicator-categories",
        label=_("指标类别"),
        model=IndicatorCategory,
        form_class=IndicatorCategoryForm,
        group=GROUP,
        description=_("主要指标表的分组，默认与国家纲要一致，可按本地需要调整。"),
        columns=(
            Column(_("类别名称"), lambda o: o.name),
            Column(_("排序"), lambda o: o.position),
        ),
        has_node=False,
        order=13,
    )
)


@register_plan_initialiser
def create_default_categories(plan) -> None:
    categories = IndicatorCategory.objects.bulk_create(
        IndicatorCategory(plan=plan, name=name, position=i)
        for i, name in enumerate(DEFAULT_CATEGORIES, start=1)
    )
    indexing.items_changed(*categories)


def indicator_panel(plan) -> dict:
    table = indicator_table(plan, extra_notes=plan.outline.indicator_notes.splitlines())
    return {**table, "indicator_charts": charts_for_table(plan, table)}


register_node_panel(
    "annex_indicators",
    NodePanel(template="targets/_indicator_table.html", context=indicator_panel),
)

register_overview_section(
    OverviewSection(
        "targets/_overview_charts.html",
        lambda request, plan, access: indicator_panel(plan),
        order=20,
        by_content=True,
    )
)

# The categories are not a part but shape the indicator table, charts and checks.
register_stamped_model(IndicatorCategory)
