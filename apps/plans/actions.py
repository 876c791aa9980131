"""Writes that touch a plan's outline and items, each in one transaction.

Saves are conditional on the version the editor loaded (``UPDATE … WHERE version =
loaded``): when the row count is zero somebody else saved first, nothing is
written, and the caller shows the conflict instead of overwriting their work.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import County
from apps.core.activity import log_activity
from apps.core.text import text_length
from apps.plans import indexing
from apps.plans.models import Document, OutlineNode, Plan
from apps.plans.outline_templates import TemplateNode, fill
from apps.plans.parts import Part, registry
from apps.plans.revisions import record_item_revision, record_node_revision


class NodeNotEmpty(Exception):
    """The node still holds children or structured items; deleting it would lose them."""


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    current_version: int


def plan_create(
    *,
    county: County,
    created_by,
    template_key: str,
    base_year: int,
    vision_year: int,
    use_parts: bool = True,
    title: str = "",
) -> Plan:
    """A new plan with its outline document, started from ``template_key``."""
    target_year = base_year + 5
    with transaction.atomic():
        plan = Plan.objects.create(
            county=county,
            base_year=base_year,
            target_year=target_year,
            vision_year=vision_year,
            created_by=created_by,
        )
        document_create(
            plan,
            kind=Document.Kind.OUTLINE,
            template_key=template_key,
            created_by=created_by,
            use_parts=use_parts,
            title=title,
        )
        for initialise in registry.plan_initialisers:
            initialise(plan)
        log_activity(created_by, "create", plan.outline, plan_id=plan.pk, county_id=county.pk)
    return plan


def document_create(
    plan: Plan, *, kind: str, template_key: str, created_by, use_parts: bool = True, title: str = ""
) -> Document:
    """A document of ``plan`` with the outline of its kind's template."""
    from apps.plans.kinds import KINDS

    document_kind = KINDS[kind]
    template = document_kind.templates[template_key]
    with transaction.atomic():
        document = Document.objects.create(
            plan=plan,
            kind=kind,
            title=title or document_kind.default_title(plan),
            template_key=template_key,
            stage=document_kind.stages[0],
            stage_dates={document_kind.stages[0]: timezone.localdate().isoformat()},
            created_by=created_by,
        )
        _create_nodes(document, template.outline, use_parts)
    if kind == Document.Kind.OUTLINE:
        plan.outline = document
    return document


class DocumentRefused(Exception):
    """The document cannot be created now; the message says why."""


def report_create(plan: Plan, *, kind: str, created_by) -> Document:
    """Start the plan's mid-term or final evaluation report from its kind's
    template. Refused (DocumentRefused) before the outline is adopted and when the
    plan already has a report of this kind; the conditional unique constraint
    settles two coordinators clicking at once."""
    from apps.plans.kinds import KINDS

    document_kind = KINDS[kind]
    with transaction.atomic():
        # Locks the outline row, so the check and the insert see one state.
        outline = Document.objects.select_for_update().get(plan=plan, kind=Document.Kind.OUTLINE)
        if document_kind.needs_adopted_outline and not outline.is_adopted:
            raise DocumentRefused(
                _("规划纲要审议通过后才能起草%(kind)s。当前纲要处于“%(stage)s”阶段。")
                % {"kind": document_kind.label, "stage": outline.get_stage_display()}
            )
        if plan.documents.filter(kind=kind).exists():
            raise DocumentRefused(
                _("本规划已经有%(kind)s，每个规划只编制一份。") % {"kind": document_kind.label}
            )
        (template_key,) = document_kind.templates
        document = document_create(
            plan, kind=kind, template_key=template_key, created_by=created_by
        )
        log_activity(
            created_by,
            "create_document",
            document,
            plan_id=plan.pk,
            county_id=plan.county_id,
            kind=kind,
        )
    return document


