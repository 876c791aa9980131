"""factory_boy factories for the domain, used across the test suite."""

from decimal import Decimal

import factory
from django.contrib.auth.hashers import make_password

from apps.accounts.models import County, Department, Membership, Role, User
from apps.delivery.models import KeyTask, MajorProject, PolicyTool
from apps.governance.models import GovernanceMeasure, PlanLinkage, ResearchTopic, Risk
from apps.plans.actions import plan_create
from apps.positioning.models import (
    ComparativeAdvantage,
    DevelopmentPath,
    PositioningStatement,
    RegionalLink,
)
from apps.targets.models import Indicator, PeriodTarget, VisionItem

PASSWORD = "test-pass-2021"
_HASHED = make_password(PASSWORD)


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County

    name = factory.Sequence(lambda n: f"测试{n}县")
    code = factory.Sequence(lambda n: f"{990000 + n:06d}")
    level = County.Level.COUNTY
    function_zone = County.FunctionZone.AGRICULTURAL


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"部门{n}")
    position = factory.Sequence(lambda n: n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = _HASHED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    county = factory.SubFactory(CountyFactory)
    role = Role.DRAFTER


def make_plan(county: County, user=None, **kwargs):
    options = {"template_key": "fyp14", "base_year": 2020, "vision_year": 2035, "use_parts": True}
    options.update(kwargs)
    return plan_create(county=county, created_by=user, **options)


def as_draft(plan, stage: str = "research"):
    """The demo's outline was adopted in 2021; a test about drafts (their marks, the
    self-check appendix, the stage a draft is named for, moving between drafting
    stages) takes it back to a drafting stage first."""
    from apps.plans.models import Document

    Document.objects.filter(pk=plan.outline.pk).update(stage=stage)
    plan.refresh_from_db()
    return plan


def node(plan, key: str):
    return plan.outline.nodes.get(key=key)


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    position = factory.Sequence(lambda n: n + 1)

    @factory.lazy_attribute
    def node(self):
        return self.plan.outline.nodes.get(key=self.node_key)


class VisionItemFactory(PlanItemFactory):
    class Meta:
        model = VisionItem

    class Params:
        node_key = "vision"

    dimension = VisionItem.Dimension.ECONOMY
    title = factory.Sequence(lambda n: f"远景目标{n}")


class PeriodTargetFactory(PlanItemFactory):
    class Meta:
        model = PeriodTarget

    class Params:
        node_key = "period_targets"

    vision_item = factory.SubFactory(VisionItemFactory, plan=factory.SelfAttribute("..plan"))
    title = factory.Sequence(lambda n: f"阶段目标{n}")


class IndicatorFactory(PlanItemFactory):
    class Meta:
        model = Indicator

    class Params:
        node_key = "period_targets"

    name = factory.Sequence(lambda n: f"指标{n}")
    unit = "亿元"
    baseline_value = Decimal("100")
    target_value = Decimal("140")
    expression = Indicator.Expression.LEVEL
    attribute = Indicator.Attribute.EXPECTED

    @factory.lazy_attribute
    def category(self):
        return self.plan.indicator_categories.first()


class KeyTaskFactory(PlanItemFactory):
    class Meta:
        model = KeyTask

    class Params:
        node_key = "task_industry"

    area = KeyTask.Area.INDUSTRY
    title = factory.Sequence(lambda n: f"重点任务{n}")


class MajorProjectFactory(PlanItemFactory):
    class Meta:
        model = MajorProject

    class Params:
        node_key = "task_industry"

    name = factory.Sequence(lambda n: f"重大项目{n}")
    significance = MajorProject.Significance.MAJOR
    category = MajorProject.Category.INDUSTRY
    content_scale = "建设厂房及配套设施"
    start_year = 2021
    end_year = 2024
    total_investment = Decimal("10000")
    period_investment = Decimal("8000")
    funding_government = Decimal("2000")
    funding_social = Decimal("8000")


class PolicyToolFactory(PlanItemFactory):
    class Meta:
        model = PolicyTool

    class Params:
        node_key = "policy_tools"

    name = factory.Sequence(lambda n: f"政策{n}")
    origin = PolicyTool.Origin.OWN
    kind = PolicyTool.Kind.FISCAL


class PositioningStatementFactory(PlanItemFactory):
    class Meta:
        model = PositioningStatement

    class Params:
        node_key = "mission"

    kind = PositioningStatement.Kind.FUNCTION
    title = factory.Sequence(lambda n: f"功能定位{n}")


class ComparativeAdvantageFactory(PlanItemFactory):
    class Meta:
        model = ComparativeAdvantage

    class Params:
        node_key = "advantages"

    name = factory.Sequence(lambda n: f"优势{n}")
    kind = ComparativeAdvantage.Kind.TRADITIONAL
    factor = ComparativeAdvantage.Factor.LAND
    trend = ComparativeAdvantage.Trend.WEAKENING


class RegionalLinkFactory(PlanItemFactory):
    class Meta:
        model = RegionalLink

    class Params:
        node_key = "regional"

    partner_region = factory.Sequence(lambda n: f"合作市{n}")
    kind = RegionalLink.Kind.INDUSTRY_TRANSFER
    content = "承接纺织服装产业转移"


class DevelopmentPathFactory(PlanItemFactory):
    class Meta:
        model = DevelopmentPath

    class Params:
        node_key = "path"

    path = DevelopmentPath.Path.FARMING
    focus = "现代农业"
    rationale = "耕地资源丰富"


class RiskFactory(PlanItemFactory):
    class Meta:
        model = Risk

    class Params:
        node_key = "risks"

    domain = Risk.Domain.ECONOMIC
    title = factory.Sequence(lambda n: f"风险{n}")
    warning_indicator = "财政收入增速"
    emergency_plan = "经济运行应急预案"


class PlanLinkageFactory(PlanItemFactory):
    class Meta:
        model = PlanLinkage

    class Params:
        node_key = "linkage"

    linked_plan = factory.Sequence(lambda n: f"上位规划{n}")
    level = PlanLinkage.Level.PROVINCIAL
    kind = PlanLinkage.Kind.DEVELOPMENT
    direction = PlanLinkage.Direction.UPPER


class ResearchTopicFactory(PlanItemFactory):
    class Meta:
        model = ResearchTopic

    class Params:
        node_key = "research"

    title = factory.Sequence(lambda n: f"课题{n}")
    stage = ResearchTopic.Stage.PREPARATION


class GovernanceMeasureFactory(PlanItemFactory):
    class Meta:
        model = GovernanceMeasure

    class Params:
        node_key = "governance"

    group = GovernanceMeasure.Group.SOCIAL
    title = factory.Sequence(lambda n: f"措施{n}")
