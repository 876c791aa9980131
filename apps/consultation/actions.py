import hashlib
import re
import unicodedata
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.consultation.models import Consultation, Suggestion
from apps.core.activity import log_activity


def default_topics(version) -> list[str]:
    """The 篇 of the version (or its 章 when it has none) as topics."""
    nodes = version.snapshot.get("nodes", [])
    parts = [n["title"] for n in nodes if n.get("level") == "part"]
    chapters = [n["title"] for n in nodes if n.get("level") == "chapter"]
    return (parts or chapters)[:30]


def consultation_publish(document, *, actor, version, topics: list[str], **fields) -> Consultation:
    """Publish ``version`` of ``document`` for the public's suggestions."""
    with transaction.atomic():
        consultation = Consultation.objects.create(
            document=document,
            version=version,
            topics=topics or default_topics(version),
            published_by=actor,
            **fields,
        )
        log_activity(
            actor,
            "consultation_publish",
            consultation,
            plan_id=document.plan_id,
            county_id=document.plan.county_id,
            version=version.name,
            starts_on=consultation.starts_on.isoformat(),
            ends_on=consultation.ends_on.isoformat(),
        )
    return consultation


_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
REPEAT_WINDOW = timedelta(days=1)


def text_fingerprint(text: str) -> str:
    """The text without width, case, spaces or punctuation: how a repeat is told."""
    plain = _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())
    return hashlib.sha256(plain.encode()).hexdigest()


def suggestion_submit(consultation: Consultation, *, node: dict | None, client: str, **fields):
    """Store a suggestion from the public; the same text from the same address
    within a day is the one already stored (returned, ``created`` False)."""
    fingerprint = text_fingerprint(fields["text"])
    with transaction.atomic():
        # Two presses of 提交 at the same instant: the second waits here for the
        # first to commit, then finds it.
        _lock(f"suggestion:{consultation.pk}:{client}:{fingerprint}")
        earlier = Suggestion.objects.filter(
            consultation=consultation,
            client=client,
            fingerprint=fingerprint,
            created_at__gte=timezone.now() - REPEAT_WINDOW,
        ).first()
        if earlier is not None:
            return earlier, False
        fields["topic"] = fields.get("topic") or consultation.topic_for(node)
        suggestion = Suggestion.objects.create(
            consultation=consultation,
            node_id=node["id"] if node else None,
            node_title=node["title"][:120] if node else "",
            client=client,
            fingerprint=fingerprint,
            channel=Suggestion.Channel.ONLINE,
            **fields,
        )
    return suggestion, True


def _lock(key: str) -> None:
    """A lock on ``key`` until the transaction ends (PostgreSQL's advisory lock;
    the embedded SQLite writes one transaction at a time anyway)."""
    if connection.vendor != "postgresql":
        return
    number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def suggestion_moderate(suggestion: Suggestion, *, actor, hide: bool, reason: str = "") -> None:
    """Hide a suggestion (or show it again) with the suggestions merged into it: a
    group is hidden or shown whole, so none of it is left answerable on its own
    (a flood merged by 合并相同内容 goes in one click)."""
    with transaction.atomic():
        group = Suggestion.objects.filter(Q(pk=suggestion.pk) | Q(merged_into=suggestion.pk))
        group.update(
            hidden=hide, hidden_reason=reason if hide else "", row_version=F("row_version") + 1
        )
        suggestion.refresh_from_db()
        document = suggestion.consultation.document
        log_activity(
            actor,
            "suggestion_hide" if hide else "suggestion_show",
            suggestion,
            plan_id=document.plan_id,
            county_id=document.plan.county_id,
            reason=reason,
        )


def forget_contacts(today) -> int:
    """Blank the contact of every suggestion whose consultation ended more than
    PLANNER_CONTACT_RETENTION_DAYS days before ``today``; the number blanked."""
    from django.conf import settings

    from apps.consultation.models import SuggestionImport

    cutoff = today - timedelta(days=settings.PLANNER_CONTACT_RETENTION_DAYS)
    # Questionnaire files read in keep their rows until confirmed: gone with the
    # contacts, and a preview nobody confirmed within a day goes anyway.
    SuggestionImport.objects.filter(
        Q(consultation__ends_on__lt=cutoff)
        | Q(applied_at=None, created_at__lt=timezone.now() - timedelta(days=1))
    ).delete()
    return (
        Suggestion.objects.filter(consultation__ends_on__lt=cutoff)
        .exclude(contact="")
        .update(contact="")
    )


