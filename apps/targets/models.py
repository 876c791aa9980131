from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Department
from apps.plans.models import Plan, PlanItem

DEFAULT_CATEGORIES = ("经济发展", "创新驱动", "民生福祉", "绿色生态", "安全保障")


def format_number(value: Decimal | None) -> str:
    """65.00 → 65, 13.50 → 13.5, 0.0001 → 0.0001: as a table prints a figure."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def target_text_of(row) -> str:
    """A target as a table prints it (65, ≥6.5, <5.5, 〔13.5〕 or text), for an
    indicator or anything carrying its target fields (a 衔接 round's copy)."""
    if row.target_text:
        return row.target_text
    if row.target_value is None:
        return ""
    number = row.target_operator + format_number(row.target_value)
    if row.expression == Indicator.Expression.CUMULATIVE:
        return f"〔{number}〕"
    return number


class IndicatorCategory(models.Model):
    """A group of the main-indicators table; the five national groups by default."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicator_categories")
    name = models.CharField(_("类别名称"), max_length=30)
    position = models.PositiveIntegerField(_("排序"), default=0)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("指标类别")
        verbose_name_plural = _("指标类别")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="indicator_category_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class VisionItem(PlanItem):
    """One dimension of the long-range vision (远景目标), the start of back-casting."""

    class Dimension(models.TextChoices):
        ECONOMY = "economy", _("经济实力")
        INNOVATION = "innovation", _("科技创新")
        INDUSTRY = "industry", _("产业体系")
        URBAN_RURAL = "urban_rural", _("城乡区域")
        ECOLOGY = "ecology", _("生态文明")
        CULTURE = "culture", _("文化软实力")
        LIVELIHOOD = "livelihood", _("民生福祉")
        GOVERNANCE = "governance", _("治理能力")
        OPENING = "opening", _("开放合作")
        SECURITY = "security", _("平安建设")

    dimension = models.CharField(_("维度"), max_length=20, choices=Dimension)
    title = models.CharField(_("远景目标"), max_length=200)
    description = models.TextField(_("展开说明"), blank=True, max_length=5000)

    class Meta(PlanItem.Meta):
        verbose_name = _("远景目标")
        verbose_name_plural = _("远景目标")

    def __str__(self) -> str:
        return self.title


class PeriodTarget(PlanItem):
    """A stage target for the plan period that one vision item is broken into."""

    # RESTRICT, not PROTECT: a vision item with targets cannot be deleted on its own,
    # but deleting the whole plan removes both together.
    vision_item = models.ForeignKey(
        VisionItem,
        on_delete=models.RESTRICT,
        related_name="period_targets",
        verbose_name=_("所属远景目标"),
    )
    title = models.CharField(_("阶段目标"), max_length=200)
    description = models.TextField(_("展开说明"), blank=True, max_length=5000)

    class Meta(PlanItem.Meta):
        verbose_name = _("阶段目标")
        verbose_name_plural = _("阶段目标")

    def __str__(self) -> str:
        return self.title


class Indicator(PlanItem):
    """A row of the main-indicators table, with the real table's semantics."""

    class Operator(models.TextChoices):
        EQUAL = "", _("等于")
        GT = ">", ">"
        GE = "≥", "≥"
        LT = "<", "<"
        LE = "≤", "≤"

    class Expression(models.TextChoices):
        LEVEL = "level", _("目标年水平值")
        ANNUAL = "annual", _("年均增长（%）")
        CUMULATIVE = "cumulative", _("五年累计〔 〕")

    class Attribute(models.TextChoices):
        EXPECTED = "expected", _("预期性")
        BINDING = "binding", _("约束性")

    target = models.ForeignKey(
        PeriodTarget,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("服务的阶段目标"),
    )
    category = models.ForeignKey(
        IndicatorCategory,
        on_delete=models.RESTRICT,
        related_name="indicators",
        verbose_name=_("类别"),
    )
    name = models.CharField(_("指标名称"), max_length=120)
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    baseline_value = models.DecimalField(
        _("基期值"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_data_year = models.PositiveSmallIntegerField(
        _("基期数据年份"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("基期值不是基期年数据时填写（表中以*标注）。"),
    )
    target_operator = models.CharField(
        _("目标比较符"), max_length=1, choices=Operator, blank=True, default=Operator.EQUAL
    )
    target_value = models.DecimalField(
        _("目标值"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_text = models.CharField(_("文字目标"), max_length=100, blank=True)
    vision_value = models.DecimalField(
        _("远景年值"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    expression = models.CharField(
        _("表述方式"), max_length=20, choices=Expression, default=Expression.LEVEL
    )
    attribute = models.CharField(
        _("属性"), max_length=10, choices=Attribute, default=Attribute.EXPECTED
    )
    source_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("数据来源部门"),
    )
    national_code = models.CharField(_("对应国家指标"), max_length=20, blank=True)
    higher_indicator = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lower_indicators",
        verbose_name=_("对应上级指标"),
        help_text=_("本指标服务的市级规划指标；留空时按指标名称对应。"),
    )
    additive = models.BooleanField(
        _("分解到下级"),
        default=False,
        help_text=_(
            "下级各县（市、区）的目标相加应等于本级目标，如能耗降低量、耕地保有量、用水总量。"
        ),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta(PlanItem.Meta):
        verbose_name = _("主要指标")
        verbose_name_plural = _("主要指标")

    def __str__(self) -> str:
        return self.name

    @property
    def name_with_unit(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    @property
    def has_target(self) -> bool:
        return self.target_value is not None or bool(self.target_text)

    @property
    def baseline_flagged(self) -> bool:
        """True for the * of real tables: the baseline is from another year."""
        return (
            self.baseline_value is not None
            and self.baseline_data_year is not None
            and self.baseline_data_year != self.plan.base_year
        )

    def baseline_display(self) -> str:
        if self.baseline_value is None:
            return "—"
        return format_number(self.baseline_value) + ("*" if self.baseline_flagged else "")

    def vision_display(self) -> str:
        return format_number(self.vision_value) if self.vision_value is not None else "—"

    def target_display(self) -> str:
        """The target as typed into a table: 65, ≥6.5, <5.5, 〔13.5〕 or text."""
        return target_text_of(self)

    def target_year_cell(self) -> str:
        """The target-year column: levels only."""
        if self.expression == self.Expression.LEVEL:
            return self.target_display() or "—"
        return "—"

    def change_cell(self) -> str:
        """The 年均增长〔累计〕 column: growth rates and cumulative figures."""
        if self.expression != self.Expression.LEVEL:
            return self.target_display() or "—"
        return "—"
