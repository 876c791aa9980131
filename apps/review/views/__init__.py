"""The review pages, one module per part of the work: assignments, countersign
transitions, history, stages and versions, opinions, the activity log."""

from apps.review.views.activity import activity_log
from apps.review.views.adjustment import adjustment_compare
from apps.review.views.assignments import assignment_board, node_assign
from apps.review.views.history import item_history, node_history, revision_restore
from apps.review.views.opinions import (
    filtered_opinions,
    opinion_create,
    opinion_dispose,
    opinion_list,
    opinion_reply,
    opinions_section,
)
from apps.review.views.transitions import node_decide, node_reopen, node_submit, review_section
from apps.review.views.versions import stage_move, version_compare, version_detail, version_list

__all__ = [
    "activity_log",
    "adjustment_compare",
    "assignment_board",
    "filtered_opinions",
    "item_history",
    "node_assign",
    "node_decide",
    "node_history",
    "node_reopen",
    "node_submit",
    "opinion_create",
    "opinion_dispose",
    "opinion_list",
    "opinion_reply",
    "opinions_section",
    "review_section",
    "revision_restore",
    "stage_move",
    "version_compare",
    "version_detail",
    "version_list",
]
