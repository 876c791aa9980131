"""Load the demo: two counties, five users, 示范县's full 十四五 plan and 邻县's 十五五 draft.

``make run`` calls this on every start, so it must be cheap when nothing changed and
must never throw away a user's edits without being asked: an existing demo plan
whose size matches the requested scale is left alone.
"""

import html
import os
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal
from typing import TextIO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.catalogue import CATALOGUE_BY_CODE, DEPARTMENT_CATALOGUE
from apps.accounts.models import County, Department, Membership, User
from apps.checks.actions import wording_add_starter
from apps.core.numerals import chinese_count
from apps.delivery.models import KeyTask, MajorProject, PolicyTool
from apps.delivery.parts import PROJECT_CATEGORY_NODES, TASK_AREA_NODES
from apps.demo import (
    content,
    goals,
    key_tasks,
    monitoring,
    narrative,
    profile,
    projects,
    safeguards,
)
from apps.demo.assignments import assign_demo
from apps.demo.consultation import seed_consultation
from apps.demo.models import DemoPlan
from apps.governance.models import GovernanceMeasure, PlanLinkage, ResearchTopic, Risk
from apps.plans.actions import plan_create
from apps.plans.models import Document, OutlineNode, Plan
from apps.positioning.models import (
    ComparativeAdvantage,
    DevelopmentPath,
    PositioningStatement,
    RegionalLink,
)
from apps.review.models import DocumentVersion
from apps.search.index import reindex_plans
from apps.targets.forms import parse_target
from apps.targets.models import Indicator, PeriodTarget, VisionItem

SHIFAN_TEMPLATE = "fyp14"
NEIGHBOUR_TEMPLATE = "fyp15"


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or content.DEFAULT_PASSWORD


def seed_demo(scale: int = 1, reset: bool = False, stdout: TextIO | None = None) -> Plan:
    """Create or refresh the demo data and return 示范县's plan.

    ``scale`` multiplies the structured content (indicators, tasks, projects, …) to
    give pages a realistic or a heavy load; ``reset`` rebuilds both demo plans even
    when they look complete.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    password = demo_password()
    with transaction.atomic():
        counties = {c.code: _county(c) for c in (content.SHIFAN, content.NEIGHBOUR)}
        departments = {
            c.code: _departments(counties[c.code], c) for c in (content.SHIFAN, content.NEIGHBOUR)
        }
        users = _users(password, counties, departments)
        shifan, shifan_created = _shifan_plan(
            counties[content.SHIFAN.code],
            users["planner"],
            departments[content.SHIFAN.code],
            scale,
            reset,
        )
        neighbour_created = _neighbour_plan(
            counties[content.NEIGHBOUR.code], users["neighbor"], reset
        )
        # Written straight to the tables above: the search index is rebuilt from them.
        reindex_plans(
            Plan.objects.filter(county__in=counties.values()),
            rebuild=shifan_created or neighbour_created,
        )
    _report(stdout, shifan, shifan_created, neighbour_created, scale, password)
    return shifan


# Counties, departments, users --------------------------------------------------


def _county(spec: content.DemoCounty) -> County:
    county, _ = County.objects.update_or_create(
        code=spec.code,
        defaults={"name": spec.name, "level": spec.level, "function_zone": spec.function_zone},
    )
    return county


def _departments(county: County, spec: content.DemoCounty) -> dict[str, Department]:
    """The county's departments by catalogue code, creating the missing ones."""
    wanted = [
        entry
        for entry in DEPARTMENT_CATALOGUE
        if spec.departments is None or entry.code in spec.departments
    ]
    existing = list(county.departments.all())
    by_code = {d.catalogue_code: d for d in existing if d.catalogue_code}
    by_name = {d.name: d for d in existing}
    result: dict[str, Department] = {}
    missing = []
    for position, entry in enumerate(wanted, start=1):
        department = by_code.get(entry.code) or by_name.get(entry.name)
        if department is None:
            missing.append(
                Department(
                    county=county, name=entry.name, catalogue_code=entry.code, position=position
                )
            )
            continue
        if department.catalogue_code != entry.code:
            department.catalogue_code = entry.code
            department.save(update_fields=["catalogue_code", "updated_at"])
        result[entry.code] = department
    for department in Department.objects.bulk_create(missing):
        result[department.catalogue_code] = department
    return result


