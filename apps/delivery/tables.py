"""The major-projects table (附表) grouped by category, with investment subtotals."""

from dataclasses import dataclass, field
from decimal import Decimal

from apps.delivery.models import MajorProject


@dataclass
class ProjectGroup:
    label: str
    projects: list[MajorProject] = field(default_factory=list)
    total: Decimal = Decimal(0)
    in_period: Decimal = Decimal(0)


def project_table(plan, *, projects=None) -> dict:
    """The projects grouped by category with their totals; ``projects`` are the
    plan's projects when the caller has them loaded already."""
    groups: dict[str, ProjectGroup] = {}
    order = {value: i for i, value in enumerate(MajorProject.Category.values)}
    if projects is None:
        projects = MajorProject.objects.filter(plan=plan)
    projects = sorted(projects, key=lambda p: (order[p.category], p.position, p.pk))
    for project in projects:
        group = groups.setdefault(project.category, ProjectGroup(project.get_category_display()))
        group.projects.append(project)
        group.total += project.total_investment
        group.in_period += project.period_investment
    values = list(groups.values())
    return {
        "project_groups": values,
        "project_count": len(projects),
        "project_total": sum((g.total for g in values), Decimal(0)),
        "project_in_period": sum((g.in_period for g in values), Decimal(0)),
    }
