"""Upgrading a database made before documents existed, with the demo's data.

The fixture is the demo as the previous release seeded it (plus an opinion, a
frozen version and two export jobs), dumped table by table from its SQLite file.
The test takes the database back to the schema before documents, loads those
rows through the historical models, migrates forward, and checks that every plan
has its outline document and that every node, revision, opinion, version and
export is still there and still reachable by the same people — then takes it back
and forward again, to show the migration is reversible.
"""

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

FIXTURE = Path(__file__).with_name("demo_before_documents.json.gz")
BEFORE = [
    ("accounts", "0001_initial"),
    ("plans", "0003_text_limits"),
    ("review", "0002_text_limits"),
    ("exports", "0005_export_pruned_at"),
]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    """Migrate to ``targets``; the models as every applied migration leaves them."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    applied = MigrationExecutor(connection).loader.applied_migrations
    return executor.loader.project_state(list(applied)).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _load(old_apps, dump: dict) -> None:
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    content_types = {
        int(old_id): ContentType.objects.get_or_create(app_label=app, model=model)[0].pk
        for old_id, (app, model) in dump["content_types"].items()
    }
    by_table = {m._meta.db_table: m for m in old_apps.get_models(include_auto_created=True)}
    loaded = []
    for table, rows in dump["tables"].items():
        model = by_table[table]
        fields = {f.column: f for f in model._meta.concrete_fields}
        objects = []
        for row in rows:
            values = {}
            for column, value in row.items():
                field = fields[column]
                if isinstance(field, models.JSONField) and isinstance(value, str):
                    value = json.loads(value)
                elif isinstance(field, models.BooleanField) and value is not None:
                    value = bool(value)
                elif isinstance(field, models.DateTimeField) and isinstance(value, str):
                    # SQLite keeps UTC without an offset.
                    value = datetime.fromisoformat(value).replace(tzinfo=UTC)
                elif field.is_relation and field.related_model._meta.model_name == "contenttype":
                    value = content_types.get(value) if value is not None else None
                values[field.attname] = value
            objects.append(model(**values))
        model.objects.bulk_create(objects)
        loaded.append(model)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), loaded):
            cursor.execute(statement)


@pytest.fixture
def dump():
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture
def at_the_latest_schema_afterwards():
    """Whatever happens, leave the database as the rest of the suite expects it."""
    yield
    _migrate(_latest())


def test_every_plan_becomes_an_outline_document_and_nothing_is_lost(
    client, dump, at_the_latest_schema_afterwards
):
    old_apps = _migrate(BEFORE)
    # One transaction: foreign keys are checked when it commits, so the tables may
    # come in any order.
    with transaction.atomic():
        _load(old_apps, dump)
    _migrate(_latest())

    from apps.accounts.models import User
    from apps.exports.models import ExportJob
    from apps.plans.models import Document, OutlineNode, Plan, Revision
    from apps.review.models import DocumentVersion, Opinion

    tables = dump["tables"]
    old_plans = {row["id"]: row for row in tables["plans_plan"]}
    assert Plan.objects.count() == len(old_plans)
    for plan in Plan.objects.all():
        old = old_plans[plan.pk]
        outline = plan.outline
        # A 十五五 outline with the default title takes the period's title, which
        # no longer names the vision (plans 0005); other titles are kept.
        title = old["title"].replace("第十五个五年规划和二〇三五年远景目标纲要", "第十五个五年规划纲要")
        assert (outline.title, outline.stage, outline.template_key) == (
            title,
            old["stage"],
            old["template_key"],
        )
        assert outline.nodes.count() == sum(
            1 for n in tables["plans_outlinenode"] if n["plan_id"] == plan.pk
        )
    assert Document.objects.count() == len(old_plans)
    assert not OutlineNode.objects.exclude(document__plan_id=models.F("plan_id")).exists()
    assert Revision.objects.count() == len(tables["plans_revision"])
    assert Opinion.objects.count() == len(tables["review_opinion"])
    assert DocumentVersion.objects.count() == len(tables["review_planversion"])
    assert {(j.exporter, j.with_scorecard) for j in ExportJob.objects.all()} == {
        ("opinions_pdf", False),
        ("outline_pdf", True),
    }
    for obj in (*Opinion.objects.all(), *DocumentVersion.objects.all(), *ExportJob.objects.all()):
        assert obj.document.kind == Document.Kind.OUTLINE

    # The same people reach the same things, at the documents' addresses.
    shifan = Plan.objects.get(county__name="示范县")
    outline = shifan.outline
    node = outline.nodes.get(key="environment")
    version = DocumentVersion.objects.get()
    job = ExportJob.objects.get(exporter="opinions_pdf")
    pages = [
        reverse("plan_overview", args=[shifan.pk]),
        reverse("node_edit", args=[outline.pk, node.pk]),
        reverse("node_history", args=[outline.pk, node.pk]),
        reverse("opinion_list", args=[outline.pk]),
        reverse("version_detail", args=[outline.pk, version.pk]),
        reverse("export_detail", args=[outline.pk, job.pk]),
    ]
    client.force_login(User.objects.get(username="planner"))
    for url in pages:
        assert client.get(url).status_code == 200, url
    assert "迁移测试意见" in client.get(pages[3]).content.decode()
    # An old bookmark still leads there.
    old_address = f"/plans/{shifan.pk}/nodes/{node.pk}/"
    assert client.get(old_address)["Location"] == pages[1]
    client.force_login(User.objects.get(username="neighbor"))
    for url in pages:
        assert client.get(url).status_code == 404, url

    # And back: the plan gets its title and stage again from its outline.
    old_apps = _migrate(BEFORE)
    OldPlan = old_apps.get_model("plans", "Plan")
    assert {p.pk: (p.title, p.stage) for p in OldPlan.objects.all()} == {
        pk: (row["title"], row["stage"]) for pk, row in old_plans.items()
    }
    OldOpinion = old_apps.get_model("review", "Opinion")
    assert OldOpinion.objects.filter(plan_id=shifan.pk).count() == len(tables["review_opinion"])
    _migrate(_latest())
    assert Document.objects.count() == len(old_plans)
