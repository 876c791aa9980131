"""Every page costs the same number of queries whether the plan is small or large.

The demo plan is seeded at scale 1, the query count of every page is recorded,
then the plan is rebuilt four times larger and every page must run exactly the
same number of queries.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import User
from apps.demo.seed import seed_demo
from apps.plans.actions import document_create
from apps.plans.parts import registry

NODE_KEYS = (
    "environment",
    "period_targets",
    "task_industry",
    "risks",
    "annex_indicators",
    "annex_projects",
)


def _pages(plan) -> dict[str, str]:
    pages = {
        "dashboard": reverse("dashboard"),
        "overview": reverse("plan_overview", args=[plan.pk]),
        "backcast": reverse("backcast", args=[plan.pk]),
        "settings": reverse("plan_settings", args=[plan.pk]),
        "national_import": reverse("national_import", args=[plan.pk]),
        "node_add": reverse("node_add", args=[plan.outline.pk]),
        "assignment_board": reverse("assignment_board", args=[plan.outline.pk]),
        "opinion_list": reverse("opinion_list", args=[plan.outline.pk]),
        "version_list": reverse("version_list", args=[plan.outline.pk]),
        "export_list": reverse("export_list", args=[plan.outline.pk]),
        "activity_log": reverse("activity_log", args=[plan.pk]),
        "scorecard": reverse("scorecard", args=[plan.pk]),
        "monitoring": reverse("monitoring_dashboard", args=[plan.pk]),
        "monitoring_year": reverse("monitoring_year", args=[plan.pk, 2023]),
        "monitoring_entry": reverse("monitoring_entry", args=[plan.pk, 2023]),
        "monitoring_import": reverse("monitoring_import", args=[plan.pk, 2023, "projects"]),
    }
    # The plan's mid-term report, started directly (the demo outline is a draft):
    # its pages, and the chapters whose tables are computed from the whole plan.
    report = plan.documents.filter(kind="midterm").first() or document_create(
        plan, kind="midterm", template_key="midterm", created_by=None
    )
    pages["report_overview"] = reverse("document_overview", args=[report.pk])
    pages["report_settings"] = reverse("document_settings", args=[report.pk])
    pages["report_board"] = reverse("assignment_board", args=[report.pk])
    pages["report_exports"] = reverse("export_list", args=[report.pk])
    for key in ("indicator_progress", "project_progress"):
        node = report.nodes.get(key=key)
        pages[f"report_node:{key}"] = reverse("node_edit", args=[report.pk, node.pk])
    pages["adjustment_compare"] = reverse("adjustment_compare", args=[plan.outline.pk])
    for key in NODE_KEYS:
        node = plan.outline.nodes.get(key=key)
        pages[f"node:{key}"] = reverse("node_edit", args=[plan.outline.pk, node.pk])
        pages[f"node_outline:{key}"] = reverse("node_outline", args=[plan.outline.pk, node.pk])
        pages[f"node_history:{key}"] = reverse("node_history", args=[plan.outline.pk, node.pk])
        pages[f"node_assign:{key}"] = reverse("node_assign", args=[plan.outline.pk, node.pk])
    for part in registry.all():
        item = part.model.objects.filter(plan=plan).order_by("pk").first()
        pages[f"list:{part.slug}"] = reverse("part_list", args=[plan.pk, part.slug])
        pages[f"new:{part.slug}"] = reverse("part_create", args=[plan.pk, part.slug])
        pages[f"edit:{part.slug}"] = reverse("part_edit", args=[plan.pk, part.slug, item.pk])
        pages[f"history:{part.slug}"] = reverse("item_history", args=[plan.pk, part.slug, item.pk])
    return pages


def _count(client, url) -> int:
    # Content types are cached per process; start each page from the same state.
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
def test_page_query_counts_do_not_grow_with_the_plan(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    plan = seed_demo(scale=1)
    client.force_login(User.objects.get(username="planner"))
    small = {name: _count(client, url) for name, url in _pages(plan).items()}

    plan = seed_demo(scale=4)
    assert registry.get("key-tasks").model.objects.filter(plan=plan).count() == 120
    # Seeding sets the password again, which ends the session.
    client.force_login(User.objects.get(username="planner"))
    large = {name: _count(client, url) for name, url in _pages(plan).items()}
    assert {k: (small[k], v) for k, v in large.items() if small[k] != v} == {}
