"""The 衔接 round's transitions: each atomic, logged and told to whoever acts next.

A county coordinator opens a round (freezing the outline as the version handed
over and copying its indicators and projects), may share the current draft
besides, and closes the round; the city's 衔接审核 leave 衔接意见 (in the county's
opinions ledger, disposed of like any other) and confirm which city project a
county project is.
"""

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import County
from apps.core.activity import log_activity
from apps.delivery.models import MajorProject
from apps.linkage import compare
from apps.linkage.matching import match_projects, project_key
from apps.linkage.models import IndicatorAllocation, Linkage, LinkedIndicator, LinkedProject
from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.plans import indexing
from apps.plans.models import Document
from apps.plans.policy import Action, users_who
from apps.review.actions import TransitionRefused, document_snapshot, opinion_add
from apps.review.models import DocumentVersion
from apps.targets.models import Indicator


class LinkageRefused(TransitionRefused):
    """The round is not in the state the action needs; the message says why."""


def city_above(document: Document) -> County | None:
    """The division a county's plan is linked with: its parent (a city, or the
    province for a county directly under it)."""
    return document.plan.county.parent


def city_plan_for(document: Document, city: County):
    """The city's plan of the same period, if the city drafts one here."""
    return compare.division_plan(city, document.plan.target_year)


