from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Department
from apps.plans.models import Document, OutlineNode, Revision


class ReviewRound(models.Model):
    """One submission of a node for countersign (会签), tied to the revision submitted.

    A node has at most one active round (a conditional unique constraint); the round
    ends approved when every reviewing department has approved, or with changes
    requested as soon as one department asks for them.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("会签中")
        APPROVED = "approved", _("已通过")
        CHANGES_REQUESTED = "changes_requested", _("退回修改")

    node = models.ForeignKey(OutlineNode, on_delete=models.CASCADE, related_name="review_rounds")
    number = models.PositiveIntegerField(_("轮次"))
    status = models.CharField(_("状态"), max_length=20, choices=Status, default=Status.ACTIVE)
    revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("提交的修订"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会签轮次")
        verbose_name_plural = _("会签轮次")
        ordering = ["node", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["node"],
                condition=Q(status="active"),
                name="review_one_active_round_per_node",
            ),
            models.UniqueConstraint(fields=["node", "number"], name="review_round_number"),
        ]

    def __str__(self) -> str:
        return gettext("%(node)s · 第%(n)s轮") % {"node": self.node, "n": self.number}


class Countersign(models.Model):
    """One reviewing department's decision in a round, on a given revision."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待会签")
        APPROVED = "approved", _("同意")
        CHANGES_REQUESTED = "changes_requested", _("退回修改")

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="countersigns")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(
        _("会签意见"), max_length=20, choices=Decision, default=Decision.PENDING
    )
    comment = models.TextField(_("说明"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("会签时间"), null=True, blank=True)
    revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("会签的修订"),
    )

    class Meta:
        verbose_name = _("会签")
        verbose_name_plural = _("会签")
        ordering = ["round", "department__position", "department_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "department"], name="countersign_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.get_decision_display()}"


class OpinionQuerySet(models.QuerySet):
    def threads(self) -> "OpinionQuerySet":
        return self.filter(parent=None)


class Opinion(models.Model):
    """An opinion (意见) on a node of a document, and the planning office's answer."""

    class Disposition(models.TextChoices):
        PENDING = "pending", _("待处理")
        ADOPTED = "adopted", _("采纳")
        PARTLY_ADOPTED = "partly_adopted", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("不采纳")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="opinions")
    node = models.ForeignKey(OutlineNode, on_delete=models.CASCADE, related_name="opinions")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提出单位"),
    )
    # An opinion from a division above (the city's 衔接意见) names it here; the
    # department is then one of that division's.
    source_division = models.ForeignKey(
        "accounts.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上级单位"),
    )
    stage = models.CharField(_("阶段"), max_length=20, choices=Document.Stage)
    round = models.PositiveIntegerField(_("轮次"), default=0)
    quote = models.TextField(_("原文"), blank=True, max_length=2000)
    text = models.TextField(_("意见"), max_length=5000)
    disposition = models.CharField(
        _("处理情况"), max_length=20, choices=Disposition, default=Disposition.PENDING
    )
    reason = models.TextField(_("说明"), blank=True, max_length=2000)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    disposed_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    objects = OpinionQuerySet.as_manager()

    class Meta:
        verbose_name = _("意见")
        verbose_name_plural = _("意见")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["document", "disposition"])]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def source_name(self) -> str:
        """Who it is from, as the ledger prints it: the department, the city and its
        department for a 衔接意见 (示范市发展和改革委员会), else the person."""
        if self.source_division_id:
            department = self.department.name if self.department_id else ""
            return f"{self.source_division.name}{department}"
        if self.department_id:
            return self.department.name
        return str(self.author or "")


class DocumentVersion(models.Model):
    """A frozen, named copy of a whole document (with the plan's structured content
    as it then read), made when the document's stage moves."""

    # A version may be given to the city for 衔接 without the live draft
    # (apps/plans/policy.py).
    is_frozen_version = True

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    stage = models.CharField(_("阶段"), max_length=20, choices=Document.Stage)
    name = models.CharField(_("版本名称"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("冻结时间"), auto_now_add=True)
    snapshot = models.JSONField(_("内容"), default=dict)

    class Meta:
        verbose_name = _("阶段版本")
        verbose_name_plural = _("阶段版本")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name
