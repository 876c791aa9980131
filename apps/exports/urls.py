from django.urls import path

from apps.exports import import_views, monitoring_views, sheet_views, views

urlpatterns = [
    path(
        "documents/<int:document_id>/opinions/summary.xlsx",
        views.opinions_xlsx,
        name="opinions_xlsx",
    ),
    path("documents/<int:document_id>/exports/", views.export_list, name="export_list"),
    path("documents/<int:document_id>/exports/new/", views.export_create, name="export_create"),
    path(
        "documents/<int:document_id>/exports/<int:job_id>/",
        views.export_detail,
        name="export_detail",
    ),
    path(
        "documents/<int:document_id>/exports/<int:job_id>/download/",
        views.export_download,
        name="export_download",
    ),
    path("documents/<int:document_id>/print-preview/", views.print_preview, name="print_preview"),
    path("documents/<int:document_id>/import/word/", import_views.word_import, name="word_import"),
    path(
        "documents/<int:document_id>/import/word/<int:import_id>/",
        import_views.word_import_preview,
        name="word_import_preview",
    ),
    path(
        "documents/<int:document_id>/nodes/<int:node_id>/import/word/",
        import_views.node_word_import,
        name="node_word_import",
    ),
    path(
        "documents/<int:document_id>/nodes/<int:node_id>/import/word/<int:import_id>/",
        import_views.node_word_import_preview,
        name="node_word_import_preview",
    ),
    path(
        "documents/<int:document_id>/tables/<slug:slug>/template.xlsx",
        sheet_views.sheet_template,
        name="sheet_template",
    ),
    path(
        "documents/<int:document_id>/tables/<slug:slug>/import/",
        sheet_views.sheet_import,
        name="sheet_import",
    ),
    path(
        "documents/<int:document_id>/tables/<slug:slug>/import/<int:import_id>/",
        sheet_views.sheet_import_preview,
        name="sheet_import_preview",
    ),
    path(
        "documents/<int:document_id>/tables/<slug:slug>/import/<int:import_id>/errors.xlsx",
        sheet_views.sheet_import_errors,
        name="sheet_import_errors",
    ),
    path(
        "plans/<int:plan_id>/monitoring/<int:year>/<slug:kind>/sheet.xlsx",
        monitoring_views.monitoring_template,
        name="monitoring_template",
    ),
    path(
        "plans/<int:plan_id>/monitoring/<int:year>/<slug:kind>/import/",
        monitoring_views.monitoring_import,
        name="monitoring_import",
    ),
    path(
        "plans/<int:plan_id>/monitoring/<int:year>/<slug:kind>/import/<int:import_id>/",
        monitoring_views.monitoring_import_preview,
        name="monitoring_import_preview",
    ),
]
