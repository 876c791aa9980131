from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at=None)


class Notification(models.Model):
    """A message in a user's in-app inbox (the same text also goes out by email)."""

    class Kind(models.TextChoices):
        ASSIGNMENT = "assignment", _("分工")
        SUBMISSION = "submission", _("提交会签")
        DECISION = "decision", _("会签意见")
        OPINION = "opinion", _("新意见")
        DISPOSITION = "disposition", _("意见处理")
        DUE_SOON = "due_soon", _("即将到期")
        STAGE = "stage", _("阶段变更")
        MONITORING = "monitoring", _("年度监测")
        WARNING = "warning", _("监测预警")
        LINKAGE = "linkage", _("规划衔接")
        CONSULTATION = "consultation", _("公众意见")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # Identifies what the message is about, so a reminder is not sent twice.
    dedupe_key = models.CharField(max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title
