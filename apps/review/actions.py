"""Review transitions, opinions and stage moves: each one atomic, logged, and told
to the people who have to act next.

Every state change is a conditional UPDATE on the state it expects to leave
(``… WHERE review_state IN (…)``); when the row count is zero the state has
moved on (someone else submitted, decided or reopened first) and the action is
refused with TransitionRefused, whose message the page shows.
"""

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Department, Role
from apps.core.activity import log_activity
from apps.core.text import quotable
from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.plans import indexing
from apps.plans.content import load_content
from apps.plans.models import Document, OutlineNode, Revision
from apps.plans.parts import computed_tables_for, registry
from apps.plans.policy import Action, users_who
from apps.plans.revisions import record_node_revision
from apps.review.models import Countersign, DocumentVersion, Opinion, ReviewRound

State = OutlineNode.ReviewState


class TransitionRefused(Exception):
    """The object is no longer in the state the action needs; the message says why."""


def _drafters(node: OutlineNode):
    """The drafters of the node's lead department: who writes it, whatever its state."""
    return list(users_who(Action.EDIT, node, roles=[Role.DRAFTER], ignore_state=True))


def _coordinators(obj) -> list:
    return list(users_who(Action.DISPOSE, obj))


def _node_url(node: OutlineNode) -> str:
    return reverse("node_edit", args=[node.document_id, node.pk])


def _set_state(node: OutlineNode, expected, new: str) -> None:
    changed = OutlineNode.objects.filter(pk=node.pk, review_state__in=expected).update(
        review_state=new, updated_at=timezone.now()
    )
    if not changed:
        current = OutlineNode.objects.values_list("review_state", flat=True).get(pk=node.pk)
        raise TransitionRefused(
            _("“%(title)s”的状态已变为“%(state)s”，这一操作没有执行。请刷新页面后再看。")
            % {"title": quotable(node.title), "state": State(current).label}
        )
    node.review_state = new


def node_assign(node: OutlineNode, *, actor, lead, reviewers, due_date) -> None:
    """Set who drafts a node, who countersigns it, and by when."""
    with transaction.atomic():
        node = OutlineNode.objects.select_for_update().get(pk=node.pk)
        before_lead = node.lead_department_id
        node.lead_department = lead
        node.due_date = due_date
        node.save(update_fields=["lead_department", "due_date", "updated_at"])
        node.reviewing_departments.set(reviewers)
        log_activity(
            actor,
            "assign",
            node,
            lead=lead.name if lead else None,
            reviewers=[d.name for d in reviewers],
            due=due_date.isoformat() if due_date else None,
        )
        if lead and lead.pk != before_lead:
            notify(
                _drafters(node),
                Notification.Kind.ASSIGNMENT,
                _("新分工：请起草“%(title)s”") % {"title": quotable(node.title)},
                body=_("规划统筹人员请%(lead)s牵头起草“%(title)s”%(due)s。")
                % {
                    "lead": lead.name,
                    "title": quotable(node.title),
                    "due": _("，时限 %(d)s") % {"d": due_date} if due_date else "",
                },
                url=_node_url(node),
                exclude=actor,
            )


def _latest_revision(node: OutlineNode, actor) -> Revision:
    revision = Revision.objects.of(node).order_by("-version").first()
    if revision is None or revision.version != node.version:
        # Never saved through the editor (seeded text): freeze what is there now.
        revision = record_node_revision(
            node, body=node.body, version=node.version, author=actor, note=_("提交时的内容")
        )
    return revision


def node_submit(node: OutlineNode, *, actor) -> ReviewRound:
    """The lead department sends the node for countersign by its reviewing departments."""
    with transaction.atomic():
        _set_state(node, OutlineNode.EDITABLE_STATES, State.SUBMITTED)
        node.refresh_from_db()
        number = (node.review_rounds.aggregate(n=Max("number"))["n"] or 0) + 1
        round_ = ReviewRound.objects.create(
            node=node, number=number, revision=_latest_revision(node, actor), submitted_by=actor
        )
        reviewers = list(node.reviewing_departments.all())
        Countersign.objects.bulk_create(Countersign(round=round_, department=d) for d in reviewers)
        log_activity(actor, "submit", node, round=number)
        # Those who now countersign: the reviewing departments' reviewers and
        # coordinators, or the planning office when nobody was asked.
        recipients = list(users_who(Action.DECIDE, node))
        notify(
            recipients,
            Notification.Kind.SUBMISSION,
            _("待会签：“%(title)s”（第%(n)s轮）") % {"title": quotable(node.title), "n": number},
            body=_("“%(title)s”已提交会签，请审阅后同意或退回修改。")
            % {"title": quotable(node.title)},
            url=_node_url(node),
            exclude=actor,
        )
    return round_


