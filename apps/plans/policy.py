"""The one permission policy: who may do what to a county, a plan, a document, a
node or an item.

A decision depends on the county (membership), the user's roles and departments
in it, and the object's review state. The same rules answer the three questions
pages, tasks and notifications ask:

- ``can(principal, action, obj)``: may this user do X to this object?
- ``nodes_where`` / ``plans_where`` / ``counties_where``: which objects may this
  user do X to? (so a list never shows an edit link the edit page would refuse)
- ``users_who(action, obj)``: which users may do X to this object? (who is told
  that something waits for them)

Anything not granted here — an unknown action, an unknown kind of object — is
denied. Nothing outside this module reads memberships to decide access
(tests/test_policy_only.py holds every other module to that).

Counties sit in a tree of divisions (province → city → county). A principal also
carries the roles the user holds in the county's ancestors, and the rules for
them are here too:

- a city's 衔接审核 (``Role.LINKAGE`` held in the county's city) sees nothing of a
  county until the county opens a 衔接 round to the city; then it reads the
  round and the frozen version it was given — and, while an open round shares
  it, the live text through the round (``READ_DRAFT``), never the county's own
  pages (its opinions ledger, exports, versions, history) — leaves 衔接意见 while
  the round is open and confirms project matches. It never edits anything of
  the county. (A county directly under the
  province opens its rounds to the province, whose 衔接审核 then does the same.)
- a province's 衔接审核 reads everything below the province and changes nothing.
- people of a city or province with other roles hold them for the division's own
  plans only.

What a county has handed to a city is loaded with the principal
(``register_share_loader``: the linkage app owns the rounds), so ``can`` stays a
pure decision over the principal and the object.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import County, Membership, Role
from apps.plans.models import Document, OutlineNode, Plan, PlanItem


class Action(StrEnum):
    VIEW = "view"  # read the plan, a document, a node, an item; ask for a PDF
    EDIT = "edit"  # change a node's text or its items
    MANAGE = "manage"  # outline structure, settings, categories; create plans
    ASSIGN = "assign"  # set lead / reviewing departments and due dates
    SUBMIT = "submit"  # send a node for countersign
    DECIDE = "decide"  # countersign: approve or request changes
    REOPEN = "reopen"  # make an approved node editable again
    COMMENT = "comment"  # leave an opinion or reply
    DISPOSE = "dispose"  # answer an opinion: adopted / partly / not adopted
    MOVE_STAGE = "move_stage"  # move a document to another stage
    REPORT = "report"  # enter a monitoring year's actual value or project progress
    OVERSEE = "oversee"  # a city or province: see the divisions below it (衔接 pages)
    READ_DRAFT = "read_draft"  # a 衔接 round: read the live draft it shares


# How a refused action reads in the activity log.
ACTION_LABELS = {
    Action.VIEW: _("查看规划"),
    Action.EDIT: _("修改内容"),
    Action.MANAGE: _("管理纲要结构和设置"),
    Action.ASSIGN: _("分工"),
    Action.SUBMIT: _("提交会签"),
    Action.DECIDE: _("会签"),
    Action.REOPEN: _("重新打开"),
    Action.COMMENT: _("提出意见"),
    Action.DISPOSE: _("处理意见"),
    Action.MOVE_STAGE: _("调整阶段"),
    Action.REPORT: _("填报监测数据"),
    Action.OVERSEE: _("查看下级规划衔接"),
    Action.READ_DRAFT: _("阅读衔接中开放的草稿"),
}

COORDINATOR_ONLY = {Action.MANAGE, Action.ASSIGN, Action.DISPOSE, Action.MOVE_STAGE}
COMMENTING_ROLES = frozenset({Role.COORDINATOR, Role.DRAFTER, Role.REVIEWER})
DECIDING_ROLES = frozenset({Role.COORDINATOR, Role.REVIEWER})
EDITING_ROLES = frozenset({Role.COORDINATOR, Role.DRAFTER})


@dataclass(frozen=True)
class Share:
    """What a county has handed to one division above it in one document's 衔接
    rounds: the rounds, which of them are open, the frozen versions given, and
    whether an open round shares the current draft."""

    plan_id: int
    linkage_ids: frozenset[int]
    open_ids: frozenset[int]
    version_ids: frozenset[int]
    draft: bool


NO_SHARES: Mapping[int, Share] = MappingProxyType({})


@dataclass(frozen=True)
class Principal:
    """A user as seen from one county: roles and departments there, the roles
    held in the divisions above it (``inherited``: (division id, role) pairs),
    whether one of them is a province's 衔接审核 (``reads_below``) and what the
    county has shared with the divisions where the user reviews (``shares``, by
    document id)."""

    user_id: int | None
    county_id: int
    roles: frozenset[str]
    departments: frozenset[int]
    site_admin: bool = False
    inherited: frozenset[tuple[int, str]] = field(default_factory=frozenset)
    reads_below: bool = False
    shares: Mapping[int, Share] = NO_SHARES

    @property
    def is_member(self) -> bool:
        return bool(self.roles)

    @property
    def is_coordinator(self) -> bool:
        return Role.COORDINATOR in self.roles

    @property
    def is_drafter(self) -> bool:
        return Role.DRAFTER in self.roles


def _in_division_or_above(county_id: int) -> Q:
    """Memberships in the county itself, its parent or its grandparent: one query
    with joins, however the tree is shaped."""
    return (
        Q(county_id=county_id)
        | Q(county__children__id=county_id)
        | Q(county__children__children__id=county_id)
    )


# (county id, reviewing division ids) → {document id: Share}; set by apps.linkage.
_share_loader: Callable[[int, frozenset[int]], Mapping[int, Share]] | None = None


def register_share_loader(loader: Callable[[int, frozenset[int]], Mapping[int, Share]]) -> None:
    global _share_loader
    _share_loader = loader


def principal_for(user, county_id: int) -> Principal:
    if not user.is_authenticated:
        return Principal(None, county_id, frozenset(), frozenset())
    rows = set(
        Membership.objects.filter(user=user)
        .filter(_in_division_or_above(county_id))
        .values_list("county_id", "county__level", "role", "department_id")
    )
    own = [(role, dept) for county, _level, role, dept in rows if county == county_id]
    above = {(county, level, role) for county, level, role, _d in rows if county != county_id}
    # The divisions where the user is 衔接审核: a round opened to one of them (the
    # county's city, or the province for a county directly under it) is theirs.
    reviewing = frozenset(county for county, _level, role in above if role == Role.LINKAGE)
    shares = NO_SHARES
    if reviewing and _share_loader is not None:
        shares = MappingProxyType(dict(_share_loader(county_id, reviewing)))
    return Principal(
        user.pk,
        county_id,
        frozenset(role for role, _dept in own),
        frozenset(dept for _role, dept in own if dept is not None),
        site_admin=user.is_superuser,
        inherited=frozenset((county, role) for county, _level, role in above),
        reads_below=any(
            role == Role.LINKAGE and level == County.Level.PROVINCE for _c, level, role in above
        ),
        shares=shares,
    )


def _reviewing_ids(node: OutlineNode) -> set[int]:
    # Uses the prefetch cache when the caller prefetched reviewing_departments.
    return {d.pk for d in node.reviewing_departments.all()}


def _can_plan(principal: Principal, action: str) -> bool:
    if action == Action.VIEW:
        return principal.is_member or principal.site_admin
    if not principal.is_member:
        return False
    if action in COORDINATOR_ONLY:
        return principal.is_coordinator
    if action == Action.EDIT:
        return bool(principal.roles & EDITING_ROLES)
    if action == Action.COMMENT:
        return bool(principal.roles & COMMENTING_ROLES)
    return False


def _drafts_node(principal: Principal, node: OutlineNode) -> bool:
    if principal.is_coordinator:
        return True
    if not principal.is_drafter:
        return False
    return node.lead_department_id is None or node.lead_department_id in principal.departments


def _can_node(
    principal: Principal, action: str, node: OutlineNode, *, ignore_state: bool = False
) -> bool:
    if action in {Action.VIEW, Action.COMMENT} or action in COORDINATOR_ONLY:
        return _can_plan(principal, action)
    if not principal.is_member:
        return False
    state = node.review_state
    if action == Action.EDIT:
        return (
            node.level != OutlineNode.Level.ANNEX
            and (ignore_state or state in OutlineNode.EDITABLE_STATES)
            and _drafts_node(principal, node)
        )
    if action == Action.SUBMIT:
        return (
            node.level != OutlineNode.Level.ANNEX
            and node.lead_department_id is not None
            and (ignore_state or state in OutlineNode.EDITABLE_STATES)
            and _drafts_node(principal, node)
        )
    if action == Action.DECIDE:
        if not ignore_state and state not in OutlineNode.UNDER_REVIEW_STATES:
            return False
        reviewing = _reviewing_ids(node)
        if not reviewing:
            # Nobody to countersign: the planning office decides.
            return principal.is_coordinator
        return bool(principal.roles & DECIDING_ROLES) and bool(reviewing & principal.departments)
    if action == Action.REOPEN:
        return principal.is_coordinator and (
            ignore_state or state == OutlineNode.ReviewState.APPROVED
        )
    return False


def _can_report_row(principal: Principal, action: str, row, *, ignore_state: bool) -> bool:
    """A monitoring row (an indicator's actual, a project's year): its department's
    drafters and the planning office report it while the year is open and the row
    is not yet accepted; the planning office reviews it (DECIDE)."""
    if action == Action.VIEW:
        return _can_plan(principal, action)
    if not principal.is_member:
        return False
    open_now = ignore_state or row.is_open
    if action == Action.REPORT:
        if not open_now or not (ignore_state or row.reportable):
            return False
        if principal.is_coordinator:
            return True
        return principal.is_drafter and row.department_id in principal.departments
    if action == Action.DECIDE:
        return open_now and principal.is_coordinator
    return False


def _can_consultation(principal: Principal, action: str, obj) -> bool:
    """A public consultation and the suggestions it received: the county's members
    (and the province's 衔接审核, who reads everything below) read them (the
    contacts are the planning office's: MANAGE); the planning
    office publishes, enters, sorts, merges and hides (MANAGE); a suggestion is
    answered (DISPOSE) by the planning office or the drafters of the department it
    was assigned to."""
    if action == Action.VIEW:
        return _can_plan(principal, action) or principal.reads_below
    if not principal.is_member:
        return False
    if action == Action.MANAGE:
        return principal.is_coordinator
    if action == Action.DISPOSE:
        if principal.is_coordinator:
            return True
        department = getattr(obj, "department_id", None)
        return (
            principal.is_drafter
            and department is not None
            and (department in principal.departments)
        )
    return False


def county_of(obj) -> int | None:
    """The county an object belongs to (the one whose memberships decide)."""
    if isinstance(obj, County):
        return obj.pk
    if isinstance(obj, Plan):
        return obj.county_id
    if isinstance(obj, Document):
        return obj.plan.county_id
    plan = getattr(obj, "plan", None)
    if plan is None and isinstance(getattr(obj, "document", None), Document):
        plan = obj.document.plan
    return plan.county_id if plan is not None else None


# From above: a city's or province's 衔接审核 --------------------------------------


def _reads_below(principal: Principal) -> bool:
    """Someone above the county who reads all of it: a province's 衔接审核. (A
    city's reads the county only through a round: ``_can_linkage``.)"""
    return principal.reads_below


def _can_version(principal: Principal, action: str, version) -> bool:
    """A frozen version: whoever reads the document, and a city's 衔接审核 given
    this version in a 衔接 round."""
    if action != Action.VIEW:
        return False
    if _can_plan(principal, action) or principal.reads_below:
        return True
    share = principal.shares.get(version.document_id)
    return share is not None and version.pk in share.version_ids


def _can_linkage(principal: Principal, action: str, linkage, *, ignore_state: bool) -> bool:
    """A 衔接 round: the county reads it and its planning office runs it; the
    city it was opened to reads it, and comments and confirms project matches
    while it is open; a province's 衔接审核 reads it."""
    share = principal.shares.get(linkage.document_id)
    given = share is not None and linkage.pk in share.linkage_ids
    if action == Action.VIEW:
        return _can_plan(principal, action) or principal.reads_below or given
    if action == Action.READ_DRAFT:
        # The live text, through the round and nothing else of the county (not
        # its opinions, exports, versions or history), while an open round
        # shares it.
        if _can_plan(principal, Action.VIEW) or principal.reads_below:
            return True
        return given and share.draft and linkage.share_draft and linkage.pk in share.open_ids
    if action in {Action.COMMENT, Action.DECIDE}:
        return given and (ignore_state or linkage.pk in share.open_ids)
    if action == Action.MANAGE:
        return principal.is_coordinator
    return False


def _can_oversee(principal: Principal, division: County) -> bool:
    """The 衔接 pages of a city or province: its own 衔接审核, or the province's."""
    if division.level in {County.Level.PROVINCE, County.Level.PREFECTURE_CITY}:
        own = division.pk == principal.county_id and Role.LINKAGE in principal.roles
        return own or principal.reads_below
    return False


def can(principal: Principal, action: str, obj, *, ignore_state: bool = False) -> bool:
    """May ``principal`` do ``action`` to ``obj`` (a County, Plan, Document,
    OutlineNode or PlanItem)? With ``ignore_state``, the review state of a node is
    left out: whether the person is among those who would, once it allows."""
    if principal is None:
        return False
    if isinstance(obj, County):
        if action == Action.OVERSEE:
            return _can_oversee(principal, obj)
        # Seeing a county's departments, or creating plans in it (MANAGE).
        return obj.pk == principal.county_id and (
            _can_plan(principal, action) or (action == Action.VIEW and principal.reads_below)
        )
    if isinstance(obj, Document):
        return county_of(obj) == principal.county_id and (
            _can_plan(principal, action) or (action == Action.VIEW and _reads_below(principal))
        )
    if isinstance(obj, Plan):
        return county_of(obj) == principal.county_id and (
            _can_plan(principal, action) or (action == Action.VIEW and _reads_below(principal))
        )
    if getattr(obj, "is_linkage", False):
        return county_of(obj) == principal.county_id and _can_linkage(
            principal, action, obj, ignore_state=ignore_state
        )
    if getattr(obj, "is_frozen_version", False):
        return county_of(obj) == principal.county_id and _can_version(principal, action, obj)
    if getattr(obj, "is_consultation", False):
        return county_of(obj) == principal.county_id and _can_consultation(principal, action, obj)
    if (
        action == Action.VIEW
        and not (principal.is_member or principal.site_admin)
        and hasattr(obj, "plan_id")
    ):
        # The rest of a county (reached through its document) is read from above
        # by the province only.
        return _reads_below(principal)
    if isinstance(obj, OutlineNode):
        return _can_node(principal, action, obj, ignore_state=ignore_state)
    if getattr(obj, "is_monitoring_row", False):
        return county_of(obj) == principal.county_id and _can_report_row(
            principal, action, obj, ignore_state=ignore_state
        )
    if isinstance(obj, PlanItem):
        if action == Action.VIEW:
            return _can_plan(principal, action)
        if action == Action.EDIT:
            return _can_node(principal, action, obj.node, ignore_state=ignore_state)
        return False
    # Plan-level objects without a node (indicator categories) are structure.
    if getattr(obj, "plan_id", None) is not None and action in {Action.VIEW, Action.EDIT}:
        return _can_plan(principal, Action.VIEW if action == Action.VIEW else Action.MANAGE)
    return False


# Which objects ----------------------------------------------------------------------


def nodes_where(principal: Principal, action: str, document: Document) -> QuerySet[OutlineNode]:
    """The nodes of ``document`` on which ``principal`` may do ``action`` (EDIT or
    SUBMIT)."""
    nodes = document.nodes.all()
    if action not in {Action.EDIT, Action.SUBMIT} or not principal.is_member:
        return nodes.none()
    nodes = nodes.exclude(level=OutlineNode.Level.ANNEX).filter(
        review_state__in=OutlineNode.EDITABLE_STATES
    )
    if action == Action.SUBMIT:
        nodes = nodes.exclude(lead_department=None)
    if principal.is_coordinator:
        return nodes
    if principal.is_drafter:
        return nodes.filter(Q(lead_department=None) | Q(lead_department__in=principal.departments))
    return nodes.none()


def _county_roles(user, roles=None) -> QuerySet:
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("county_id")


def counties_where(user, action: str = Action.VIEW) -> QuerySet[County]:
    """Counties in which ``user`` may do ``action``: VIEW (see its plans and
    departments) or MANAGE (create plans, add departments)."""
    if not user.is_authenticated:
        return County.objects.none()
    if action == Action.VIEW:
        return County.objects.filter(pk__in=_county_roles(user))
    if action == Action.MANAGE:
        return County.objects.filter(pk__in=_county_roles(user, [Role.COORDINATOR]))
    return County.objects.none()


def divisions_where(user, action: str = Action.OVERSEE) -> QuerySet[County]:
    """Cities and provinces whose 衔接 pages ``user`` may open from their own
    membership (a province's 衔接审核 reaches its cities from the province's page)."""
    if action != Action.OVERSEE or not user.is_authenticated:
        return County.objects.none()
    return County.objects.filter(
        pk__in=_county_roles(user, [Role.LINKAGE]),
        level__in=[County.Level.PROVINCE, County.Level.PREFECTURE_CITY],
    )


def plans_where(user, queryset: QuerySet[Plan] | None = None, action: str = Action.VIEW):
    """Plans ``user`` may do ``action`` to (VIEW or MANAGE)."""
    queryset = queryset if queryset is not None else Plan.objects.all()
    return queryset.filter(county__in=counties_where(user, action))


def roles_by_county(user) -> QuerySet[Membership]:
    """The user's memberships, for pages that say who they are where."""
    return Membership.objects.filter(user=user).select_related("county", "department")


# Which users ------------------------------------------------------------------------


def users_who(action: str, obj, *, roles=None, ignore_state: bool = False) -> QuerySet:
    """The active users who may do ``action`` to ``obj``, by the same rules as
    ``can``: the recipients of whatever asks them to do it.

    ``roles`` narrows it to people who hold one of these roles (an assignment is
    news to the lead department's drafters, not to every coordinator), and
    ``ignore_state`` answers for the node whatever its review state is now (the
    drafters of a node just approved are still its drafters).
    """
    User = get_user_model()
    county_id = county_of(obj)
    if county_id is None:
        return User.objects.none()
    if getattr(obj, "is_linkage", False) and action in {Action.COMMENT, Action.DECIDE}:
        # The 衔接审核 of the division the round was opened to.
        if not ignore_state and not obj.is_open:
            return User.objects.none()
        reviewers = Membership.objects.filter(county_id=obj.city_id, role=Role.LINKAGE)
        return User.objects.filter(is_active=True, pk__in=reviewers.values("user_id")).distinct()
    members = Membership.objects.filter(county_id=county_id)
    if roles is not None:
        members = members.filter(role__in=roles)
    grants = _grants(action, obj, ignore_state=ignore_state)
    if grants is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True, pk__in=members.filter(grants).values("user_id")
    ).distinct()


