"""Export jobs name their exporter and its options instead of a kind and a flag."""

from django.db import migrations, models

KIND_TO_EXPORTER = {"plan": "outline_pdf", "opinions": "opinions_pdf"}


def to_exporters(apps, schema_editor):
    ExportJob = apps.get_model("exports", "ExportJob")
    for kind, exporter in KIND_TO_EXPORTER.items():
        ExportJob.objects.filter(kind=kind).update(exporter=exporter)
    ExportJob.objects.filter(with_scorecard=True).update(options={"with_scorecard": True})
    _check_constraints_now(schema_editor)


def to_kinds(apps, schema_editor):
    ExportJob = apps.get_model("exports", "ExportJob")
    if ExportJob.objects.exclude(exporter__in=KIND_TO_EXPORTER.values()).exists():
        raise RuntimeError("exports of other formats exist: they cannot be migrated back")
    for kind, exporter in KIND_TO_EXPORTER.items():
        ExportJob.objects.filter(exporter=exporter).update(kind=kind)
    ExportJob.objects.filter(options__with_scorecard=True).update(with_scorecard=True)
    _check_constraints_now(schema_editor)


def _check_constraints_now(schema_editor):
    """PostgreSQL checks foreign keys at commit; the schema changes that follow in
    this migration's transaction cannot run with those checks pending."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("exports", "0006_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="exportjob",
            name="exporter",
            field=models.CharField(default="outline_pdf", max_length=30, verbose_name="文件"),
        ),
        migrations.AddField(
            model_name="exportjob",
            name="options",
            field=models.JSONField(blank=True, default=dict, verbose_name="选项"),
        ),
        migrations.AddField(
            model_name="exportjob",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="文件保留至"),
        ),
        migrations.RunPython(to_exporters, to_kinds),
        migrations.RemoveField(model_name="exportjob", name="kind"),
        migrations.RemoveField(model_name="exportjob", name="with_scorecard"),
        migrations.AlterModelOptions(
            name="exportjob",
            options={"ordering": ["-created_at", "-id"], "verbose_name": "导出", "verbose_name_plural": "导出"},
        ),
    ]