def plan_settings_save(plan_form, document_form, *, actor) -> None:
    """The settings page saves the plan's numbers and its outline's title together."""
    with transaction.atomic():
        plan = plan_form.save()
        document_form.save()
        changed = [str(plan_form.fields[n].label) for n in plan_form.changed_data] + [
            str(document_form.fields[n].label) for n in document_form.changed_data
        ]
        log_activity(actor, "settings", plan, plan_id=plan.pk, fields=changed or None)


def document_settings_save(form, *, actor) -> None:
    """A report's own settings page (the outline's are saved with the plan's)."""
    with transaction.atomic():
        document = form.save()
        changed = [str(form.fields[n].label) for n in form.changed_data]
        log_activity(actor, "settings", document, fields=changed or None)


def _create_nodes(document: Document, outline: tuple[TemplateNode, ...], use_parts: bool) -> None:
    plan = document.plan
    years = (plan.base_year, plan.target_year, plan.vision_year)
    position = 0
    created: list[OutlineNode] = []

    def create(tpl: TemplateNode, parent: OutlineNode | None) -> None:
        nonlocal position
        position += 1
        node = OutlineNode.objects.create(
            document=document,
            plan=plan,
            parent=parent,
            level=tpl.level,
            position=position,
            title=fill(tpl.title, *years),
            key=tpl.key,
            guidance=fill(tpl.guidance, *years),
        )
        created.append(node)
        for child in tpl.children:
            create(child, node)

    for tpl in outline:
        if tpl.level == OutlineNode.Level.PART and not use_parts:
            # Without 篇 the chapters move up to the top level, in the same order.
            for child in tpl.children:
                create(child, None)
        else:
            create(tpl, None)
    indexing.nodes_changed(*created)


def node_text_save(
    node: OutlineNode, *, body: str, loaded_version: int, user, note: str = ""
) -> SaveResult:
    """Save a node's text unless someone saved it after ``loaded_version`` was loaded.

    The conditional UPDATE is the check: under simultaneous saves PostgreSQL lets
    exactly one of them match ``version = loaded_version``; the other updates no
    row, writes no revision, and is told so. Only a node in an editable review
    state is written, so a save racing a submission loses too.
    """
    with transaction.atomic():
        updated = OutlineNode.objects.filter(
            pk=node.pk,
            version=loaded_version,
            review_state__in=OutlineNode.EDITABLE_STATES,
        ).update(
            body=body,
            body_length=text_length(body),
            version=F("version") + 1,
            updated_by=user,
            updated_at=timezone.now(),
        )
        current = OutlineNode.objects.values_list("version", flat=True).get(pk=node.pk)
        if updated:
            record_node_revision(node, body=body, version=current, author=user, note=note)
            indexing.nodes_changed(node)
    return SaveResult(saved=updated == 1, current_version=current)


def _next_position(queryset) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


def node_create(
    document: Document,
    *,
    level: str,
    parent: OutlineNode | None,
    title: str,
    guidance: str,
    actor=None,
):
    with transaction.atomic():
        siblings = document.nodes.filter(parent=parent)
        node = OutlineNode.objects.create(
            document=document,
            plan_id=document.plan_id,
            parent=parent,
            level=level,
            title=title,
            guidance=guidance,
            position=_next_position(siblings),
        )
        indexing.nodes_changed(node)
        log_activity(actor, "outline", node, change=_("新增"))
    return node


def node_outline_save(form, *, old_parent_id: int | None, actor=None) -> OutlineNode:
    """Rename a node or move it under another parent (the coordinator's outline
    form): a node that changes parent goes to the end of its new siblings."""
    with transaction.atomic():
        node = form.save(commit=False)
        if node.parent_id != old_parent_id:
            node.position = _next_position(
                OutlineNode.objects.filter(document_id=node.document_id, parent_id=node.parent_id)
            )
        node.save(
            update_fields=[
                "title",
                "box_title",
                "level",
                "parent",
                "guidance",
                "position",
                "updated_at",
            ]
        )
        indexing.nodes_changed(node)
        log_activity(actor, "outline", node, change=_("修改"))
    return node


