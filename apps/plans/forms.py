from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Department
from apps.core.apps import EMPTY_CHOICE_LABEL
from apps.core.text import MAX_BODY_CHARS, MarkupTooComplex, quotable, sanitize_html
from apps.plans.models import Document, OutlineNode, Plan
from apps.plans.outline import numbered, parent_allowed
from apps.plans.outline_templates import PLAN_TEMPLATES


class NumberInput(forms.TextInput):
    """A text box for numbers: unlike <input type=number>, a mistyped value such as
    “12a” reaches the server, so the form can say what is wrong and keep the text."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        # A stored 200.0000 is shown as the 200 that was typed.
        if isinstance(value, Decimal):
            text = format(value.normalize(), "f")
            return "0" if text == "-0" else text
        return super().format_value(value)


def decimal_limit_messages(field) -> dict[str, str]:
    """What a number too long for its column is told, in the column's own terms
    (Django's message counts all digits: “不超过 20 个数字”)."""
    return _limit_messages(field.max_digits, field.decimal_places, get_language())


@lru_cache(maxsize=64)
def _limit_messages(max_digits: int, decimal_places: int, language) -> dict[str, str]:
    whole = max_digits - decimal_places
    limits = {"whole": whole, "places": decimal_places}
    too_long = _("数值超出范围：最多%(whole)s位整数、%(places)s位小数。") % limits
    return {
        "max_digits": too_long,
        "max_whole_digits": too_long,
        "max_decimal_places": _("最多保留%(places)s位小数。") % limits,
    }


def grid_layout(
    rows: tuple[tuple[str, ...], ...], fields: dict, boxed: frozenset[str] = frozenset()
) -> Layout:
    """A crispy layout with the given fields side by side per row; fields not
    named in ``rows`` follow one per row, so nothing is forgotten. ``boxed`` fields
    (long checkbox lists) go in a scrolling grid."""
    named = {name for row in rows for name in row}
    items = []
    for row in rows:
        present = [name for name in row if name in fields]
        if len(present) == 1 and present[0] in boxed:
            items.append(Div(present[0], css_class="checkbox-grid"))
        elif len(present) == 1:
            items.append(present[0])
        elif present:
            items.append(Row(*[Column(name, css_class="col-md") for name in present]))
    items.extend(name for name in fields if name not in named)
    return Layout(*items)


class PlanCreateForm(forms.Form):
    template = forms.ChoiceField(
        label=_("规划模板"),
        choices=[(key, tpl.name) for key, tpl in PLAN_TEMPLATES.items()],
    )
    base_year = forms.IntegerField(
        label=_("基期年"),
        min_value=1990,
        max_value=2095,
        widget=NumberInput,
        help_text=_("规划期前一年，例如“十四五”为2020年。"),
    )
    vision_year = forms.IntegerField(
        label=_("远景目标年"), min_value=1995, max_value=2100, widget=NumberInput
    )
    use_parts = forms.BooleanField(
        label=_("分篇编排（篇—章—节）"),
        required=False,
        initial=True,
        help_text=_("不勾选时只用章、节两级。"),
    )
    title = forms.CharField(
        label=_("规划名称"),
        max_length=120,
        required=False,
        help_text=_("留空时按行政区名称和规划期自动生成。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = grid_layout((("template",), ("base_year", "vision_year")), self.fields)

    def clean(self):
        data = super().clean()
        base, vision = data.get("base_year"), data.get("vision_year")
        if base is not None and (base + 5) % 5:
            self.add_error("base_year", _("五年规划的基期年应为5的整数倍，例如2020、2025。"))
        if base is not None and vision is not None and vision < base + 5:
            self.add_error("vision_year", _("远景目标年不能早于规划目标年（基期年+5）。"))
        return data


class DocumentSettingsForm(forms.ModelForm):
    """What a document calls itself, who issues it, the dates its cover carries and
    how its printed text is arranged (the settings page, with the plan's own
    settings below it in the same form)."""

    stage_date = forms.DateField(
        label=_("本稿日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("印在当前阶段文本封面上的日期；进入新阶段时自动记为当天。"),
    )

    class Meta:
        model = Document
        fields = [
            "title",
            "issuing_body",
            "approved_on",
            "approved_by",
            "empty_nodes",
            "indicators_placement",
            "indicator_notes",
        ]
        widgets = {
            "approved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "indicator_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        document = self.instance
        self.fields["issuing_body"].help_text = _("留空时为“%(name)s”。") % {
            "name": document.plan.county.issuing_body
        }
        self.fields["title"].help_text = _("默认按规划期命名；可改为本地正式文件名称。")
        self.fields["stage_date"].label = _("本稿（%(stage)s）日期") % {
            "stage": document.get_stage_display()
        }
        self.fields["stage_date"].initial = document.stage_date()
        self.fields["approved_on"].help_text = _(
            "审议通过后填写；封面印批准日期，标题下印批准说明。"
        )
        self.fields["empty_nodes"].help_text = _("审议通过的文本不印空白节点。")
        last_row: tuple[str, ...] = ("empty_nodes", "indicators_placement")
        if document.is_report:
            # A report prints no main-indicators table of the outline's kind.
            for name in ("indicators_placement", "indicator_notes"):
                del self.fields[name]
            last_row = ("empty_nodes",)
            self.fields["approved_on"].label = _("审议日期")
            self.fields["approved_by"].label = _("审议会议")
            self.fields["approved_on"].help_text = _(
                "人大常委会审议后填写；封面印审议日期，标题下印审议说明。"
            )
            self.fields["approved_by"].help_text = _("如：示范县第十八届人大常委会第十次会议。")
        # A form loaded before these choices existed keeps the stored ones.
        for name in self.KEPT_WHEN_MISSING:
            if name in self.fields:
                self.fields[name].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = grid_layout(
            (
                ("title",),
                ("issuing_body", "stage_date"),
                ("approved_on", "approved_by"),
                last_row,
            ),
            self.fields,
        )

    KEPT_WHEN_MISSING = ("empty_nodes", "indicators_placement")

    def _clean_kept(self, name):
        return self.cleaned_data.get(name) or getattr(self.instance, name)

    def clean_empty_nodes(self):
        return self._clean_kept("empty_nodes")

    def clean_indicators_placement(self):
        return self._clean_kept("indicators_placement")

    def clean_indicator_notes(self):
        notes = self.cleaned_data["indicator_notes"]
        return "\n".join(line.strip() for line in notes.splitlines() if line.strip())

    def clean(self):
        data = super().clean()
        if bool(data.get("approved_on")) != bool(data.get("approved_by")):
            self.add_error(
                "approved_by" if data.get("approved_on") else "approved_on",
                _("批准日期和批准会议要一起填写，封面的批准说明才完整。"),
            )
        return data

    def save(self, commit=True):
        document = super().save(commit=False)
        dates = {**document.stage_dates}
        day = self.cleaned_data.get("stage_date")
        if day:
            dates[document.stage] = day.isoformat()
        else:
            dates.pop(document.stage, None)
        document.stage_dates = dates
        if commit:
            document.save()
        return document


class PlanSettingsForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["backcast_tolerance", "fiscal_capacity"]
        widgets = {"backcast_tolerance": NumberInput, "fiscal_capacity": NumberInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField) and field.max_digits is not None:
                field.error_messages.update(decimal_limit_messages(field))
        self.helper = FormHelper()
        self.helper.form_tag = False


class NodeTextForm(forms.Form):
    body = forms.CharField(
        label=_("正文"),
        required=False,
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 18}),
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_body(self) -> str:
        try:
            return sanitize_html(self.cleaned_data["body"])
        except MarkupTooComplex as exc:
            raise forms.ValidationError(str(exc)) from exc


class NodeOutlineForm(forms.ModelForm):
    """Coordinator's form to add or rename a node and place it in the tree."""

    class Meta:
        model = OutlineNode
        fields = ["level", "parent", "title", "box_title", "guidance"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        self.instance.document = document
        self.instance.plan_id = document.plan_id
        candidates = [
            entry
            for entry in numbered(document.nodes.all())
            if entry.node.level in {OutlineNode.Level.PART, OutlineNode.Level.CHAPTER}
            and entry.node.pk != self.instance.pk
        ]
        self.fields["parent"].queryset = document.nodes.filter(
            level__in=[OutlineNode.Level.PART, OutlineNode.Level.CHAPTER]
        ).exclude(pk=self.instance.pk or 0)
        self.fields["parent"].choices = [("", _("（顶层）"))] + [
            (e.node.pk, "　" * e.depth + e.heading) for e in candidates
        ]
        self.fields["parent"].label = _("上级节点")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        level, parent = data.get("level"), data.get("parent")
        if level and not parent_allowed(level, parent.level if parent else None):
            self.add_error(
                "parent",
                _("“%(level)s”不能放在这里：篇和附表只能在顶层，章在顶层或篇下，节只能在章下。")
                % {"level": OutlineNode.Level(level).label},
            )
        if (
            self.instance.pk
            and level
            and level != self.instance.level
            and self.instance.children.exists()
        ):
            self.add_error("level", _("该节点下还有下级节点，不能改变层级。"))
        return data


def prepare_field(field) -> None:
    """A number typed in a text box, and its limits said in the column's terms."""
    if isinstance(field, (forms.DecimalField, forms.IntegerField)) and not isinstance(
        field.widget, forms.HiddenInput
    ):
        field.widget = NumberInput(field.widget.attrs)
    if isinstance(field, forms.DecimalField) and field.max_digits is not None:
        field.error_messages.update(decimal_limit_messages(field))


class _Probe(SimpleNamespace):
    def __getattr__(self, name):
        return None


class FormCache:
    """What every form of one part would ask the database for, asked once: the
    many forms of a spreadsheet import share it, so validating a thousand rows
    costs the queries of one form."""

    def __init__(self):
        self.scoped: dict[str, models.QuerySet] = {}  # field name -> scoped queryset
        self.lookups: dict[str, dict[str, models.Model]] = {}
        self.memo: dict = {}  # what an import derives once from the above
        self._default_nodes: dict[str, OutlineNode] = {}

    def lookup(self, name: str, queryset) -> dict[str, models.Model]:
        """The choices of a related field, by primary key (as text)."""
        if name not in self.lookups:
            self.lookups[name] = {str(obj.pk): obj for obj in queryset}
        return self.lookups[name]

    def default_node(self, part, plan: Plan, probe) -> OutlineNode:
        from apps.plans.actions import default_node

        key = part.node_key_for(probe) if part.node_key_for else ""
        if key not in self._default_nodes:
            self._default_nodes[key] = default_node(part, plan, probe)
        return self._default_nodes[key]


class PlanItemForm(forms.ModelForm):
    """Base form of every structured part.

    Choices are scoped to the plan: nodes of this plan, departments of its county,
    items of this plan. An id from another county's plan is therefore not a valid
    choice, whatever the browser sends. ``loaded_version`` carries the version the
    form was loaded from, so a save can tell that someone else saved in between.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    layout_rows: tuple[tuple[str, ...], ...] = ()
    # Model fields the form sets from another input (an indicator's target number
    # comes from the target text): their validation errors show on that input.
    derived_fields: dict[str, str] = {}
    # Fields only the planning office sets; for anyone else they are not in the form
    # at all, so a crafted POST cannot change them.
    coordinator_fields: tuple[str, ...] = ()
    # True on an import's form class, whose fields were prepared once for all rows.
    fields_prepared = False

    def __init__(self, *args, plan: Plan, access=None, cache: "FormCache | None" = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.access = access
        self.cache = cache
        if access is not None and not access.principal.is_coordinator:
            for name in self.coordinator_fields:
                self.fields.pop(name, None)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
        elif "node" in self.fields:
            self.fields["node"].required = False
            self.fields["node"].help_text = _("留空时放入该类内容的默认章节。")
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                self._scoped(name, field)
            if not self.fields_prepared:
                prepare_field(field)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if cache is None:
            # An import's forms are never shown: no layout to build for each row.
            self.helper.layout = grid_layout(self.layout_rows, self.fields)

    def _scoped(self, name: str, field: forms.ModelChoiceField) -> None:
        """Scope a related field, or take the scoping the cache holds from the
        first form of an import (not for a field listing the item's own kind,
        which leaves the item itself out)."""
        cache = self.cache
        if cache is not None and name in cache.scoped:
            # An import's forms are validated, never shown: the scoped queryset is
            # all they need (the choices are checked against it, read once).
            field.queryset = cache.scoped[name]
            return
        self._scope(field)
        if cache is not None and field.queryset.model is not type(self.instance):
            cache.scoped[name] = field.queryset

    def _scope(self, field: forms.ModelChoiceField) -> None:
        model = field.queryset.model
        if model is OutlineNode:
            # Only nodes this user may put content in are choices.
            allowed = self.access.editable_node_ids if self.access is not None else None
            # Items are presented in the plan's outline.
            nodes = self.plan.outline.nodes.all()
            field.queryset = nodes
            if allowed is not None:
                field.queryset = field.queryset.filter(pk__in=allowed)
            field.choices = [("", EMPTY_CHOICE_LABEL)] + [
                (e.node.pk, "　" * e.depth + e.heading)
                for e in numbered(nodes)
                if allowed is None or e.node.pk in allowed
            ]
        elif model is Department:
            field.queryset = Department.objects.filter(county_id=self.plan.county_id)
        elif any(f.name == "plan" for f in model._meta.get_fields()):
            qs = model.objects.filter(plan=self.plan)
            if model is type(self.instance) and self.instance.pk:
                qs = qs.exclude(pk=self.instance.pk)
            field.queryset = qs
        else:
            field.queryset = model.objects.none()

    def clean(self):
        data = super().clean()
        if "node" in self.fields and not self.instance.pk and not data.get("node"):
            self._default_node(data)
        return data

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        if self.cache is not None:
            # The related choices were checked against the plan's own items (read
            # once into the cache); the model's check would ask again per row.
            # A field in a unique constraint keeps its checks.
            meta = self._meta.model._meta
            unique = {
                name for constraint in meta.total_unique_constraints for name in constraint.fields
            } | {name for group in meta.unique_together for name in group}
            exclude |= {
                name
                for name, field in self.fields.items()
                if isinstance(field, forms.ModelChoiceField)
                and not isinstance(field, forms.ModelMultipleChoiceField)
                and name not in unique
            }
        return exclude

    def _post_clean(self):
        """Validate the numbers a form sets on the instance itself, too.

        ModelForm validates only its own fields; a number parsed from another input
        would otherwise reach the database unchecked, and a 23-digit value that
        PostgreSQL refuses (a 500) is stored by SQLite and then breaks every page
        that reads it."""
        super()._post_clean()
        for field in self.instance._meta.concrete_fields:
            if field.name in self.fields or not isinstance(
                field, (models.DecimalField, models.IntegerField)
            ):
                continue
            value = getattr(self.instance, field.attname)
            if value is None or field.primary_key:
                continue
            try:
                field.run_validators(field.to_python(value))
            except ValidationError as exc:
                if isinstance(field, models.DecimalField):
                    messages = decimal_limit_messages(field)
                    exc = ValidationError([messages.get(e.code, e.message) for e in exc.error_list])
                target = self.derived_fields.get(field.name)
                self.add_error(target if target in self.fields else None, exc)

    def _default_node(self, data: dict) -> None:
        """Put a new item where its kind is presented, if this user may write there."""
        from apps.plans.actions import default_node
        from apps.plans.parts import registry

        model = self._meta.model
        values = {
            f.name: data[f.name]
            for f in model._meta.concrete_fields
            if f.name in data and not f.is_relation
        }
        # What the part's node_key_for reads (a project's category); an import's
        # thousand rows need no thousand model instances for that.
        probe = _Probe(**values) if self.cache is not None else model(**values)
        part = registry.for_model(model)
        if self.cache is not None:
            node = self.cache.default_node(part, self.plan, probe)
        else:
            node = default_node(part, self.plan, probe)
        if self.access is not None and node.pk not in self.access.editable_node_ids:
            self.add_error(
                "node",
                _("默认章节“%(title)s”不由你所在部门负责，或正在会签，请选择一个你可以编辑的章节。")
                % {"title": quotable(node.title)},
            )
        else:
            data["node"] = node

    def multi_checkbox(self, *names: str) -> None:
        """Show these many-to-many fields as a grid of checkboxes."""
        if self.cache is not None:
            return  # an import's forms are never shown
        for name in names:
            field = self.fields[name]
            field.widget = forms.CheckboxSelectMultiple()
            field.widget.choices = field.choices
            if not field.queryset.exists():
                field.help_text = _("暂无可选项：先在相应栏目中添加后再回来勾选。")
        self.helper.layout = grid_layout(self.layout_rows, self.fields, frozenset(names))