def _users(
    password: str,
    counties: dict[str, County],
    departments: dict[str, dict[str, Department]],
) -> dict[str, User]:
    # One hash for all five: they share a published password, and hashing it five
    # times would cost more than seeding the whole plan.
    hashed = make_password(password)
    users = {}
    for spec in content.USERS:
        user, _ = User.objects.get_or_create(username=spec.username)
        user.display_name = spec.display_name
        user.password = hashed
        user.is_active = True
        # Notifications go out by email too (to the console in the embedded mode).
        user.email = f"{spec.username}@{spec.county.code}.example.gov.cn"
        user.save(update_fields=["display_name", "password", "is_active", "email"])
        county = counties[spec.county.code]
        department = departments[spec.county.code][spec.department] if spec.department else None
        # The demo users keep exactly the role the login instructions promise.
        Membership.objects.filter(user=user, county=county).exclude(
            department=department, role=spec.role
        ).delete()
        Membership.objects.get_or_create(
            user=user, county=county, department=department, role=spec.role
        )
        users[spec.username] = user
    return users


# Plans ---------------------------------------------------------------------------


def _shifan_plan(
    county: County, planner: User, departments: dict[str, Department], scale: int, reset: bool
) -> tuple[Plan, bool]:
    marks = list(DemoPlan.objects.filter(plan__county=county).select_related("plan"))
    if not reset:
        for mark in marks:
            if mark.scale == scale:
                return mark.plan, False
    for mark in marks:
        mark.plan.delete()
    plan = plan_create(
        county=county,
        created_by=planner,
        template_key=SHIFAN_TEMPLATE,
        base_year=2020,
        vision_year=2035,
        use_parts=True,
    )
    plan.fiscal_capacity = content.SHIFAN_FISCAL_CAPACITY
    plan.save(update_fields=["fiscal_capacity", "updated_at"])
    # The demo is a 十四五 outline in its research stage: dated as such a draft was.
    plan.outline.stage_dates = {"research": "2020-08-20"}
    plan.outline.save(update_fields=["stage_dates"])
    DemoPlan.objects.create(plan=plan, scale=scale)
    nodes = {n.key: n for n in plan.outline.nodes.all()}
    _write_texts(nodes.values(), narrative.SHIFAN_TEXTS, planner)
    # The county agreed its 规范表述 from the starter list (the ecology chapter
    # breaks one: narrative.PLANTED).
    wording_add_starter(county, actor=planner)
    _Builder(plan, nodes, departments, planner, scale).build()
    assign_demo(plan, departments, planner)
    # The outline was adopted in 2021 and has been monitored since.
    monitoring.adopt(plan, planner)
    adopted = DocumentVersion.objects.filter(
        document=plan.outline, stage=Document.Stage.ADOPTED
    ).latest("created_at")
    seed_consultation(plan, planner, adopted)
    monitoring.seed_monitoring(plan, planner)
    monitoring.seed_midterm_report(plan, planner, departments)
    return plan, True


def _neighbour_plan(county: County, coordinator: User, reset: bool) -> bool:
    marks = list(DemoPlan.objects.filter(plan__county=county).select_related("plan"))
    if marks and not reset:
        return False
    for mark in marks:
        mark.plan.delete()
    plan = plan_create(
        county=county,
        created_by=coordinator,
        template_key=NEIGHBOUR_TEMPLATE,
        base_year=2025,
        vision_year=2035,
        use_parts=False,
    )
    DemoPlan.objects.create(plan=plan)
    plan.outline.stage_dates = {"research": "2025-09-15"}
    plan.outline.save(update_fields=["stage_dates"])
    _write_texts(plan.outline.nodes.all(), narrative.NEIGHBOUR_TEXTS, coordinator)
    return True


def _write_texts(
    nodes: Iterable[OutlineNode], texts: dict[str, tuple[str, ...]], user: User
) -> None:
    changed = []
    for node in nodes:
        paragraphs = texts.get(node.key)
        if not paragraphs or node.level == OutlineNode.Level.ANNEX:
            continue
        node.set_body("".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs))
        node.updated_by = user
        changed.append(node)
    OutlineNode.objects.bulk_update(changed, ["body", "body_length", "updated_by"])


# Structured content -----------------------------------------------------------------


def copy_suffix(copy: int) -> str:
    """'' for the first copy, then （二）, （三）, … so scaled names stay distinct."""
    return "" if copy == 0 else f"（{chinese_count(copy + 1)}）"