def _grants(action: str, obj, *, ignore_state: bool) -> Q | None:
    """The memberships that grant ``action`` on ``obj``, as a filter (None: nobody)."""
    coordinators = Q(role=Role.COORDINATOR)
    if getattr(obj, "is_monitoring_row", False) and action == Action.REPORT:
        if not ignore_state and not (obj.is_open and obj.reportable):
            return None
        return coordinators | Q(role=Role.DRAFTER, department_id=obj.department_id)
    if getattr(obj, "is_consultation", False) and action == Action.DISPOSE:
        # A suggestion: the planning office, and the drafters of its department.
        department = getattr(obj, "department_id", None)
        if department is None:
            return coordinators
        return coordinators | Q(role=Role.DRAFTER, department_id=department)
    if not isinstance(obj, OutlineNode):
        if action == Action.VIEW:
            return Q()
        if action in COORDINATOR_ONLY:
            return coordinators
        if action == Action.EDIT:
            return Q(role__in=EDITING_ROLES)
        if action == Action.COMMENT:
            return Q(role__in=COMMENTING_ROLES)
        return None
    node = obj
    if action in {Action.VIEW, Action.COMMENT} or action in COORDINATOR_ONLY:
        return _grants(action, node.document, ignore_state=ignore_state)
    state = node.review_state
    if action in {Action.EDIT, Action.SUBMIT}:
        if node.level == OutlineNode.Level.ANNEX:
            return None
        if not ignore_state and state not in OutlineNode.EDITABLE_STATES:
            return None
        if action == Action.SUBMIT and node.lead_department_id is None:
            return None
        drafters = Q(role=Role.DRAFTER)
        if node.lead_department_id is not None:
            drafters &= Q(department_id=node.lead_department_id)
        return coordinators | drafters
    if action == Action.DECIDE:
        if not ignore_state and state not in OutlineNode.UNDER_REVIEW_STATES:
            return None
        reviewing = _reviewing_ids(node)
        if not reviewing:
            return coordinators
        return Q(role__in=DECIDING_ROLES, department_id__in=reviewing)
    if action == Action.REOPEN:
        if not ignore_state and state != OutlineNode.ReviewState.APPROVED:
            return None
        return coordinators
    return None
