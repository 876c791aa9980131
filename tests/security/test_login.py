"""Signing in: brute-force lockout per username and address, a forged
X-Forwarded-For that changes nothing, the security log, safe redirects, passwords."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
OFFICE = "10.1.2.3"  # one planning office behind one address
HOME = "10.9.9.9"


@pytest.fixture(autouse=True)
def three_tries(settings):
    settings.AXES_FAILURE_LIMIT = 3


def _client(ip: str, **headers) -> Client:
    return Client(REMOTE_ADDR=ip, **headers)


def _login(client: Client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _fail(client: Client, username: str, times: int, **extra) -> None:
    for _ in range(times):
        response = _login(client, username, "wrong-password-123", **extra)
        assert response.status_code in (200, 429)


def test_repeated_failures_lock_that_user_at_that_address_only(coordinator, drafter):
    office = _client(OFFICE)
    _fail(office, "planner", 3)
    locked = _login(office, "planner", f.PASSWORD)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "暂时无法登录" in page and "15 分钟" in page
    assert "_auth_user_id" not in office.session
    # A colleague in the same office signs in as usual…
    colleague = _client(OFFICE)
    assert _login(colleague, "edu", f.PASSWORD).status_code == 302
    # …and so does the same user from another address.
    assert _login(_client(HOME), "planner", f.PASSWORD).status_code == 302


def test_a_success_before_the_limit_clears_the_count(coordinator):
    office = _client(OFFICE)
    _fail(office, "planner", 2)
    assert _login(office, "planner", f.PASSWORD).status_code == 302
    office.logout()
    _fail(office, "planner", 2)
    assert _login(office, "planner", f.PASSWORD).status_code == 302


def test_a_forged_forwarded_for_neither_escapes_nor_resets_a_lockout(coordinator):
    office = _client(OFFICE)
    _fail(office, "planner", 3)
    for forged in ("1.1.1.1", "8.8.8.8, 9.9.9.9", HOME):
        response = _login(office, "planner", f.PASSWORD, HTTP_X_FORWARDED_FOR=forged)
        assert response.status_code == 429, forged
    assert _login(office, "planner", f.PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_the_client_cannot_choose_its_address(settings, coordinator):
    """With one proxy that appends the client's address, only the right-most entry
    counts: anything the client puts in front of it is ignored."""
    settings.PLANNER_TRUSTED_PROXY_COUNT = 1
    proxy = "172.16.0.2"
    attacker = _client(proxy)
    _fail(attacker, "planner", 3, HTTP_X_FORWARDED_FOR=OFFICE)
    for forged in ("1.1.1.1", "2.2.2.2"):
        response = _login(
            attacker, "planner", f.PASSWORD, HTTP_X_FORWARDED_FOR=f"{forged}, {OFFICE}"
        )
        assert response.status_code == 429, forged
    # Someone else reaching the same proxy from elsewhere is a different address.
    other = _login(_client(proxy), "planner", f.PASSWORD, HTTP_X_FORWARDED_FOR=HOME)
    assert other.status_code == 302


def test_sign_ins_failures_and_lockouts_are_in_the_security_log(caplog, coordinator):
    caplog.set_level(logging.INFO, logger="planner.security")
    office = _client(OFFICE)
    _fail(office, "planner", 3)
    _login(_client(HOME), "planner", f.PASSWORD)
    messages = [r.getMessage() for r in caplog.records if r.name == "planner.security"]
    assert messages.count(f"login failed user=planner ip={OFFICE}") == 3
    assert f"locked out user=planner ip={OFFICE}" in messages
    assert f"login user=planner ip={HOME}" in messages


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/steal",
        "//evil.example/steal",
        "/\\evil.example/steal",
        "http:evil.example",
        "javascript:alert(1)",
    ],
)
def test_next_after_login_cannot_leave_the_site(coordinator, target):
    client = _client(HOME)
    response = client.post(
        f"{LOGIN}?next={target}", {"username": "planner", "password": f.PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_next_within_the_site_is_followed(coordinator, plan):
    client = _client(HOME)
    target = reverse("plan_overview", args=[plan.pk])
    response = client.post(
        f"{LOGIN}?next={target}", {"username": "planner", "password": f.PASSWORD}
    )
    assert response["Location"] == target


# Passwords: length, not composition -----------------------------------------


def _change(client, new: str):
    return client.post(
        reverse("password_change"),
        {"old_password": f.PASSWORD, "new_password1": new, "new_password2": new},
    )


def test_a_64_character_passphrase_without_digits_or_capitals_is_accepted(client, coordinator):
    client.force_login(coordinator)
    # A long sentence in lower case, spaces and no digit: length is what counts.
    passphrase = "the county north ring road still lacks funding before the draft goes"[:64]
    assert len(passphrase) == 64
    response = _change(client, passphrase)
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    assert _login(_client(HOME), "planner", passphrase).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "此密码太短，至少要包含 10 个字符。"),
        ("password123", "这个密码太常见了。"),
        ("20212022202320242025", "密码只包含数字。"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(client, coordinator, password, message):
    client.force_login(coordinator)
    response = _change(client, password)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_password_page_says_length_counts_not_composition(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("password_change")).content.decode()
    assert "至少 10 个字符" in page and "不要求大小写、数字或符号的组合" in page


# Limits on what a sign-in form may carry -------------------------------------------


def test_an_over_long_user_name_is_refused_on_the_form(coordinator):
    response = _login(_client(OFFICE), "u" * 300, "wrong-password-123")
    assert response.status_code == 200
    assert "用户名不能超过150个字符" in response.content.decode()


def test_wrong_old_passwords_are_throttled_like_sign_ins(coordinator):
    from axes.models import AccessAttempt

    office = _client(OFFICE)
    office.force_login(coordinator)
    for _ in range(2):
        response = office.post(
            reverse("password_change"),
            {"old_password": "guess-123456", "new_password1": "x" * 12, "new_password2": "x" * 12},
        )
        assert response.status_code == 200
        assert "旧密码不正确" in response.content.decode()
    response = office.post(
        reverse("password_change"),
        {"old_password": "guess-654321", "new_password1": "y" * 12, "new_password2": "y" * 12},
    )
    # The third wrong guess reaches the limit: signed out and locked like a sign-in.
    assert response.status_code == 429
    assert "暂时无法登录" in response.content.decode()
    assert "_auth_user_id" not in office.session
    assert _login(office, "planner", f.PASSWORD).status_code == 429
    # The posted passwords are not kept in the failure record.
    post_data = AccessAttempt.objects.get(username="planner").post_data
    assert "guess-" not in post_data and "xxxxxxxx" not in post_data
    # From elsewhere the account still works.
    assert _login(_client(HOME), "planner", f.PASSWORD).status_code == 302