def node_move(node: OutlineNode, direction: str, *, actor=None) -> bool:
    """Swap a node with its previous or next sibling. Returns False at either end."""
    with transaction.atomic():
        siblings = list(
            OutlineNode.objects.select_for_update()
            .filter(document_id=node.document_id, parent_id=node.parent_id)
            .order_by("position", "id")
        )
        index = next(i for i, n in enumerate(siblings) if n.pk == node.pk)
        other_index = index - 1 if direction == "up" else index + 1
        if not 0 <= other_index < len(siblings):
            return False
        siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
        # Renumber the whole sibling list: positions may have gaps or ties.
        for position, sibling in enumerate(siblings, start=1):
            if sibling.position != position:
                sibling.position = position
                sibling.save(update_fields=["position"])
        log_activity(actor, "outline", node, change=_("上移") if direction == "up" else _("下移"))
        return True


def node_blockers(node: OutlineNode) -> list[str]:
    """Why a node cannot be deleted: its children and the items it presents."""
    reasons = []
    children = node.children.count()
    if children:
        reasons.append(_("%(n)s个下级节点") % {"n": children})
    for part in registry.with_nodes():
        n = part.model.objects.filter(node=node).count()
        if n:
            reasons.append(_("%(n)s条%(label)s") % {"n": n, "label": part.label})
    # The record of what a division above said (衔接意见) is not the county's to
    # erase by deleting the node it was left on.
    above = node.opinions.filter(source_division__isnull=False).count()
    if above:
        reasons.append(_("%(n)s条上级衔接意见") % {"n": above})
    return reasons


def node_delete(node: OutlineNode, *, actor=None) -> None:
    with transaction.atomic():
        node = OutlineNode.objects.select_for_update().get(pk=node.pk)
        if node_blockers(node):
            raise NodeNotEmpty
        log_activity(actor, "outline", node, change=_("删除"))
        node.delete()


def default_node(part: Part, plan: Plan, instance) -> OutlineNode:
    """The node of the plan's outline a new item goes to when the drafter leaves
    the choice empty."""
    keys = [part.node_key_for(instance)] if part.node_key_for else []
    keys.append(part.node_key)
    outline = plan.outline.nodes
    nodes = {n.key: n for n in outline.filter(key__in=[k for k in keys if k])}
    for key in keys:
        if key in nodes:
            return nodes[key]
    return outline.order_by("position", "id").first()


def item_save(
    part: Part, form, *, plan: Plan, user, loaded_version: int | None, note: str = ""
) -> SaveResult:
    """Save a structured item from a valid form, conditional on its version.

    New items get the next position and, when no node was chosen, the default node
    of their part. For an existing item the version is claimed first with a
    conditional UPDATE; that row lock also serialises truly simultaneous saves.
    """
    instance = form.instance
    model = type(instance)
    with transaction.atomic():
        if instance.pk:
            claimed = model.objects.filter(pk=instance.pk, version=loaded_version).update(
                version=F("version") + 1
            )
            if not claimed:
                current = model.objects.values_list("version", flat=True).get(pk=instance.pk)
                return SaveResult(saved=False, current_version=current)
            instance.version = loaded_version + 1
        else:
            instance.plan = plan
            if not instance.position:
                instance.position = _next_position(model.objects.filter(plan=plan))
        instance.updated_by = user
        form.save()
        record_item_revision(instance, author=user, note=note)
        indexing.items_changed(instance)
    return SaveResult(saved=True, current_version=instance.version)


def item_delete(part: Part, item, *, actor) -> None:
    """Delete a structured item, leaving its last state in the history and a line
    in the activity log. Raises ProtectedError/RestrictedError, with nothing
    written, when other content still refers to the item."""
    with transaction.atomic():
        item.version += 1
        record_item_revision(item, author=actor, note=_("删除"))
        log_activity(actor, "delete", item, plan_id=item.plan_id, what=part.verbose_name)
        indexing.item_removed(item)
        item.delete()
