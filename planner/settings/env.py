"""Small helpers for reading settings from the environment."""

import json
import os
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


# SQLite shared by the web process, the worker and several users: WAL lets readers
# run beside a writer; a transaction takes the write lock when it begins
# (IMMEDIATE), so two writers queue on the busy timeout instead of failing with
# "database is locked" when both try to upgrade a read lock.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
}


def database_from_url(url: str) -> dict:
    """Turn ``postgres://user:pass@host:port/name`` or ``sqlite:///path`` into a DATABASES entry.

    PostgreSQL goes through psycopg 3 with Django's connection pool; query-string
    options (``?sslmode=require``) are passed through to the driver.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"postgres", "postgresql", "pgsql"}:
        options: dict = dict(parse_qsl(parts.query))
        pool = options.pop("pool", "true").lower() not in {"0", "false", "no", "off"}
        if pool:
            options["pool"] = {"min_size": 1, "max_size": env_int("DATABASE_POOL_MAX", 10)}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # The pool keeps connections itself; persistent connections would fight it.
            "CONN_MAX_AGE": 0,
            # The pool tests a connection before handing it out, so after a database
            # restart the next request gets a fresh connection instead of an error.
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        path = parts.path[1:] if parts.path.startswith("//") else parts.path.lstrip("/")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path or ":memory:",
            "OPTIONS": SQLITE_OPTIONS,
        }
    raise ImproperlyConfigured(f"Unsupported DATABASE_URL scheme: {scheme!r}")


FILE_SYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"


def storage_from_env() -> dict:
    """The STORAGES entry for the files the app writes (export files): a storage
    class by dotted path in DJANGO_STORAGE_BACKEND (default: the file system under
    MEDIA_ROOT) with the keyword arguments in DJANGO_STORAGE_OPTIONS, a JSON object.

    Several hosts need one storage they all reach, e.g. S3 or MinIO through
    django-storages::

        DJANGO_STORAGE_BACKEND=storages.backends.s3.S3Storage
        DJANGO_STORAGE_OPTIONS='{"bucket_name": "planner", "endpoint_url": "http://minio:9000"}'

    Keys stay out of the JSON: django-storages reads AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY from the environment itself.
    """
    backend = env_str("DJANGO_STORAGE_BACKEND").strip() or FILE_SYSTEM_STORAGE
    raw = env_str("DJANGO_STORAGE_OPTIONS").strip()
    try:
        options = json.loads(raw) if raw else {}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DJANGO_STORAGE_OPTIONS must be a JSON object: {exc}") from exc
    if not isinstance(options, dict):
        raise ImproperlyConfigured('DJANGO_STORAGE_OPTIONS must be a JSON object, like {"a": 1}')
    entry: dict = {"BACKEND": backend}
    if options:
        entry["OPTIONS"] = options
    return entry


def cache_from_url(url: str) -> dict:
    """``redis://host:6379/1`` (or ``rediss://``) into a CACHES entry for Django's
    own Redis backend; every process on every host then shares one cache."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(f"DJANGO_CACHE_URL must be a redis:// URL, got {scheme!r}")
    # Short timeouts: a Redis that went away fails a request in seconds, not minutes.
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
