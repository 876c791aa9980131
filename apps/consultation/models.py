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

from apps.core.text import as_id
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
    # The feedback notice (意见采纳情况反馈) as published: a frozen copy of the
    # answers, so the public page and its PDF say what was published whatever is
    # edited afterwards (apps/consultation/feedback.py). Never a contact.
    feedback_intro = models.TextField(
        _("反馈说明"),
        max_length=5000,
        blank=True,
        help_text=_("反馈公告开头的说明文字；纯文本，空行分段。"),
    )
    feedback = models.JSONField(_("意见采纳情况反馈"), default=dict, blank=True)
    feedback_published_at = models.DateTimeField(_("反馈发布时间"), null=True, blank=True)
    # The hash of ``feedback`` as published: finds its PDF without reading it.
    feedback_fingerprint = models.CharField(max_length=64, blank=True)

    objects = ConsultationQuerySet.as_manager()
    # For the policy (apps/plans/policy.py): a consultation and its suggestions
    # are the planning office's, read by the county's members.
    is_consultation = True

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

    @property
    def plan(self):
        return self.document.plan

    @property
    def feedback_published(self) -> bool:
        return self.feedback_published_at is not None

    def chapter(self, raw) -> dict | None:
        """The node of the published version whose id ``raw`` reads as (from a
        request, a form or a stored row), or None: the plan as a whole."""
        pk = raw if isinstance(raw, int) else as_id(raw)
        return next((n for n in self.chapters() if n["id"] == pk), None)

    def topic_for(self, node: dict | None) -> str:
        """The topic a suggestion on ``node`` falls under by default: the 篇 it is in,
        when the 篇 are the consultation's topics (as they are unless the office
        listed its own)."""
        if node is None:
            return ""
        part = ""
        for candidate in self.chapters():
            if candidate.get("level") == "part":
                part = candidate["title"]
            if candidate["id"] == node["id"]:
                return part if part in self.topics else ""
        return ""

    def chapters(self) -> list[dict]:
        """The version's nodes a reader can open: everything but the annexes
        (their tables are printed in the full text, not read chapter by chapter)."""
        return [
            node for node in self.version.snapshot.get("nodes", []) if node.get("level") != "annex"
        ]


class Suggestion(models.Model):
    """One suggestion from the public (or entered by staff from a letter, a forum,
    a deputy's proposal). Plain text only; the contact is the coordinator's to
    see and is deleted after the consultation (``contact`` is never exported)."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上留言")
        EMAIL = "email", _("电子邮件")
        LETTER = "letter", _("信函")
        FORUM = "forum", _("座谈会")
        DEPUTY = "deputy", _("人大代表建议")
        MEMBER = "member", _("政协委员提案")
        SURVEY = "survey", _("问卷调查")
        OTHER = "other", _("其他")

    class Answer(models.TextChoices):
        ADOPTED = "adopted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        DECLINED = "declined", _("不采纳")
        REFLECTED = "reflected", _("已体现")

    # What needs a reason (不采纳) and what may name the revision that took it in.
    NEEDS_REASON = frozenset({Answer.DECLINED, Answer.PARTLY})
    TAKEN_IN = frozenset({Answer.ADOPTED, Answer.PARTLY})

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="suggestions"
    )
    # The chapter of the published version it is about (None: the plan as a whole),
    # and its heading as it read.
    node_id = models.PositiveBigIntegerField(_("章节"), null=True, blank=True)
    node_title = models.CharField(_("章节"), max_length=120, blank=True)
    quote = models.TextField(_("原文"), max_length=1000, blank=True)
    text = models.TextField(_("意见建议"), max_length=2000)
    topic = models.CharField(_("主题"), max_length=MAX_TOPIC_LENGTH, blank=True)
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    organisation = models.CharField(_("单位"), max_length=100, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel, default=Channel.ONLINE)
    people = models.PositiveIntegerField(_("人数"), default=1)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    # Who sent it, as a keyed hash of the address (never the address itself), and
    # the text normalised: the same person sending the same text twice is one.
    client = models.CharField(max_length=64, blank=True, db_index=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    hidden = models.BooleanField(_("已屏蔽"), default=False)
    hidden_reason = models.CharField(_("屏蔽原因"), max_length=200, blank=True)

    # Entered by staff (a letter, a forum, a deputy's proposal, an imported
    # questionnaire): where it came from and when.
    source = models.CharField(
        _("来源"), max_length=200, blank=True, help_text=_("如：县政协十届三次会议第12号提案")
    )
    received_on = models.DateField(_("收到日期"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Sorting: the department that answers it, and the suggestion it repeats (the
    # group's first one carries the answer; the people of the group add up).
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办部门"),
    )
    merged_into = models.ForeignKey(
        "self",
        # Suggestions are hidden, never deleted; should one go (with its plan, or
        # in the admin), those merged into it stand on their own again.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("合并到"),
    )
    # How the feedback notice states it (the text with numbers and addresses a
    # reader typed masked, unless the office writes its own summary).
    summary = models.CharField(_("公开摘要"), max_length=300, blank=True)

    # The answer.
    answer = models.CharField(_("采纳情况"), max_length=10, choices=Answer, blank=True)
    answer_text = models.TextField(_("答复"), max_length=2000, blank=True)
    revision = models.ForeignKey(
        DocumentVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("体现在版本"),
    )
    revision_note = models.CharField(_("修改情况"), max_length=200, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # Bumped by every change the office makes: a form from before a change is stale.
    row_version = models.PositiveIntegerField(default=0)

    is_consultation = True

    class Meta:
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
        ordering = ["consultation", "created_at", "id"]
        indexes = [models.Index(fields=["consultation", "fingerprint"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(people__gte=1), name="suggestion_people_at_least_one"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def plan(self):
        return self.consultation.document.plan

    @property
    def is_offline(self) -> bool:
        return self.channel != self.Channel.ONLINE


class SuggestionImport(models.Model):
    """A questionnaire export read in, kept between the preview and the
    confirmation (rows as plain JSON, see apps/consultation/importing.py)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    result = models.JSONField(default=dict)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename
