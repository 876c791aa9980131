"""A deadline day in 示范县: 200 people on one plan at once.

Drafters open the chapters their department leads, type for a few seconds and
save with the version token the page gave them — colleagues of the same department
work on the same chapters, so some saves come back as a conflict (409), and the
drafter saves again deliberately from the conflict page, as the page invites.
Reviewers read and leave opinions on the chapters they countersign; coordinators
watch the assignment board, the self-check and the opinions, and ask for PDF
drafts; leaders read. Everyone also browses the overview and other chapters.

Every accepted save and opinion is written to ``$LOAD_LEDGER`` (one JSON line
each) so that ``verify.py`` can count them against the database afterwards.

Started by run.sh; the user list comes from prepare.py (``$LOAD_USERS``). Think
time between actions is ``$LOAD_WAIT`` seconds (default ``5-20``), typing before a
save or an opinion ``$LOAD_TYPING`` seconds (default ``10-30``).
"""

import html
import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, events, task

with open(os.environ["LOAD_USERS"], encoding="utf-8") as users_file:
    DATA = json.load(users_file)
PLAN = DATA["plan"]
DOCUMENT = DATA["document"]
LEDGER_PATH = os.environ["LOAD_LEDGER"]
_accounts = {
    role: iter([u for u in DATA["users"] if u["role"] == role])
    for role in ("drafter", "reviewer", "coordinator", "leader")
}
_accounts_lock = threading.Lock()
_ledger_lock = threading.Lock()
_sequence = itertools.count(1)


def _seconds(name: str, default: str) -> tuple[float, float]:
    low, high = os.environ.get(name, default).split("-")
    return float(low), float(high)


WAIT = _seconds("LOAD_WAIT", "5-20")
TYPING = _seconds("LOAD_TYPING", "10-30")
MARK = re.compile(r"<p>【负载测试[^<]*】</p>")

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="loaded_version" value="(\d+)"')
BODY = re.compile(r'<textarea name="body"[^>]*>(.*?)</textarea>', re.S)
DEPARTMENT = re.compile(r'name="department" value="(\d+)"')


def record(kind: str, **fields) -> None:
    with _ledger_lock, open(LEDGER_PATH, "a", encoding="utf-8") as ledger:
        ledger.write(json.dumps({"kind": kind, **fields}, ensure_ascii=False) + "\n")


@events.test_start.add_listener
def _empty_ledger(**_kwargs):
    open(LEDGER_PATH, "w").close()


def _count(role: str) -> int:
    return sum(1 for u in DATA["users"] if u["role"] == role)


class Staff(HttpUser):
    abstract = True
    role = ""
    wait_time = between(*WAIT)

    def on_start(self) -> None:
        with _accounts_lock:
            self.account = next(_accounts[self.role])
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.account["username"],
                "password": DATA["password"],
                "csrfmiddlewaretoken": token,
            },
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused ({response.status_code})")
        self.plan_path = f"/plans/{PLAN}/"
        # The outline's own pages (nodes, opinions, assignments, exports).
        self.document_path = f"/documents/{DOCUMENT}/"

    # Everyone ----------------------------------------------------------------

    def node_path(self, node_id: int) -> str:
        return f"{self.document_path}nodes/{node_id}/"

    @task(3)
    def browse(self) -> None:
        self.client.get(self.plan_path, name="plan overview")
        self.client.get(self.node_path(random.choice(DATA["nodes"])), name="node page")

    @task(1)
    def parts(self) -> None:
        kind = random.choice(DATA["parts"])
        self.client.get(f"{self.plan_path}parts/{kind}/", name="part list")

    @task(1)
    def inbox(self) -> None:
        self.client.get("/inbox/", name="inbox")
        self.client.get("/", name="dashboard")

    def wait_typing(self) -> None:
        import gevent

        gevent.sleep(random.uniform(*TYPING))


class Drafter(Staff):
    role = "drafter"
    fixed_count = _count(role)

    @task(6)
    def draft(self) -> None:
        node_id = random.choice(self.account["edits"])
        path = self.node_path(node_id)
        page = self.client.get(path, name="node page")
        version, body = VERSION.search(page.text), BODY.search(page.text)
        if not version or not body:
            return  # the chapter went to countersign meanwhile: nothing to edit
        self.wait_typing()
        text = MARK.sub("", html.unescape(body.group(1)))
        self.save(path, node_id, version.group(1), text, CSRF.search(page.text).group(1))

    def save(self, path: str, node_id: int, version: str, text: str, token: str) -> None:
        marker = f"【负载测试{self.account['username']}-{next(_sequence)}】"
        data = {
            "body": f"{text}<p>{marker}</p>",
            "loaded_version": version,
            "csrfmiddlewaretoken": token,
        }
        for attempt in ("save node", "save node again after conflict"):
            with self.client.post(
                path, data=data, name=attempt, allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code == 302:
                    response.success()
                    record("save", node=node_id, marker=marker, user=self.account["username"])
                    self.client.get(path, name="node page")
                    return
                if response.status_code != 409:
                    response.failure(f"save answered {response.status_code}")
                    return
                # A colleague saved first: the conflict page keeps this user's text
                # and carries the current version; save again on purpose once.
                response.success()
                record("conflict", node=node_id, user=self.account["username"])
                version = VERSION.search(response.text)
                if not version:
                    return  # sent to countersign meanwhile: the text is shown back
                data["loaded_version"] = version.group(1)
                data["csrfmiddlewaretoken"] = CSRF.search(response.text).group(1)


class Reviewer(Staff):
    role = "reviewer"
    fixed_count = _count(role)

    @task(4)
    def review(self) -> None:
        node_id = random.choice(self.account["reviews"])
        path = self.node_path(node_id)
        page = self.client.get(path, name="node page")
        self.wait_typing()
        number = next(_sequence)
        data = {
            "text": f"负载测试意见{self.account['username']}-{number}：建议补充分年度安排。",
            "quote": "",
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
        }
        department = DEPARTMENT.search(page.text)
        if department:
            data["department"] = department.group(1)
        with self.client.post(
            f"{path}opinions/new/",
            data=data,
            name="leave opinion",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                record("opinion", node=node_id, text=data["text"])
            else:
                response.failure(f"opinion answered {response.status_code}")
        self.client.get(f"{self.document_path}opinions/", name="opinion list")


class Leader(Staff):
    role = "leader"
    fixed_count = _count(role)

    @task(3)
    def oversee(self) -> None:
        self.client.get(f"{self.plan_path}checks/", name="self-check")


class Coordinator(Staff):
    role = "coordinator"
    fixed_count = _count(role)

    @task(3)
    def oversee(self) -> None:
        self.client.get(f"{self.plan_path}checks/", name="self-check")
        self.client.get(f"{self.document_path}assignments/", name="assignment board")
        self.client.get(f"{self.document_path}opinions/", name="opinion list")

    @task(1)
    def export(self) -> None:
        listing = self.client.get(f"{self.document_path}exports/", name="export list")
        token = CSRF.search(listing.text)
        if not token:
            return
        with self.client.post(
            f"{self.document_path}exports/new/",
            data={"csrfmiddlewaretoken": token.group(1), "kind": "plan"},
            name="ask for PDF",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"export answered {response.status_code}")
                return
            record("export", job=response.headers["Location"])
            job = response.headers["Location"]
        # Watch the progress for a while, as the job page does by itself.
        for _ in range(3):
            self.wait_poll()
            self.client.get(job, name="export job page", headers={"HX-Request": "true"})

    def wait_poll(self) -> None:
        import gevent

        gevent.sleep(1)