# The planning office's work on what came in ---------------------------------------------


class SuggestionRefused(Exception):
    """An action on suggestions that cannot be done as asked; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _log(actor, verb: str, target, consultation: Consultation, **detail) -> None:
    document = consultation.document
    log_activity(
        actor, verb, target, plan_id=document.plan_id, county_id=document.plan.county_id, **detail
    )


def suggestion_enter(consultation: Consultation, *, actor, node: dict | None, **fields):
    """A suggestion that came in another way (a letter, a forum, a deputy's
    proposal), entered by staff with its source; a text already received is
    merged into the first one that said it."""
    fingerprint = text_fingerprint(fields["text"])
    with transaction.atomic():
        earlier = _first_with(consultation, fingerprint)
        fields["topic"] = fields.get("topic") or consultation.topic_for(node)
        suggestion = Suggestion.objects.create(
            consultation=consultation,
            node_id=node["id"] if node else None,
            node_title=node["title"][:120] if node else "",
            fingerprint=fingerprint,
            entered_by=actor,
            merged_into=earlier,
            **fields,
        )
        _log(actor, "suggestion_enter", suggestion, consultation, channel=suggestion.channel)
    return suggestion


def _first_with(consultation: Consultation, fingerprint: str) -> Suggestion | None:
    """The group a text already received belongs to (its first suggestion)."""
    # Locked: a merge of that group waits for this insert (and then moves it with
    # the group), or this waits for the merge and finds the group's new head.
    return (
        Suggestion.objects.select_for_update()
        .filter(consultation=consultation, fingerprint=fingerprint, hidden=False, merged_into=None)
        .order_by("created_at", "id")
        .first()
    )


def suggestions_sort(
    consultation: Consultation,
    ids: list[int],
    *,
    actor,
    topic: str | None = None,
    node: dict | None = None,
    department=None,
    clear_node: bool = False,
) -> int:
    """Give the chosen suggestions a topic, a chapter and/or a department (what
    is None is left as it is); the department's drafters are told."""
    changes: dict = {}
    if topic is not None:
        changes["topic"] = topic
    if node is not None:
        changes["node_id"], changes["node_title"] = node["id"], node["title"][:120]
    elif clear_node:
        changes["node_id"], changes["node_title"] = None, ""
    if department is not None:
        changes["department"] = department
    if not changes or not ids:
        return 0
    with transaction.atomic():
        chosen = consultation.suggestions.filter(pk__in=ids)
        count = chosen.update(**changes, row_version=F("row_version") + 1)
        _log(
            actor,
            "suggestion_sort",
            consultation,
            consultation,
            suggestions=sorted(ids)[:200],
            topic=topic,
            chapter=node["title"] if node else None,
            department=department.name if department else None,
        )
        if department is not None and count:
            _tell_department(consultation, department, count, actor)
    return count


def _tell_department(consultation: Consultation, department, count: int, actor) -> None:
    """The drafters of ``department``, who may now answer what was given to it."""
    from django.urls import reverse

    from apps.accounts.models import Role
    from apps.notifications.models import Notification
    from apps.notifications.services import notify
    from apps.plans.policy import Action, users_who

    probe = Suggestion(consultation=consultation, department=department)
    url = reverse("suggestion_list", args=[consultation.document_id, consultation.pk])
    notify(
        users_who(Action.DISPOSE, probe, roles=[Role.DRAFTER]),
        Notification.Kind.CONSULTATION,
        _("“%(title)s”有%(n)s条公众意见交由%(department)s答复")
        % {"title": consultation.title, "n": count, "department": department.name},
        url=f"{url}?department={department.pk}",
        exclude=actor,
    )


