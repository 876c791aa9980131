from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Department
from apps.plans.models import PlanItem
from apps.positioning.models import ComparativeAdvantage
from apps.targets.models import Indicator

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]
MONEY_VALIDATORS = [MinValueValidator(Decimal("0"))]


class KeyTask(PlanItem):
    """A key task (重点任务) and the departments and indicators it ties together (三.2)."""

    class Area(models.TextChoices):
        SPATIAL = "spatial", _("优化空间布局")
        INNOVATION = "innovation", _("创新发展")
        INDUSTRY = "industry", _("产业体系")
        ECOLOGY = "ecology", _("生态环境保护")
        INFRASTRUCTURE = "infrastructure", _("基础设施")
        URBAN_RURAL = "urban_rural", _("城乡发展")
        LIVELIHOOD = "livelihood", _("民生保障")
        OPENING = "opening", _("区域开放合作")
        REFORM = "reform", _("深化改革")

    class Horizon(models.TextChoices):
        WITHIN_PERIOD = "within_period", _("期内可解决")
        LONG_TERM = "long_term", _("长期性，分步推进")

    area = models.CharField(_("任务领域"), max_length=20, choices=Area)
    title = models.CharField(_("任务名称"), max_length=200)
    description = models.TextField(_("主要内容"), blank=True, max_length=5000)
    lead_department = models.ForeignKey(
        Department,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="led_tasks",
        verbose_name=_("牵头部门"),
    )
    cooperating_departments = models.ManyToManyField(
        Department, blank=True, related_name="cooperating_tasks", verbose_name=_("配合部门")
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="key_tasks", verbose_name=_("服务的指标")
    )
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        verbose_name=_("依赖的任务"),
    )
    advantages = models.ManyToManyField(
        ComparativeAdvantage, blank=True, related_name="key_tasks", verbose_name=_("发挥的比较优势")
    )
    horizon = models.CharField(
        _("解决期限"), max_length=20, choices=Horizon, default=Horizon.WITHIN_PERIOD
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("重点任务")
        verbose_name_plural = _("重点任务")

    def __str__(self) -> str:
        return self.title


class MajorProject(PlanItem):
    """A major project (重大工程项目): 要事, 大事 or 实事 (六.4)."""

    class Significance(models.TextChoices):
        KEY_MATTER = "key_matter", _("要事")
        MAJOR = "major", _("大事")
        PRACTICAL = "practical", _("实事")

    class Category(models.TextChoices):
        INDUSTRY = "industry", _("产业发展")
        AGRICULTURE = "agriculture", _("农业农村")
        CULTURE_TOURISM = "culture_tourism", _("文化旅游")
        TRANSPORT = "transport", _("交通")
        ENERGY = "energy", _("能源")
        WATER = "water", _("水利")
        NEW_INFRA = "new_infra", _("新型基础设施")
        URBAN_RURAL = "urban_rural", _("城乡建设")
        ECOLOGY = "ecology", _("生态环保")
        SOCIAL = "social", _("社会民生")
        PLATFORM = "platform", _("平台载体")
        REFORM = "reform", _("改革攻坚")

    class NewInfraKind(models.TextChoices):
        FIVE_G = "5g", _("5G")
        IOT = "iot", _("物联网")
        INDUSTRIAL_INTERNET = "industrial_internet", _("工业互联网")
        AI = "ai", _("人工智能")
        CLOUD = "cloud", _("云计算")
        BLOCKCHAIN = "blockchain", _("区块链")
        DATA_CENTER = "data_center", _("数据中心")

    class Nature(models.TextChoices):
        NEW = "new", _("新建")
        CONTINUING = "continuing", _("续建")
        PREPARATORY = "preparatory", _("前期")

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        MUNICIPAL = "municipal", _("市级")
        COUNTY = "county", _("县级")

    class HigherLibrary(models.TextChoices):
        NONE = "", _("未入库")
        MUNICIPAL = "municipal", _("市级项目库")
        PROVINCIAL = "provincial", _("省级项目库")
        NATIONAL = "national", _("国家重大项目库")

    name = models.CharField(_("项目名称"), max_length=200)
    significance = models.CharField(_("要事/大事/实事"), max_length=20, choices=Significance)
    category = models.CharField(_("项目类别"), max_length=20, choices=Category)
    new_infra_kind = models.CharField(
        _("新基建类型"), max_length=30, choices=NewInfraKind, blank=True
    )
    location = models.CharField(_("建设地点"), max_length=120, blank=True)
    content_scale = models.TextField(_("建设内容及规模"), max_length=2000)
    nature = models.CharField(_("建设性质"), max_length=20, choices=Nature, default=Nature.NEW)
    start_year = models.PositiveSmallIntegerField(_("开工年份"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("完工年份"), validators=YEAR_VALIDATORS)
    total_investment = models.DecimalField(
        _("总投资（万元）"), max_digits=14, decimal_places=2, validators=MONEY_VALIDATORS
    )
    period_investment = models.DecimalField(
        _("规划期内投资（万元）"), max_digits=14, decimal_places=2, validators=MONEY_VALIDATORS
    )
    funding_government = models.DecimalField(
        _("政府投资（万元）"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=MONEY_VALIDATORS,
    )
    funding_special_bonds = models.DecimalField(
        _("专项债（万元）"), max_digits=14, decimal_places=2, default=0, validators=MONEY_VALIDATORS
    )
    funding_social = models.DecimalField(
        _("社会资本（万元）"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=MONEY_VALIDATORS,
    )
    funding_loans = models.DecimalField(
        _("银行贷款（万元）"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=MONEY_VALIDATORS,
    )
    funding_other = models.DecimalField(
        _("其他资金（万元）"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=MONEY_VALIDATORS,
    )
    lead_unit = models.CharField(_("责任单位"), max_length=120, blank=True)
    cooperating_units = models.CharField(_("配合单位"), max_length=200, blank=True)
    level = models.CharField(_("项目层级"), max_length=20, choices=Level, default=Level.COUNTY)
    preparation = models.CharField(
        _("前期工作进展"),
        max_length=300,
        blank=True,
        help_text=_("如：已完成可研批复、正在办理用地预审。"),
    )
    higher_library = models.CharField(
        _("已入上级项目库"),
        max_length=20,
        choices=HigherLibrary,
        default=HigherLibrary.NONE,
        blank=True,
    )
    key_task = models.ForeignKey(
        KeyTask,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("支撑的重点任务"),
    )

    FUNDING_FIELDS = (
        "funding_government",
        "funding_special_bonds",
        "funding_social",
        "funding_loans",
        "funding_other",
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("重大项目")
        verbose_name_plural = _("重大项目")

    def __str__(self) -> str:
        return self.name

    @property
    def funding_total(self) -> Decimal:
        return sum((getattr(self, f) or Decimal(0) for f in self.FUNDING_FIELDS), Decimal(0))

    @property
    def category_label(self) -> str:
        if self.category == self.Category.NEW_INFRA and self.new_infra_kind:
            return f"{self.get_category_display()}·{self.get_new_infra_kind_display()}"
        return self.get_category_display()


class PolicyTool(PlanItem):
    """A policy instrument, from higher levels or the county's own toolbox (三.2)."""

    class Origin(models.TextChoices):
        HIGHER = "higher", _("上级政策")
        OWN = "own", _("本级政策")

    class Kind(models.TextChoices):
        FISCAL = "fiscal", _("财政")
        FINANCIAL = "financial", _("金融")
        LAND = "land", _("土地")
        TALENT = "talent", _("人才")
        INDUSTRIAL = "industrial", _("产业")
        INVESTMENT = "investment", _("投资")
        ENVIRONMENTAL = "environmental", _("生态环境")
        TECHNOLOGY = "technology", _("科技")
        SOCIAL = "social", _("社会保障")
        OTHER = "other", _("其他")

    name = models.CharField(_("政策名称"), max_length=200)
    origin = models.CharField(_("政策来源"), max_length=20, choices=Origin)
    kind = models.CharField(_("政策类型"), max_length=20, choices=Kind)
    issuer = models.CharField(_("制定或发文机关"), max_length=120, blank=True)
    description = models.TextField(_("主要内容"), blank=True, max_length=5000)
    tasks = models.ManyToManyField(
        KeyTask, blank=True, related_name="policy_tools", verbose_name=_("支撑的重点任务")
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("政策工具")
        verbose_name_plural = _("政策工具")

    def __str__(self) -> str:
        return self.name
