from django.urls import path

from apps.review import views

urlpatterns = [
    path(
        "documents/<int:document_id>/assignments/", views.assignment_board, name="assignment_board"
    ),
    path(
        "documents/<int:document_id>/nodes/<int:node_id>/assign/",
        views.node_assign,
        name="node_assign",
    ),
    path(
        "documents/<int:document_id>/nodes/<int:node_id>/submit/",
        views.node_submit,
        name="node_submit",
    ),
    path(
        "documents/<int:document_id>/nodes/<int:node_id>/decide/",
        views.node_decide,
        name="node_decide",
    ),
    path(
        "documents/<int:document_id>/nodes/<int:node_id>/reopen/",
        views.node_reopen,
        name="node_reopen",
    ),
    path(
        "documents/<int:document_id>/nodes/<int:node_id>/history/",
        views.node_history,
        name="node_history",
    ),
    path(
        "documents/<int:document_id>/nodes/<int:node_id>/history/<int:revision_id>/restore/",
        views.revision_restore,
        name="revision_restore",
    ),
    path(
        "plans/<int:plan_id>/parts/<slug:kind>/<int:item_id>/history/",
        views.item_history,
        name="item_history",
    ),
    path("documents/<int:document_id>/stage/", views.stage_move, name="stage_move"),
    path("documents/<int:document_id>/versions/", views.version_list, name="version_list"),
    path(
        "documents/<int:document_id>/versions/compare/",
        views.version_compare,
        name="version_compare",
    ),
    path(
        "documents/<int:document_id>/versions/adjustment/",
        views.adjustment_compare,
        name="adjustment_compare",
    ),
    path(
        "documents/<int:document_id>/versions/<int:version_id>/",
        views.version_detail,
        name="version_detail",
    ),
    path("documents/<int:document_id>/opinions/", views.opinion_list, name="opinion_list"),
    path(
        "documents/<int:document_id>/nodes/<int:node_id>/opinions/new/",
        views.opinion_create,
        name="opinion_create",
    ),
    path(
        "documents/<int:document_id>/opinions/<int:opinion_id>/reply/",
        views.opinion_reply,
        name="opinion_reply",
    ),
    path(
        "documents/<int:document_id>/opinions/<int:opinion_id>/dispose/",
        views.opinion_dispose,
        name="opinion_dispose",
    ),
    path("plans/<int:plan_id>/activity/", views.activity_log, name="activity_log"),
]
