"""Export jobs belong to a document (the plan's outline)."""

import django.db.models.deletion
from django.db import migrations, models


def to_documents(apps, schema_editor):
    Document = apps.get_model("plans", "Document")
    ExportJob = apps.get_model("exports", "ExportJob")
    for plan_id, document_id in Document.objects.filter(kind="outline").values_list("plan_id", "pk"):
        ExportJob.objects.filter(plan_id=plan_id).update(document_id=document_id)
    _check_constraints_now(schema_editor)


def to_plans(apps, schema_editor):
    Document = apps.get_model("plans", "Document")
    ExportJob = apps.get_model("exports", "ExportJob")
    for document_id, plan_id in Document.objects.values_list("pk", "plan_id"):
        ExportJob.objects.filter(document_id=document_id).update(plan_id=plan_id)
    _check_constraints_now(schema_editor)


def _check_constraints_now(schema_editor):
    """PostgreSQL checks foreign keys at commit; the schema changes that follow in
    this migration's transaction cannot run with those checks pending."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("exports", "0005_export_pruned_at"),
        ("plans", "0004_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="exportjob",
            name="document",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="export_jobs", to="plans.document"),
        ),
        migrations.AlterField(
            model_name="exportjob",
            name="plan",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="export_jobs", to="plans.plan"),
        ),
        migrations.RunPython(to_documents, to_plans),
        migrations.AlterField(
            model_name="exportjob",
            name="document",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="export_jobs", to="plans.document"),
        ),
        migrations.RemoveField(model_name="exportjob", name="plan"),
        migrations.AlterField(
            model_name="exportjob",
            name="stage",
            field=models.CharField(choices=[("research", "前期研究"), ("approach", "基本思路"), ("outline_draft", "纲要草案"), ("consultation", "征求意见稿"), ("submission", "送审稿"), ("adopted", "审议通过")], max_length=20, verbose_name="阶段"),
        ),
    ]
