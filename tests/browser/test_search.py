"""Search in a real browser, on the demo: the planning office finds 托育 in the
chapter, the key task and the indicator; 邻县's coordinator finds none of it."""

import pytest
from django.urls import reverse

from apps.demo.seed import demo_password, seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return seed_demo()


def test_planner_finds_childcare_and_neighbor_finds_nothing_of_shifan(page, login, demo, shots):
    login("planner", demo_password())
    page.goto(reverse("plan_overview", args=[demo.pk]))
    page.fill(".sidebar-search input[name=q]", "托育")
    page.click(".sidebar-search button[type=submit]")
    page.wait_for_selector(".search-results")
    results = page.locator(".search-result")
    kinds = results.locator(".search-kind").all_inner_texts()
    titles = results.locator(".search-title").all_inner_texts()
    assert "正文" in kinds
    assert "发展普惠托育和养老服务" in titles  # the key task
    assert "每千人口拥有3岁以下婴幼儿托位数" in titles  # the indicator
    assert page.locator(".search-passage mark", has_text="托育").count() >= 3
    page.screenshot(path=str(shots / "search-plan.png"), full_page=True)

    # The chapter passage leads to its chapter.
    results.filter(has=page.locator(".search-kind", has_text="正文")).first.locator(
        ".search-title"
    ).click()
    page.wait_for_selector("#node-text-form, .doc-text")
    assert "/nodes/" in page.url

    # Across the county's plans.
    page.click(".app-navbar >> text=搜索")
    page.fill("#search-q", "托育")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector(".search-results")
    assert "示范县" in page.locator(".search-place").first.inner_text()
    page.screenshot(path=str(shots / "search-county.png"), full_page=True)

    # 邻县's coordinator: the plan's search is not there, the county-wide one
    # finds nothing of 示范县.
    page.click("text=退出")
    login("neighbor", demo_password())
    response = page.goto(reverse("plan_search", args=[demo.pk]) + "?q=托育")
    assert response.status == 404
    page.goto(reverse("search") + "?q=托育")
    body = page.locator("main").inner_text()
    assert "示范县" not in body.split("搜索词")[-1]
    assert page.locator(".search-result").filter(has_text="示范县").count() == 0
    page.screenshot(path=str(shots / "search-neighbor.png"), full_page=True)
