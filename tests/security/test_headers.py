"""Response headers and session limits: the Content-Security-Policy, no caching
of what a signed-in user sees, idle and absolute session lifetimes, and the
production cookies and HSTS (checked in a process started with production settings)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from apps.core.middleware import SEEN, STARTED
from apps.exports.models import ExportJob

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent


def _directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            result[words[0]] = words[1:]
    return result


def test_pages_carry_a_strict_content_security_policy(client, coordinator, plan):
    client.force_login(coordinator)
    response = client.get(reverse("plan_overview", args=[plan.pk]))
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert any(value.startswith("'nonce-") for value in policy["script-src"])
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client, coordinator, plan):
    """What the policy would block must not be in our own pages either."""
    client.force_login(coordinator)
    for url in (
        reverse("plan_overview", args=[plan.pk]),
        reverse("node_edit", args=[plan.outline.pk, plan.outline.nodes.get(key="environment").pk]),
        reverse("scorecard", args=[plan.pk]),
    ):
        page = client.get(url).content.decode()
        assert "<script>" not in page and "<style" not in page and ' style="' not in page
        assert " onclick=" not in page and "javascript:" not in page


def test_nothing_a_signed_in_user_sees_is_cached(client, coordinator, plan, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(coordinator)
    job = ExportJob.objects.create(
        document=plan.outline, fingerprint="f", stage=plan.outline.stage, status="succeeded"
    )
    job.file.save("plan.pdf", ContentFile(b"%PDF-1.7 test"))
    for url in (
        reverse("dashboard"),
        reverse("plan_overview", args=[plan.pk]),
        reverse("export_download", args=[plan.outline.pk, job.pk]),
        reverse("opinions_xlsx", args=[plan.outline.pk]),
    ):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(timezone.now().timestamp())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_an_idle_session_ends_and_the_next_page_asks_to_sign_in(
    client, coordinator, plan, settings
):
    client.force_login(coordinator)
    url = reverse("plan_overview", args=[plan.pk])
    assert client.get(url).status_code == 200
    _age_session(client, **{SEEN: settings.PLANNER_SESSION_IDLE_SECONDS - 30})
    assert client.get(url).status_code == 200  # still within the idle limit
    _age_session(client, **{SEEN: settings.PLANNER_SESSION_IDLE_SECONDS + 1})
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_busy_session_still_ends_at_its_absolute_lifetime(client, coordinator, plan, settings):
    client.force_login(coordinator)
    url = reverse("plan_overview", args=[plan.pk])
    _age_session(client, **{SEEN: 5, STARTED: settings.PLANNER_SESSION_MAX_SECONDS + 1})
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_text_typed_when_the_session_ran_out_is_kept(client, coordinator, plan, settings):
    node = plan.outline.nodes.get(key="environment")
    client.force_login(coordinator)
    _age_session(client, **{SEEN: settings.PLANNER_SESSION_IDLE_SECONDS + 1})
    url = reverse("node_edit", args=[plan.outline.pk, node.pk])
    response = client.post(url, {"body": "<p>超时前写下的一段话。</p>", "loaded_version": 1})
    assert response["Location"].startswith(reverse("login"))
    client.force_login(coordinator)
    assert "超时前写下的一段话。" in client.get(url).content.decode()


def test_browsing_does_not_write_the_session_on_every_request(client, coordinator, plan):
    client.force_login(coordinator)
    url = reverse("plan_overview", args=[plan.pk])
    client.get(url)
    first = client.session[SEEN]
    client.get(url)
    assert client.session[SEEN] == first  # refreshed at most once a minute


PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "s" * 40 + "-0123456789abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "plans.example.gov.cn",
    "DATABASE_URL": "postgres://u@127.0.0.1:1/none",
    "PLANNER_EMAIL_DISABLED": "true",
}

PROBE = """
import django
django.setup()
from django.conf import settings as s
from django.test import Client
from django.test.utils import override_settings
# No collectstatic here: plain static storage instead of the manifest.
override_settings(STORAGES={**s.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
r = Client().get("/accounts/login/", secure=True, HTTP_HOST="plans.example.gov.cn")
c = r.cookies["__Host-csrftoken"]
print(r.status_code, r["Strict-Transport-Security"])
print(c["secure"], c["path"], c["domain"] or "-", c["samesite"])
print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)
plain = Client().get("/accounts/login/", HTTP_HOST="plans.example.gov.cn")
print(plain.status_code, plain["Location"])
"""


def test_production_cookies_are_host_only_secure_and_hsts_lasts_a_year():
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_"))
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "planner.settings", **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status, cookie, session, plain = result.stdout.strip().splitlines()
    assert status == "200 max-age=31536000; includeSubDomains; preload"
    assert cookie == "True / - Lax"
    assert session == "__Host-sessionid True True"
    assert plain == "301 https://plans.example.gov.cn/accounts/login/"


def test_error_pages_are_chinese_in_the_house_layout(client, settings):
    """Django's own pages are English; ours say what happened and what to do."""
    from django.template.loader import render_to_string

    for template, words in (
        ("400.html", "请求无法处理"),
        ("404.html", "页面不存在"),
        ("500.html", "系统出错了"),
        ("403.html", "没有操作权限"),
    ):
        # 500 is rendered without a request or context, as Django's handler does.
        page = render_to_string(template)
        assert words in page and "规划纲要编制平台" in page, template
