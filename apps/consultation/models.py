"""问计于民: a frozen version of a plan published for the public's suggestions.

What is published is always a frozen version (``DocumentVersion``), never the live
draft: the public pages read the version's snapshot and nothing else of the plan,
so what a reader sees cannot change under them and says nothing of the drafting.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.plans.models import Document
from apps.review.models import DocumentVersion

MAX_TOPICS = 30
MAX_TOPIC_LENGTH = 30


class ConsultationQuerySet(models.QuerySet):
    def started(self, today=None) -> "ConsultationQuerySet":
        """Those the public may read: from their first day on, for good."""
        return self.filter(starts_on__lte=today or timezone.localdate())


class Consultation(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="consultations")
    # RESTRICT: the published text cannot be deleted on its own.
    version = models.ForeignKey(
        DocumentVersion,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("公开的版本"),
    )
    title = models.CharField(_("标题"), max_length=120)
    explanation = models.TextField(
        _("起草说明"),
        max_length=20000,
        help_text=_("向公众说明规划编制的背景、过程和主要内容；纯文本，空行分段。"),
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("截止日期"))
    channels = models.TextField(
        _("其他意见渠道"),
        max_length=2000,
        blank=True,
        help_text=_("如电子邮箱、信函地址、座谈会安排；纯文本。"),
    )
    topics = models.JSONField(_("意见主题"), default=list, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开征求意见")
        verbose_name_plural = _("公开征求意见")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="consultation_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("截止日期不能早于开始日期。")})

    @property
    def county(self):
        return self.document.plan.county

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on

    def has_ended(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.ends_on

    def chapters(self) -> list[dict]:
        """The version's nodes a reader can open: everything but the annexes
        (their tables are printed in the full text, not read chapter by chapter)."""
        return [
            node for node in self.version.snapshot.get("nodes", []) if node.get("level") != "annex"
        ]
