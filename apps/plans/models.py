from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import County, Department
from apps.core.models import TimeStampedModel
from apps.core.numerals import five_year_plan_name, five_year_plan_ordinal
from apps.core.text import text_length

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class PlanQuerySet(models.QuerySet):
    def for_user(self, user) -> "PlanQuerySet":
        """Plans of the counties the user is a member of, and nothing else."""
        from apps.plans.policy import plans_where

        return plans_where(user, self)


class Plan(TimeStampedModel):
    """One county's five-year programme: its period and 远景 vision and the
    structured content every document of it draws on (targets, indicators,
    projects, …). What is written and reviewed is a Document of the plan: its
    outline (规划纲要) first, evaluation reports and special plans later."""

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="plans")
    base_year = models.PositiveSmallIntegerField(_("基期年"), validators=YEAR_VALIDATORS)
    target_year = models.PositiveSmallIntegerField(_("规划目标年"), validators=YEAR_VALIDATORS)
    vision_year = models.PositiveSmallIntegerField(_("远景目标年"), validators=YEAR_VALIDATORS)
    backcast_tolerance = models.DecimalField(
        _("倒排路径容差（%）"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(settings.PLANNER_BACKCAST_TOLERANCE),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100"))],
        help_text=_("规划目标年目标偏离由基期值和远景值推算的平稳路径超过此比例时给出提醒。"),
    )
    fiscal_capacity = models.DecimalField(
        _("期内可统筹财力（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("规划")
        verbose_name_plural = _("规划")
        ordering = ["county", "-target_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year=F("base_year") + 5), name="plan_five_year_period"
            ),
            models.CheckConstraint(
                condition=Q(vision_year__gte=F("target_year")), name="plan_vision_after_target"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """示范县“十四五”规划: the programme, as people say it."""
        from django.utils.translation import gettext

        return gettext("%(county)s“%(period)s”规划") % {
            "county": self.county.name,
            "period": self.period_name,
        }

    @property
    def ordinal(self) -> int:
        return five_year_plan_ordinal(self.target_year)

    @property
    def period_name(self) -> str:
        """十四五, 十五五, … derived from the years, never stored."""
        return five_year_plan_name(self.target_year)

    @property
    def previous_period_name(self) -> str:
        return five_year_plan_name(self.base_year)

    @cached_property
    def outline(self) -> "Document":
        """The plan's outline (规划纲要); the access helper loads it with the plan."""
        return self.documents.get(kind=Document.Kind.OUTLINE)

    def refresh_from_db(self, *args, **kwargs):
        # The outline is read again too, like any other relation.
        self.__dict__.pop("outline", None)
        super().refresh_from_db(*args, **kwargs)

    @classmethod
    def default_title(cls, county_name: str, target_year: int, vision_year: int) -> str:
        """The outline's title as the period names it (apps/plans/periods.py)."""
        from apps.plans.periods import outline_title

        return outline_title(county_name, target_year, vision_year)


class Document(TimeStampedModel):
    """A document with an outline: the tree of 篇/章/节 with their text, the stage it
    has reached, its frozen versions, the opinions on it, its exports.

    The plan outline is the first kind; a mid-term evaluation report or a
    department's special plan is the same thing with another template and stage
    chain (apps/plans/kinds.py), drawing on the same plan's structured content.
    """

    class Kind(models.TextChoices):
        OUTLINE = "outline", _("规划纲要")
        MIDTERM = "midterm", _("中期评估报告")
        FINAL = "final", _("总结评估报告")

    class Stage(models.TextChoices):
        RESEARCH = "research", _("前期研究")
        APPROACH = "approach", _("基本思路")
        OUTLINE_DRAFT = "outline_draft", _("纲要草案")
        CONSULTATION = "consultation", _("征求意见稿")
        SUBMISSION = "submission", _("送审稿")
        ADOPTED = "adopted", _("审议通过")
        # After the mid-term review the outline may be adjusted (规划调整).
        ADJUSTMENT = "adjustment", _("调整稿")
        ADJUSTED = "adjusted", _("调整后审议通过")
        # The evaluation reports' own stages (apps/plans/kinds.py).
        REPORT_DRAFT = "report_draft", _("初稿")
        REPORTED = "reported", _("报送人大常委会")

    class EmptyNodes(models.TextChoices):
        MARK = "mark", _("印出标题并标注（待起草）")
        OMIT = "omit", _("不印出")

    class IndicatorsPlacement(models.TextChoices):
        ANNEX = "annex", _("附表，正文注明“见附表”")
        BOX = "box", _("专栏，放在主要目标一节")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("文件类型"), max_length=20, choices=Kind, default=Kind.OUTLINE)
    title = models.CharField(_("文件名称"), max_length=120)
    template_key = models.CharField(_("模板"), max_length=30, blank=True)
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage, default=Stage.RESEARCH)
    issuing_body = models.CharField(_("印发机关"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The date each stage's draft carries (stage → ISO date): set when the document
    # reaches the stage, corrected by the coordinator; the cover prints it, so a
    # file exported twice carries the same date.
    stage_dates = models.JSONField(_("各稿日期"), default=dict, blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    approved_by = models.CharField(
        _("批准会议"),
        max_length=80,
        blank=True,
        help_text=_("如：示范县第十八届人民代表大会第五次会议。"),
    )
    empty_nodes = models.CharField(
        _("草稿中的空白节点"),
        max_length=10,
        choices=EmptyNodes,
        default=EmptyNodes.MARK,
    )
    indicators_placement = models.CharField(
        _("主要指标表的位置"),
        max_length=10,
        choices=IndicatorsPlacement,
        default=IndicatorsPlacement.ANNEX,
    )
    indicator_notes = models.TextField(
        _("主要指标表的注"),
        max_length=2000,
        blank=True,
        help_text=_("每行一条，印在主要指标表下方，排在各指标自带的说明之后。"),
    )

    class Meta:
        verbose_name = _("文件")
        verbose_name_plural = _("文件")
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(kind="outline"),
                name="document_one_outline_per_plan",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(kind="midterm"),
                name="document_one_midterm_report_per_plan",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(kind="final"),
                name="document_one_final_report_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def issuer(self) -> str:
        return self.issuing_body or self.plan.county.issuing_body

    def stage_date(self, stage: str | None = None):
        """The date the draft of ``stage`` (the current one by default) carries."""
        from datetime import date

        value = (
            self.stage_dates.get(stage or self.stage)
            if isinstance(self.stage_dates, dict)
            else None
        )
        try:
            return date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None

    @property
    def dated(self):
        """The date printed on the cover: the approval date of an adopted document,
        otherwise the current stage's draft date."""
        if self.is_final and self.approved_on:
            return self.approved_on
        return self.stage_date()

    @property
    def is_final(self) -> bool:
        """At a stage where the text is the approved one: no draft marks any more.
        For the outline that is 审议通过 and, after an adjustment, 调整后审议通过;
        the 调整稿 between them is a draft again."""
        from apps.plans.kinds import kind_of

        return self.stage in kind_of(self).final_stages

    @property
    def is_adopted(self) -> bool:
        """Adopted at some point and still in force: an outline under adjustment or
        adjusted is the adopted plan for everything that asks (reports, monitoring)."""
        from apps.plans.kinds import kind_of

        kind = kind_of(self)
        return kind.stages.index(self.stage) >= kind.stages.index(kind.adopted_stage)

    @property
    def is_report(self) -> bool:
        return self.kind != Document.Kind.OUTLINE


class OutlineNode(TimeStampedModel):
    """A 篇, 章, 节 or annex of a plan's outline, with its narrative text, the
    department that drafts it, the departments that countersign it, and where it
    stands in review."""

    class Level(models.TextChoices):
        PART = "part", _("篇")
        CHAPTER = "chapter", _("章")
        SECTION = "section", _("节")
        ANNEX = "annex", _("附表")
        # 序言 and 结束语: at the top level, printed without a number.
        UNNUMBERED = "unnumbered", _("不编号（序言、结束语）")

    class ReviewState(models.TextChoices):
        DRAFTING = "drafting", _("起草中")
        SUBMITTED = "submitted", _("已提交")
        IN_REVIEW = "in_review", _("审核中")
        CHANGES_REQUESTED = "changes_requested", _("需修改")
        APPROVED = "approved", _("已通过")

    # States in which the lead department may change the text and its items.
    EDITABLE_STATES = frozenset({ReviewState.DRAFTING, ReviewState.CHANGES_REQUESTED})
    UNDER_REVIEW_STATES = frozenset({ReviewState.SUBMITTED, ReviewState.IN_REVIEW})

    # The document owns the node; the plan is kept beside it for scoping (every
    # query of a plan's items and nodes, the raw counting SQL) and always equals
    # document.plan.
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="nodes")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.CharField(_("层级"), max_length=10, choices=Level)
    position = models.PositiveIntegerField(_("排序"), default=0)
    title = models.CharField(_("标题"), max_length=120)
    box_title = models.CharField(
        _("专栏标题"),
        max_length=60,
        blank=True,
        help_text=_("本节点重大项目专栏的标题；留空时为“某某重大工程”。"),
    )
    key = models.SlugField(
        _("模板标识"),
        max_length=40,
        blank=True,
        help_text=_("模板中该节点的用途，用于放置结构化内容。"),
    )
    guidance = models.TextField(_("编写提示"), blank=True, max_length=2000)
    body = models.TextField(_("正文"), blank=True)
    body_length = models.PositiveIntegerField(_("正文字数"), default=0)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lead_department = models.ForeignKey(
        Department,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="led_nodes",
        verbose_name=_("牵头部门"),
    )
    reviewing_departments = models.ManyToManyField(
        Department, blank=True, related_name="reviewed_nodes", verbose_name=_("会签部门")
    )
    due_date = models.DateField(_("完成时限"), null=True, blank=True)
    review_state = models.CharField(
        _("审核状态"), max_length=20, choices=ReviewState, default=ReviewState.DRAFTING
    )

    class Meta:
        verbose_name = _("纲要节点")
        verbose_name_plural = _("纲要节点")
        ordering = ["document", "position", "id"]
        indexes = [
            models.Index(fields=["plan", "parent", "position"]),
            models.Index(fields=["document", "parent", "position"]),
        ]

    def __str__(self) -> str:
        return self.title

    def set_body(self, body_html: str) -> None:
        self.body = body_html
        self.body_length = text_length(body_html)


class PlanItem(TimeStampedModel):
    """Base of every structured part of a plan (indicators, tasks, projects, …).

    Each item belongs to one plan and is presented in one outline node; ``version``
    lets a save detect that someone else saved the item since it was loaded.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    # RESTRICT: a node holding items cannot be deleted on its own, but deleting the
    # whole plan removes nodes and items together.
    node = models.ForeignKey(
        OutlineNode, on_delete=models.RESTRICT, related_name="+", verbose_name=_("所在章节")
    )
    position = models.PositiveIntegerField(_("排序"), default=0)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class RevisionQuerySet(models.QuerySet):
    def of(self, obj) -> "RevisionQuerySet":
        from django.contrib.contenttypes.models import ContentType

        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        )


class Revision(models.Model):
    """One saved state of a node's text or of a structured item, with who saved it.

    Written in the same transaction as the save itself, so there is exactly one
    revision per accepted save. ``body`` is the node text (HTML); ``data`` holds an
    item's fields as saved, for field-by-field comparison and restoring.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    # The node this revision is (or, for an item, is presented in) — for history pages.
    node = models.ForeignKey(
        OutlineNode, on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions"
    )
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.BigIntegerField()
    object_repr = models.CharField(_("对象"), max_length=200)
    version = models.PositiveIntegerField(_("版本"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)
    body = models.TextField(_("正文"), blank=True)
    data = models.JSONField(_("字段"), default=dict, blank=True)
    note = models.CharField(_("说明"), max_length=120, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("修订")
        verbose_name_plural = _("修订")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-version"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "version"], name="revision_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.object_repr} v{self.version}"


class WordImport(models.Model):
    """A Word draft read for a document (or, with ``node``, for one node's text),
    waiting for the coordinator to confirm where each heading goes. The reading is
    kept (``result``), not the file: nothing of the file is written anywhere until
    the import is confirmed, and then only the text."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        APPLIED = "applied", _("已导入")
        DISCARDED = "discarded", _("已放弃")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="word_imports")
    node = models.ForeignKey(
        OutlineNode, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.PENDING)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    result = models.JSONField(_("读取结果"), default=dict)

    class Meta:
        verbose_name = _("Word 导入")
        verbose_name_plural = _("Word 导入")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class SheetImport(models.Model):
    """A spreadsheet uploaded for one part (major projects, indicators), read and
    waiting for its uploader to confirm the preview. The file itself is kept only
    until it is read (a large one by the worker); then only its cells are kept,
    and nothing reaches the plan before the confirmation."""

    class Status(models.TextChoices):
        READING = "reading", _("读取中")
        PENDING = "pending", _("待确认")
        APPLIED = "applied", _("已导入")
        DISCARDED = "discarded", _("已放弃")
        FAILED = "failed", _("无法读取")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sheet_imports")
    part = models.CharField(_("内容"), max_length=40)
    filename = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.READING)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    upload = models.BinaryField(_("待读取的文件"), null=True, blank=True)
    progress = models.PositiveIntegerField(_("已读行数"), default=0)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    reading = models.JSONField(_("读取结果"), default=dict)
    error = models.TextField(_("读取错误"), blank=True)
    outcome = models.JSONField(_("导入结果"), default=dict)

    class Meta:
        verbose_name = _("表格导入")
        verbose_name_plural = _("表格导入")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename
