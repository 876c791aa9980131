import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.plans.forms import PlanItemForm
from apps.targets.models import Indicator, IndicatorCategory, PeriodTarget, VisionItem

_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_TARGET_RE = re.compile(
    r"^(?P<open>[〔\[])?\s*(?P<op>[<>≤≥])?\s*(?P<num>[+-]?\d+(?:\.\d+)?)\s*(?P<close>[〕\]])?\s*%?$"
)
_NORMALISE = str.maketrans({"＞": ">", "＜": "<", "［": "[", "］": "]", "．": ".", "－": "-"})


class TargetSyntaxError(ValueError):
    pass


def parse_target(raw: str) -> tuple[str, Decimal | None, str, bool]:
    """Read what a drafter types as a target.

    Returns (operator, number, text, bracketed): ``65`` → ("", 65, "", False),
    ``≥6.5`` → ("≥", 6.5, …), ``〔13.5〕`` → ("", 13.5, "", True), and a phrase such as
    ``与经济增长基本同步`` → ("", None, phrase, False). Anything else that looks like a
    number but is not one (``6.5a``) raises TargetSyntaxError.
    """
    text = (raw or "").strip()
    if not text:
        return "", None, "", False
    if _CJK_RE.search(text):
        return "", None, text, False
    normalised = text.translate(_NORMALISE)
    normalised = normalised.replace(">=", "≥").replace("<=", "≤").replace(",", "")
    match = _TARGET_RE.match(normalised)
    if not match or bool(match["open"]) != bool(match["close"]):
        raise TargetSyntaxError(text)
    try:
        number = Decimal(match["num"])
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise TargetSyntaxError(text) from exc
    return match["op"] or "", number, "", bool(match["open"])


class VisionItemForm(PlanItemForm):
    layout_rows = (("dimension", "node"), ("title",), ("description",))

    class Meta:
        model = VisionItem
        fields = ["dimension", "title", "description", "node"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class PeriodTargetForm(PlanItemForm):
    layout_rows = (("vision_item", "node"), ("title",), ("description",))

    class Meta:
        model = PeriodTarget
        fields = ["vision_item", "title", "description", "node"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class IndicatorCategoryForm(PlanItemForm):
    class Meta:
        model = IndicatorCategory
        fields = ["name", "position"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = IndicatorCategory.objects.filter(plan=self.plan, name=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("已有同名的指标类别。"))
        return name


class IndicatorForm(PlanItemForm):
    derived_fields = {"target_value": "target_input"}
    target_input = forms.CharField(
        label=_("目标值"),
        required=False,
        max_length=100,
        help_text=_(
            "填数字（如 65），不等式（如 ≥6.5、<5.5），五年累计值写在括号内（如〔13.5〕），"
            "或填文字目标（如“与经济增长基本同步”）。"
        ),
    )
    layout_rows = (
        ("category", "name", "unit"),
        ("baseline_value", "baseline_data_year"),
        ("expression", "target_input", "vision_value"),
        ("attribute", "source_department"),
        ("target", "node"),
        ("higher_indicator", "additive"),
        ("note",),
    )

    class Meta:
        model = Indicator
        fields = [
            "category",
            "name",
            "unit",
            "baseline_value",
            "baseline_data_year",
            "expression",
            "target_input",
            "vision_value",
            "attribute",
            "source_department",
            "target",
            "node",
            "higher_indicator",
            "additive",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = self.plan.indicator_categories.all()
        self._linkage_fields()
        self.fields["baseline_value"].label = _("%(year)s年（基期值）") % {
            "year": self.plan.base_year
        }
        self.fields["vision_value"].label = _("%(year)s年（远景值）") % {
            "year": self.plan.vision_year
        }
        self.fields["vision_value"].help_text = _("填写后按平稳路径推算规划目标年的参考值。")
        if self.instance.pk:
            # Also on a bound form: an import fills its data from the initial values.
            self.initial["target_input"] = self.instance.target_display()

    def _linkage_fields(self) -> None:
        """The city indicator this one serves (when the division above has a plan of
        the period here), and, for a division with divisions below, whether the
        indicator is broken down to them."""
        county = self.plan.county
        above = Indicator.objects.filter(
            plan__county_id=county.parent_id, plan__target_year=self.plan.target_year
        ).order_by("plan_id", "position", "id")
        if county.parent_id and above.exists():
            self.fields["higher_indicator"].queryset = above
            self.fields["higher_indicator"].empty_label = _("按指标名称对应")
        else:
            self.fields.pop("higher_indicator")
        if not county.children.exists():
            self.fields.pop("additive")

    def clean(self):
        data = super().clean()
        expression = data.get("expression")
        raw = data.get("target_input", "")
        try:
            operator, number, text, bracketed = parse_target(raw)
        except TargetSyntaxError:
            self.add_error(
                "target_input",
                _(
                    "目标值“%(value)s”无法识别：请填写数字（可带 >、≥、<、≤），"
                    "累计值写作〔13.5〕，或填写文字目标。"
                )
                % {"value": raw},
            )
            return data
        if bracketed and expression and expression != Indicator.Expression.CUMULATIVE:
            self.add_error(
                "target_input",
                _("〔 〕表示五年累计数，只能用于“五年累计”指标；请修改表述方式或去掉括号。"),
            )
        if data.get("attribute") == Indicator.Attribute.BINDING and number is None and not text:
            self.add_error("target_input", _("约束性指标必须填写目标值。"))
        data_year = data.get("baseline_data_year")
        if data_year and data_year > self.plan.base_year:
            self.add_error(
                "baseline_data_year",
                _("基期数据年份不能晚于基期年（%(year)s年）。") % {"year": self.plan.base_year},
            )
        if data.get("baseline_value") is None and data_year:
            self.add_error("baseline_data_year", _("没有基期值时不需要填写数据年份。"))
        self.instance.target_operator = operator
        self.instance.target_value = number
        self.instance.target_text = text
        return data

    def path_result(self):
        """The back-cast for what is in the form now, valid or not, for the side panel."""
        from apps.targets.backcast import indicator_path

        data = getattr(self, "cleaned_data", None)
        if not self.is_bound or data is None:
            return indicator_path(self.instance, self.plan)
        probe = Indicator(
            unit=data.get("unit", ""),
            expression=data.get("expression") or Indicator.Expression.LEVEL,
            baseline_value=data.get("baseline_value"),
            baseline_data_year=data.get("baseline_data_year"),
            vision_value=data.get("vision_value"),
            target_value=self.instance.target_value if "target_input" in data else None,
            target_text=self.instance.target_text if "target_input" in data else "",
        )
        return indicator_path(probe, self.plan)

    def page_context(self) -> dict:
        return {"path": self.path_result()}


def _path_message(result) -> str:
    from apps.targets.models import format_number

    if not result.off_path:
        return ""
    what = _("年均增长") if result.annual else _("目标值")
    return _(
        "%(what)s偏离平稳路径%(dev)s%%（路径参考值 %(implied)s），超过了容差；"
        "已保存，请核对是否需要调整。"
    ) % {"what": what, "dev": result.deviation_pct, "implied": format_number(result.implied)}


def indicator_after_save(item, plan) -> str:
    from apps.targets.backcast import indicator_path

    return _path_message(indicator_path(item, plan))


IndicatorForm.after_save_message = staticmethod(indicator_after_save)