def _active_round(node: OutlineNode) -> ReviewRound:
    round_ = (
        ReviewRound.objects.select_for_update()
        .filter(node=node, status=ReviewRound.Status.ACTIVE)
        .first()
    )
    if round_ is None:
        raise TransitionRefused(
            _("“%(title)s”目前没有进行中的会签。") % {"title": quotable(node.title)}
        )
    return round_


def countersign_decide(
    node: OutlineNode, *, actor, department: Department | None, approve: bool, comment: str
) -> ReviewRound:
    """Record one department's decision on the submitted revision.

    Parallel countersign: a request for changes from any department sends the node
    back at once; it is approved when every reviewing department has approved. With
    no reviewing departments the planning office decides alone (``department``
    None).
    """
    if not approve and not comment.strip():
        raise TransitionRefused(_("退回修改时请写明需要修改的内容。"))
    with transaction.atomic():
        round_ = _active_round(node)
        revision = _latest_revision(OutlineNode.objects.get(pk=node.pk), actor)
        decision = (
            Countersign.Decision.APPROVED if approve else Countersign.Decision.CHANGES_REQUESTED
        )
        if department is not None:
            updated = Countersign.objects.filter(
                round=round_, department=department, decision=Countersign.Decision.PENDING
            ).update(
                decision=decision,
                comment=comment,
                decided_by=actor,
                decided_at=timezone.now(),
                revision=revision,
            )
            if not updated:
                raise TransitionRefused(
                    _("%(dept)s在这一轮已经会签过了。") % {"dept": department.name}
                )
        pending = round_.countersigns.filter(decision=Countersign.Decision.PENDING).exists()
        now = timezone.now()
        if not approve:
            round_.status = ReviewRound.Status.CHANGES_REQUESTED
            round_.closed_at = now
            round_.save(update_fields=["status", "closed_at"])
            _set_state(node, OutlineNode.UNDER_REVIEW_STATES, State.CHANGES_REQUESTED)
        elif not pending:
            round_.status = ReviewRound.Status.APPROVED
            round_.closed_at = now
            round_.save(update_fields=["status", "closed_at"])
            _set_state(node, OutlineNode.UNDER_REVIEW_STATES, State.APPROVED)
        else:
            _set_state(node, OutlineNode.UNDER_REVIEW_STATES, State.IN_REVIEW)
        log_activity(
            actor,
            "approve" if approve else "request_changes",
            node,
            round=round_.number,
            department=department.name if department else None,
            revision=revision.version,
        )
        who = department.name if department else _("规划统筹")
        notify(
            [*_drafters(node), *_coordinators(node)],
            Notification.Kind.DECISION,
            (_("%(who)s同意了“%(title)s”") if approve else _("%(who)s退回了“%(title)s”"))
            % {"who": who, "title": quotable(node.title)},
            body=comment,
            url=_node_url(node),
            exclude=actor,
        )
    return round_


def node_reopen(node: OutlineNode, *, actor) -> None:
    """The coordinator makes an approved node editable again."""
    with transaction.atomic():
        _set_state(node, [State.APPROVED], State.DRAFTING)
        log_activity(actor, "reopen", node)


# Opinions -------------------------------------------------------------------


def _thread_url(node: OutlineNode, thread) -> str:
    """Where the people of an opinion thread read it: a city's 衔接意见 (and what
    answers it) on the 衔接 page, any other on its node."""
    if thread is not None and thread.source_division_id:
        return reverse("linkage_document", args=[node.document_id])
    return _node_url(node)


def opinion_add(
    node: OutlineNode,
    *,
    actor,
    department,
    text: str,
    quote: str = "",
    parent=None,
    source_division=None,
    url: str = "",
) -> Opinion:
    """Record an opinion (or a reply) and tell the planning office and the
    drafters. ``source_division`` marks one from a division above (the city's
    衔接意见); ``url`` is then where its people read it (not the county's pages)."""
    with transaction.atomic():
        last_round = node.review_rounds.aggregate(n=Max("number"))["n"] or 0
        opinion = Opinion.objects.create(
            document_id=node.document_id,
            node=node,
            parent=parent,
            author=actor,
            department=department,
            source_division=source_division,
            # The stage as it is now, not as the page that posted it saw it.
            stage=Document.objects.values_list("stage", flat=True).get(pk=node.document_id),
            round=last_round,
            quote=quote.strip(),
            text=text.strip(),
        )
        indexing.opinions_changed(opinion)
        log_activity(actor, "reply" if parent else "opinion", opinion, plan_id=node.plan_id)
        recipients = _coordinators(node)
        if node.lead_department_id:
            recipients += _drafters(node)
        if parent is not None and parent.author is not None:
            recipients.append(parent.author)
        notify(
            recipients,
            Notification.Kind.OPINION,
            _("%(dept)s对“%(title)s”提出了意见")
            % {"dept": department.name if department else actor, "title": quotable(node.title)},
            body=opinion.text,
            url=(url or _thread_url(node, parent)) + f"#opinion-{(parent or opinion).pk}",
            exclude=actor,
        )
    return opinion


