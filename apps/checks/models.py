from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import County
from apps.plans.models import Plan


class Exemption(models.Model):
    """A deliberate “not applicable” for something a check would otherwise miss:
    a task area the county does not plan for, or no new-infrastructure projects."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="check_exemptions")
    code = models.CharField(_("事项"), max_length=40)
    reason = models.CharField(_("理由"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("不适用说明")
        verbose_name_plural = _("不适用说明")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="exemption_unique")]

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}"


class Wording(models.Model):
    """One entry of a county's 规范表述: a phrasing its plans should not use, the
    wording agreed instead, and why. The self-check lists every use in the text."""

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    discouraged = models.CharField(_("不宜使用的表述"), max_length=40)
    preferred = models.CharField(_("规范表述"), max_length=60)
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("规范表述")
        verbose_name_plural = _("规范表述")
        ordering = ["discouraged"]
        constraints = [
            models.UniqueConstraint(fields=["county", "discouraged"], name="wording_unique")
        ]

    def __str__(self) -> str:
        return f"{self.discouraged} → {self.preferred}"
