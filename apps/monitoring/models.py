"""Yearly monitoring of an adopted plan: for each year of the period, every
indicator's actual value and every major project's investment and status, each
reported by one department, reviewed by the planning office, and locked with the
year.

A row is created for every indicator and project when the coordinator opens the
year; the department it is assigned to fills it in; the coordinator accepts it or
sends it back with a reason. Once the year is locked nothing in it changes until
it is reopened, which is logged.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Department
from apps.delivery.models import MajorProject
from apps.plans.models import YEAR_VALIDATORS, Plan
from apps.targets.models import Indicator

DEFAULT_TOLERANCE = Decimal("5")


class MonitoringSettings(models.Model):
    """What the planning office decides once for the plan's monitoring."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="monitoring_settings")
    tolerance = models.DecimalField(
        _("基本符合预期的容差（百分点）"),
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_TOLERANCE,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("50"))],
        help_text=_(
            "完成进度与时序进度相差不超过此数（百分点）为“基本符合预期”；"
            "年均增速类指标按目标增速的相对比例计算。"
        ),
    )

    class Meta:
        verbose_name = _("监测设置")
        verbose_name_plural = _("监测设置")

    def __str__(self) -> str:
        return str(self.plan)


class MonitoringYear(models.Model):
    """One year's collection: open while departments report, locked once reviewed."""

    class Status(models.TextChoices):
        OPEN = "open", _("填报中")
        LOCKED = "locked", _("已锁定")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="monitoring_years")
    year = models.PositiveSmallIntegerField(_("监测年度"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.OPEN)
    due_date = models.DateField(_("报送截止日期"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("开启时间"), auto_now_add=True)
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("监测年度")
        verbose_name_plural = _("监测年度")
        ordering = ["plan", "year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="monitoring_year_unique"),
        ]

    def __str__(self) -> str:
        return _("%(year)s年度监测") % {"year": self.year}

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED


class ReportState(models.TextChoices):
    OWED = "owed", _("待填报")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("退回修改")
    ACCEPTED = "accepted", _("已审核")


# States in which the department may still change what it reported.
REPORTABLE_STATES = frozenset({ReportState.OWED, ReportState.SUBMITTED, ReportState.RETURNED})


class YearRow(models.Model):
    """What every monitoring row shares: the year, the department that reports it
    and where it stands in review. The policy (apps/plans/policy.py) decides on
    any object with ``is_monitoring_row``."""

    is_monitoring_row = True

    period = models.ForeignKey(MonitoringYear, on_delete=models.CASCADE, related_name="+")
    # The plan again, for scoping queries without a join (always period.plan).
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("填报部门"),
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=ReportState, default=ReportState.OWED
    )
    return_reason = models.CharField(_("退回原因"), max_length=300, blank=True)
    note = models.TextField(_("情况说明"), max_length=1000, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        """The year is still taking values (the policy reads this)."""
        return not self.period.is_locked

    @property
    def reportable(self) -> bool:
        return self.state in REPORTABLE_STATES


class IndicatorValue(YearRow):
    """An indicator's actual for one year: the level reached, that year's growth
    (年均增长 targets) or that year's figure (〔累计〕 targets), as the indicator's
    expression asks."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="yearly_values")
    value = models.DecimalField(_("实际值"), max_digits=20, decimal_places=4, null=True, blank=True)
    progress_text = models.CharField(
        _("进展情况"),
        max_length=300,
        blank=True,
        help_text=_("文字目标的完成情况；数值目标可留空。"),
    )
    source = models.CharField(_("数据来源"), max_length=120, blank=True)
    # A text target is judged by the planning office when it accepts the value.
    judged = models.CharField(_("人工判断"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("指标年度实际值")
        verbose_name_plural = _("指标年度实际值")
        ordering = ["period", "indicator__position", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "indicator"], name="indicator_value_one_per_year"
            ),
        ]
        indexes = [models.Index(fields=["plan", "indicator"])]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.period.year}"

    @property
    def filled(self) -> bool:
        return self.value is not None or bool(self.progress_text)


class ProjectStatus(models.TextChoices):
    PREPARING = "preparing", _("前期")
    BUILDING = "building", _("在建")
    COMPLETED = "completed", _("建成")
    SUSPENDED = "suspended", _("停缓建")


class ProjectProgress(YearRow):
    """A major project's year: investment planned and completed in the year, its
    status at the year's end, and when it started and was completed."""

    project = models.ForeignKey(
        MajorProject, on_delete=models.CASCADE, related_name="yearly_progress"
    )
    planned_investment = models.DecimalField(
        _("年度计划投资（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    completed_investment = models.DecimalField(
        _("年度完成投资（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("项目状态"), max_length=10, choices=ProjectStatus, default=ProjectStatus.PREPARING
    )
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    completed_on = models.DateField(_("建成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("重大项目年度进展")
        verbose_name_plural = _("重大项目年度进展")
        ordering = ["period", "project__position", "project_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "project"], name="project_progress_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(completed_investment__gte=0) | Q(completed_investment=None),
                name="project_progress_completed_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(planned_investment__gte=0) | Q(planned_investment=None),
                name="project_progress_planned_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["plan", "project"])]

    def __str__(self) -> str:
        return f"{self.project.name} {self.period.year}"

    @property
    def filled(self) -> bool:
        return self.completed_investment is not None
