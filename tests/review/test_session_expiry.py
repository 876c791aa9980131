"""A long edit survives an expired session."""

from django.urls import reverse

from tests import factories as f


def test_text_typed_before_the_session_expired_is_offered_back(client, plan, drafter):
    node = plan.nodes.get(key="environment")
    url = reverse("node_edit", args=[plan.pk, node.pk])
    client.force_login(drafter)
    client.get(url)
    client.logout()  # the session expires while the drafter writes

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
    first = plan.nodes.get(key="environment")
    second = plan.nodes.get(key="achievements")
    client.post(
        reverse("node_edit", args=[plan.pk, first.pk]),
        {"body": "只属于第一节", "loaded_version": 1},
    )
    client.force_login(drafter)
    page = client.get(reverse("node_edit", args=[plan.pk, second.pk])).content.decode()
    assert "只属于第一节" not in page
