"""What came in, counted and grouped: the staff's statistics and the published
feedback notice (意见采纳情况反馈).

Both read the consultation's suggestions once (``_rows``: plain values, hidden
ones left out) and group them: a suggestion merged into another counts toward
that one's group, whose answer is the group's. The notice is a frozen copy of
``notice_data`` taken when the office publishes it; it carries the summaries of
the suggestions (a reader's phone number or address typed into the text is
masked) and never a name, organisation or contact.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.consultation.models import Consultation, Suggestion
from apps.core.activity import log_activity

SUMMARY_LENGTH = 300
NO_TOPIC = "其他"

# What could reach or identify a writer, and nothing a plan talks about (years
# and year ranges, amounts in 万元): mobile and landline numbers with the
# separators people type, ID numbers, long digit runs (accounts, QQ), e-mail
# addresses (an ASCII address, with ＠ too) and what follows 微信/QQ/电话….
_PATTERNS = (
    re.compile(r"[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"),
    re.compile(
        r"(微信号?|[Vv]信|[Ww][Xx]|[Vv][Xx]|[Qq][Qq]|电话|手机|邮箱|e-?mail)\s*[:：号]?\s*"
        r"[A-Za-z0-9_\-@＠.]{4,}"
    ),
    re.compile(r"(?<![0-9])1[3-9][0-9](?:[\s\-－]?[0-9]){8}(?![0-9])"),
    re.compile(
        r"(?:[(（]0[0-9]{2,3}[)）]|(?<![0-9])0[0-9]{2,3})[\s\-－]?[0-9]{3,4}[\s\-－]?[0-9]{4}(?![0-9])"
    ),
    re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])"),
    re.compile(r"(?<![0-9])[0-9]{9,}(?![0-9])"),
)


def mask(text: str) -> str:
    """The text with what could identify or reach its writer replaced by ****."""
    for pattern in _PATTERNS:
        if pattern.groups:
            text = pattern.sub(lambda m: f"{m.group(1)}****", text)
        else:
            text = pattern.sub("****", text)
    return text


def public_summary(suggestion_text: str, summary: str = "") -> str:
    """How the notice states a suggestion: the office's summary, else the masked
    text, shortened."""
    # Masked after cutting to a little more than is shown: the cost of the
    # patterns stays that of a summary, whatever the length of the text.
    chosen = summary.strip() or mask(" ".join(suggestion_text[: SUMMARY_LENGTH + 60].split()))
    if len(chosen) > SUMMARY_LENGTH:
        chosen = chosen[: SUMMARY_LENGTH - 1] + "…"
    return chosen


# What the counts and the order need; the texts are read for the lines shown
# (``notice_items``), never for thousands of rows at once.
_FIELDS = (
    "pk",
    "merged_into_id",
    "topic",
    "node_id",
    "node_title",
    "channel",
    "people",
    "answer",
    "department__name",
    "created_at",
)
_TEXTS = ("text", "summary", "answer_text", "revision__name", "revision_note")


def _rows(consultation: Consultation) -> list[dict]:
    return list(
        Suggestion.objects.filter(consultation=consultation, hidden=False)
        .order_by("created_at", "id")
        .values(*_FIELDS)
    )


@dataclass
class Group:
    """A suggestion and those merged into it."""

    head: dict
    members: list[dict] = field(default_factory=list)

    @property
    def count(self) -> int:
        return 1 + len(self.members)

    @property
    def people(self) -> int:
        return self.head["people"] + sum(m["people"] for m in self.members)


def groups_of(rows: list[dict]) -> list[Group]:
    heads = {row["pk"]: Group(row) for row in rows if row["merged_into_id"] is None}
    for row in rows:
        group = heads.get(row["merged_into_id"])
        if group is not None:
            group.members.append(row)
        elif row["merged_into_id"] is not None:
            # Merged into one since hidden: stands on its own.
            heads[row["pk"]] = Group(row)
    return list(heads.values())


def _order(consultation: Consultation):
    topics = {topic: i for i, topic in enumerate(consultation.topics)}
    chapters = {node["id"]: i for i, node in enumerate(consultation.chapters())}

    def key(group: Group):
        head = group.head
        return (
            topics.get(head["topic"], len(topics)),
            chapters.get(head["node_id"], -1 if head["node_id"] is None else len(chapters)),
            head["created_at"],
            head["pk"],
        )

    return key


def _tally(rows: list[dict], key) -> list[tuple[str, int, int]]:
    """(label, suggestions, people) per value of ``key``, largest first."""
    counts: Counter = Counter()
    people: Counter = Counter()
    for row in rows:
        label = key(row)
        counts[label] += 1
        people[label] += row["people"]
    return [(label, n, people[label]) for label, n in counts.most_common()]


def _answer_label(value: str) -> str:
    return str(Suggestion.Answer(value).label) if value else _("待答复")


def _channel_label(value: str) -> str:
    return str(Suggestion.Channel(value).label)


@dataclass
class Statistics:
    suggestions: int
    people: int
    groups: int
    answered: int
    by_topic: list[tuple[str, int, int]]
    by_channel: list[tuple[str, int, int]]
    by_chapter: list[tuple[str, int, int]]
    by_department: list[tuple[str, int, int]]
    by_answer: list[tuple[str, int, int]]
    by_day: list[tuple[date, int]]

    @property
    def unanswered(self) -> int:
        return self.groups - self.answered


def statistics(consultation: Consultation, rows: list[dict] | None = None) -> Statistics:
    rows = _rows(consultation) if rows is None else rows
    groups = groups_of(rows)
    heads = [g.head | {"people": g.people} for g in groups]
    days = Counter(timezone.localtime(row["created_at"]).date() for row in rows)
    return Statistics(
        suggestions=len(rows),
        people=sum(row["people"] for row in rows),
        groups=len(groups),
        answered=sum(1 for g in groups if g.head["answer"]),
        by_topic=_tally(rows, lambda r: r["topic"] or NO_TOPIC),
        by_channel=_tally(rows, lambda r: _channel_label(r["channel"])),
        by_chapter=_tally(rows, lambda r: r["node_title"] or _("规划整体")),
        by_department=_tally(heads, lambda r: r["department__name"] or _("未分派")),
        by_answer=_tally(heads, lambda r: _answer_label(r["answer"])),
        by_day=sorted(days.items()),
    )


def notice_groups(consultation: Consultation) -> tuple[Statistics, list[Group]]:
    """The counts and the groups in the notice's order (topics, then chapters),
    read without their texts."""
    rows = _rows(consultation)
    return statistics(consultation, rows), sorted(groups_of(rows), key=_order(consultation))


def notice_items(groups: list[Group], start: int = 1) -> list[dict]:
    """The notice's lines for ``groups`` (numbered from ``start``), with the texts
    of their first suggestions read now: the words of one page, or of a whole
    notice being published, never those of the members."""
    texts = {}
    heads = [g.head["pk"] for g in groups]
    for i in range(0, len(heads), 2000):
        for row in Suggestion.objects.filter(pk__in=heads[i : i + 2000]).values("pk", *_TEXTS):
            texts[row["pk"]] = row
    items = []
    for n, group in enumerate(groups, start):
        head, words = group.head, texts.get(group.head["pk"], {})
        items.append(
            {
                "n": n,
                "topic": head["topic"] or NO_TOPIC,
                "chapter": head["node_title"],
                "summary": public_summary(words.get("text", ""), words.get("summary", "")),
                "count": group.count,
                "people": group.people,
                "answer": _answer_label(head["answer"]),
                "answered": bool(head["answer"]),
                "answer_text": words.get("answer_text", ""),
                "revision": words.get("revision__name") or "",
                "revision_note": words.get("revision_note", ""),
            }
        )
    return items


def notice_header(consultation: Consultation, stats: Statistics) -> dict:
    """Everything the notice says but its lines."""
    snapshot = consultation.version.snapshot
    return {
        "title": consultation.title,
        "county": consultation.document.plan.county.name,
        "plan_title": snapshot.get("title") or consultation.document.title,
        "version": consultation.version.name,
        "starts_on": consultation.starts_on.isoformat(),
        "ends_on": consultation.ends_on.isoformat(),
        "intro": consultation.feedback_intro,
        "suggestions": stats.suggestions,
        "people": stats.people,
        "groups": stats.groups,
        "by_topic": stats.by_topic,
        "by_channel": stats.by_channel,
        "by_answer": stats.by_answer,
    }


def notice_data(consultation: Consultation) -> dict:
    """The feedback notice as it would be published now: plain values only."""
    stats, groups = notice_groups(consultation)
    return {**notice_header(consultation, stats), "items": notice_items(groups)}


class NoticeRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def notice_publish(consultation: Consultation, *, actor, intro: str) -> Consultation:
    """Publish the feedback notice: after the consultation has ended, with every
    suggestion answered. It is frozen as published (publishing again replaces
    it), and its PDF is asked of the export worker in the publisher's name."""
    from apps.consultation.exporters import FEEDBACK_PDF, notice_fingerprint
    from apps.exports.services import export_request

    if not consultation.has_ended():
        raise NoticeRefused(
            _("征求意见截止（%(day)s）后才能发布采纳情况反馈。")
            % {"day": consultation.ends_on.isoformat()}
        )
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        locked.feedback_intro = intro
        data = notice_data(locked)
        unanswered = sum(1 for item in data["items"] if not item["answered"])
        if unanswered:
            raise NoticeRefused(
                _("还有%(n)s条意见没有答复，全部答复后才能发布反馈。") % {"n": unanswered}
            )
        data["published_on"] = timezone.localdate().isoformat()
        locked.feedback = data
        locked.feedback_published_at = timezone.now()
        locked.feedback_fingerprint = notice_fingerprint(data)
        locked.save(
            update_fields=[
                "feedback_intro",
                "feedback",
                "feedback_published_at",
                "feedback_fingerprint",
            ]
        )
        log_activity(
            actor,
            "consultation_feedback",
            locked,
            plan_id=locked.document.plan_id,
            county_id=locked.document.plan.county_id,
            items=len(data["items"]),
        )
        export_request(locked.document, actor, FEEDBACK_PDF, {"consultation": locked.pk})
    return locked
