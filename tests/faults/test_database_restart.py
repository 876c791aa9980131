"""PostgreSQL restarted while the app is in use.

The test runs a PostgreSQL cluster of its own (``initdb`` in a temporary folder,
on a free port) so it can really restart it, and the app as in production: gunicorn
with the connection pool. A user logs in and works; the server restarts (every
connection the pool holds is now dead); the next request after it is back must
succeed, without the user noticing anything but the pause.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

from tests.faults import free_port

pytestmark = pytest.mark.services

ROOT = Path(__file__).resolve().parent.parent.parent
PG_BIN = Path(
    subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
    or "/usr/lib/postgresql/15/bin"
)


class Cluster:
    """A throwaway PostgreSQL server. PostgreSQL refuses to run as root, so under
    root it runs as the ``postgres`` system user."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        # The server started by pg_ctl writes to its log file, not to our pipes (a
        # pipe it inherited would keep this call waiting for it to exit).
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd="/tmp")

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
            "-w", "start",
        )  # fmt: skip

    def restart(self) -> None:
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-m", "fast", "-w",
            "restart",
        )  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster(tmp_path_factory):
    # Not under pytest's own temporary folder: the postgres user must be able to
    # reach it, and /tmp/pytest-of-root is closed to others.
    folder = Path(tmp_path_factory.getbasetemp().parent.parent) / f"planner-pg-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    server = Cluster(folder)
    server.init()
    server.start()
    yield server
    try:
        server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app(cluster, tmp_path):
    """Migrate and seed the cluster, then serve the app with gunicorn and the pool."""
    env = {
        **os.environ,
        "DATABASE_URL": cluster.url,
        "PLANNER_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("CELERY_BROKER_URL", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "planner.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
    yield base, tmp_path / "gunicorn.log"
    server.terminate()
    server.wait(timeout=10)
    log.close()


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = build_opener(HTTPCookieProcessor())

    def get(self, path: str):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read().decode()

    def post(self, path: str, data: dict[str, str]):
        from urllib.parse import urlencode

        page = self.get(path)[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = Request(self.base + path, data=body, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()


def test_the_first_request_after_a_restart_succeeds(cluster, app):
    base, log = app
    browser = Browser(base)
    login = {"username": "planner", "password": "demo-pass-2021"}
    status, page = browser.post("/accounts/login/", login)
    assert status == 200 and "退出" in page
    plan_path = re.search(r'href="(/plans/\d+/)"', page).group(1)
    # A few requests so the pool holds several connections, all soon to be dead.
    for _ in range(3):
        assert browser.get(plan_path)[0] == 200

    cluster.restart()

    status, page = browser.get(plan_path)
    assert status == 200, log.read_text()[-3000:]
    assert "规划纲要" in page
    # Still logged in: the session lives in the database and survived the restart.
    assert "退出" in page
    assert "Traceback" not in log.read_text()