def suggestions_merge(consultation: Consultation, ids: list[int], *, actor) -> Suggestion:
    """Merge the chosen suggestions (a member standing for its group) into one
    group under the earliest of them, or the earliest already answered: the
    others and what was merged into them repeat it, their people count toward
    it, and its answer is theirs."""
    with transaction.atomic():
        chosen = list(
            consultation.suggestions.select_for_update()
            .filter(pk__in=ids)
            .order_by("created_at", "id")
        )
        # A member of a group stands for its group.
        heads = list(dict.fromkeys((s.merged_into_id or s.pk) for s in chosen))
        if len(heads) < 2:
            raise SuggestionRefused(_("请至少选择两条不同的意见再合并。"))
        if any(s.hidden for s in chosen):
            raise SuggestionRefused(_("已屏蔽的意见不能合并，请先恢复。"))
        groups = list(
            consultation.suggestions.select_for_update()
            .filter(pk__in=heads)
            .order_by("created_at", "id")
        )
        if any(g.hidden for g in groups):
            raise SuggestionRefused(_("已屏蔽的意见不能合并，请先恢复。"))
        # The group keeps an answer already given: the earliest answered one leads.
        answered = [g for g in groups if g.answer]
        primary = answered[0] if answered else groups[0]
        others = [g.pk for g in groups if g.pk != primary.pk]
        consultation.suggestions.filter(Q(pk__in=others) | Q(merged_into__in=others)).update(
            merged_into=primary, row_version=F("row_version") + 1
        )
        consultation.suggestions.filter(pk=primary.pk).update(row_version=F("row_version") + 1)
        _log(actor, "suggestion_merge", primary, consultation, suggestions=others)
    primary.refresh_from_db()
    return primary


def suggestion_unmerge(suggestion: Suggestion, *, actor) -> None:
    """Take a suggestion out of the group it was merged into."""
    with transaction.atomic():
        updated = Suggestion.objects.filter(pk=suggestion.pk).exclude(merged_into=None)
        if not updated.update(merged_into=None, row_version=F("row_version") + 1):
            raise SuggestionRefused(_("这条意见没有合并到其他意见。"))
        _log(actor, "suggestion_unmerge", suggestion, suggestion.consultation)


def merge_identical(consultation: Consultation, *, actor) -> int:
    """Merge every group of suggestions with the same text (after normalisation)
    into its earliest (its earliest answered, when one is); the number of groups
    merged into another. A few queries whatever the number of repeats."""
    with transaction.atomic():
        heads = list(
            consultation.suggestions.select_for_update()
            .filter(hidden=False, merged_into=None)
            .order_by("created_at", "id")
            .only("pk", "fingerprint", "answer")
        )
        by_text: dict[str, list[Suggestion]] = {}
        for head in heads:
            by_text.setdefault(head.fingerprint, []).append(head)
        target: dict[int, int] = {}
        for same in by_text.values():
            if len(same) < 2:
                continue
            answered = [s for s in same if s.answer]
            primary = (answered or same)[0]
            target.update({s.pk: primary.pk for s in same if s.pk != primary.pk})
        if not target:
            return 0
        moved = list(
            consultation.suggestions.filter(Q(pk__in=target) | Q(merged_into__in=target)).only(
                "pk", "merged_into_id", "row_version"
            )
        )
        for suggestion in moved:
            suggestion.merged_into_id = target[suggestion.merged_into_id or suggestion.pk]
            suggestion.row_version += 1
        Suggestion.objects.bulk_update(moved, ["merged_into", "row_version"], batch_size=1000)
        _log(actor, "suggestion_merge_identical", consultation, consultation, merged=len(target))
    return len(target)


def suggestion_answer(
    suggestion: Suggestion,
    *,
    actor,
    row_version: int,
    answer: str,
    answer_text: str,
    revision=None,
    revision_note: str = "",
    summary: str = "",
) -> None:
    """Answer a suggestion (for its whole group: the answer is the group's first
    one's). A form made before someone else's change is refused as stale."""
    if suggestion.merged_into_id:
        raise SuggestionRefused(_("这条意见已合并，请在合并后的意见上答复。"))
    with transaction.atomic():
        updated = Suggestion.objects.filter(pk=suggestion.pk, row_version=row_version).update(
            answer=answer,
            answer_text=answer_text,
            revision=revision,
            revision_note=revision_note,
            summary=summary,
            answered_by=actor,
            answered_at=timezone.now(),
            row_version=F("row_version") + 1,
        )
        if not updated:
            raise SuggestionRefused(
                _("这条意见刚被别人修改过，页面已更新；请核对后重新提交您的答复。")
            )
        _log(actor, "suggestion_answer", suggestion, suggestion.consultation, answer=answer)
