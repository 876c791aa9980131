"""What the printed outline contains, as plain data for the print template.

Loading is a fixed number of queries: the outline in one, the projects for the
专栏 boxes in one, the two annex tables in a few more.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from apps.core.numerals import chinese_count, chinese_year
from apps.delivery import charts as project_charts
from apps.delivery.models import MajorProject
from apps.delivery.tables import project_table
from apps.exports import paging
from apps.exports.typography import autospace_html
from apps.plans.content import load_content
from apps.plans.models import Document, OutlineNode
from apps.plans.outline import TreeEntry
from apps.plans.parts import ComputedTable, computed_tables_for, registry
from apps.targets import charts as indicator_charts
from apps.targets.tables import indicator_table


@dataclass
class Box:
    """A 专栏: the major projects presented in one chapter or section (or, when the
    coordinator places it there, the main-indicators table in 主要目标)."""

    number: int
    title: str
    projects: list[MajorProject] = field(default_factory=list)
    indicators: bool = False


@dataclass
class PrintEntry:
    entry: TreeEntry
    body: str
    boxes: list[Box] = field(default_factory=list)
    # A draft's node with nothing written yet, printed with （待起草）.
    pending: bool = False
    # A sentence pointing to the annex table (“主要指标见附表1。”).
    cite: str = ""
    # Tables computed at export time for the node's key (an evaluation report's
    # 主要指标完成情况), registered by the app that owns the data.
    tables: list[ComputedTable] = field(default_factory=list)

    @property
    def node(self) -> OutlineNode:
        return self.entry.node

    @property
    def anchor(self) -> str:
        return f"node-{self.node.pk}"

    @property
    def heading(self) -> str:
        return self.entry.heading


def cover_date(day: date) -> str:
    """2021-01-15 → 二〇二一年一月, as on the cover of an outline."""
    return _("%(year)s年%(month)s月") % {
        "year": chinese_year(day.year),
        "month": chinese_count(day.month),
    }


def full_date(day: date) -> str:
    """2021-02-26 → 二〇二一年二月二十六日."""
    return _("%(year)s年%(month)s月%(day)s日") % {
        "year": chinese_year(day.year),
        "month": chinese_count(day.month),
        "day": chinese_count(day.day),
    }


def approval_line(document: Document) -> tuple[str, str] | None:
    """（二〇二一年二月二十六日 / 示范县第十八届人民代表大会第五次会议批准） under the
    title of an adopted document, when the coordinator has entered the meeting; in
    two parts, so a long line breaks between the date and the meeting."""
    from apps.plans.kinds import kind_of

    if not (document.is_final and document.approved_on and document.approved_by):
        return None
    return (
        _("（%(date)s") % {"date": full_date(document.approved_on)},
        # 批准 for an outline, 审议 for an evaluation report.
        _("%(meeting)s%(verb)s）")
        % {"meeting": document.approved_by, "verb": kind_of(document).approval_verb},
    )


def title_lines(title: str) -> list[str]:
    """The cover title broken where printed covers break it: 示范县国民经济和社会发展 /
    第十四个五年规划和 / 二〇三五年远景目标纲要. Other titles are printed whole."""
    head, sep, tail = title.partition("国民经济和社会发展")
    if not (sep and tail):
        # An evaluation report: 示范县“十四五”规划纲要实施 / 中期评估报告.
        head, sep, tail = title.partition("规划纲要实施")
        return [head + sep, tail] if sep and tail else [title]
    middle, sep2, rest = tail.partition("规划和")
    if sep2 and rest:
        return [head + sep, middle + sep2, rest]
    return [head + sep, tail]


def build_document(document: Document, *, today: date | None = None, scorecard=None) -> dict:
    """The print template's context. ``scorecard`` (a run of the self-check) adds
    the 体检 appendix with the analysis charts; neither is ever printed in an
    adopted document, and the outline itself carries tables, not charts."""
    today = today or timezone.localdate()
    plan = document.plan
    draft = not document.is_final
    content = load_content(document)
    projects_by_node: dict[int, list[MajorProject]] = defaultdict(list)
    for project in content.items["major-projects"]:
        projects_by_node[project.node_id].append(project)
    indicators = indicator_table(plan, extra_notes=document.indicator_notes.splitlines())
    projects = project_table(plan, projects=content.items["major-projects"])
    has_indicators = bool(indicators["indicator_groups"])
    indicators_in_box = (
        has_indicators and document.indicators_placement == Document.IndicatorsPlacement.BOX
    )
    indicator_node_key = registry.get("indicators").node_key
    # The annex tables that print (they have rows and are not placed in a 专栏).
    annexes: dict[str, TreeEntry] = {}

    # The tables computed for node keys (an evaluation report's chapters).
    computed = computed_tables_for(document, content.nodes)
    # Which nodes have something to print of their own.
    filled = set(computed) | {
        e.node.pk
        for e in content.entries
        if e.node.body_length
        or (e.node.level != OutlineNode.Level.ANNEX and projects_by_node.get(e.node.pk))
        or (indicators_in_box and e.node.key == indicator_node_key)
    }
    for entry in content.entries:
        key = entry.node.key
        if entry.node.level == OutlineNode.Level.ANNEX and (
            (key == "annex_indicators" and has_indicators and not indicators_in_box)
            or (key == "annex_projects" and projects["project_count"])
        ):
            filled.add(entry.node.pk)
            annexes[key] = entry
    mark_empty = draft and document.empty_nodes == Document.EmptyNodes.MARK
    # Nodes with something printed in them or below them (children follow their
    # parent in reading order, so one backward pass carries it up).
    with_content = set(filled)
    for entry in reversed(content.entries):
        if entry.node.pk in with_content and entry.node.parent_id:
            with_content.add(entry.node.parent_id)

    printed: list[PrintEntry] = []
    box_number = 0
    for entry in content.entries:
        node = entry.node
        # Annex tables with no rows are never printed; empty text nodes only in
        # drafts whose coordinator wants them marked.
        if node.pk not in with_content and (
            node.level == OutlineNode.Level.ANNEX or not mark_empty
        ):
            continue
        item = PrintEntry(entry=entry, body=mark_safe(autospace_html(node.body)))
        if indicators_in_box and node.key == indicator_node_key:
            box_number += 1
            item.boxes.append(
                Box(
                    box_number,
                    _("“%(period)s”时期经济社会发展主要指标") % {"period": plan.period_name},
                    indicators=True,
                )
            )
        elif node.key == indicator_node_key and "annex_indicators" in annexes:
            item.cite = _("“%(period)s”时期经济社会发展主要指标见%(annex)s。") % {
                "period": plan.period_name,
                "annex": annexes["annex_indicators"].label,
            }
        if node.pk in computed:
            item.tables.append(computed[node.pk])
        projects_here = projects_by_node.get(node.pk)
        if projects_here and node.level != OutlineNode.Level.ANNEX:
            box_number += 1
            title = node.box_title or _("%(title)s重大工程") % {"title": node.title}
            item.boxes.append(Box(box_number, title, projects_here))
        item.pending = (
            mark_empty
            and not entry.children
            and node.level != OutlineNode.Level.ANNEX
            and not node.body_length
            and not item.boxes
            and not item.tables
        )
        printed.append(item)

    dated = document.dated or today
    indicator_rows = paging.indicator_rows(indicators["indicator_groups"])
    project_rows = paging.project_rows(projects["project_groups"])
    return {
        "plan": plan,
        "document": document,
        "entries": printed,
        "title_lines": title_lines(document.title),
        "stage_label": document.get_stage_display(),
        "draft": draft,
        "cover_date": cover_date(dated),
        "approval_line": approval_line(document),
        "created": timezone.localtime().isoformat(timespec="seconds"),
        **indicators,
        **projects,
        # The annex tables as pages; one page each until render.py has measured them.
        "indicator_rows": indicator_rows,
        "project_rows": project_rows,
        "indicator_pages": paging.whole(indicator_rows),
        "project_pages": paging.whole(project_rows),
        "annexes": annexes,
        "scorecard": scorecard if draft else None,
        # The analysis charts travel with the 体检 appendix of an internal draft.
        "indicator_charts": (
            indicator_charts.charts_for_table(plan, indicators) if scorecard and draft else None
        ),
        "investment": (
            project_charts.charts_for_table(plan, projects) if scorecard and draft else None
        ),
    }
