from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.plans.models import Plan


class DemoPlan(models.Model):
    """Marks a plan as created by ``seed_demo``, and at which scale.

    Re-seeding only ever rebuilds plans marked here, so a plan a user created for a
    demo county is never touched.
    """

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="demo")
    scale = models.PositiveIntegerField(_("规模倍数"), default=1)

    class Meta:
        verbose_name = _("演示规划")
        verbose_name_plural = _("演示规划")

    def __str__(self) -> str:
        return f"{self.plan} ×{self.scale}"