def funding_amounts(total: int, shares: tuple[int, ...]) -> list[Decimal]:
    """Split ``total`` 万元 by percentage shares; rounding goes to the largest share so
    the parts add up to exactly the funded part of the total."""
    cent = Decimal("0.01")
    amounts = [(Decimal(total) * share / 100).quantize(cent, ROUND_DOWN) for share in shares]
    funded = (Decimal(total) * sum(shares) / 100).quantize(cent, ROUND_DOWN)
    if any(shares):
        largest = max(range(len(shares)), key=lambda i: shares[i])
        amounts[largest] += funded - sum(amounts)
    return amounts


class _Builder:
    """Creates the structured items of 示范县's plan, ``scale`` copies of each.

    Copy k of an item links only to copy k of the items it refers to, so every copy
    is a complete, consistent set (and a copy's task dependencies stay acyclic).
    """

    def __init__(
        self,
        plan: Plan,
        nodes: dict[str, OutlineNode],
        departments: dict[str, Department],
        user: User,
        scale: int,
    ) -> None:
        self.plan = plan
        self.nodes = nodes
        self.departments = departments
        self.user = user
        self.copies = range(scale)

    def common(self, node_key: str, position: int) -> dict:
        return {
            "plan": self.plan,
            "node": self.nodes[node_key],
            "position": position,
            "updated_by": self.user,
        }

    def build(self) -> None:
        self.positioning()
        advantages = self.advantages()
        indicators = self.targets_and_indicators()
        tasks = self.key_tasks(indicators, advantages)
        self.projects(tasks)
        self.policy_tools(tasks)
        self.safeguards()

    def positioning(self) -> None:
        n = len(profile.STATEMENTS)
        PositioningStatement.objects.bulk_create(
            PositioningStatement(
                **self.common("mission", k * n + i + 1),
                kind=s.kind,
                economic_function=s.economic_function,
                title=s.title + copy_suffix(k),
                description=s.description,
            )
            for k in self.copies
            for i, s in enumerate(profile.STATEMENTS)
        )
        DevelopmentPath.objects.bulk_create(
            DevelopmentPath(
                **self.common("path", i), path=p.path, focus=p.focus, rationale=p.rationale
            )
            for i, p in enumerate(profile.PATHS, start=1)
        )
        n = len(profile.REGIONAL_LINKS)
        RegionalLink.objects.bulk_create(
            RegionalLink(
                **self.common("regional", k * n + i + 1),
                partner_region=r.partner_region + copy_suffix(k),
                kind=r.kind,
                content=r.content,
                mechanism=r.mechanism,
            )
            for k in self.copies
            for i, r in enumerate(profile.REGIONAL_LINKS)
        )

    def advantages(self) -> dict[tuple[int, str], ComparativeAdvantage]:
        n = len(profile.ADVANTAGES)
        specs = [(k, i, a) for k in self.copies for i, a in enumerate(profile.ADVANTAGES)]
        created = ComparativeAdvantage.objects.bulk_create(
            ComparativeAdvantage(
                **self.common("advantages", k * n + i + 1),
                name=a.name + copy_suffix(k),
                kind=a.kind,
                factor=a.factor,
                trend=a.trend,
                utilisation=a.utilisation,
                tier_basis=a.tier_basis,
                partner_regions=a.partner_regions,
                description=a.description,
            )
            for k, i, a in specs
        )
        return {(k, a.ref): obj for (k, _, a), obj in zip(specs, created, strict=True)}

    def targets_and_indicators(self) -> dict[tuple[int, str], Indicator]:
        n = len(goals.VISION_ITEMS)
        specs = [(k, i, v) for k in self.copies for i, v in enumerate(goals.VISION_ITEMS)]
        created = VisionItem.objects.bulk_create(
            VisionItem(
                **self.common("vision", k * n + i + 1),
                dimension=v.dimension,
                title=v.title + copy_suffix(k),
                description=v.description,
            )
            for k, i, v in specs
        )
        visions = {(k, v.ref): obj for (k, _, v), obj in zip(specs, created, strict=True)}

        n = len(goals.PERIOD_TARGETS)
        specs = [(k, i, t) for k in self.copies for i, t in enumerate(goals.PERIOD_TARGETS)]
        created = PeriodTarget.objects.bulk_create(
            PeriodTarget(
                **self.common("period_targets", k * n + i + 1),
                vision_item=visions[k, t.vision],
                title=t.title + copy_suffix(k),
                description=t.description,
            )
            for k, i, t in specs
        )
        targets = {(k, t.ref): obj for (k, _, t), obj in zip(specs, created, strict=True)}

        categories = {c.name: c for c in self.plan.indicator_categories.all()}
        n = len(goals.INDICATORS)
        specs = [(k, i, ind) for k in self.copies for i, ind in enumerate(goals.INDICATORS)]
        rows = []
        for k, i, ind in specs:
            operator, value, text, _ = parse_target(ind.target)
            rows.append(
                Indicator(
                    **self.common("period_targets", k * n + i + 1),
                    target=targets[k, ind.period_target] if ind.period_target else None,
                    category=categories[ind.category],
                    name=ind.name + copy_suffix(k),
                    unit=ind.unit,
                    baseline_value=Decimal(ind.baseline) if ind.baseline is not None else None,
                    baseline_data_year=ind.data_year,
                    target_operator=operator,
                    target_value=value,
                    target_text=text,
                    vision_value=Decimal(ind.vision) if ind.vision is not None else None,
                    expression=ind.expression,
                    attribute=ind.attribute,
                    source_department=self.departments[ind.department],
                    national_code=ind.national_code,
                    note=ind.note,
                )
            )
        created = Indicator.objects.bulk_create(rows)
        return {(k, ind.ref): obj for (k, _, ind), obj in zip(specs, created, strict=True)}

    def key_tasks(self, indicators: dict, advantages: dict) -> dict[tuple[int, str], KeyTask]:
        n = len(key_tasks.KEY_TASKS)
        specs = [(k, i, t) for k in self.copies for i, t in enumerate(key_tasks.KEY_TASKS)]
        created = KeyTask.objects.bulk_create(
            KeyTask(
                **self.common(TASK_AREA_NODES[t.area], k * n + i + 1),
                area=t.area,
                title=t.title + copy_suffix(k),
                description=t.description,
                lead_department=self.departments[t.lead],
                horizon=t.horizon,
            )
            for k, i, t in specs
        )
        tasks = {(k, t.ref): obj for (k, _, t), obj in zip(specs, created, strict=True)}
        pairs = [(k, t, tasks[k, t.ref].pk) for k, _, t in specs]
        _link(
            KeyTask.cooperating_departments,
            ((pk, self.departments[code].pk) for _, t, pk in pairs for code in t.cooperating),
        )
        _link(
            KeyTask.indicators,
            ((pk, indicators[k, ref].pk) for k, t, pk in pairs for ref in t.indicators),
        )
        _link(
            KeyTask.depends_on,
            ((pk, tasks[k, ref].pk) for k, t, pk in pairs for ref in t.depends_on),
        )
        _link(
            KeyTask.advantages,
            ((pk, advantages[k, ref].pk) for k, t, pk in pairs for ref in t.advantages),
        )
        return tasks

    def projects(self, tasks: dict) -> None:
        n = len(projects.PROJECTS)
        rows = []
        for k in self.copies:
            for i, p in enumerate(projects.PROJECTS):
                funding = dict(
                    zip(
                        MajorProject.FUNDING_FIELDS,
                        funding_amounts(p.total, p.funding),
                        strict=True,
                    )
                )
                rows.append(
                    MajorProject(
                        **self.common(PROJECT_CATEGORY_NODES[p.category], k * n + i + 1),
                        name=p.name + copy_suffix(k),
                        significance=p.significance,
                        category=p.category,
                        new_infra_kind=p.new_infra,
                        location=p.location,
                        content_scale=p.content,
                        nature=p.nature,
                        start_year=p.years[0],
                        end_year=p.years[1],
                        total_investment=Decimal(p.total),
                        period_investment=Decimal(p.period),
                        **funding,
                        lead_unit=p.lead_unit,
                        level=p.level,
                        key_task=tasks[k, p.task] if p.task else None,
                    )
                )
        MajorProject.objects.bulk_create(rows)

    def policy_tools(self, tasks: dict) -> None:
        n = len(key_tasks.POLICY_TOOLS)
        specs = [(k, i, t) for k in self.copies for i, t in enumerate(key_tasks.POLICY_TOOLS)]
        created = PolicyTool.objects.bulk_create(
            PolicyTool(
                **self.common("policy_tools", k * n + i + 1),
                name=t.name + copy_suffix(k),
                origin=t.origin,
                kind=t.kind,
                issuer=t.issuer,
                description=t.description,
            )
            for k, i, t in specs
        )
        _link(
            PolicyTool.tasks,
            (
                (tool.pk, tasks[k, ref].pk)
                for (k, _, t), tool in zip(specs, created, strict=True)
                for ref in t.tasks
            ),
        )

    def safeguards(self) -> None:
        n = len(safeguards.RISKS)
        Risk.objects.bulk_create(
            Risk(
                **self.common("risks", k * n + i + 1),
                domain=r.domain,
                title=r.title + copy_suffix(k),
                description=r.description,
                source_control=r.source_control,
                warning_indicator=r.warning_indicator,
                emergency_plan=r.emergency_plan,
                drill_frequency=r.drill_frequency,
                lead_department=self.departments[r.lead],
            )
            for k in self.copies
            for i, r in enumerate(safeguards.RISKS)
        )
        n = len(safeguards.LINKAGES)
        PlanLinkage.objects.bulk_create(
            PlanLinkage(
                **self.common("linkage", k * n + i + 1),
                linked_plan=x.linked_plan + copy_suffix(k),
                level=x.level,
                kind=x.kind,
                direction=x.direction,
                points=x.points,
            )
            for k in self.copies
            for i, x in enumerate(safeguards.LINKAGES)
        )
        n = len(safeguards.RESEARCH_TOPICS)
        ResearchTopic.objects.bulk_create(
            ResearchTopic(
                **self.common("research", k * n + i + 1),
                title=r.title + copy_suffix(k),
                stage=r.stage,
                status=r.status,
                lead_unit=r.lead_unit,
                findings=r.findings,
            )
            for k in self.copies
            for i, r in enumerate(safeguards.RESEARCH_TOPICS)
        )
        n = len(safeguards.MEASURES)
        GovernanceMeasure.objects.bulk_create(
            GovernanceMeasure(
                **self.common("governance", k * n + i + 1),
                group=m.group,
                title=m.title + copy_suffix(k),
                description=m.description,
                public_participation=m.public_participation,
            )
            for k in self.copies
            for i, m in enumerate(safeguards.MEASURES)
        )


