from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Department
from apps.plans.models import PlanItem


class Risk(PlanItem):
    """An entry of the risk register (五.5): source control, warning, response."""

    class Domain(models.TextChoices):
        ECONOMIC = "economic", _("经济")
        FINANCIAL = "financial", _("金融与债务")
        SOCIAL = "social", _("社会")
        ECOLOGICAL = "ecological", _("生态")
        INFORMATION = "information", _("信息")
        PUBLIC_HEALTH = "public_health", _("公共卫生")
        WORK_SAFETY = "work_safety", _("安全生产")
        NATURAL_DISASTER = "natural_disaster", _("自然灾害")
        FOOD_ENERGY = "food_energy", _("粮食能源")
        OTHER = "other", _("其他")

    class DrillFrequency(models.TextChoices):
        QUARTERLY = "quarterly", _("每季度")
        HALF_YEARLY = "half_yearly", _("每半年")
        YEARLY = "yearly", _("每年")
        BIENNIAL = "biennial", _("每两年")
        AD_HOC = "ad_hoc", _("不定期")
        NONE = "none", _("未安排")

    domain = models.CharField(_("风险领域"), max_length=20, choices=Domain)
    title = models.CharField(_("风险名称"), max_length=200)
    description = models.TextField(_("风险描述"), blank=True, max_length=5000)
    source_control = models.TextField(_("源头防控措施"), blank=True, max_length=5000)
    warning_indicator = models.CharField(_("预警指标"), max_length=200, blank=True)
    emergency_plan = models.CharField(_("应急预案"), max_length=200, blank=True)
    drill_frequency = models.CharField(
        _("演练频次"), max_length=20, choices=DrillFrequency, default=DrillFrequency.YEARLY
    )
    lead_department = models.ForeignKey(
        Department,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("牵头部门"),
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("风险")
        verbose_name_plural = _("风险清单")

    def __str__(self) -> str:
        return self.title


class PlanLinkage(PlanItem):
    """How this plan links to another plan of the unified planning system (三.2)."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        MUNICIPAL = "municipal", _("市级")
        COUNTY = "county", _("县级")
        TOWNSHIP = "township", _("乡镇级")

    class Kind(models.TextChoices):
        DEVELOPMENT = "development", _("发展规划")
        SPECIAL = "special", _("专项规划")
        REGIONAL = "regional", _("区域规划")
        TERRITORIAL = "territorial", _("国土空间规划")

    class Direction(models.TextChoices):
        UPPER = "upper", _("上位规划")
        SAME = "same", _("同级规划")
        LOWER = "lower", _("下位规划")

    linked_plan = models.CharField(_("衔接的规划"), max_length=200)
    level = models.CharField(_("规划层级"), max_length=20, choices=Level)
    kind = models.CharField(_("规划类型"), max_length=20, choices=Kind)
    direction = models.CharField(_("衔接方向"), max_length=10, choices=Direction)
    points = models.TextField(_("衔接要点"), blank=True, max_length=5000)

    class Meta(PlanItem.Meta):
        verbose_name = _("规划衔接")
        verbose_name_plural = _("规划衔接")

    def __str__(self) -> str:
        return self.linked_plan


class ResearchTopic(PlanItem):
    """A major research question commissioned before or during the plan (六.1)."""

    class Stage(models.TextChoices):
        PREPARATION = "preparation", _("规划前期")
        DRAFTING = "drafting", _("编制期间")
        IMPLEMENTATION = "implementation", _("实施期间")

    class Status(models.TextChoices):
        PLANNED = "planned", _("拟开展")
        ONGOING = "ongoing", _("在研")
        DONE = "done", _("已完成")

    title = models.CharField(_("课题名称"), max_length=200)
    stage = models.CharField(_("研究阶段"), max_length=20, choices=Stage)
    status = models.CharField(_("进展"), max_length=20, choices=Status, default=Status.PLANNED)
    lead_unit = models.CharField(_("承担单位"), max_length=120, blank=True)
    findings = models.TextField(_("主要结论或研究内容"), blank=True, max_length=5000)

    class Meta(PlanItem.Meta):
        verbose_name = _("重大问题研究")
        verbose_name_plural = _("重大问题研究")

    def __str__(self) -> str:
        return self.title


class GovernanceMeasure(PlanItem):
    """A measure to raise governance capacity, in the paper's five groups (五.1–5)."""

    class Group(models.TextChoices):
        STRATEGY = "strategy", _("贯彻落实国家战略部署")
        PEOPLE = "people", _("以人的发展需要提升决策服务")
        MARKET = "market", _("优化市场主体发展环境")
        SOCIAL = "social", _("构建社会治理共同体")
        RISK = "risk", _("防范化解风险隐患")

    group = models.CharField(_("治理能力方面"), max_length=20, choices=Group)
    title = models.CharField(_("措施"), max_length=200)
    description = models.TextField(_("具体内容"), blank=True, max_length=5000)
    public_participation = models.BooleanField(
        _("涉及公众参与"), default=False, help_text=_("问计于民、公众参与平台、社会组织参与等。")
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("治理措施")
        verbose_name_plural = _("治理措施")

    def __str__(self) -> str:
        return self.title
