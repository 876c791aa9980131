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
from apps.exports.typography import autospace_html
from apps.plans.content import load_content
from apps.plans.models import Document, OutlineNode
from apps.plans.outline import TreeEntry
from apps.targets import charts as indicator_charts
from apps.targets.tables import indicator_table


@dataclass
class Box:
    """A 专栏: the major projects presented in one chapter or section."""

    number: int
    title: str
    projects: list[MajorProject]


@dataclass
class PrintEntry:
    entry: TreeEntry
    body: str
    boxes: list[Box] = field(default_factory=list)

    @property
    def node(self) -> OutlineNode:
        return self.entry.node

    @property
    def anchor(self) -> str:
        return f"node-{self.node.pk}"


def cover_date(day: date) -> str:
    """2021-01-15 → 二〇二一年一月, as on the cover of an outline."""
    return _("%(year)s年%(month)s月") % {
        "year": chinese_year(day.year),
        "month": chinese_count(day.month),
    }


def title_lines(title: str) -> list[str]:
    """The cover title broken where printed covers break it: 示范县国民经济和社会发展 /
    第十四个五年规划和 / 二〇三五年远景目标纲要. Other titles are printed whole."""
    head, sep, tail = title.partition("国民经济和社会发展")
    if not (sep and tail):
        return [title]
    middle, sep2, rest = tail.partition("规划和")
    if sep2 and rest:
        return [head + sep, middle + sep2, rest]
    return [head + sep, tail]


def build_document(document: Document, *, today: date | None = None, scorecard=None) -> dict:
    """The print template's context. ``scorecard`` (a run of the self-check) adds
    the 体检 appendix; it is never printed in an adopted plan."""
    today = today or timezone.localdate()
    plan = document.plan
    content = load_content(document)
    entries = content.entries
    projects_by_node: dict[int, list[MajorProject]] = defaultdict(list)
    for project in content.items["major-projects"]:
        projects_by_node[project.node_id].append(project)

    printed: list[PrintEntry] = []
    box_number = 0
    for entry in entries:
        item = PrintEntry(entry=entry, body=mark_safe(autospace_html(entry.node.body)))
        projects = projects_by_node.get(entry.node.pk)
        if projects and entry.node.level != OutlineNode.Level.ANNEX:
            box_number += 1
            item.boxes.append(
                Box(
                    box_number,
                    _("%(title)s重大工程") % {"title": entry.node.title},
                    projects,
                )
            )
        printed.append(item)

    draft = not document.is_final
    indicators = indicator_table(plan)
    projects = project_table(plan)
    return {
        "plan": plan,
        "document": document,
        "entries": printed,
        "title_lines": title_lines(document.title),
        "stage_label": document.get_stage_display(),
        "draft": draft,
        "cover_date": cover_date(today),
        "created": today.isoformat(),
        **indicators,
        **projects,
        "indicator_charts": indicator_charts.charts_for_table(plan, indicators),
        "investment": project_charts.charts_for_table(plan, projects),
        "scorecard": scorecard if draft else None,
    }
