from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class County(TimeStampedModel):
    """An administrative division that drafts its own plan: a county, county-level
    city or district, a prefecture-level city, or a province, in a tree (a
    county's parent is its city, a city's its province)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        PREFECTURE_CITY = "prefecture_city", _("地级市")
        COUNTY = "county", _("县")
        COUNTY_CITY = "county_city", _("县级市")
        DISTRICT = "district", _("区")

    class FunctionZone(models.TextChoices):
        URBANISED = "urbanised", _("城市化地区")
        AGRICULTURAL = "agricultural", _("农产品主产区")
        ECOLOGICAL = "ecological", _("重点生态功能区")

    name = models.CharField(_("名称"), max_length=50)
    code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("行政区划代码应为6位数字。"))],
    )
    level = models.CharField(_("行政级别"), max_length=20, choices=Level, default=Level.COUNTY)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级行政区"),
    )
    function_zone = models.CharField(
        _("主体功能区类型"), max_length=20, choices=FunctionZone, blank=True
    )
    government_name = models.CharField(
        _("人民政府名称"), max_length=60, blank=True, help_text=_("留空时为“名称+人民政府”。")
    )

    class Meta:
        verbose_name = _("行政区")
        verbose_name_plural = _("行政区")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def issuing_body(self) -> str:
        return self.government_name or gettext("%(name)s人民政府") % {"name": self.name}


class Department(TimeStampedModel):
    """A department of a county government (教育局, 财政局, …)."""

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("部门名称"), max_length=60)
    catalogue_code = models.CharField(_("目录编码"), max_length=30, blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["county", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person using the platform; what they may do comes from their memberships."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("规划统筹")
    DRAFTER = "drafter", _("起草")
    REVIEWER = "reviewer", _("审核")
    LEADER = "leader", _("领导（只读）")
    # Held in a city (or province): reads the plans its counties open for 衔接论证
    # and leaves 衔接意见; in a province, reads everything below it.
    LINKAGE = "linkage", _("衔接审核")


class MembershipQuerySet(models.QuerySet):
    def for_county(self, county_id: int) -> "MembershipQuerySet":
        return self.filter(county_id=county_id)


class Membership(TimeStampedModel):
    """A user's role in a county, through one of its departments where they have one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="memberships")
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("成员身份")
        verbose_name_plural = _("成员身份")
        # Two constraints because NULL departments never collide in a plain unique index.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "county", "department", "role"],
                condition=models.Q(department__isnull=False),
                name="membership_unique_in_department",
            ),
            models.UniqueConstraint(
                fields=["user", "county", "role"],
                condition=models.Q(department__isnull=True),
                name="membership_unique_county_wide",
            ),
        ]

    def __str__(self) -> str:
        where = self.department or self.county
        return f"{self.user} · {where} · {self.get_role_display()}"
