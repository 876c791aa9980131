from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Department
from apps.core.apps import EMPTY_CHOICE_LABEL
from apps.plans.kinds import kind_of
from apps.plans.models import Document, OutlineNode, Plan
from apps.review.models import Opinion


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class AssignForm(forms.ModelForm):
    class Meta:
        model = OutlineNode
        fields = ["lead_department", "reviewing_departments", "due_date"]
        widgets = {
            "reviewing_departments": forms.CheckboxSelectMultiple(),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(county_id=self.instance.plan.county_id)
        self.fields["lead_department"].queryset = departments
        self.fields["lead_department"].empty_label = EMPTY_CHOICE_LABEL
        self.fields["reviewing_departments"].queryset = departments
        self.fields["reviewing_departments"].help_text = _(
            "这些部门都同意后，本节点才算通过；任何一个部门退回，都要修改后重新提交。"
        )
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        lead, reviewers = data.get("lead_department"), data.get("reviewing_departments") or []
        if lead and lead in reviewers:
            self.add_error("reviewing_departments", _("牵头部门不需要为自己会签。"))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("同意")), ("changes", _("退回修改"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label=_("会签说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("进入阶段"))
    name = forms.CharField(label=_("冻结版本名称"), max_length=120)

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        kind = kind_of(document)
        # One step at a time, forward or back, as a document really moves.
        neighbours = [Document.Stage(s) for s in kind.neighbours(document.stage)]
        self.fields["stage"].choices = [(s.value, s.label) for s in neighbours]
        following = kind.next_stage(document.stage)
        if following is not None:
            self.initial.setdefault("stage", following)
            self.initial.setdefault(
                "name",
                _("%(period)s%(next)s（%(current)s定稿）")
                % {
                    # 十四五 for the outline; 十四五中期评估报告 for a report.
                    "period": document.plan.period_name + (kind.label if kind.is_report else ""),
                    "next": Document.Stage(following).label,
                    "current": document.get_stage_display(),
                },
            )
        self.helper = _helper()


class OpinionForm(forms.Form):
    quote = forms.CharField(
        label=_("引用原文"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "data-quote-target": ""}),
        help_text=_("可在正文中选中一段文字后点“引用所选文字”。"),
    )
    text = forms.CharField(
        label=_("意见"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    department = forms.ModelChoiceField(label=_("提出单位"), queryset=Department.objects.none())

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        choices = list(departments[:2])
        if len(choices) <= 1:
            # Nothing to choose: the opinion is in the name of the only department
            # (or, for someone without one, of the person).
            self.fields["department"].required = False
            self.fields["department"].initial = choices[0].pk if choices else None
            self.fields["department"].widget = forms.HiddenInput()
        self.helper = _helper()


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("回复"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DisposeForm(forms.ModelForm):
    class Meta:
        model = Opinion
        fields = ["disposition", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disposition"].choices = [
            c for c in Opinion.Disposition.choices if c[0] != Opinion.Disposition.PENDING
        ]
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if (
            data.get("disposition")
            in {
                Opinion.Disposition.PARTLY_ADOPTED,
                Opinion.Disposition.NOT_ADOPTED,
            }
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("部分采纳或不采纳时，请写明理由。"))
        return data


class OpinionFilterForm(forms.Form):
    department = forms.ModelChoiceField(label=_("提出单位"), queryset=None, required=False)
    node = forms.ModelChoiceField(label=_("章节"), queryset=None, required=False)
    disposition = forms.ChoiceField(
        label=_("处理情况"), choices=[("", _("全部")), *Opinion.Disposition.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("阶段"), choices=[("", _("全部")), *Document.Stage.choices], required=False
    )
    round = forms.IntegerField(label=_("轮次"), min_value=0, required=False)

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            county_id=document.plan.county_id
        )
        self.fields["department"].empty_label = _("全部")
        self.fields["node"].queryset = document.nodes.all()
        self.fields["node"].empty_label = _("全部")
        for field in self.fields.values():
            css = "form-control" if isinstance(field, forms.IntegerField) else "form-select"
            field.widget.attrs["class"] = f"{css} {css}-sm"


class ActivityFilterForm(forms.Form):
    """Filters of the activity log (操作记录): who, what, where, when."""

    actor = forms.ModelChoiceField(label=_("操作人"), queryset=None, required=False)
    verb = forms.ChoiceField(label=_("动作"), required=False)
    node = forms.ModelChoiceField(label=_("章节"), queryset=None, required=False)
    since = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        from django.contrib.auth import get_user_model

        from apps.core.models import ActivityLog

        super().__init__(*args, **kwargs)
        actors = ActivityLog.objects.for_plan(plan.pk).exclude(actor=None).values("actor_id")
        self.fields["actor"].queryset = get_user_model().objects.filter(pk__in=actors)
        self.fields["actor"].empty_label = _("全部")
        self.fields["verb"].choices = [("", _("全部")), *ActivityLog.VERB_LABELS.items()]
        # The log is the plan's: every document's nodes.
        self.fields["node"].queryset = OutlineNode.objects.filter(plan=plan)
        self.fields["node"].empty_label = _("全部")
        for field in self.fields.values():
            css = "form-control" if isinstance(field, forms.DateField) else "form-select"
            field.widget.attrs["class"] = f"{css} {css}-sm"

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("截止日期不能早于起始日期。"))
        return data
