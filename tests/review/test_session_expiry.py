"""A long edit survives an expired session, and only that: no anonymous post may
store text for nodes that do not exist, for others, or without limit."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from apps.core.middleware import SEEN
from apps.plans.middleware import KEPT
from tests import factories as f


def _expire(client):
    """The drafter stops clicking for longer than the idle limit."""
    session = client.session
    session[SEEN] = int(time.time()) - settings.PLANNER_SESSION_IDLE_SECONDS - 60
    session.save()


@pytest.fixture
def node(plan):
    return plan.outline.nodes.get(key="environment")


def _url(node):
    return reverse("node_edit", args=[node.document_id, node.pk])


def test_text_typed_before_the_session_expired_is_offered_back(client, node, drafter):
    url = _url(node)
    client.force_login(drafter)
    client.get(url)
    _expire(client)

    response = client.post(url, {"body": "写了一个小时的一大段文字。", "loaded_version": 1})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))

    login = client.post(
        reverse("login"),
        {"username": drafter.username, "password": f.PASSWORD, "next": url},
    )
    assert login["Location"] == url
    page = client.get(url).content.decode()
    assert "写了一个小时的一大段文字。" in page
    assert "登录过期前你在这里输入的文字已放回编辑框" in page
    node.refresh_from_db()
    assert node.body == ""  # offered back, not saved behind the drafter's back

    # Saving it goes through the usual version check.
    client.post(url, {"body": "写了一个小时的一大段文字。", "loaded_version": 1})
    node.refresh_from_db()
    assert node.body == "<p>写了一个小时的一大段文字。</p>"
    assert "已放回编辑框" not in client.get(url).content.decode()


def test_kept_text_goes_only_to_the_same_page(client, plan, drafter):
    first = plan.outline.nodes.get(key="environment")
    second = plan.outline.nodes.get(key="achievements")
    client.force_login(drafter)
    _expire(client)
    client.post(_url(first), {"body": "只属于第一节", "loaded_version": 1})
    client.force_login(drafter)
    page = client.get(_url(second)).content.decode()
    assert "只属于第一节" not in page


def test_kept_text_is_not_offered_to_someone_else_signing_in_at_that_browser(
    client, node, drafter, coordinator
):
    client.force_login(drafter)
    _expire(client)
    client.post(_url(node), {"body": "起草人没保存的文字", "loaded_version": 1})
    client.post(reverse("login"), {"username": coordinator.username, "password": f.PASSWORD})
    assert "起草人没保存的文字" not in client.get(_url(node)).content.decode()


def test_a_deliberate_sign_out_keeps_nothing(client, node, drafter):
    client.force_login(drafter)
    client.logout()
    client.post(_url(node), {"body": "退出后提交的文字", "loaded_version": 1})
    assert KEPT not in client.session


def test_a_browser_that_never_signed_in_stores_nothing(client, node):
    sessions = Session.objects.count()
    for _ in range(5):
        response = client.post(_url(node), {"body": "字" * 1000, "loaded_version": 1})
        assert response.status_code == 302
    assert Session.objects.count() == sessions  # no session row per anonymous post


def test_text_for_a_made_up_or_foreign_node_is_not_kept(client, node, other_plan, drafter):
    client.force_login(drafter)
    _expire(client)
    foreign = other_plan.outline.nodes.get(key="environment")
    for url in (
        reverse("node_edit", args=[node.document_id, 999_999]),
        reverse("node_edit", args=[999_999, node.pk]),
        _url(foreign),
    ):
        client.post(url, {"body": "不该保存", "loaded_version": 1})
        assert KEPT not in client.session, url


def test_only_one_text_is_kept_per_browser(client, plan, drafter):
    nodes = list(plan.outline.nodes.exclude(level="annex")[:30])
    client.force_login(drafter)
    _expire(client)
    for node in nodes:
        client.post(_url(node), {"body": "字" * 200_000, "loaded_version": 1})
    kept = client.session[KEPT]
    assert kept["path"] == _url(nodes[-1])
    session = Session.objects.get(session_key=client.session.session_key)
    # One chapter's worth, not thirty (the text is stored encoded: under 1 MB).
    assert len(session.session_data) < 1_000_000
