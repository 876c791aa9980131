"""The forms departments fill in each year, and the planning office's decisions.

A value is read as a person types it (“1,200”, “4.3亿”, full-width digits) with
the cell readers the spreadsheet import uses, then checked against what the plan
says about the indicator: its unit, and a scale that a value typed in the wrong
unit (万元 for 亿元, 人 for 万人) gives away.
"""

import unicodedata
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.cells import MONEY_UNITS, CellError, amount, number, number_text
from apps.monitoring.models import (
    IndicatorValue,
    MonitoringSettings,
    ProjectProgress,
    ProjectStatus,
)
from apps.plans.forms import NumberInput
from apps.targets.models import Indicator
from apps.targets.progress import Standing

# An actual more than this many times away from both the baseline and the target
# was almost certainly typed in another unit.
SCALE_FACTOR = Decimal(50)
# Stored as Decimal(20, 4) and (14, 2): what fits.
MAX_VALUE = Decimal("1e16")
MAX_AMOUNT = Decimal("1e12")


def style_fields(form: forms.BaseForm, small: bool = False) -> None:
    """Bootstrap classes on every widget (the pages render fields by hand)."""
    size = " form-control-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        base = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = base + (
            size.replace("control", "select") if base == "form-select" else size
        )


def _unit(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def read_actual(raw: str, indicator: Indicator) -> tuple[Decimal | None, str]:
    """The value typed for ``indicator``, in the indicator's unit, and a note when
    it was converted (“4300万” for an indicator in 亿元). Raises ValidationError with
    a message that names the unit expected."""
    raw = (raw or "").strip()
    if not raw:
        return None, ""
    unit = _unit(indicator.unit)
    typed = unicodedata.normalize("NFKC", raw).replace(" ", "")
    note = ""
    try:
        if unit in MONEY_UNITS and typed.endswith(("元", "万", "亿")):
            # An amount with its own unit (“4300万” for an indicator in 亿元).
            wan, _note = amount(typed)
            value = wan / MONEY_UNITS[unit]
            if typed.removesuffix("元") != number_text(value) + unit.removesuffix("元"):
                note = _("“%(raw)s”按%(unit)s换算为 %(n)s") % {
                    "raw": raw[:40],
                    "unit": unit,
                    "n": number_text(value),
                }
        else:
            if unit and typed.endswith(unit) and typed != unit:
                typed = typed[: -len(unit)]
            if typed.endswith("%") and unit not in {"%", "％"} and not _is_rate(indicator):
                raise CellError(
                    _("本指标以“%(unit)s”计，不能填写百分数。") % {"unit": indicator.unit}
                )
            value = number(typed)
    except CellError as exc:
        if unit:
            raise ValidationError(
                _("%(problem)s请填写以“%(unit)s”计的数字。")
                % {"problem": exc.message, "unit": indicator.unit}
            ) from exc
        raise ValidationError(exc.message) from exc
    if value is not None and abs(value) >= MAX_VALUE:
        raise ValidationError(_("数值超出范围。"))
    return value, note


def _is_rate(indicator: Indicator) -> bool:
    """A growth or a share, whose actual is a percentage whatever the unit column says."""
    return indicator.expression == Indicator.Expression.ANNUAL or _unit(indicator.unit) in {
        "%",
        "％",
        "‰",
    }


def check_scale(value: Decimal, indicator: Indicator, years: int) -> None:
    """Refuse a value far off the scale the plan gives the indicator: a growth rate
    above 100%, a share above 1000%, or a figure fifty times away from both the
    baseline and the target (a fraction typed for a percentage, 万元 for 亿元)."""
    unit = indicator.unit or _("（无单位）")
    rate = _is_rate(indicator)
    if indicator.expression == Indicator.Expression.ANNUAL or (
        rate and indicator.expression == Indicator.Expression.CUMULATIVE
    ):
        if abs(value) > 100:
            raise ValidationError(
                _("增速或比例超过100%%：请确认填写的是百分数（本指标以“%(unit)s”计）。")
                % {"unit": unit}
            )
        if indicator.expression == Indicator.Expression.ANNUAL:
            return
    if rate and abs(value) > 1000:
        raise ValidationError(
            _("%(v)s 超出比例的合理范围，请检查单位（本指标以“%(unit)s”计）。")
            % {"v": number_text(value), "unit": unit}
        )
    references = [
        abs(v) for v in (indicator.baseline_value, indicator.target_value) if v is not None and v
    ]
    if indicator.expression == Indicator.Expression.CUMULATIVE and indicator.target_value:
        # A year's figure of a five-year total: compare with a year's share.
        references = [abs(indicator.target_value) / max(years, 1)]
    if not references or value == 0:
        return
    if abs(value) > max(references) * SCALE_FACTOR or abs(value) * SCALE_FACTOR < min(references):
        raise ValidationError(
            _(
                "%(v)s 与本指标的基期值和目标值相差五十倍以上，"
                "可能填错了单位：本指标以“%(unit)s”计。"
            )
            % {"v": number_text(value), "unit": unit}
        )


def what_to_enter(indicator: Indicator) -> str:
    """The line under the box saying which figure the year asks for."""
    unit = indicator.unit or ""
    if indicator.target_text and indicator.target_value is None:
        return _("文字目标：在“进展情况”中说明当年完成情况。")
    if indicator.expression == Indicator.Expression.ANNUAL:
        return _("填写当年比上年增长的百分数（%%）。")
    if indicator.expression == Indicator.Expression.CUMULATIVE:
        return _("填写当年一年的数值（%(unit)s），系统按规划期累计。") % {"unit": unit}
    return _("填写当年年末（或全年）的水平值（%(unit)s）。") % {"unit": unit}


class VersionedRowForm(forms.ModelForm):
    """A row form that refuses to overwrite what someone else saved since the page
    was loaded."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version
        self.notes: list[str] = []
        style_fields(self)

    def clean(self):
        data = super().clean()
        loaded = data.get("loaded_version")
        if loaded is not None and loaded != self.instance.version:
            raise ValidationError(
                _("这一行已被他人修改（当前第%(v)s版）：您填写的内容仍在下方，请核对后再保存。")
                % {"v": self.instance.version},
                code="stale",
            )
        return data


class IndicatorValueForm(VersionedRowForm):
    value_text = forms.CharField(
        label=gettext_lazy("实际值"), required=False, max_length=60, widget=NumberInput
    )

    class Meta:
        model = IndicatorValue
        fields = ["progress_text", "source", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = self.instance.indicator
        self.fields["value_text"].initial = number_text(self.instance.value)
        self.fields["value_text"].help_text = what_to_enter(self.indicator)
        if self.indicator.unit:
            self.fields["value_text"].label = _("实际值（%(unit)s）") % {
                "unit": self.indicator.unit
            }
        self.order_fields(["value_text", "progress_text", "source", "note"])

    def clean_value_text(self):
        value, note = read_actual(self.cleaned_data.get("value_text", ""), self.indicator)
        if value is not None:
            plan = self.instance.plan
            check_scale(value, self.indicator, plan.target_year - plan.base_year)
        if note:
            self.notes.append(note)
        self.cleaned_value = value
        return self.cleaned_data.get("value_text", "")

    def clean(self):
        data = super().clean()
        value = getattr(self, "cleaned_value", None)
        if self.errors:
            return data
        text_target = self.indicator.target_value is None and bool(self.indicator.target_text)
        if value is None and not (data.get("progress_text") or "").strip():
            raise ValidationError(
                _("请填写实际值。") if not text_target else _("请在“进展情况”中说明当年完成情况。")
            )
        self.instance.value = value
        return data


class ProjectProgressForm(VersionedRowForm):
    planned_text = forms.CharField(
        label=gettext_lazy("年度计划投资（万元）"),
        required=False,
        max_length=40,
        widget=NumberInput,
    )
    completed_text = forms.CharField(
        label=gettext_lazy("年度完成投资（万元）"),
        required=False,
        max_length=40,
        widget=NumberInput,
    )

    class Meta:
        model = ProjectProgress
        fields = ["status", "started_on", "completed_on", "note"]
        widgets = {
            # An <input type=date> shows only an ISO date.
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, completed_before: Decimal = Decimal(0), **kwargs):
        super().__init__(*args, **kwargs)
        self.project = self.instance.project
        # What the other years of the period already report for the project.
        self.completed_before = completed_before
        self.fields["planned_text"].initial = number_text(self.instance.planned_investment)
        self.fields["completed_text"].initial = number_text(self.instance.completed_investment)
        self.order_fields(
            ["planned_text", "completed_text", "status", "started_on", "completed_on", "note"]
        )

    def _amount(self, name: str, label: str) -> Decimal | None:
        try:
            value, note = amount(self.cleaned_data.get(name, ""))
        except CellError as exc:
            raise ValidationError(exc.message) from exc
        if value is None:
            return None
        if value < 0:
            raise ValidationError(_("%(label)s不能为负数。") % {"label": label})
        if value >= MAX_AMOUNT:
            raise ValidationError(_("数值超出范围。"))
        if note:
            self.notes.append(note)
        return value.quantize(Decimal("0.01"))

    def clean_planned_text(self):
        self.planned = self._amount("planned_text", _("年度计划投资"))
        return self.cleaned_data["planned_text"]

    def clean_completed_text(self):
        self.completed = self._amount("completed_text", _("年度完成投资"))
        return self.cleaned_data["completed_text"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        year = self.instance.period.year
        status = data.get("status")
        started, completed_on = data.get("started_on"), data.get("completed_on")
        if self.completed is None:
            self.add_error("completed_text", _("请填写年度完成投资（没有投资填 0）。"))
        elif self.project.total_investment is not None:
            total = self.completed_before + self.completed
            if total > self.project.total_investment:
                self.add_error(
                    "completed_text",
                    _(
                        "累计完成投资 %(sum)s 万元超过项目总投资 %(total)s 万元"
                        "（此前各年已报 %(before)s 万元）。"
                    )
                    % {
                        "sum": number_text(total),
                        "total": number_text(self.project.total_investment),
                        "before": number_text(self.completed_before),
                    },
                )
        year_end = date(year, 12, 31)
        for name, value in (("started_on", started), ("completed_on", completed_on)):
            if value and value > year_end:
                self.add_error(
                    name,
                    _("%(date)s 晚于监测年度%(year)s年年末。") % {"date": value, "year": year},
                )
        if started and completed_on and completed_on < started:
            self.add_error("completed_on", _("建成日期早于开工日期。"))
        if status == ProjectStatus.COMPLETED and not completed_on:
            self.add_error("completed_on", _("项目已建成，请填写建成日期。"))
        if completed_on and status != ProjectStatus.COMPLETED:
            self.add_error("status", _("填写了建成日期，项目状态应为“建成”。"))
        if status in {ProjectStatus.BUILDING, ProjectStatus.COMPLETED} and not started:
            self.add_error("started_on", _("项目已开工，请填写开工日期。"))
        self.instance.planned_investment = self.planned
        self.instance.completed_investment = self.completed
        return data


class YearOpenForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("监测年度"), coerce=int)
    due_date = forms.DateField(
        label=gettext_lazy("报送截止日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, plan, opened: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        years = [y for y in range(plan.base_year + 1, plan.target_year + 1) if y not in opened]
        self.fields["year"].choices = [(y, _("%(y)s年") % {"y": y}) for y in years]
        self.plan = plan
        style_fields(self, small=True)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not self.plan.base_year < year <= self.plan.target_year:
            raise ValidationError(
                _("%(year)s年不在规划期（%(a)s—%(b)s年）内。")
                % {"year": year, "a": self.plan.base_year + 1, "b": self.plan.target_year}
            )
        return year


class ReturnForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("退回原因"), max_length=300)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("重新打开的原因"), max_length=300)


JUDGED_CHOICES = [
    ("", gettext_lazy("（不判断）")),
    (Standing.ACHIEVED.value, gettext_lazy("提前实现")),
    (Standing.FASTER.value, gettext_lazy("快于预期")),
    (Standing.ON_TRACK.value, gettext_lazy("基本符合预期")),
    (Standing.LAGGING.value, gettext_lazy("滞后")),
]


class AcceptForm(forms.Form):
    judged = forms.ChoiceField(
        label=gettext_lazy("人工判断"), choices=JUDGED_CHOICES, required=False
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = MonitoringSettings
        fields = ["tolerance"]
        widgets = {"tolerance": NumberInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)
