"""The index after every write path equals a fresh rebuild: a write path that
forgot to update it shows up here as a difference."""

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.demo.seed import seed_demo
from apps.exports.word.importing import NEW, apply_import
from apps.exports.word.reader import read_docx
from apps.plans import actions
from apps.plans.access import PlanAccess
from apps.plans.forms import NodeOutlineForm
from apps.plans.imports import _initial_data, items_import
from apps.plans.models import OutlineNode, WordImport
from apps.plans.parts import registry
from apps.plans.policy import principal_for
from apps.review import actions as review
from apps.search.index import reindex_plan
from apps.search.models import SearchEntry
from tests.exports import word_drafts as drafts
from tests.plans.test_parts import valid_data
from tests.search.rows import index_rows

pytestmark = pytest.mark.django_db


def _assert_in_step(plan, step: str) -> None:
    incremental = index_rows(plan)
    reindex_plan(plan)
    rebuilt = index_rows(plan)
    missing = [r[:8] for r in rebuilt if r not in incremental][:5]
    stale = [r[:8] for r in incremental if r not in rebuilt][:5]
    assert not missing and not stale, f"after {step}: missing {missing}, stale {stale}"


def _item_data(plan, slug: str) -> dict:
    if slug == "period-targets":
        # valid_data would make a vision item straight in the table.
        vision = registry.get("vision-items").model.objects.filter(plan=plan).first()
        return {"vision_item": vision.pk, "title": "地区生产总值年均增长6%"}
    return valid_data(plan, slug)


def test_every_write_path_keeps_the_index_in_step(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    plan = seed_demo()
    _assert_in_step(plan, "the seed")
    planner = User.objects.get(username="planner")
    fin = User.objects.get(username="fin")
    client.force_login(planner)
    outline = plan.outline

    # A node's text, saved and restored from its history.
    node = outline.nodes.get(key="task_livelihood")
    actions.node_text_save(
        node, body="<p>新增普惠托育机构。</p>", loaded_version=node.version, user=planner
    )
    _assert_in_step(plan, "node_text_save")
    node.refresh_from_db()
    revision = node.revisions.order_by("version").first()
    client.post(reverse("revision_restore", args=[outline.pk, node.pk, revision.pk]))
    _assert_in_step(plan, "revision_restore")

    # The outline: a node added, renamed and moved, moved among its siblings, deleted.
    added = actions.node_create(
        outline, level="section", parent=node, title="托育服务", guidance="", actor=planner
    )
    _assert_in_step(plan, "node_create")
    form = NodeOutlineForm(instance=added, document=outline)
    data = {**_initial_data(form), "title": "婴幼儿照护服务"}
    form = NodeOutlineForm(data, instance=added, document=outline)
    assert form.is_valid(), form.errors
    actions.node_outline_save(form, old_parent_id=node.pk, actor=planner)
    _assert_in_step(plan, "node_outline_save")
    actions.node_move(added, "up", actor=planner)
    actions.node_delete(added, actor=planner)
    _assert_in_step(plan, "node_delete")

    # Every part: added, edited, deleted through its pages.
    for part in registry.all():
        slug = part.slug
        response = client.post(reverse("part_create", args=[plan.pk, slug]), _item_data(plan, slug))
        assert response.status_code == 302, (
            slug,
            response.context and response.context["form"].errors,
        )
        item = part.model.objects.filter(plan=plan).latest("pk")
        edit = reverse("part_edit", args=[plan.pk, slug, item.pk])
        data = {**_initial_data(client.get(edit).context["form"]), "loaded_version": item.version}
        text_fields = [n for n in ("title", "name", "content", "focus") if n in data]
        if text_fields:
            data[text_fields[0]] = data[text_fields[0]] + "（修改）"
        assert client.post(edit, data).status_code == 302, slug
        _assert_in_step(plan, f"item_save {slug}")
        client.post(reverse("part_delete", args=[plan.pk, slug, item.pk]))
        assert not part.model.objects.filter(pk=item.pk).exists(), slug
        _assert_in_step(plan, f"item_delete {slug}")

    # The spreadsheet path: rows added and updated in bulk.
    tasks = registry.get("key-tasks")
    task = tasks.model.objects.filter(plan=plan).first()
    access = PlanAccess(plan, principal_for(planner, plan.county_id), outline)
    result = items_import(
        tasks,
        outline,
        [
            (2, {"id": task.pk, "area": task.get_area_display(), "title": "托育服务提质扩容"}),
            (3, {"area": task.get_area_display(), "title": "新建社区托育点"}),
        ],
        actor=planner,
        access=access,
        dry_run=False,
    )
    assert result.written and not result.errors, result.errors
    _assert_in_step(plan, "items_import")

    # A Word draft: its headings become new nodes with their text.
    read = read_docx(drafts.plain_draft())
    imported = WordImport.objects.create(document=outline, filename="a.docx", result=read.as_data())
    apply_import(imported, [NEW] * len(read.headings), actor=planner)
    _assert_in_step(plan, "word import")

    # Opinions: one, its answer, a reply.
    department = fin.memberships.get(county=plan.county).department
    opinion = review.opinion_add(node, actor=fin, department=department, text="托育点布局请再细化")
    review.opinion_dispose(opinion, actor=planner, disposition="adopted", reason="已细化到乡镇")
    review.opinion_add(node, actor=planner, department=None, text="已修改", parent=opinion)
    _assert_in_step(plan, "opinions")

    # A stage moved: its version frozen.
    version = review.document_stage_move(outline, actor=planner, stage="adjustment", name="调整稿")
    assert SearchEntry.objects.filter(version=version).exists()
    _assert_in_step(plan, "document_stage_move")

    # A report started from its template.
    assert OutlineNode.objects.filter(plan=plan).exclude(document=outline).exists()
    _assert_in_step(plan, "reports")


def test_migrate_indexes_the_plans_of_a_database_from_before_search(plan):
    """An upgraded database has plans and no entries: ``migrate`` indexes them,
    and leaves an indexed plan as it is."""
    from django.core.management import call_command

    expected = index_rows(plan)
    assert expected
    SearchEntry.objects.filter(plan=plan).delete()
    call_command("migrate", verbosity=0)
    assert index_rows(plan) == expected
    ids = set(SearchEntry.objects.filter(plan=plan).values_list("pk", flat=True))
    call_command("migrate", verbosity=0)
    assert set(SearchEntry.objects.filter(plan=plan).values_list("pk", flat=True)) == ids
