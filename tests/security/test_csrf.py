"""Every state-changing endpoint refuses a POST without the CSRF token, for a
signed-in user who is allowed to do the thing; GET on them is refused as well
(``test_unsupported_methods_are_refused`` in tests/test_permissions.py covers the
405s of the whole URL table)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories as f
from tests.test_permissions import OWN, URLS, _url, targets  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

POSTS = [
    pytest.param(name, id=name)
    for name, spec in URLS.items()
    if "POST" in spec.methods and spec.methods["POST"] != OWN
]
OWN_POSTS = [
    pytest.param(name, id=name) for name, spec in URLS.items() if spec.methods.get("POST") == OWN
]


def _strict_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_every_state_changing_url_is_covered():
    assert {p.values[0] for p in POSTS + OWN_POSTS} == {
        name for name, spec in URLS.items() if "POST" in spec.methods
    }


@pytest.mark.parametrize("name", POSTS)
def test_a_post_without_the_token_is_refused(targets, coordinator, reviewer, name):  # noqa: F811
    # The countersign decision belongs to the reviewing department.
    user = reviewer if name == "node_decide" else coordinator
    response = _strict_client(user).post(_url(name, targets), {})
    assert response.status_code == 403
    assert "页面已过期，这次提交没有保存" in response.content.decode()


@pytest.mark.parametrize("name", OWN_POSTS)
def test_a_post_to_ones_own_pages_without_the_token_is_refused(targets, coordinator, name):  # noqa: F811
    targets = {**targets, "notification": 1}
    response = _strict_client(coordinator).post(_url(name, targets), {})
    assert response.status_code == 403
    assert "页面已过期，这次提交没有保存" in response.content.decode()


def test_signing_in_and_out_need_the_token_too(coordinator):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "planner", "password": f.PASSWORD})
    assert response.status_code == 403
    client.force_login(coordinator)
    assert client.post(reverse("logout")).status_code == 403
    assert "_auth_user_id" in client.session


def test_with_the_token_the_same_post_goes_through(targets, coordinator, plan):  # noqa: F811
    client = _strict_client(coordinator)
    page = client.get(reverse("scorecard", args=[plan.pk]))
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("exemption_add", args=[plan.pk]),
        {"code": "new_infra", "reason": "由市级统一布局", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_a_stale_form_gets_a_chinese_page_in_the_house_layout(coordinator, plan):
    client = _strict_client(coordinator)
    response = client.post(reverse("plan_settings", args=[plan.pk]), {"title": "新名称"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期，这次提交没有保存" in page
    assert "后退" in page
    assert "规划纲要编制平台" in page  # the navigation bar of every page
    assert "Forbidden" not in page
