"""Opinions and frozen versions belong to a document (the plan's outline)."""

import django.db.models.deletion
from django.db import migrations, models


def to_documents(apps, schema_editor):
    Document = apps.get_model("plans", "Document")
    outline = dict(Document.objects.filter(kind="outline").values_list("plan_id", "pk"))
    for model_name in ("Opinion", "PlanVersion"):
        model = apps.get_model("review", model_name)
        for plan_id, document_id in outline.items():
            model.objects.filter(plan_id=plan_id).update(document_id=document_id)
    _check_constraints_now(schema_editor)


def to_plans(apps, schema_editor):
    Document = apps.get_model("plans", "Document")
    plan_of = dict(Document.objects.values_list("pk", "plan_id"))
    for model_name in ("Opinion", "PlanVersion"):
        model = apps.get_model("review", model_name)
        for document_id, plan_id in plan_of.items():
            model.objects.filter(document_id=document_id).update(plan_id=plan_id)
    _check_constraints_now(schema_editor)


def _check_constraints_now(schema_editor):
    """PostgreSQL checks foreign keys at commit; the schema changes that follow in
    this migration's transaction cannot run with those checks pending."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("review", "0002_text_limits"),
        ("plans", "0004_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="opinion",
            name="document",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="opinions", to="plans.document"),
        ),
        migrations.AddField(
            model_name="planversion",
            name="document",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="versions", to="plans.document"),
        ),
        # The plan columns may be empty while going back, until to_plans fills them.
        migrations.AlterField(
            model_name="opinion",
            name="plan",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="opinions", to="plans.plan"),
        ),
        migrations.AlterField(
            model_name="planversion",
            name="plan",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="versions", to="plans.plan"),
        ),
        migrations.RunPython(to_documents, to_plans),
        migrations.AlterField(
            model_name="opinion",
            name="document",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="opinions", to="plans.document"),
        ),
        migrations.AlterField(
            model_name="planversion",
            name="document",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="versions", to="plans.document"),
        ),
        migrations.RemoveIndex(model_name="opinion", name="review_opin_plan_id_a69598_idx"),
        migrations.RemoveField(model_name="opinion", name="plan"),
        migrations.RemoveField(model_name="planversion", name="plan"),
        migrations.AddIndex(
            model_name="opinion",
            index=models.Index(fields=["document", "disposition"], name="review_opin_documen_975607_idx"),
        ),
        migrations.RenameModel(old_name="PlanVersion", new_name="DocumentVersion"),
        migrations.AlterField(
            model_name="opinion",
            name="stage",
            field=models.CharField(choices=[("research", "前期研究"), ("approach", "基本思路"), ("outline_draft", "纲要草案"), ("consultation", "征求意见稿"), ("submission", "送审稿"), ("adopted", "审议通过")], max_length=20, verbose_name="阶段"),
        ),
        migrations.AlterField(
            model_name="documentversion",
            name="stage",
            field=models.CharField(choices=[("research", "前期研究"), ("approach", "基本思路"), ("outline_draft", "纲要草案"), ("consultation", "征求意见稿"), ("submission", "送审稿"), ("adopted", "审议通过")], max_length=20, verbose_name="阶段"),
        ),
    ]
