"""Set-up files that cannot run here (no Docker engine) are checked by reading them,
and the settings are checked by starting Django in a subprocess."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured

from planner.settings.env import cache_from_url, database_from_url, storage_from_env

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_postgres_redis_web_worker_and_beat(compose):
    assert set(compose["services"]) == {"postgres", "redis", "web", "worker", "beat"}


def _unset(value) -> str:
    """A compose value as it is with none of its variables set: each
    ``${NAME:-default}`` by its default, innermost first."""
    value = str(value)
    while True:
        resolved = re.sub(r"\$\{\w+:-([^${}]*)\}", r"\1", value)
        if resolved == value:
            return value
        value = resolved


def test_other_hosts_point_the_compose_file_at_shared_services(compose):
    """README, Scaling across hosts: the database, the broker, the cache and the
    storage of export files are all the environment's to name."""
    env = compose["services"]["web"]["environment"]
    for name in (
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "DJANGO_CACHE_URL",
        "DJANGO_STORAGE_BACKEND",
        "DJANGO_STORAGE_OPTIONS",
    ):
        assert env[name].startswith("${" + name + ":-"), name


def test_web_and_worker_share_one_image_and_environment(compose):
    web, worker, beat = (compose["services"][name] for name in ("web", "worker", "beat"))
    assert web["image"] == worker["image"] == beat["image"]
    assert web["build"] == worker["build"] == beat["build"] == "."
    assert web["environment"] == worker["environment"] == beat["environment"]
    env = {name: _unset(value) for name, value in web["environment"].items()}
    assert env["DJANGO_ENV"] == "production"
    assert (
        env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
    )
    assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert env["DJANGO_CACHE_URL"] == "redis://redis:6379/1"
    assert env["DJANGO_STORAGE_BACKEND"] == env["DJANGO_STORAGE_OPTIONS"] == ""
    assert "DJANGO_SECRET_KEY" in env
    for service in (web, worker):
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"


def test_web_serves_through_gunicorn_and_worker_runs_celery(compose):
    web = compose["services"]["web"]["command"]
    assert "gunicorn planner.wsgi:application" in web
    assert "migrate" in web
    assert compose["services"]["worker"]["command"].startswith("celery -A planner worker")
    assert compose["services"]["beat"]["command"].startswith("celery -A planner beat")


def test_only_the_hosts_proxy_can_reach_gunicorn(compose):
    """With a trusted proxy the address comes from X-Forwarded-For, so gunicorn's
    port must not be reachable from elsewhere (it could forge the header)."""
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)


def test_the_image_has_pango_harfbuzz_subsetter_and_cjk_fonts():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-noto-cjk"):
        assert package in dockerfile


