"""The public consultation (问计于民) of 示范县: readers, people with a suggestion,
and a few who send far too many.

Every simulated user stands for a stream of visitors: each visit is a new person,
with no cookies, a new address (sent as ``X-Forwarded-For``, as the reverse proxy
would; the server trusts one proxy) and an empty browser cache, so the first page
of a visit also fetches the stylesheets and the script. Between visits the next
person arrives after a short pause.

- Readers (all the users not counted below) open the county's page now and then,
  the consultation's page, and read a few chapters in order, ``$LOAD_READ``
  seconds on each (default ``10-60``).
- Submitters (``$LOAD_SUBMITTERS``, default 50) read the consultation and a
  chapter, open the suggestion form for that chapter, type for ``$LOAD_TYPING``
  seconds (default ``5-30``, never under 3.2 s: faster is taken for a robot and
  silently dropped) and send a text no one else sends; some then send a second one
  about the plan as a whole, and a few press 提交 again after the first went
  through (the page came back slowly, say), which must not store it twice.
- Flooders (``$LOAD_FLOODERS``, default 3) each keep one address and send a new
  suggestion every few seconds, as fast as the robot check lets a person; after
  ``PLANNER_SUGGESTIONS_PER_ADDRESS`` in the window they must get the 429 page in
  Chinese with ``Retry-After``. That 429 counts as a success here; any other
  answer to them, and any 429 to anyone else, is a failure.

Every suggestion sent (before it is sent), every one the server accepted (302 to
the thanks page), every repeat and every throttled attempt is written to
``$LOAD_LEDGER`` (one JSON line each) for report_public.py to count against the
database; no suggestion is sent once the run is stopping. FastHttpUser, so that the load
generator spends as little of the two cores as it can.
"""

import itertools
import json
import os
import random
import re
import threading
import time
import uuid

import gevent
from locust import FastHttpUser, between, events, task

with open(os.environ["LOAD_PUBLIC"], encoding="utf-8") as data_file:
    DATA = json.load(data_file)
CONSULTATION = DATA["consultation"]
CHAPTERS: list[int] = DATA["chapters"]
TOPICS: list[str] = DATA["topics"]
LEDGER_PATH = os.environ["LOAD_LEDGER"]
PER_ADDRESS = int(os.environ.get("PLANNER_SUGGESTIONS_PER_ADDRESS", "10"))
WINDOW = int(os.environ.get("PLANNER_SUGGESTION_WINDOW_MINUTES", "10")) * 60
SHORTEST_TYPING = 3.2  # the server refuses (silently) what comes in under 3 s


def _seconds(name: str, default: str) -> tuple[float, float]:
    low, high = os.environ.get(name, default).split("-")
    return float(low), float(high)


READ = _seconds("LOAD_READ", "10-60")
TYPING = _seconds("LOAD_TYPING", "5-30")

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED = re.compile(r'name="started" value="([^"]+)"')
ASSETS = re.compile(r'<(?:link rel="stylesheet"\s+href|script src)="([^"]+)"')
THROTTLED_PAGE = "提交过于频繁，请稍后再试"

COUNTY_PATH = f"/public/counties/{DATA['county']}/"
CONSULTATION_PATH = f"/public/consultations/{CONSULTATION}/"
SUGGEST_PATH = f"{CONSULTATION_PATH}suggest/"
THANKS_PATH = f"{CONSULTATION_PATH}thanks/"

# What a browser sends; the stylesheets come back compressed as they would.
BROWSER = {"Accept-Encoding": "gzip, br", "Accept-Language": "zh-CN,zh;q=0.9"}

_ledger_lock = threading.Lock()
_addresses = itertools.count(1)
_PROCESS = os.getpid() & 0xFFFF  # keeps addresses apart when Locust runs several processes


_stopping = threading.Event()


@events.test_stopping.add_listener
def _no_more_posts(**_kwargs):
    """Once the run ends, nobody starts sending (a user cut off between sending
    and the answer would leave a stored suggestion the ledger cannot vouch for)."""
    _stopping.set()


def record(kind: str, **fields) -> None:
    fields = {"kind": kind, "at": round(time.time(), 3), **fields}
    with _ledger_lock, open(LEDGER_PATH, "a", encoding="utf-8") as ledger:
        ledger.write(json.dumps(fields, ensure_ascii=False) + "\n")


def new_address() -> str:
    """An address no other visitor of this run has (documentation range, IPv6)."""
    return f"2001:db8:{_PROCESS:x}::{next(_addresses):x}"


def chapter_path(node_id: int) -> str:
    return f"{CONSULTATION_PATH}chapters/{node_id}/"


SUBJECTS = ("乡村公路", "养老服务", "义务教育", "污水处理", "产业园区", "公交线路")
WISHES = ("建议增加投入", "建议明确完成时限", "建议细化到乡镇", "建议补充考核指标")


def sentence() -> str:
    """A suggestion nobody else sends: a plausible sentence and a unique tag."""
    subject = random.choice(SUBJECTS)
    wish = random.choice(WISHES)
    return f"关于{subject}：{wish}。（负载测试{uuid.uuid4().hex}）"