def _link(descriptor, pairs: Iterable[tuple[int, int]]) -> None:
    """Bulk-insert rows of a many-to-many through table from (source pk, target pk)."""
    field = descriptor.field
    through = descriptor.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    through.objects.bulk_create(through(**{source: a, target: b}) for a, b in pairs)


# Output -----------------------------------------------------------------------------


def _report(
    stdout: TextIO | None,
    plan: Plan,
    created: bool,
    neighbour_created: bool,
    scale: int,
    password: str,
) -> None:
    if stdout is None:
        return
    county = plan.county.name
    if created:
        stdout.write(
            _(
                "已创建%(county)s演示规划（规模 ×%(scale)s）：%(tasks)s项重点任务，"
                "%(projects)s个重大项目，%(indicators)s项主要指标。"
            )
            % {
                "county": county,
                "scale": scale,
                "tasks": KeyTask.objects.filter(plan=plan).count(),
                "projects": MajorProject.objects.filter(plan=plan).count(),
                "indicators": Indicator.objects.filter(plan=plan).count(),
            }
            + "\n"
        )
    else:
        stdout.write(
            _("%(county)s演示规划已存在（规模 ×%(scale)s），保留现有内容；需要重建时加 --reset。")
            % {"county": county, "scale": scale}
            + "\n"
        )
    neighbour = (
        _("%(county)s“十五五”规划已创建。")
        if neighbour_created
        else _("%(county)s“十五五”规划已存在，保留现有内容。")
    )
    stdout.write(neighbour % {"county": content.NEIGHBOUR.name} + "\n")
    stdout.write("\n" + _("登录地址：%(url)s") % {"url": content.LOGIN_URL} + "\n")
    for spec in content.USERS:
        department = CATALOGUE_BY_CODE[spec.department].name if spec.department else ""
        where = f"{spec.county.name} {department}".strip()
        role = Membership(role=spec.role).get_role_display()
        stdout.write(f"  {spec.username:<9} {spec.display_name}  {where} · {role}\n")
    stdout.write(
        _("密码（所有演示用户）：%(password)s    可用环境变量 DEMO_PASSWORD 修改")
        % {"password": password}
        + "\n"
    )
