from django import forms
from django.utils.translation import gettext_lazy as _

from apps.governance.models import GovernanceMeasure, PlanLinkage, ResearchTopic, Risk
from apps.plans.forms import PlanItemForm


class RiskForm(PlanItemForm):
    coordinator_fields = ("lead_department",)
    layout_rows = (
        ("domain", "title", "node"),
        ("description",),
        ("source_control",),
        ("warning_indicator", "emergency_plan"),
        ("drill_frequency", "lead_department"),
    )

    class Meta:
        model = Risk
        fields = [
            "domain",
            "title",
            "description",
            "source_control",
            "warning_indicator",
            "emergency_plan",
            "drill_frequency",
            "lead_department",
            "node",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "source_control": forms.Textarea(attrs={"rows": 3}),
        }


class PlanLinkageForm(PlanItemForm):
    layout_rows = (("linked_plan",), ("level", "kind", "direction"), ("points",), ("node",))

    class Meta:
        model = PlanLinkage
        fields = ["linked_plan", "level", "kind", "direction", "points", "node"]
        widgets = {"points": forms.Textarea(attrs={"rows": 4})}

    # The plan being drafted is a county plan: higher levels are always upper plans.
    HIGHER_LEVELS = {
        PlanLinkage.Level.NATIONAL,
        PlanLinkage.Level.PROVINCIAL,
        PlanLinkage.Level.MUNICIPAL,
    }

    def clean(self):
        data = super().clean()
        level, direction = data.get("level"), data.get("direction")
        if level in self.HIGHER_LEVELS and direction and direction != PlanLinkage.Direction.UPPER:
            self.add_error("direction", _("国家、省、市级规划对县级规划而言是上位规划。"))
        if level == PlanLinkage.Level.TOWNSHIP and direction == PlanLinkage.Direction.UPPER:
            self.add_error("direction", _("乡镇级规划不能是本规划的上位规划。"))
        return data


class ResearchTopicForm(PlanItemForm):
    layout_rows = (("title",), ("stage", "status", "lead_unit"), ("findings",), ("node",))

    class Meta:
        model = ResearchTopic
        fields = ["title", "stage", "status", "lead_unit", "findings", "node"]
        widgets = {"findings": forms.Textarea(attrs={"rows": 4})}


class GovernanceMeasureForm(PlanItemForm):
    layout_rows = (("group", "node"), ("title",), ("description",), ("public_participation",))

    class Meta:
        model = GovernanceMeasure
        fields = ["group", "title", "description", "public_participation", "node"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
