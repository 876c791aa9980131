from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.plans.models import PlanItem


class PositioningStatement(PlanItem):
    """A mission, a functional positioning or a specialised economic function (四.1)."""

    class Kind(models.TextChoices):
        MISSION = "mission", _("使命角色")
        FUNCTION = "function", _("功能定位")
        SPECIALISED = "specialised", _("专业化经济功能")

    class EconomicFunction(models.TextChoices):
        HUB = "hub", _("枢纽经济")
        CONSUMPTION = "consumption", _("消费经济")
        EXHIBITION = "exhibition", _("会展经济")
        OPEN = "open", _("开放经济")
        NEW_TECH_SCENARIO = "new_tech_scenario", _("新技术场景应用经济")
        HEADQUARTERS = "headquarters", _("总部经济")
        DIGITAL = "digital", _("数字经济")
        ECOLOGICAL = "ecological", _("生态经济")
        OTHER = "other", _("其他")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind)
    economic_function = models.CharField(
        _("专业化经济功能"), max_length=30, choices=EconomicFunction, blank=True
    )
    title = models.CharField(_("定位表述"), max_length=200)
    description = models.TextField(_("说明"), blank=True, max_length=5000)

    class Meta(PlanItem.Meta):
        verbose_name = _("定位与功能")
        verbose_name_plural = _("定位与功能")

    def __str__(self) -> str:
        return self.title


class ComparativeAdvantage(PlanItem):
    """One element of the dynamic comparative-advantage system (四.3)."""

    class Kind(models.TextChoices):
        TRADITIONAL = "traditional", _("传统优势")
        NEW = "new", _("新优势")
        POTENTIAL = "potential", _("潜在优势")

    class Factor(models.TextChoices):
        LABOUR = "labour", _("劳动力")
        LAND = "land", _("土地")
        ENERGY_MINERAL = "energy_mineral", _("能源矿产")
        CULTURE_ECOLOGY = "culture_ecology", _("文化生态资源")
        CAPITAL = "capital", _("资本")
        KNOWLEDGE = "knowledge", _("知识")
        TECHNOLOGY = "technology", _("技术")
        MANAGEMENT = "management", _("管理")
        DATA = "data", _("数据")

    # The paper: these are “sticky” to a place and should be converted where they are.
    STICKY_FACTORS = frozenset(
        {Factor.LABOUR, Factor.LAND, Factor.ENERGY_MINERAL, Factor.CULTURE_ECOLOGY}
    )

    class Trend(models.TextChoices):
        STRENGTHENING = "strengthening", _("增强")
        WEAKENING = "weakening", _("减弱")
        EMERGING = "emerging", _("显现")

    class Utilisation(models.TextChoices):
        ON_SITE = "on_site", _("就地转化")
        SHIPPED_OUT = "shipped_out", _("外运外输")
        ATTRACTED = "attracted", _("引入集聚")

    class TierBasis(models.TextChoices):
        ADMINISTRATIVE = "administrative", _("按行政等级联动")
        CITY_SIZE = "city_size", _("按城市规模联动")
        DEVELOPMENT = "development", _("按发展水平联动")
        FUNCTION = "function", _("按功能等级联动")

    name = models.CharField(_("优势名称"), max_length=120)
    kind = models.CharField(_("优势类型"), max_length=20, choices=Kind)
    factor = models.CharField(_("依托要素"), max_length=20, choices=Factor)
    trend = models.CharField(_("变化趋势"), max_length=20, choices=Trend)
    utilisation = models.CharField(_("利用方式"), max_length=20, choices=Utilisation, blank=True)
    tier_basis = models.CharField(_("梯次联动方式"), max_length=20, choices=TierBasis, blank=True)
    partner_regions = models.CharField(
        _("联动地区"), max_length=200, blank=True, help_text=_("多个地区用顿号或逗号分隔。")
    )
    description = models.TextField(_("说明"), blank=True, max_length=5000)

    class Meta(PlanItem.Meta):
        verbose_name = _("比较优势")
        verbose_name_plural = _("比较优势")

    def __str__(self) -> str:
        return self.name

    @property
    def is_sticky(self) -> bool:
        return self.factor in self.STICKY_FACTORS

    @property
    def partner_region_list(self) -> list[str]:
        import re

        return [p for p in re.split(r"[、,，;；\s]+", self.partner_regions) if p]


class RegionalLink(PlanItem):
    """A link to a partner region in the new economic geography (四.4)."""

    class Kind(models.TextChoices):
        INDUSTRY_TRANSFER = "industry_transfer", _("承接产业转移")
        METRO_AREA = "metro_area", _("都市圈/城市群协作")
        BELT_AND_ROAD = "belt_and_road", _("一带一路")
        LAND_SEA = "land_sea", _("陆海统筹")
        URBAN_RURAL = "urban_rural", _("城乡要素流动")
        PAIRED_ASSISTANCE = "paired_assistance", _("对口协作")
        OTHER = "other", _("其他")

    partner_region = models.CharField(_("合作地区"), max_length=100)
    kind = models.CharField(_("联系类型"), max_length=30, choices=Kind)
    content = models.TextField(_("合作内容"), max_length=5000)
    mechanism = models.CharField(_("合作机制"), max_length=200, blank=True)

    class Meta(PlanItem.Meta):
        verbose_name = _("区域联系")
        verbose_name_plural = _("区域联系")

    def __str__(self) -> str:
        return f"{self.partner_region}（{self.get_kind_display()}）"


class DevelopmentPath(PlanItem):
    """The development path chosen to suit local conditions (四.5)."""

    class Path(models.TextChoices):
        WATER = "water", _("宜水则水")
        MOUNTAIN = "mountain", _("宜山则山")
        GRAIN = "grain", _("宜粮则粮")
        FARMING = "farming", _("宜农则农")
        INDUSTRY = "industry", _("宜工则工")
        COMMERCE = "commerce", _("宜商则商")

    path = models.CharField(_("发展路子"), max_length=20, choices=Path)
    focus = models.CharField(_("主攻方向"), max_length=200)
    rationale = models.TextField(_("选择理由"), max_length=5000)

    class Meta(PlanItem.Meta):
        verbose_name = _("发展路子")
        verbose_name_plural = _("发展路子")
        constraints = [
            models.UniqueConstraint(fields=["plan", "path"], name="development_path_unique"),
        ]

    def __str__(self) -> str:
        return self.get_path_display()