def test_postgres_urls_use_psycopg_with_the_pool():
    db = database_from_url("postgres://planner:s%40cret@db.example:6543/plans?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("plans", "planner", "s@cret")
    assert (db["HOST"], db["PORT"]) == ("db.example", "6543")
    assert db["OPTIONS"]["sslmode"] == "require"
    assert db["OPTIONS"]["pool"]["max_size"] >= 1


def test_sqlite_urls_and_unknown_schemes():
    assert database_from_url("sqlite:////tmp/x.db")["NAME"] == "/tmp/x.db"
    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://x/y")


def _settings_in_subprocess(env: dict, show: str = "") -> subprocess.CompletedProcess:
    show = show or (
        "s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, "
        "s.LANGUAGE_CODE, s.TIME_ZONE"
    )
    code = f"import django; django.setup(); from django.conf import settings as s; print({show})"
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_"))
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "planner.settings",
            "PLANNER_VAR_DIR": "/tmp/planner-settings-test",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_with_no_environment_it_runs_embedded():
    result = _settings_in_subprocess({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "filesystem://",
        "zh-hans",
        "Asia/Shanghai",
    ]


def test_environment_switches_to_postgres_and_redis():
    result = _settings_in_subprocess(
        {"DATABASE_URL": "postgres://u@h/db", "CELERY_BROKER_URL": "redis://r:6379/0"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1:3] == ["django.db.backends.postgresql", "redis://r:6379/0"]


def test_production_refuses_to_start_without_its_secrets():
    result = _settings_in_subprocess({"DJANGO_ENV": "production"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "k" * 30 + "-0123456789abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "plans.example.gov.cn",
    "DATABASE_URL": "postgres://u@h/db",
    "PLANNER_EMAIL_DISABLED": "true",
}


def test_production_settings_turn_debug_off():
    result = _settings_in_subprocess(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_production_wants_a_mail_relay_or_an_explicit_no():
    result = _settings_in_subprocess({**PRODUCTION, "PLANNER_EMAIL_DISABLED": ""})
    assert result.returncode != 0
    assert "EMAIL_SMTP_HOST" in result.stderr


def test_export_files_go_to_the_storage_the_environment_names(monkeypatch):
    monkeypatch.delenv("DJANGO_STORAGE_BACKEND", raising=False)
    monkeypatch.delenv("DJANGO_STORAGE_OPTIONS", raising=False)
    assert storage_from_env() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    monkeypatch.setenv("DJANGO_STORAGE_BACKEND", "storages.backends.s3.S3Storage")
    monkeypatch.setenv(
        "DJANGO_STORAGE_OPTIONS", '{"bucket_name": "plans", "endpoint_url": "http://minio:9000"}'
    )
    assert storage_from_env() == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "plans", "endpoint_url": "http://minio:9000"},
    }
    for wrong in ("bucket_name=plans", '["plans"]'):
        monkeypatch.setenv("DJANGO_STORAGE_OPTIONS", wrong)
        with pytest.raises(ImproperlyConfigured, match="DJANGO_STORAGE_OPTIONS"):
            storage_from_env()


def test_a_cache_url_must_name_redis():
    assert cache_from_url("redis://r:6379/1")["BACKEND"].endswith("RedisCache")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_CACHE_URL"):
        cache_from_url("memcached://m:11211")


def test_production_shares_storage_cache_and_sessions_across_hosts():
    """What several web and worker hosts need (README, Scaling across hosts): the
    export files on one storage, the cache and the sessions in Redis."""
    show = (
        "s.STORAGES['default']['BACKEND'], s.STORAGES['default']['OPTIONS']['bucket_name'], "
        "s.STORAGES['staticfiles']['BACKEND'], s.CACHES['default']['BACKEND'], s.SESSION_ENGINE"
    )
    shared = {
        **PRODUCTION,
        "DJANGO_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
        "DJANGO_STORAGE_OPTIONS": '{"bucket_name": "plans"}',
        "DJANGO_CACHE_URL": "redis://redis:6379/1",
    }
    result = _settings_in_subprocess(shared, show)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "plans",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]
    # Without them, one host: files under MEDIA_ROOT, sessions in the database.
    alone = _settings_in_subprocess(PRODUCTION, "s.STORAGES['default'], s.SESSION_ENGINE")
    assert alone.returncode == 0, alone.stderr
    assert "FileSystemStorage" in alone.stdout and "sessions.backends.db" in alone.stdout


def test_the_production_deploy_check_passes_with_warnings_as_failures():
    """What CI runs (`make deploy-check`): HSTS, secure __Host- cookies, CSP,
    SSL redirect, a real mail backend, no DEBUG."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_"))
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "planner.settings", **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_python_finder_explains_what_to_install(tmp_path):
    """With only an old Python on PATH, `make` stops with an install hint."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    old = bin_dir / "python3"
    old.write_text("#!/bin/sh\nexit 1\n")  # answers like a Python < 3.12 to the version test
    old.chmod(0o755)
    result = subprocess.run(
        ["/bin/sh", str(ROOT / "scripts" / "find-python.sh")],
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "No Python 3.12 or newer" in result.stderr
    assert "pyenv install 3.13" in result.stderr


def test_the_python_finder_finds_a_recent_python():
    result = subprocess.run(
        ["/bin/sh", str(ROOT / "scripts" / "find-python.sh")], capture_output=True, text=True
    )
    assert result.returncode == 0
    version = subprocess.run(
        [result.stdout.strip(), "-c", "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True,
        text=True,
    )
    assert version.stdout.strip() == "True"
