"""Everything the checks read, loaded once with a fixed number of queries.

Checks never query the database themselves: they receive this snapshot, so running
all of them costs the same whatever the size of the plan.
"""

from dataclasses import dataclass, field

from apps.delivery.models import KeyTask, MajorProject, PolicyTool
from apps.governance.models import GovernanceMeasure, PlanLinkage, ResearchTopic, Risk
from apps.plans.models import Document, OutlineNode, Plan
from apps.positioning.models import ComparativeAdvantage, RegionalLink
from apps.targets.models import Indicator, IndicatorCategory, PeriodTarget, VisionItem


@dataclass
class PlanData:
    plan: Plan
    nodes: dict[int, OutlineNode]
    nodes_by_key: dict[str, OutlineNode]
    categories: list[IndicatorCategory]
    visions: list[VisionItem]
    targets: list[PeriodTarget]
    indicators: list[Indicator]
    advantages: list[ComparativeAdvantage]
    regional_links: list[RegionalLink]
    tasks: list[KeyTask]
    task_indicator_ids: dict[int, set[int]]
    task_advantage_ids: dict[int, set[int]]
    task_dependencies: dict[int, set[int]]
    projects: list[MajorProject]
    policy_tools: list[PolicyTool]
    tool_task_ids: dict[int, set[int]]
    risks: list[Risk]
    linkages: list[PlanLinkage]
    measures: list[GovernanceMeasure]
    research: list[ResearchTopic]
    exemptions: dict[str, str] = field(default_factory=dict)


def _pairs(through, source: str, target: str, **filters) -> dict[int, set[int]]:
    pairs: dict[int, set[int]] = {}
    for a, b in through.objects.filter(**filters).values_list(f"{source}_id", f"{target}_id"):
        pairs.setdefault(a, set()).add(b)
    return pairs


def load_plan_data(plan: Plan) -> PlanData:
    from apps.checks.models import Exemption

    # Node text is not the checks' business (and is not part of content_stamp).
    # The outline's nodes, without a query for the outline itself.
    outline = OutlineNode.objects.filter(plan=plan, document__kind=Document.Kind.OUTLINE)
    nodes = {n.pk: n for n in outline.defer("body", "guidance")}
    indicators = list(Indicator.objects.filter(plan=plan).select_related("category"))
    for indicator in indicators:
        indicator.plan = plan  # the * flag and paths need the plan's years, not a query
    tasks = list(KeyTask.objects.filter(plan=plan))
    return PlanData(
        plan=plan,
        nodes=nodes,
        nodes_by_key={n.key: n for n in nodes.values() if n.key},
        categories=list(IndicatorCategory.objects.filter(plan=plan)),
        visions=list(VisionItem.objects.filter(plan=plan)),
        targets=list(PeriodTarget.objects.filter(plan=plan)),
        indicators=indicators,
        advantages=list(ComparativeAdvantage.objects.filter(plan=plan)),
        regional_links=list(RegionalLink.objects.filter(plan=plan)),
        tasks=tasks,
        task_indicator_ids=_pairs(
            KeyTask.indicators.through, "keytask", "indicator", keytask__plan=plan
        ),
        task_advantage_ids=_pairs(
            KeyTask.advantages.through, "keytask", "comparativeadvantage", keytask__plan=plan
        ),
        task_dependencies=_pairs(
            KeyTask.depends_on.through, "from_keytask", "to_keytask", from_keytask__plan=plan
        ),
        projects=list(MajorProject.objects.filter(plan=plan)),
        policy_tools=list(PolicyTool.objects.filter(plan=plan)),
        tool_task_ids=_pairs(
            PolicyTool.tasks.through, "policytool", "keytask", policytool__plan=plan
        ),
        risks=list(Risk.objects.filter(plan=plan)),
        linkages=list(PlanLinkage.objects.filter(plan=plan)),
        measures=list(GovernanceMeasure.objects.filter(plan=plan)),
        research=list(ResearchTopic.objects.filter(plan=plan)),
        exemptions=dict(Exemption.objects.filter(plan=plan).values_list("code", "reason")),
    )