def opinion_dispose(opinion: Opinion, *, actor, disposition: str, reason: str) -> None:
    with transaction.atomic():
        opinion.disposition = disposition
        opinion.reason = reason.strip()
        opinion.disposed_by = actor
        opinion.disposed_at = timezone.now()
        opinion.save(update_fields=["disposition", "reason", "disposed_by", "disposed_at"])
        indexing.opinions_changed(opinion)
        log_activity(
            actor,
            "dispose",
            opinion,
            plan_id=opinion.document.plan_id,
            disposition=disposition,
        )
        url = _thread_url(opinion.node, opinion)
        notify(
            [opinion.author],
            Notification.Kind.DISPOSITION,
            _("你的意见已处理：%(d)s") % {"d": opinion.get_disposition_display()},
            body=f"{opinion.text}\n\n{opinion.reason}",
            url=url + f"#opinion-{opinion.pk}",
            exclude=actor,
        )


# Stages and versions ------------------------------------------------------------


def snapshot_nodes(entries) -> list[dict]:
    """Numbered outline entries as a snapshot stores its nodes."""
    return [
        {
            "id": e.node.pk,
            "key": e.node.key,
            "label": e.label,
            "title": e.node.title,
            "level": e.node.level,
            "depth": e.depth,
            "body": e.node.body,
        }
        for e in entries
    ]


def document_snapshot(document: Document) -> dict:
    """The whole document as it reads now: every node's text, and every row of the
    plan's structured content it draws on."""
    content = load_content(document)
    nodes = snapshot_nodes(content.entries)
    parts = {}
    for part in registry.all():
        rows = []
        for item in content.items[part.slug]:
            # The item's name too: what a search result of the version calls the row.
            rows.append(
                {"id": item.pk, "name": str(item), "cells": [str(c.value) for c in part.row(item)]}
            )
        parts[part.slug] = {
            "label": str(part.label),
            "columns": [str(c.label) for c in part.columns],
            "rows": rows,
        }
    # The tables a report computes when printed, as they read now: a frozen report
    # keeps the figures it was frozen with.
    computed = {
        str(pk): table.as_data()
        for pk, table in computed_tables_for(document, content.nodes).items()
    }
    return {
        "title": document.title,
        "issuer": document.issuer,
        "nodes": nodes,
        "parts": parts,
        "computed": computed,
    }


def subject_of(document: Document) -> str:
    """How messages name a document: 规划 for the outline, the report by its kind."""
    return document.get_kind_display() if document.is_report else _("规划")


def document_stage_move(document: Document, *, actor, stage: str, name: str) -> DocumentVersion:
    """Move the document to ``stage`` and freeze it as it is under ``name``."""
    with transaction.atomic():
        current = document.stage
        # The draft of the stage it reaches is dated today; the coordinator may
        # correct the date on the settings page.
        dates = {**document.stage_dates, stage: timezone.localdate().isoformat()}
        moved = Document.objects.filter(pk=document.pk, stage=current).update(
            stage=stage, stage_dates=dates, updated_at=timezone.now()
        )
        if not moved:
            raise TransitionRefused(_("规划阶段刚被他人调整过，请刷新页面后再操作。"))
        document.stage = stage
        document.stage_dates = dates
        version = DocumentVersion.objects.create(
            document=document,
            stage=stage,
            name=name,
            created_by=actor,
            snapshot=document_snapshot(document),
        )
        indexing.version_frozen(version)
        log_activity(
            actor,
            "stage",
            document,
            plan_id=document.plan_id,
            county_id=document.plan.county_id,
            previous=Document.Stage(current).label,
            stage=Document.Stage(stage).label,
            version=name,
        )
        notify(
            users_who(Action.VIEW, document),
            Notification.Kind.STAGE,
            _("%(what)s进入“%(stage)s”阶段")
            % {"what": subject_of(document), "stage": Document.Stage(stage).label},
            body=_("已冻结版本“%(name)s”。") % {"name": quotable(name)},
            url=reverse("version_detail", args=[document.pk, version.pk]),
            exclude=actor,
        )
    return version
