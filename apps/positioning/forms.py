from django import forms
from django.utils.translation import gettext_lazy as _

from apps.plans.forms import PlanItemForm
from apps.positioning.models import (
    ComparativeAdvantage,
    DevelopmentPath,
    PositioningStatement,
    RegionalLink,
)


class PositioningStatementForm(PlanItemForm):
    layout_rows = (("kind", "economic_function", "node"), ("title",), ("description",))

    class Meta:
        model = PositioningStatement
        fields = ["kind", "economic_function", "title", "description", "node"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        kind, function = data.get("kind"), data.get("economic_function")
        if kind == PositioningStatement.Kind.SPECIALISED and not function:
            self.add_error("economic_function", _("专业化经济功能需要选择具体功能类型。"))
        if kind and kind != PositioningStatement.Kind.SPECIALISED and function:
            self.add_error("economic_function", _("只有“专业化经济功能”类的定位需要选择功能类型。"))
        return data


class ComparativeAdvantageForm(PlanItemForm):
    layout_rows = (
        ("name", "node"),
        ("kind", "factor", "trend"),
        ("utilisation", "tier_basis", "partner_regions"),
        ("description",),
    )

    class Meta:
        model = ComparativeAdvantage
        fields = [
            "name",
            "kind",
            "factor",
            "trend",
            "utilisation",
            "tier_basis",
            "partner_regions",
            "description",
            "node",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        if data.get("tier_basis") and not data.get("partner_regions", "").strip():
            self.add_error("partner_regions", _("选择了梯次联动方式时，请填写联动地区。"))
        return data


class RegionalLinkForm(PlanItemForm):
    layout_rows = (("partner_region", "kind", "node"), ("content",), ("mechanism",))

    class Meta:
        model = RegionalLink
        fields = ["partner_region", "kind", "content", "mechanism", "node"]
        widgets = {"content": forms.Textarea(attrs={"rows": 4})}


class DevelopmentPathForm(PlanItemForm):
    layout_rows = (("path", "node"), ("focus",), ("rationale",))

    class Meta:
        model = DevelopmentPath
        fields = ["path", "focus", "rationale", "node"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 4})}

    def clean_path(self):
        path = self.cleaned_data["path"]
        taken = DevelopmentPath.objects.filter(plan=self.plan, path=path)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("本规划已经选择了这条路子，请直接编辑原有条目。"))
        return path
