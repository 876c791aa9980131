from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.text import quotable
from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.plans.models import OutlineNode
from apps.review.actions import _drafters


def remind_due_soon(today: date, window: timedelta) -> int:
    """Tell each lead department's drafters about nodes due within ``window`` that
    are still theirs to finish; once per node and due date, however often this runs."""
    # Only nodes the drafters can act on: not under countersign, not approved.
    nodes = (
        OutlineNode.objects.filter(
            due_date__gte=today,
            due_date__lte=today + window,
            review_state__in=OutlineNode.EDITABLE_STATES,
        )
        .exclude(lead_department=None)
        .select_related("plan", "lead_department")
    )
    sent = 0
    for node in nodes:
        created = notify(
            _drafters(node),
            Notification.Kind.DUE_SOON,
            _("“%(title)s”将于 %(due)s 到期")
            % {"title": quotable(node.title), "due": node.due_date},
            body=_("当前状态：%(state)s。") % {"state": node.get_review_state_display()},
            url=reverse("node_edit", args=[node.document_id, node.pk]),
            dedupe_key=f"due:{node.pk}:{node.due_date.isoformat()}",
        )
        sent += len(created)
    return sent
