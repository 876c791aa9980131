from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class ActivityLogQuerySet(models.QuerySet):
    def for_plan(self, plan_id: int) -> "ActivityLogQuerySet":
        return self.filter(plan_id=plan_id)

    # Bulk changes would bypass the model's refusal below; refuse them too.
    def update(self, **kwargs):
        raise ValueError("activity log entries are append-only")

    def count_repeat(self, pk: int) -> None:
        """The one change a row allows: one more of the same refusal (log_denied)."""
        models.QuerySet.update(self.filter(pk=pk), repeats=models.F("repeats") + 1)

    def delete(self):
        raise ValueError("activity log entries are append-only")


class ActivityLog(models.Model):
    """An append-only record of who did what, when, to which object.

    Rows are written once and never changed or deleted by the application: the
    model refuses updates and deletes, so the log stays trustworthy even if a view
    has a bug. ``county_id`` and ``plan_id`` are plain numbers because this app sits
    below the ones that define counties and plans.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    verb = models.CharField(_("动作"), max_length=40, db_index=True)
    county_id = models.BigIntegerField(_("行政区"), null=True, blank=True, db_index=True)
    plan_id = models.BigIntegerField(_("规划"), null=True, blank=True, db_index=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_id = models.BigIntegerField(null=True, blank=True)
    target_repr = models.CharField(_("对象"), max_length=200, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    # How many more times the same refusal came within a minute (log_denied).
    repeats = models.PositiveIntegerField(_("重复次数"), default=0)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    objects = ActivityLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["plan_id", "-created_at"], name="activity_plan_time")]

    VERB_LABELS = {
        "denied": _("拒绝访问"),
        "assign": _("分工"),
        "submit": _("提交会签"),
        "approve": _("会签同意"),
        "request_changes": _("退回修改"),
        "reopen": _("重新打开"),
        "opinion": _("提出意见"),
        "reply": _("回复意见"),
        "dispose": _("处理意见"),
        "stage": _("调整阶段"),
        "export": _("请求导出"),
        "download": _("下载"),
        "exempt": _("说明不适用"),
        "unexempt": _("撤销不适用说明"),
        "wording": _("修改规范表述"),
        "wording_delete": _("删除规范表述"),
        "wording_starter": _("添加推荐规范表述"),
        "create": _("新建规划"),
        "create_document": _("新建文件"),
        "settings": _("修改设置"),
        "outline": _("调整纲要结构"),
        "delete": _("删除内容"),
        "import": _("导入"),
        "department": _("添加部门"),
        "monitoring_open": _("开启年度监测"),
        "monitoring_report": _("报送监测数据"),
        "monitoring_accept": _("审核监测数据"),
        "monitoring_return": _("退回监测数据"),
        "monitoring_assign": _("改派监测填报"),
        "monitoring_lock": _("锁定监测年度"),
        "monitoring_reopen": _("重新打开监测年度"),
        "monitoring_remind": _("提醒报送监测数据"),
        "monitoring_warning": _("约束性指标预警"),
        "monitoring_import": _("表格报送监测数据"),
        "linkage_open": _("提交上级衔接论证"),
        "linkage_share": _("调整向上级开放的草稿"),
        "linkage_close": _("结束衔接论证"),
        "project_match": _("确认项目对应关系"),
        "allocation": _("分解指标"),
        "consultation_publish": _("发布公开征求意见"),
        "suggestion_hide": _("屏蔽公众意见"),
        "suggestion_show": _("恢复公众意见"),
        "suggestion_enter": _("录入线下意见"),
        "suggestion_import": _("导入问卷意见"),
        "suggestion_sort": _("分类和分派公众意见"),
        "suggestion_merge": _("合并公众意见"),
        "suggestion_merge_identical": _("合并内容相同的公众意见"),
        "suggestion_unmerge": _("取消合并公众意见"),
        "suggestion_answer": _("答复公众意见"),
        "consultation_feedback": _("公开意见采纳情况反馈"),
    }

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("activity log entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("activity log entries are append-only")

    @property
    def verb_label(self) -> str:
        return str(self.VERB_LABELS.get(self.verb, self.verb))


class Submission(models.Model):
    """A form token already used, and where its submission led (apps/core/submissions.py).
    Kept a day; a repeat after that is a new submission."""

    token = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("已提交的表单")
        verbose_name_plural = _("已提交的表单")

    def __str__(self) -> str:
        return self.token
