"""Introduce the document: every plan's outline becomes its outline document.

Forward: a Document per Plan carries the plan's title, template, stage and issuing
body; every node points to it. Backward: the document's fields are copied back to
the plan before the document goes away (a plan with documents of other kinds
cannot be taken back, as they would have nowhere to go).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OUTLINE = "outline"


def plans_to_documents(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Document = apps.get_model("plans", "Document")
    OutlineNode = apps.get_model("plans", "OutlineNode")
    for plan in Plan.objects.all().iterator():
        document = Document.objects.create(
            plan_id=plan.pk,
            kind=OUTLINE,
            title=plan.title,
            template_key=plan.template_key,
            stage=plan.stage,
            issuing_body=plan.issuing_body,
            created_by_id=plan.created_by_id,
        )
        # Keep the plan's own history: the document was made when the plan was.
        Document.objects.filter(pk=document.pk).update(
            created_at=plan.created_at, updated_at=plan.updated_at
        )
        OutlineNode.objects.filter(plan_id=plan.pk).update(document_id=document.pk)
    _check_constraints_now(schema_editor)


def documents_to_plans(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Document = apps.get_model("plans", "Document")
    if Document.objects.exclude(kind=OUTLINE).exists():
        raise RuntimeError("documents other than outlines exist: they cannot be migrated back")
    for document in Document.objects.all().iterator():
        Plan.objects.filter(pk=document.plan_id).update(
            title=document.title,
            template_key=document.template_key,
            stage=document.stage,
            issuing_body=document.issuing_body,
        )
    _check_constraints_now(schema_editor)


def _check_constraints_now(schema_editor):
    """PostgreSQL checks foreign keys at commit; the schema changes that follow in
    this migration's transaction cannot run with those checks pending."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0003_text_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Document",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                ("kind", models.CharField(choices=[("outline", "规划纲要")], default="outline", max_length=20, verbose_name="文件类型")),
                ("title", models.CharField(max_length=120, verbose_name="文件名称")),
                ("template_key", models.CharField(blank=True, max_length=30, verbose_name="模板")),
                ("stage", models.CharField(choices=[("research", "前期研究"), ("approach", "基本思路"), ("outline_draft", "纲要草案"), ("consultation", "征求意见稿"), ("submission", "送审稿"), ("adopted", "审议通过")], default="research", max_length=20, verbose_name="阶段")),
                ("issuing_body", models.CharField(blank=True, max_length=60, verbose_name="印发机关")),
                ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("plan", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="documents", to="plans.plan")),
            ],
            options={
                "verbose_name": "文件",
                "verbose_name_plural": "文件",
                "ordering": ["plan", "id"],
                "constraints": [
                    models.UniqueConstraint(condition=models.Q(("kind", "outline")), fields=("plan",), name="document_one_outline_per_plan"),
                ],
            },
        ),
        migrations.AddField(
            model_name="outlinenode",
            name="document",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="nodes", to="plans.document"),
        ),
        migrations.RunPython(plans_to_documents, documents_to_plans),
        migrations.AlterField(
            model_name="outlinenode",
            name="document",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="nodes", to="plans.document"),
        ),
        migrations.AlterField(
            model_name="outlinenode",
            name="plan",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="plans.plan"),
        ),
        migrations.AlterModelOptions(
            name="outlinenode",
            options={"ordering": ["document", "position", "id"], "verbose_name": "纲要节点", "verbose_name_plural": "纲要节点"},
        ),
        migrations.AddIndex(
            model_name="outlinenode",
            index=models.Index(fields=["document", "parent", "position"], name="plans_outli_documen_86709f_idx"),
        ),
        # Defaults first, so that taking the migration back can add the columns again.
        migrations.AlterField(
            model_name="plan",
            name="title",
            field=models.CharField(default="", max_length=120, verbose_name="规划名称"),
        ),
        migrations.RemoveField(model_name="plan", name="title"),
        migrations.RemoveField(model_name="plan", name="template_key"),
        migrations.RemoveField(model_name="plan", name="stage"),
        migrations.RemoveField(model_name="plan", name="issuing_body"),
    ]
