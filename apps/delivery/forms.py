from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.delivery.models import KeyTask, MajorProject, PolicyTool
from apps.plans.forms import PlanItemForm


def find_cycle(edges: dict[int, set[int]], start: int) -> list[int] | None:
    """A path start → … → start through ``edges`` (task → tasks it depends on), if any."""
    stack: list[tuple[int, list[int]]] = [(dep, [start, dep]) for dep in edges.get(start, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node == start:
            return path
        if node in seen:
            continue
        seen.add(node)
        stack.extend((dep, [*path, dep]) for dep in edges.get(node, ()))
    return None


class KeyTaskForm(PlanItemForm):
    coordinator_fields = ("lead_department",)
    layout_rows = (
        ("area", "horizon", "node"),
        ("title",),
        ("description",),
        ("lead_department",),
        ("cooperating_departments",),
        ("indicators",),
        ("advantages",),
        ("depends_on",),
    )

    class Meta:
        model = KeyTask
        fields = [
            "area",
            "title",
            "description",
            "lead_department",
            "cooperating_departments",
            "indicators",
            "advantages",
            "depends_on",
            "horizon",
            "node",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.multi_checkbox("cooperating_departments", "indicators", "advantages", "depends_on")

    def clean(self):
        data = super().clean()
        lead = data.get("lead_department", self.instance.lead_department)
        cooperating = data.get("cooperating_departments") or []
        if lead and lead in cooperating:
            self.add_error("cooperating_departments", _("牵头部门不需要再列为配合部门。"))
        depends = data.get("depends_on")
        if depends and self.instance.pk:
            through = KeyTask.depends_on.through
            edges: dict[int, set[int]] = {}
            for src, dst in through.objects.filter(from_keytask__plan=self.plan).values_list(
                "from_keytask_id", "to_keytask_id"
            ):
                edges.setdefault(src, set()).add(dst)
            edges[self.instance.pk] = {task.pk for task in depends}
            cycle = find_cycle(edges, self.instance.pk)
            if cycle:
                titles = dict(KeyTask.objects.filter(pk__in=cycle).values_list("pk", "title"))
                self.add_error(
                    "depends_on",
                    _("这样会形成循环依赖：%(path)s。")
                    % {"path": " → ".join(titles[i] for i in cycle)},
                )
        return data


class MajorProjectForm(PlanItemForm):
    layout_rows = (
        ("name",),
        ("significance", "category", "new_infra_kind"),
        ("nature", "level", "location"),
        ("content_scale",),
        ("start_year", "end_year", "total_investment", "period_investment"),
        (
            "funding_government",
            "funding_special_bonds",
            "funding_social",
            "funding_loans",
            "funding_other",
        ),
        ("lead_unit", "cooperating_units"),
        ("preparation", "higher_library"),
        ("key_task", "node"),
    )

    class Meta:
        model = MajorProject
        fields = [
            "name",
            "significance",
            "category",
            "new_infra_kind",
            "nature",
            "level",
            "location",
            "content_scale",
            "start_year",
            "end_year",
            "total_investment",
            "period_investment",
            *MajorProject.FUNDING_FIELDS,
            "lead_unit",
            "cooperating_units",
            "preparation",
            "higher_library",
            "key_task",
            "node",
        ]
        widgets = {"content_scale": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("完工年份不能早于开工年份。"))
        self._check_period(data.get("nature"), start, end)
        total, in_period = data.get("total_investment"), data.get("period_investment")
        if total is not None and in_period is not None and in_period > total:
            self.add_error("period_investment", _("规划期内投资不能超过总投资。"))
        if total is not None and all(f in data for f in MajorProject.FUNDING_FIELDS):
            funding = sum((data[f] or Decimal(0) for f in MajorProject.FUNDING_FIELDS), Decimal(0))
            if funding > total:
                self.add_error(
                    "funding_government",
                    _("各来源资金合计 %(sum)s 万元，超过了总投资 %(total)s 万元。")
                    % {"sum": funding.normalize(), "total": total.normalize()},
                )
        category, kind = data.get("category"), data.get("new_infra_kind")
        if category == MajorProject.Category.NEW_INFRA and not kind:
            self.add_error("new_infra_kind", _("新型基础设施项目请选择新基建类型。"))
        if category and category != MajorProject.Category.NEW_INFRA and kind:
            self.add_error("new_infra_kind", _("只有“新型基础设施”类项目需要选择新基建类型。"))
        return data

    def _check_period(self, nature, start, end) -> None:
        """A project of this plan is built in its period: a 新建 one starts in
        it, a 续建 one started before it, none was finished before it began."""
        first = self.plan.base_year + 1
        years = {"first": first}
        if end and end < first:
            self.add_error(
                "end_year",
                _("项目在规划期开始（%(first)s年）前已完工，不应列入本规划的重大项目。") % years,
            )
        elif nature == MajorProject.Nature.NEW and start and start < first:
            self.add_error(
                "start_year",
                _("新建项目应在规划期内开工（%(first)s年及以后）；规划期前已开工的请选“续建”。")
                % years,
            )
        elif nature == MajorProject.Nature.CONTINUING and start and start >= first:
            self.add_error(
                "start_year",
                _(
                    "续建项目是规划期前已开工的项目，开工年份应早于%(first)s年；规划期内开工的请选“新建”。"
                )
                % years,
            )


class PolicyToolForm(PlanItemForm):
    layout_rows = (("name",), ("origin", "kind", "issuer"), ("description",), ("tasks",), ("node",))

    class Meta:
        model = PolicyTool
        fields = ["name", "origin", "kind", "issuer", "description", "tasks", "node"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.multi_checkbox("tasks")
