"""The whole demo plan in a real browser: as ``planner`` every outline node and
every structured part opens, edits and saves; as ``neighbor`` none of it is
reachable."""

import pytest
from django.urls import reverse

from apps.demo.seed import demo_password, seed_demo
from apps.plans.models import OutlineNode
from apps.plans.parts import registry

pytestmark = pytest.mark.django_db(transaction=True)

MARK = "（二稿修订）"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return seed_demo()


def test_planner_edits_and_saves_every_node(page, login, demo):
    login("planner", demo_password())
    page.goto(reverse("plan_overview", args=[demo.pk]))
    links = page.locator("table.outline-table tbody tr td:first-child a")
    urls = [links.nth(i).get_attribute("href") for i in range(links.count())]
    text_nodes = demo.outline.nodes.exclude(level=OutlineNode.Level.ANNEX)
    assert len(urls) == demo.outline.nodes.count()
    under_review = set(
        demo.outline.nodes.filter(review_state__in=OutlineNode.UNDER_REVIEW_STATES).values_list(
            "pk", flat=True
        )
    )
    assert under_review  # the demo has a countersign under way
    for url in urls:
        page.goto(url)
        editor = page.locator("[data-rich-editor]")
        node_id = int(url.rstrip("/").rsplit("/", 1)[1])
        if node_id in under_review:
            # Under countersign the text is read-only, for the planner too.
            assert not editor.count()
            assert page.locator(".review-box").count() == 1
            continue
        if not editor.count():
            # Annexes are generated from the structured parts: a table, no editor.
            assert page.locator("table.indicator-table, table.project-table").count() == 1
            continue
        editor.click()
        page.keyboard.press("Control+End")
        page.keyboard.type(MARK)
        page.click("button:has-text('保存正文')")
        page.wait_for_selector(".alert-success")
    for node in text_nodes.exclude(pk__in=under_review):
        assert node.body != ""
        node.refresh_from_db()
        assert MARK in node.body, node.title
        assert node.version == 2


def test_planner_opens_and_saves_every_structured_part(page, login, demo):
    login("planner", demo_password())
    for part in registry.all():
        page.goto(reverse("part_list", args=[demo.pk, part.slug]))
        first = part.model.objects.filter(plan=demo).order_by("position", "pk").first()
        page.click(f"a[href^='{reverse('part_edit', args=[demo.pk, part.slug, first.pk])}']")
        page.click("#part-form button[type=submit]")
        page.wait_for_selector(".alert-success")
        first.refresh_from_db()
        assert first.version == 2, part.slug


def test_neighbor_reaches_nothing_of_the_demo_plan(page, login, demo):
    login("neighbor", demo_password())
    assert demo.outline.title not in page.content()
    assert "邻县" in page.content()
    node = demo.outline.nodes.first()
    for url in (
        reverse("plan_overview", args=[demo.pk]),
        reverse("backcast", args=[demo.pk]),
        reverse("node_edit", args=[demo.outline.pk, node.pk]),
        *(reverse("part_list", args=[demo.pk, part.slug]) for part in registry.all()),
    ):
        assert page.goto(url).status == 404, url
