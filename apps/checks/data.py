"""Everything the checks read, loaded once with a fixed number of queries.

Checks never query the database themselves: they receive this snapshot, so running
all of them costs the same whatever the size of the plan.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cache

from django.db import connection

from apps.delivery.models import KeyTask, MajorProject, PolicyTool
from apps.governance.models import GovernanceMeasure, PlanLinkage, ResearchTopic, Risk
from apps.plans.models import OutlineNode, Plan
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
    nodes = {n.pk: n for n in plan.nodes.defer("body", "guidance")}
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


# The tables load_plan_data reads, for content_stamp: (model, has version, has node).
def _stamped_tables() -> list[tuple[str, bool, bool]]:
    from apps.checks.models import Exemption

    tables = [(m._meta.db_table, True, True) for m in ITEM_MODELS]
    tables.append((IndicatorCategory._meta.db_table, True, False))
    tables.append((Exemption._meta.db_table, False, False))
    return tables


ITEM_MODELS = (
    VisionItem, PeriodTarget, Indicator, ComparativeAdvantage, RegionalLink, KeyTask,
    MajorProject, PolicyTool, Risk, PlanLinkage, GovernanceMeasure, ResearchTopic,
)  # fmt: skip
THROUGH_MODELS = (
    (KeyTask.indicators.through, "keytask_id"),
    (KeyTask.advantages.through, "keytask_id"),
    (KeyTask.depends_on.through, "from_keytask_id"),
    (PolicyTool.tasks.through, "policytool_id"),
)


@cache
def _stamp_sql() -> str:
    """One statement of aggregates over every table the checks read. Any change
    there moves one of them: a save through the app raises ``version`` (items and
    categories are saved with a conditional UPDATE of it), any ``save()`` moves an
    item's ``updated_at``, an addition or a deletion changes count and id sum, a
    move to another chapter changes the node sum, a new or removed link changes the
    id sum of its through table, a node added, removed, renamed or moved changes the
    outline's sums. Node text is left out: saving a chapter's text keeps the cached
    checks, which never read it."""
    parts = []
    for table, versioned, has_node in _stamped_tables():
        version = "SUM(version)" if versioned else "0"
        node = "SUM(node_id)" if has_node else "0"
        touched = "CAST(MAX(updated_at) AS TEXT)" if has_node else "''"
        parts.append(
            f"SELECT '{table}', COUNT(*), COALESCE(SUM(id), 0), COALESCE({version}, 0), "
            f"COALESCE({node}, 0), {touched} FROM {table} WHERE plan_id = %s"
        )
    nodes = OutlineNode._meta.db_table
    parts.append(
        f"SELECT '{nodes}', COUNT(*), COALESCE(SUM(id), 0), "
        f"COALESCE(SUM(position) + SUM(COALESCE(parent_id, 0)), 0), "
        f"COALESCE(SUM(LENGTH(title)), 0), '' FROM {nodes} WHERE plan_id = %s"
    )
    for through, owner in THROUGH_MODELS:
        owner_model = through._meta.get_field(owner.removesuffix("_id")).related_model
        parts.append(
            f"SELECT '{through._meta.db_table}', COUNT(*), COALESCE(SUM(t.id), 0), 0, 0, '' "
            f"FROM {through._meta.db_table} t JOIN {owner_model._meta.db_table} o "
            f"ON o.id = t.{owner} WHERE o.plan_id = %s"
        )
    return " UNION ALL ".join(parts)


def content_stamp(plan: Plan) -> str:
    """A short fingerprint of everything the checks read, in two small queries
    (aggregates, and the not-applicable notes whose reasons may be rewritten)."""
    from apps.checks.models import Exemption

    sql = _stamp_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan.pk] * sql.count("%s"))
        rows = sorted(tuple(str(v) for v in row) for row in cursor.fetchall())
    notes = sorted(Exemption.objects.filter(plan=plan).values_list("code", "reason"))
    # The plan row as this request loaded it: years, tolerance, stage, title.
    plan_row = [str(getattr(plan, f.attname)) for f in Plan._meta.concrete_fields]
    digest = hashlib.sha256(repr((rows, notes, plan_row)).encode())
    return digest.hexdigest()[:32]
