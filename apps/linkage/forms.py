from django import forms
from django.utils.translation import gettext_lazy as _

from apps.delivery.models import MajorProject


class LinkageOpenForm(forms.Form):
    share_draft = forms.BooleanField(
        label=_("同时开放当前草稿"),
        required=False,
        help_text=_("不勾选时，上级只能阅读本次冻结的衔接论证稿。"),
    )
    note = forms.CharField(
        label=_("致上级的说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LinkageOpinionForm(forms.Form):
    node = forms.TypedChoiceField(
        label=_("所在章节"),
        coerce=int,
        widget=forms.Select(attrs={"data-quote-node": ""}),
        error_messages={"invalid_choice": _("所选章节已不在当前纲要中，请重新选择。")},
    )
    quote = forms.CharField(
        label=_("引用原文"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "data-quote-target": ""}),
        help_text=_("可在左侧正文中选中一段文字后点“引用所选文字”。"),
    )
    text = forms.CharField(
        label=_("衔接意见"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [(pk, title) for pk, title in nodes]


class ProjectMatchForm(forms.Form):
    """Which city project this county project is; empty means none of them."""

    city_project = forms.ModelChoiceField(
        label=_("对应市级项目"),
        queryset=MajorProject.objects.none(),
        required=False,
        empty_label=_("不在市级项目清单中"),
    )

    def __init__(self, *args, city_projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city_project"].queryset = city_projects


class AllocationForm(forms.Form):
    """The city's allocation of one additive indicator: a value per county."""

    def __init__(self, *args, counties, initial_values, **kwargs):
        super().__init__(*args, **kwargs)
        for county in counties:
            self.fields[f"county_{county.pk}"] = forms.DecimalField(
                label=county.name,
                required=False,
                max_digits=20,
                decimal_places=4,
                initial=initial_values.get(county.pk),
                error_messages={"invalid": _("请输入数字。")},
            )
        self.counties = counties

    def values(self):
        return {c: self.cleaned_data.get(f"county_{c.pk}") for c in self.counties}
