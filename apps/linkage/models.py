"""衔接论证: a county's outline checked against the plan of the city above it.

The county decides when: its coordinator opens a 衔接 round, giving the city a
frozen version of the outline (and, if they choose, the current draft too). The
round keeps a copy of the county's indicators and major projects as they read in
that version, so the city's side-by-side pages read flat rows for all its
counties at once instead of a hundred snapshots, and compare exactly what the
county handed over.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import County
from apps.delivery.models import MajorProject
from apps.plans.models import Document
from apps.review.models import DocumentVersion
from apps.targets.models import Indicator, format_number, target_text_of


class Linkage(models.Model):
    """One 衔接 round of a county document with the division above it."""

    class Status(models.TextChoices):
        OPEN = "open", _("衔接论证中")
        CLOSED = "closed", _("已结束")

    # The policy treats a round as its own kind of object (apps/plans/policy.py).
    is_linkage = True

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="linkages")
    city = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="+", verbose_name=_("衔接审核单位")
    )
    number = models.PositiveIntegerField(_("轮次"), default=1)
    # RESTRICT: the version handed over cannot be deleted on its own, but deleting
    # the document (or the plan) takes the rounds and the versions together.
    version = models.ForeignKey(
        DocumentVersion,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("提供的版本"),
    )
    share_draft = models.BooleanField(
        _("同时开放当前草稿"),
        default=False,
        help_text=_("勾选后，上级衔接审核人员还可以阅读本县当前正在修改的草稿。"),
    )
    note = models.TextField(_("说明"), blank=True, max_length=2000)
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    row_version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("衔接论证")
        verbose_name_plural = _("衔接论证")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document"], condition=Q(status="open"), name="linkage_one_open_round"
            ),
            models.UniqueConstraint(fields=["document", "number"], name="linkage_round_number"),
        ]

    def __str__(self) -> str:
        return gettext("%(document)s · 第%(n)s轮衔接") % {
            "document": self.document,
            "n": self.number,
        }

    @property
    def plan(self):
        return self.document.plan

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class LinkedIndicator(models.Model):
    """A county indicator as the version handed to the city states it."""

    linkage = models.ForeignKey(Linkage, on_delete=models.CASCADE, related_name="indicators")
    source = models.ForeignKey(
        Indicator, on_delete=models.SET_NULL, null=True, related_name="+", db_constraint=True
    )
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("指标名称"), max_length=120)
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    baseline_value = models.DecimalField(max_digits=20, decimal_places=4, null=True)
    target_operator = models.CharField(max_length=1, blank=True)
    target_value = models.DecimalField(max_digits=20, decimal_places=4, null=True)
    target_text = models.CharField(max_length=100, blank=True)
    expression = models.CharField(max_length=20, choices=Indicator.Expression)
    attribute = models.CharField(max_length=10, choices=Indicator.Attribute)
    # The city indicator it serves: the county's own link, else the same name.
    higher = models.ForeignKey(
        Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["linkage", "position", "id"]
        indexes = [models.Index(fields=["higher"])]

    def __str__(self) -> str:
        return self.name

    def target_display(self) -> str:
        return target_text_of(self)

    @property
    def baseline_display(self) -> str:
        return format_number(self.baseline_value)


class LinkedProject(models.Model):
    """A county major project as handed to the city, and its match in the city's
    project list (suggested by the name and place, confirmed by a person)."""

    class Match(models.TextChoices):
        NONE = "none", _("未找到")
        SUGGESTED = "suggested", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("非同一项目")

    linkage = models.ForeignKey(Linkage, on_delete=models.CASCADE, related_name="projects")
    source = models.ForeignKey(MajorProject, on_delete=models.SET_NULL, null=True, related_name="+")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("项目名称"), max_length=200)
    # The name without the county's name, punctuation and generic words: the key
    # that finds the same project claimed by two counties.
    key = models.CharField(max_length=200, db_index=True)
    category = models.CharField(_("项目类别"), max_length=20, choices=MajorProject.Category)
    significance = models.CharField(max_length=20, choices=MajorProject.Significance)
    location = models.CharField(_("建设地点"), max_length=120, blank=True)
    start_year = models.PositiveSmallIntegerField(_("开工年份"))
    end_year = models.PositiveSmallIntegerField(_("完工年份"))
    total_investment = models.DecimalField(max_digits=14, decimal_places=2)
    period_investment = models.DecimalField(max_digits=14, decimal_places=2)
    higher_library = models.CharField(
        _("入库情况"), max_length=20, choices=MajorProject.HigherLibrary, blank=True
    )
    city_project = models.ForeignKey(
        MajorProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("对应市级项目"),
    )
    match = models.CharField(_("匹配"), max_length=10, choices=Match, default=Match.NONE)
    score = models.PositiveSmallIntegerField(_("相似度"), default=0)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["linkage", "position", "id"]

    def __str__(self) -> str:
        return self.name


class IndicatorAllocation(models.Model):
    """The share of a city's additive indicator (能耗降低量, 耕地保有量, 用水总量…)
    allocated to one county below it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="allocations")
    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(_("分解值"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("指标分解")
        verbose_name_plural = _("指标分解")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "county"], name="allocation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.county}"