def linkage_open(
    document: Document, *, actor, share_draft: bool = False, note: str = ""
) -> Linkage:
    """Open a 衔接 round of ``document`` to the division above: the outline as it
    reads now is frozen as the version handed over."""
    city = city_above(document)
    if city is None:
        raise LinkageRefused(_("本行政区没有上级行政区，无需衔接。"))
    if document.kind != Document.Kind.OUTLINE:
        raise LinkageRefused(_("只有规划纲要需要与上级规划衔接。"))
    with transaction.atomic():
        # The document row is the lock: two coordinators opening at once get one round.
        Document.objects.select_for_update().filter(pk=document.pk).first()
        if Linkage.objects.filter(document=document, status=Linkage.Status.OPEN).exists():
            raise LinkageRefused(_("已有一轮衔接论证正在进行，请先结束它。"))
        number = (
            Linkage.objects.filter(document=document).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        version = DocumentVersion.objects.create(
            document=document,
            stage=document.stage,
            name=_("衔接论证稿（第%(n)s轮）") % {"n": number},
            created_by=actor,
            snapshot=document_snapshot(document),
        )
        indexing.version_frozen(version)
        linkage = Linkage.objects.create(
            document=document,
            city=city,
            number=number,
            version=version,
            share_draft=share_draft,
            note=note.strip(),
            opened_by=actor,
        )
        _capture(linkage, city)
        log_activity(
            actor,
            "linkage_open",
            linkage,
            plan_id=document.plan_id,
            county_id=document.plan.county_id,
            city=city.name,
            version_name=version.name,
            share_draft=share_draft,
        )
        notify(
            users_who(Action.COMMENT, linkage),
            Notification.Kind.LINKAGE,
            _("%(county)s提交了规划纲要衔接论证（第%(n)s轮）")
            % {"county": document.plan.county.name, "n": number},
            body=linkage.note,
            url=reverse("linkage_detail", args=[linkage.pk]),
            exclude=actor,
        )
    return linkage


def _capture(linkage: Linkage, city: County) -> None:
    """Copy the county's indicators and projects as handed over, each pointed at
    the city's indicator it serves and the city project it most likely is."""
    plan = linkage.document.plan
    city_plan = city_plan_for(linkage.document, city)
    city_indicators = (
        {i.name.strip(): i.pk for i in Indicator.objects.filter(plan=city_plan)}
        if city_plan
        else {}
    )
    city_ids = set(city_indicators.values())
    indicators = []
    for position, item in enumerate(
        Indicator.objects.filter(plan=plan).order_by("category__position", "position", "id"), 1
    ):
        higher = item.higher_indicator_id if item.higher_indicator_id in city_ids else None
        indicators.append(
            LinkedIndicator(
                linkage=linkage,
                source=item,
                position=position,
                name=item.name,
                unit=item.unit,
                baseline_value=item.baseline_value,
                target_operator=item.target_operator,
                target_value=item.target_value,
                target_text=item.target_text,
                expression=item.expression,
                attribute=item.attribute,
                higher_id=higher or city_indicators.get(item.name.strip()),
            )
        )
    LinkedIndicator.objects.bulk_create(indicators)
    previous = {
        row.source_id: row
        for row in LinkedProject.objects.filter(
            linkage__document=linkage.document, linkage__number=linkage.number - 1
        ).exclude(match=LinkedProject.Match.NONE)
    }
    city_projects = list(MajorProject.objects.filter(plan=city_plan)) if city_plan else []
    listed = {p.pk for p in city_projects}
    county_name = plan.county.name
    others = list(
        County.objects.filter(parent=city).exclude(pk=plan.county_id).values_list("name", flat=True)
    )
    projects = []
    for position, item in enumerate(MajorProject.objects.filter(plan=plan), 1):
        row = LinkedProject(
            linkage=linkage,
            source=item,
            position=position,
            name=item.name,
            key=project_key(item.name),
            category=item.category,
            significance=item.significance,
            location=item.location,
            start_year=item.start_year,
            end_year=item.end_year,
            total_investment=item.total_investment,
            period_investment=item.period_investment,
            higher_library=item.higher_library,
        )
        earlier = previous.get(item.pk)
        decided = earlier is not None and (
            earlier.match == LinkedProject.Match.REJECTED
            # A confirmed match stands while its city project is still on the list.
            or (
                earlier.match == LinkedProject.Match.CONFIRMED and earlier.city_project_id in listed
            )
        )
        if decided:
            # A person's decision in the last round stands.
            row.city_project_id, row.match = earlier.city_project_id, earlier.match
            row.score, row.confirmed_by_id = earlier.score, earlier.confirmed_by_id
        projects.append(row)
    match_projects(
        [p for p in projects if p.match == LinkedProject.Match.NONE],
        city_projects,
        county_name,
        others,
    )
    LinkedProject.objects.bulk_create(projects)


def _claim(linkage: Linkage, **changes) -> None:
    """Change an open round, refusing when someone changed it since it was read."""
    updated = Linkage.objects.filter(
        pk=linkage.pk, status=Linkage.Status.OPEN, row_version=linkage.row_version
    ).update(row_version=linkage.row_version + 1, **changes)
    if not updated:
        raise LinkageRefused(_("这一轮衔接论证刚被他人调整或已结束，请刷新页面后再操作。"))
    linkage.row_version += 1
    for name, value in changes.items():
        setattr(linkage, name, value)


def linkage_share(linkage: Linkage, *, actor, share_draft: bool) -> None:
    with transaction.atomic():
        _claim(linkage, share_draft=share_draft)
        log_activity(
            actor,
            "linkage_share",
            linkage,
            plan_id=linkage.document.plan_id,
            county_id=linkage.document.plan.county_id,
            share_draft=share_draft,
        )


def linkage_close(linkage: Linkage, *, actor) -> None:
    with transaction.atomic():
        _claim(linkage, status=Linkage.Status.CLOSED, closed_by=actor, closed_at=timezone.now())
        log_activity(
            actor,
            "linkage_close",
            linkage,
            plan_id=linkage.document.plan_id,
            county_id=linkage.document.plan.county_id,
        )
        notify(
            users_who(Action.COMMENT, linkage, ignore_state=True),
            Notification.Kind.LINKAGE,
            _("%(county)s结束了第%(n)s轮衔接论证")
            % {"county": linkage.document.plan.county.name, "n": linkage.number},
            url=reverse("linkage_detail", args=[linkage.pk]),
            exclude=actor,
        )


def _still_open(linkage: Linkage) -> None:
    """Inside a transaction: lock the round and refuse if it closed meanwhile (a
    close waits for the lock, so nothing lands after it)."""
    if (
        not Linkage.objects.select_for_update()
        .filter(pk=linkage.pk, status=Linkage.Status.OPEN)
        .exists()
    ):
        raise LinkageRefused(_("这一轮衔接论证已结束，不能再提出意见或确认项目。"))


def linkage_opinion(linkage: Linkage, node, *, actor, department, text: str, quote: str = ""):
    """A 衔接意见: an opinion in the county's ledger, from the city."""
    with transaction.atomic():
        _still_open(linkage)
        return opinion_add(
            node,
            actor=actor,
            department=department,
            text=text,
            quote=quote,
            source_division=linkage.city,
            url=reverse("node_edit", args=[node.document_id, node.pk]),
        )


def project_match_set(row: LinkedProject, *, actor, city_project: MajorProject | None) -> None:
    """A person decides which city project a county project is (or that none is)."""
    linkage = row.linkage
    with transaction.atomic():
        _still_open(linkage)
        row.city_project = city_project
        row.match = LinkedProject.Match.CONFIRMED if city_project else LinkedProject.Match.REJECTED
        row.confirmed_by = actor
        row.save(update_fields=["city_project", "match", "confirmed_by"])
        log_activity(
            actor,
            "project_match",
            linkage,
            plan_id=linkage.document.plan_id,
            county_id=linkage.document.plan.county_id,
            project=row.name,
            match=city_project.name if city_project else "",
        )


def allocations_set(indicator: Indicator, values: dict, *, actor) -> None:
    """Store the city's allocation of ``indicator`` to each county (None removes)."""
    with transaction.atomic():
        for county, value in values.items():
            if value is None:
                IndicatorAllocation.objects.filter(indicator=indicator, county=county).delete()
            else:
                IndicatorAllocation.objects.update_or_create(
                    indicator=indicator, county=county, defaults={"value": value}
                )
        log_activity(
            actor,
            "allocation",
            indicator,
            plan_id=indicator.plan_id,
            county_id=indicator.plan.county_id,
            counties=sum(1 for v in values.values() if v is not None),
        )
