"""Everything the checks read, loaded once with a fixed number of queries.

Checks never query the database themselves: they receive this snapshot, so running
all of them costs the same whatever the size of the plan.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.db import connection

from apps.checks.models import Exemption, Wording
from apps.checks.textfacts import normalise
from apps.core.text import html_to_paragraphs
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
    # The outline's prose, for the checks that hold it to the tables (rules/text.py).
    texts: list["NodeText"] = field(default_factory=list)
    wording: list = field(default_factory=list)
    # What several checks derive from the same data (the figures of the text),
    # computed by the first that needs it.
    memo: dict = field(default_factory=dict)


@dataclass(frozen=True)
class NodeText:
    """A node's visible text, one line per paragraph, full-width digits and ％ made
    ASCII; ``looks_back``: the node (or a node above it) reviews the last period
    (发展基础, 成就), where other periods' names and years belong."""

    node: OutlineNode
    text: str
    looks_back: bool


# Template nodes that review the past period, and the title words of a node a
# county added that does so.
LOOK_BACK_KEYS = frozenset({"preface", "part_overall", "base_environment", "achievements"})
LOOK_BACK_TITLE_RE = re.compile(r"回顾|发展基础|成就|成效|基础条件")


def _node_texts(nodes: dict[int, OutlineNode]) -> list[NodeText]:
    looks_back: dict[int, bool] = {}

    def back(node: OutlineNode) -> bool:
        if node.pk not in looks_back:
            parent = nodes.get(node.parent_id) if node.parent_id else None
            looks_back[node.pk] = (
                node.key in LOOK_BACK_KEYS
                or bool(LOOK_BACK_TITLE_RE.search(node.title))
                or (parent is not None and back(parent))
            )
        return looks_back[node.pk]

    # In reading order (a node, then its children), so findings list as the text runs.
    children: dict[int | None, list[OutlineNode]] = {}
    for node in sorted(nodes.values(), key=lambda n: n.position):
        parent = node.parent_id if node.parent_id in nodes else None
        children.setdefault(parent, []).append(node)
    ordered, stack = [], list(reversed(children.get(None, [])))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(children.get(node.pk, [])))
    return [
        NodeText(node, normalise("\n".join(html_to_paragraphs(node.body))), back(node))
        for node in ordered
        if node.level != OutlineNode.Level.ANNEX
    ]


def text_stamp(plan: Plan) -> str:
    """What the text checks read beyond content_stamp: the nodes' texts (a save
    raises a node's version and moves updated_at) and the county's glossary. One
    query."""
    nodes = OutlineNode._meta.db_table
    wording = Wording._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT CAST(COUNT(*) AS TEXT) || ':' || CAST(COALESCE(SUM(version), 0)"
            f" AS TEXT) || ':' || COALESCE(CAST(MAX(updated_at) AS TEXT), '')"
            f" FROM {nodes} WHERE plan_id = %s),"
            f" (SELECT CAST(COUNT(*) AS TEXT) || ':' || CAST(COALESCE(SUM(id), 0) AS TEXT)"
            f" || ':' || COALESCE(CAST(MAX(updated_at) AS TEXT), '')"
            f" FROM {wording} WHERE county_id = %s)",
            [plan.pk, plan.county_id],
        )
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:16]


def _pairs(through, source: str, target: str, **filters) -> dict[int, set[int]]:
    pairs: dict[int, set[int]] = {}
    for a, b in through.objects.filter(**filters).values_list(f"{source}_id", f"{target}_id"):
        pairs.setdefault(a, set()).add(b)
    return pairs


def load_plan_data(plan: Plan) -> PlanData:
    # The outline's nodes, without a query for the outline itself. Their text is
    # read by the text checks only (and stamped by text_stamp, not content_stamp).
    outline = OutlineNode.objects.filter(plan=plan, document__kind=Document.Kind.OUTLINE)
    nodes = {n.pk: n for n in outline.defer("guidance")}
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
        texts=_node_texts(nodes),
        wording=list(Wording.objects.filter(county_id=plan.county_id)),
    )
