"""The embedded mode (SQLite) under several people at once.

Run in a separate process against a real SQLite file, because the test database
of the suite is in memory and behaves differently under concurrent connections.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _run(tmp_path, *args) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}},
        "PLANNER_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "planner.settings",
    }
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_five_people_posting_opinions_at_once_all_succeed(tmp_path):
    migrate = _run(tmp_path, "manage.py", "migrate", "--noinput")
    assert migrate.returncode == 0, migrate.stderr
    result = _run(tmp_path, "tests/embedded/race_opinions.py", "5")
    assert result.returncode == 0, result.stderr
    # Without IMMEDIATE transactions, the readers that then write fail with
    # "database is locked" instead of waiting their turn.
    assert "opinions=5 errors=0" in result.stdout, result.stdout