class Visitor(FastHttpUser):
    abstract = True
    wait_time = between(1, 10)  # until the next person arrives on this "seat"

    def new_person(self) -> None:
        """A new visitor: no cookies, an address of their own, nothing cached."""
        self.client.cookiejar.clear()
        self.address = new_address()
        self.headers = {**BROWSER, "X-Forwarded-For": self.address}
        self.cached: set[str] = set()

    def page(self, path: str, name: str):
        response = self.client.get(path, name=name, headers=self.headers)
        if response.status_code == 200:
            # The browser then fetches what the page links to, once per visit.
            for asset in ASSETS.findall(response.text):
                if asset not in self.cached:
                    self.cached.add(asset)
                    self.client.get(asset, name="static file", headers=self.headers)
        return response

    def read(self, seconds: tuple[float, float] = READ) -> None:
        gevent.sleep(random.uniform(*seconds))


class Reader(Visitor):
    weight = 1  # the users left once submitters and flooders are counted

    @task
    def visit(self) -> None:
        self.new_person()
        if random.random() < 0.3:
            self.page(COUNTY_PATH, "county page")
            self.read((3, 10))
        self.page(CONSULTATION_PATH, "consultation page")
        self.read()
        # A few chapters in order, from where the table of contents took them.
        start = random.randrange(len(CHAPTERS))
        for node_id in CHAPTERS[start : start + random.randint(2, 6)]:
            self.page(chapter_path(node_id), "chapter page")
            self.read()


class Submitter(Visitor):
    fixed_count = int(os.environ.get("LOAD_SUBMITTERS", "50"))

    @task
    def visit(self) -> None:
        self.new_person()
        self.page(CONSULTATION_PATH, "consultation page")
        self.read((5, 20))
        node_id = random.choice(CHAPTERS)
        self.page(chapter_path(node_id), "chapter page")
        self.read((5, 20))
        self.suggest(node_id, repeat=random.random() < 0.05)
        if random.random() < 0.3:
            self.read((3, 10))
            self.suggest(None)

    def suggest(self, node_id: int | None, repeat: bool = False) -> None:
        query = f"?node={node_id}" if node_id else ""
        form = self.page(f"{SUGGEST_PATH}{query}", "suggestion form")
        if form.status_code != 200:
            return
        self.read((max(SHORTEST_TYPING, TYPING[0]), max(SHORTEST_TYPING, TYPING[1])))
        data = {
            "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
            "started": STARTED.search(form.text).group(1),
            "text": sentence(),
            "quote": "",
            "topic": random.choice(["", *TOPICS]),
            "name": random.choice(["", "王先生", "李女士"]),
            "organisation": "",
            "contact": random.choice(["", "13800000000"]),
            "website": "",
        }
        if node_id:
            data["node"] = str(node_id)
        if not self.post(data, "submit suggestion"):
            return
        if repeat:
            self.read((1, 3))
            self.post(data, "submit suggestion again", kind="repeat")
        self.page(THANKS_PATH, "thanks page")

    def post(self, data: dict, name: str, kind: str = "suggestion") -> bool:
        if _stopping.is_set():
            return False
        record("sent", address=self.address, text=data["text"])
        with self.client.post(
            SUGGEST_PATH,
            data=data,
            name=name,
            headers=self.headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and response.headers.get("Location", "").endswith(
                THANKS_PATH
            ):
                record(kind, address=self.address, text=data["text"], node=data.get("node"))
                return True
            response.failure(f"suggestion answered {response.status_code}")
            return False


class Flooder(Visitor):
    """One address that sends suggestion after suggestion, each through a fresh
    form and after the shortest pause the robot check allows."""

    fixed_count = int(os.environ.get("LOAD_FLOODERS", "3"))
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.new_person()  # and stays that person, at that address, for the whole run

    @task
    def flood(self) -> None:
        form = self.page(SUGGEST_PATH, "suggestion form")
        if form.status_code != 200:
            return
        gevent.sleep(SHORTEST_TYPING)
        if _stopping.is_set():
            return
        text = sentence()
        record("sent", address=self.address, text=text)
        with self.client.post(
            SUGGEST_PATH,
            data={
                "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
                "started": STARTED.search(form.text).group(1),
                "text": text,
                "website": "",
            },
            name="flood suggestion",
            headers=self.headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                record("suggestion", address=self.address, text=text, node=None, flood=True)
                return
            if response.status_code != 429:
                response.failure(f"flood answered {response.status_code}")
                return
            problems = []
            if THROTTLED_PAGE not in response.text:
                problems.append("no Chinese explanation")
            if response.headers.get("Retry-After") != str(WINDOW):
                problems.append(f"Retry-After {response.headers.get('Retry-After')!r}")
            if not response.headers.get("Content-Type", "").startswith("text/html"):
                problems.append(f"Content-Type {response.headers.get('Content-Type')!r}")
            if problems:
                response.failure("429 page: " + ", ".join(problems))
                return
            response.success()
            record("throttled", address=self.address, text=text)
