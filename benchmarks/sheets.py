"""Spreadsheets: the template download, a 1,000-row project import, the reader's limits.

Template — the 重大项目 template filled with every row (the planning office,
``?rows=all``) and with 教育局's rows (``edu``, ``?rows=department``), through the
test client against the real view and the exporter pipeline: the steady state (the
finished file is reused), the same request after a change to the plan before each
run (the fingerprint moves: the self-check and the render run again, as after any
edit), and ``template_workbook`` called directly.

Import — the real template downloaded by the planning office, opened with openpyxl
and its rows replaced by 1,000 (and, for the query counts, 100) realistic rows:
nine in ten new projects and one in ten existing ones changed, typed as people type
them (“1,200”, “1.2亿”, “２０２２—２０２４”, “2023年至2025年”, chapter and task names).
Timed: the upload (POST to ``sheet_import``) plus the preview with its dry run
(GET ``sheet_import_preview``), and the confirmation (POST ``confirm=1``), the demo
reseeded before each confirmation. Queries are counted per request with
``CaptureQueriesContext`` in separate, untimed passes.

The template table also times the render with ``select_related("key_task")`` added
to the items' query, to show what the per-row lookups of the supported task cost.

Reading limits — ``read_sheet`` in a fresh process on a 100,000-row workbook (it is
refused at the row limit; its rows fill only the required columns so that the file
stays under the 10 MB upload limit) and on a 5,000-row one (the most allowed): CPU
and wall time, and the high-water mark of the resident set during the read (reset
through /proc/self/clear_refs just before it), with tracemalloc's Python peak.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/sheets.py [--scale 1 4] [--repeat 10] \\
        [--confirm-repeat 3] [--profile]

``--profile`` prints cProfile's top 15 (cumulative) of every step, once, after its
timings.

With BENCH_DATABASE_URL the database ``planner_bench_sheets`` is dropped, created,
migrated and seeded on that server; without it, a throw-away SQLite file is used.
"""

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB_NAME = "planner_bench_sheets"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEMPLATE_TARGET = 0.5
PREVIEW_TARGET = 3.0
CONFIRM_TARGET = 5.0


# Set-up ---------------------------------------------------------------------------------


def configure() -> tuple[str, dict]:
    """Point this process (and the read subprocesses) at a database of our own,
    migrated from scratch."""
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    var = tempfile.mkdtemp(prefix="planner-sheets-bench-")
    env.update(
        PLANNER_VAR_DIR=var,
        DJANGO_SETTINGS_MODULE="planner.settings",
        DJANGO_DEBUG="false",
    )
    bench_url = os.environ.get("BENCH_DATABASE_URL")
    if bench_url:
        env["DATABASE_URL"] = bench_url.rsplit("/", 1)[0] + "/" + DB_NAME
        pg = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", *pg, "--if-exists", DB_NAME], check=True)
        subprocess.run(["createdb", *pg, DB_NAME], check=True)
        engine = "PostgreSQL"
    else:
        env.pop("DATABASE_URL", None)
        engine = "SQLite"
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True, cwd=ROOT
    )
    os.environ.update(env)
    for name in ("DATABASE_URL", "CELERY_BROKER_URL"):
        if name not in env:
            os.environ.pop(name, None)
    return engine, env


def timed(fn, *args, **kwargs):
    """((wall s, CPU s of this process), result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - wall, time.process_time() - cpu), result


def stats(samples: list[tuple[float, float]]) -> dict:
    walls = [w for w, _c in samples]
    cpus = [c for _w, c in samples]
    return {
        "median": statistics.median(walls),
        "max": max(walls),
        "cpu": statistics.median(cpus),
        "runs": len(samples),
    }


# Frames that only pass the request on (the test client, the middleware, the
# handler, the export job's heartbeat thread that cProfile charges with the render):
# left out of the profiles so that the top 15 say where the time goes.
_WRAPPERS = (
    r"^(?!.*(django/test/client|middleware|core/handlers|deprecation\.py|"
    r"views/decorators|benchmarks/sheets\.py|contextlib|utils/decorators|"
    r"threading\.py|_thread|heartbeat|builtins\.next))"
)


def profile(label: str, fn, *args, **kwargs):
    profiler = cProfile.Profile()
    result = profiler.runcall(fn, *args, **kwargs)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(_WRAPPERS, 15)
    print(f"\n#### cProfile: {label} (top 15 by cumulative time, request wrappers left out)\n")
    print("```")
    lines = out.getvalue().splitlines()
    print("\n".join(line.rstrip() for line in lines if line.strip() and "List reduced" not in line))
    print("```")
    return result


def machine() -> str:
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}"


def revision() -> str:
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--short", "--", "apps", "templates", "planner"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.split("\n")
    changed = [line[3:] for line in dirty if line.strip()]
    return head + (f" with uncommitted changes to {', '.join(changed)}" if changed else "")


# The plan -----------------------------------------------------------------------------------


class Demo:
    """The seeded demo plan, its outline and the two users' clients."""

    def __init__(self, scale: int):
        from django.test import Client

        from apps.accounts.models import Department, User
        from apps.demo.seed import seed_demo
        from apps.plans.parts import registry

        self.scale = scale
        self.plan = seed_demo(scale=scale, reset=True)
        self.document = self.plan.outline
        self.part = registry.get("major-projects")
        self.planner = User.objects.get(username="planner")
        self.edu = User.objects.get(username="edu")
        self.education = Department.objects.get(county_id=self.plan.county_id, name="教育局")
        self.clients = {}
        for user in (self.planner, self.edu):
            client = Client()
            client.force_login(user)
            self.clients[user.username] = client

    def url(self, name: str, **kwargs) -> str:
        from django.urls import reverse

        return reverse(
            name, kwargs={"document_id": self.document.pk, "slug": self.part.slug, **kwargs}
        )

    def template_url(self, who: str) -> str:
        if who == "planner":
            return self.url("sheet_template") + "?rows=all"
        return self.url("sheet_template") + f"?rows=department&department={self.education.pk}"

    def touch(self) -> None:
        """A change to the plan, as any save makes: the content stamp moves, so the
        next export is made again (and the self-check run again)."""
        from django.db.models import F

        from apps.delivery.models import MajorProject

        first = MajorProject.objects.filter(plan=self.plan).order_by("pk").first()
        MajorProject.objects.filter(pk=first.pk).update(version=F("version") + 1)


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == XLSX, response["Content-Type"]
    return response.content


# Part 1: the template ------------------------------------------------------------------------


def bench_template(demo: Demo, repeat: int, do_profile: bool) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.exports.excel import importing
    from apps.exports.excel.workbook import template_workbook

    rows = []
    plan = demo.plan
    plan.outline = demo.document
    label = f"scale {demo.scale}"
    for who in ("planner", "edu"):
        client = demo.clients[who]
        url = demo.template_url(who)
        content = download(client, url)  # warm: templates, content types, the first file

        reused = [timed(download, client, url)[0] for _ in range(repeat)]
        # Counted at once: the next request clears the connection's query log.
        with CaptureQueriesContext(connection) as queries:
            download(client, url)
        reused_queries = len(queries)

        fresh = []
        for _ in range(repeat):
            demo.touch()
            fresh.append(timed(download, client, url)[0])
        demo.touch()
        with CaptureQueriesContext(connection) as queries:
            download(client, url)
        fresh_queries = len(queries)

        department = demo.education if who == "edu" else None
        scope = "department" if who == "edu" else "all"
        form = importing.blank_form(demo.part, plan, None)
        title = importing.template_title(demo.part, plan, department)

        def render(form=form, title=title, scope=scope, department=department):
            # The items' query is evaluated inside, as in the exporter.
            items = importing.template_items(demo.part, plan, scope=scope, department=department)
            return template_workbook(demo.part, form, title, items)

        direct = [timed(render)[0] for _ in range(repeat)]

        def joined(form=form, title=title, scope=scope, department=department):
            # The same with the supported task read in the items' query: what the
            # key_task lookups cost (export_value reads item.key_task per row).
            items = importing.template_items(demo.part, plan, scope=scope, department=department)
            return template_workbook(demo.part, form, title, items.select_related("key_task"))

        with_task = [timed(joined)[0] for _ in range(repeat)]
        with CaptureQueriesContext(connection) as queries:
            render()
        direct_queries = len(queries)
        if do_profile:
            demo.touch()
            profile(f"template download as {who} after a change, {label}", download, client, url)
            profile(f"template_workbook, {who}'s rows, {label}", render)
        rows.append(
            {
                "who": who,
                "rows": _data_rows(content),
                "kb": len(content) / 1024,
                "reused": stats(reused),
                "reused_queries": reused_queries,
                "fresh": stats(fresh),
                "fresh_queries": fresh_queries,
                "direct": stats(direct),
                "direct_queries": direct_queries,
                "joined": stats(with_task),
            }
        )
    return rows


def _data_rows(content: bytes) -> int:
    from openpyxl import load_workbook

    from apps.exports.excel.workbook import FIRST_ROW

    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return sum(
        1
        for row in sheet.iter_rows(min_row=FIRST_ROW, values_only=True)
        if any(v not in (None, "") for v in row)
    )


# Part 2: the import ---------------------------------------------------------------------------


PLACES = [
    "城关镇",
    "城南街道",
    "城北街道",
    "东山乡",
    "西河镇",
    "南湖镇",
    "北岭乡",
    "高新区",
    "经开区",
    "青石镇",
]
WORKS = [
    (
        "交通",
        "{p}至{q}公路改扩建工程",
        "改扩建二级公路{n}公里，新建桥梁{m}座，配套建设排水、照明和交通安全设施。",
    ),
    (
        "水利",
        "{p}中小河流综合治理工程",
        "治理河道{n}公里，新建堤防{m}公里，配套建设生态护岸和巡河道路。",
    ),
    (
        "城乡建设",
        "{p}老旧小区改造工程",
        "改造老旧小区{m}个，涉及住户{n}00户，改造供排水、供气管网和屋面。",
    ),
    (
        "社会民生",
        "{p}中心学校扩建工程",
        "新建教学楼{m}栋、学生宿舍{m}栋，总建筑面积{n}000平方米，增加学位{n}00个。",
    ),
    (
        "产业发展",
        "{p}智能装备产业园（{n}期）",
        "建设标准厂房{n}万平方米及研发中心，引进智能装备企业{m}家。",
    ),
    (
        "生态环保",
        "{p}污水处理厂提标改造工程",
        "处理规模提升至{n}万吨/日，出水达到一级A标准，新建配套管网{m}公里。",
    ),
    ("农业农村", "{p}高标准农田建设项目", "建设高标准农田{n}万亩，配套灌溉渠系{m}公里和田间道路。"),
    (
        "文化旅游",
        "{p}历史文化街区保护利用项目",
        "修缮历史建筑{m}处，改造街巷{n}公里，完善游客服务设施。",
    ),
    (
        "能源",
        "{p}分布式光伏发电项目",
        "利用公共建筑屋顶建设分布式光伏{n}万千瓦，配套储能{m}兆瓦时。",
    ),
    (
        "新型基础设施",
        "{p}5G网络和算力中心建设",
        "新建5G基站{n}0个，建设边缘计算节点{m}个，覆盖重点园区和乡镇。",
    ),
]
UNITS = [
    "县交通运输局",
    "县水利局",
    "县住房和城乡建设局",
    "县教育局",
    "县工业和信息化局",
    "县生态环境分局",
    "县农业农村局",
    "县文化广电旅游局",
    "县发展和改革局",
]
PREPARATION = [
    "已完成可研批复",
    "正在办理用地预审",
    "已列入省重点项目前期计划",
    "项目建议书已批复",
    "正在编制初步设计",
    "",
]
LIBRARY = ["市级项目库", "省级项目库", "国家重大项目库", "未入库", ""]
SIGNIFICANCE = ["要事", "大事", "大事", "实事", "实事"]
LEVEL = ["县级", "县级", "市级", "省级"]
INFRA = ["5G", "物联网", "工业互联网", "人工智能", "云计算", "数据中心"]
FULL_WIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")


def _money(rng: random.Random, value: int):
    """An amount in 万元, typed one of the ways people type it."""
    style = rng.randrange(6)
    if style == 0:
        return value  # a number cell
    if style == 1:
        return f"{value:,}"  # “12,000”
    if style == 2 and value % 1000 == 0:
        return f"{value / 10000:g}亿"  # “1.2亿”, converted with a note
    if style == 3:
        return f"{value}万元"
    if style == 4:
        return f"{value:,}".translate(FULL_WIDTH)  # full-width digits
    return f" {value} "  # blanks around


def _years(rng: random.Random, start: int, end: int):
    style = rng.randrange(6)
    if start == end:
        return start if style % 2 else f"{start}年"
    return [
        f"{start}-{end}",
        f"{start}—{end}",
        f"{start}年至{end}年",
        f"{start}.3-{end}.12",
        f"{start}~{end}",
        f"{start}-{end}".translate(FULL_WIDTH),
    ][style]


def new_project(
    rng: random.Random, index: int, first: int, tasks: list[str], nodes: list[str]
) -> dict:
    category, name, content = WORKS[index % len(WORKS)]
    place, other = rng.sample(PLACES, 2)
    n, m = rng.randint(2, 30), rng.randint(1, 9)
    roll = rng.random()
    if roll < 0.6:
        nature, start = "新建", rng.randint(first, first + 3)
        end = rng.randint(start, first + 4)
    elif roll < 0.85:
        nature, start = "续建", rng.randint(first - 4, first - 1)
        end = rng.randint(first, first + 4)
    else:
        nature, start = "前期", rng.randint(first + 1, first + 4)
        end = rng.randint(start, first + 6)
    total = rng.choice(
        [rng.randint(8, 400) * 100, rng.randint(1, 30) * 1000, rng.randint(2, 50) * 10000]
    )
    period = total if nature != "续建" else total * rng.randint(4, 9) // 10
    shares = rng.choice(
        [
            (40, 20, 30, 10, 0),
            (100, 0, 0, 0, 0),
            (20, 30, 50, 0, 0),
            (0, 0, 60, 40, 0),
            (30, 0, 0, 0, 0),
        ]
    )
    funding = [total * s // 100 for s in shares]
    return {
        "name": name.format(p=place, q=other, n=n) + f"（{index + 1}）",
        "significance": rng.choice(SIGNIFICANCE),
        "category": category,
        "new_infra_kind": rng.choice(INFRA) if category == "新型基础设施" else None,
        "nature": nature,
        "level": rng.choice(LEVEL),
        "location": place,
        "content_scale": content.format(n=n, m=m),
        "years": _years(rng, start, end),
        "total_investment": _money(rng, total),
        "period_investment": _money(rng, period),
        "funding_government": _money(rng, funding[0]) if funding[0] else None,
        "funding_special_bonds": _money(rng, funding[1]) if funding[1] else None,
        "funding_social": _money(rng, funding[2]) if funding[2] else None,
        "funding_loans": _money(rng, funding[3]) if funding[3] else None,
        "funding_other": None,
        "lead_unit": UNITS[index % len(UNITS)],
        "cooperating_units": "、".join(rng.sample(UNITS, 2)),
        "preparation": rng.choice(PREPARATION),
        "higher_library": rng.choice(LIBRARY),
        "key_task": rng.choice(tasks) if tasks and rng.random() < 0.5 else None,
        "node": rng.choice(nodes) if nodes and rng.random() < 0.4 else None,
    }


def changed_project(rng: random.Random, values: dict) -> dict:
    """An existing row as a department sends it back: more money, a new stage of
    preparation, the same years typed differently."""
    from decimal import Decimal

    from apps.core.cells import year_span

    changed = dict(values)
    total = Decimal(str(values["total_investment"] or 0))
    if total:
        raised = int(total * Decimal("1.1")) + 1
        changed["total_investment"] = f"{raised:,}"
    changed["preparation"] = rng.choice(["已完成初步设计批复", "已开工建设", "已完成施工图审查"])
    start, end = year_span(values["years"])
    if start and end:
        changed["years"] = _years(rng, start, end)
    return changed


def project_workbook(demo: Demo, count: int, seed: int = 1) -> tuple[bytes, int, int]:
    """The template with every row, downloaded as the planning office, its rows
    replaced by ``count`` rows: a tenth updates of existing projects, the rest new."""
    from openpyxl import load_workbook

    from apps.delivery.models import KeyTask
    from apps.exports.excel.workbook import FIRST_ROW, HEADER_ROW

    rng = random.Random(seed)
    content = download(demo.clients["planner"], demo.template_url("planner"))
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    labels = {str(c.label): c.key for c in demo.part.import_columns}
    keys = {}
    for cell in sheet[HEADER_ROW]:
        head = str(cell.value or "").lstrip("*")
        if cell.column == 1:
            keys[1] = "id"
        elif head in labels:
            keys[cell.column] = labels[head]
    existing = []
    for row in sheet.iter_rows(min_row=FIRST_ROW, max_row=sheet.max_row):
        values = {keys[c.column]: c.value for c in row if c.column in keys}
        if values.get("id"):
            existing.append(values)
    nodes = sorted({v["node"] for v in existing if v.get("node")})
    tasks = [str(t) for t in KeyTask.objects.filter(plan=demo.plan).order_by("pk")]
    first = demo.plan.base_year + 1
    updates = min(len(existing), count // 10)
    rows = [changed_project(rng, v) for v in rng.sample(existing, updates)]
    rows += [new_project(rng, i, first, tasks, nodes) for i in range(count - updates)]
    rng.shuffle(rows)
    last = max(sheet.max_row, FIRST_ROW + count)
    for r in range(FIRST_ROW, last + 1):
        values = rows[r - FIRST_ROW] if r - FIRST_ROW < len(rows) else {}
        for column, key in keys.items():
            # (``cell(value=None)`` would leave the template's value in place.)
            sheet.cell(row=r, column=column).value = values.get(key)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), updates, count - updates


def upload(demo: Demo, data: bytes) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.plans.models import SheetImport

    client = demo.clients["planner"]
    response = client.post(
        demo.url("sheet_import"),
        {"file": SimpleUploadedFile("重大项目-各部门汇总.xlsx", data, content_type=XLSX)},
    )
    assert response.status_code == 302, (response.status_code, response.content[:3000])
    import_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    status = SheetImport.objects.values_list("status", flat=True).get(pk=import_id)
    assert status == SheetImport.Status.PENDING, f"read by the worker, not in the request: {status}"
    return import_id


def preview(demo: Demo, import_id: int) -> None:
    response = demo.clients["planner"].get(demo.url("sheet_import_preview", import_id=import_id))
    assert response.status_code == 200, response.status_code


def upload_and_preview(demo: Demo, data: bytes) -> int:
    import_id = upload(demo, data)
    preview(demo, import_id)
    return import_id


def confirm(demo: Demo, import_id: int) -> None:
    from apps.plans.models import SheetImport

    response = demo.clients["planner"].post(
        demo.url("sheet_import_preview", import_id=import_id), {"confirm": "1"}
    )
    assert response.status_code == 302, response.status_code
    status = SheetImport.objects.values_list("status", flat=True).get(pk=import_id)
    assert status == SheetImport.Status.APPLIED, status


def outcome(demo: Demo, import_id: int) -> dict:
    """What the dry run says of the rows (called outside the timings)."""
    from apps.exports.excel import importing
    from apps.plans.access import PlanAccess
    from apps.plans.models import SheetImport
    from apps.plans.policy import principal_for

    sheet_import = SheetImport.objects.get(pk=import_id)
    plan = demo.plan
    plan.outline = demo.document
    access = PlanAccess(plan, principal_for(demo.planner, plan.county_id), demo.document)
    result = importing.run(sheet_import, demo.part, access, actor=demo.planner, dry_run=True)
    counts = {a: result.count(a) for a in ("add", "update", "unchanged", "error")}
    counts["notes"] = sum(1 for r in result.rows if r.notes)
    counts["first_errors"] = [(r.number, r.errors) for r in result.errors[:3]]
    return counts


def _shapes(queries) -> "dict[str, int]":
    """Queries with their numbers blanked, counted: to say which ones differ."""
    import re
    from collections import Counter

    return Counter(re.sub(r"\d+", "N", q["sql"])[:150] for q in queries.captured_queries)


def bench_import(scale: int, repeat: int, confirm_repeat: int, do_profile: bool) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.delivery.models import MajorProject

    demo = Demo(scale)
    data, updates, adds = project_workbook(demo, 1000)
    found = {"kb": len(data) / 1024, "updates": updates, "adds": adds, "scale": scale}

    # Once untimed (templates, content types), then the upload and the preview.
    first = upload_and_preview(demo, data)
    found["outcome"] = outcome(demo, first)
    uploads, previews, both = [], [], []
    for _ in range(repeat):
        up, import_id = timed(upload, demo, data)
        view, _none = timed(preview, demo, import_id)
        uploads.append(up)
        previews.append(view)
        both.append((up[0] + view[0], up[1] + view[1]))
    found["upload"] = stats(uploads)
    found["preview"] = stats(previews)
    found["upload_preview"] = stats(both)
    if do_profile:
        import_id = profile(
            f"upload (POST sheet_import), 1,000 rows, scale {scale}", upload, demo, data
        )
        profile(
            f"preview with the dry run (GET), 1,000 rows, scale {scale}", preview, demo, import_id
        )

    # The confirmation writes: the demo is seeded again before each one.
    confirms, after = [], []
    for _run_index in range(confirm_repeat):
        demo = Demo(scale)
        data, _u, _a = project_workbook(demo, 1000)
        import_id = upload_and_preview(demo, data)
        before = MajorProject.objects.filter(plan=demo.plan).count()
        confirms.append(timed(confirm, demo, import_id)[0])
        found["written"] = MajorProject.objects.filter(plan=demo.plan).count() - before
        after.append(timed(preview, demo, import_id)[0])
    found["confirm"] = stats(confirms)
    found["after"] = stats(after)
    if do_profile:
        demo = Demo(scale)
        data, _u, _a = project_workbook(demo, 1000)
        import_id = upload_and_preview(demo, data)
        profile(f"confirm (POST confirm=1), 1,000 rows, scale {scale}", confirm, demo, import_id)

    # Queries per request, 100 rows against 1,000 rows, each on a fresh seed after
    # one untimed upload and preview (the state every timed request above had).
    found["queries"] = {}
    shapes = {}
    for count in (100, 1000):
        demo = Demo(scale)
        data, _u, _a = project_workbook(demo, count)
        upload_and_preview(demo, data)
        # Each count taken at once: the next request clears the connection's log.
        with CaptureQueriesContext(connection) as queries:
            import_id = upload(demo, data)
        upload_queries = len(queries)
        with CaptureQueriesContext(connection) as queries:
            preview(demo, import_id)
        preview_queries = _shapes(queries)
        counts = outcome(demo, import_id)
        with CaptureQueriesContext(connection) as queries:
            confirm(demo, import_id)
        confirm_queries = _shapes(queries)
        found["queries"][count] = {
            "upload": upload_queries,
            "preview": sum(preview_queries.values()),
            "confirm": sum(confirm_queries.values()),
            "outcome": counts,
        }
        shapes[count] = {"preview": preview_queries, "confirm": confirm_queries}
    found["differ"] = [
        (step, sql, shapes[100][step][sql], shapes[1000][step][sql])
        for step in ("preview", "confirm")
        for sql in sorted(set(shapes[100][step]) | set(shapes[1000][step]))
        if shapes[100][step][sql] != shapes[1000][step][sql]
    ]
    return found


# Part 3: the reader's limits -------------------------------------------------------------------


READ = """
import json, os, re, sys, time
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "planner.settings"
import django
django.setup()
from apps.exports.excel.reader import SheetFileError, read_sheet
from apps.plans.parts import registry

def status(name):
    found = re.search(name + r":\\s+(\\d+) kB", open("/proc/self/status").read())
    return int(found.group(1)) / 1024

columns = registry.get("major-projects").import_columns
data = open({path!r}, "rb").read()
trace = {trace!r}
if trace:
    import tracemalloc
    tracemalloc.start()
# The high-water mark from here on: what the read itself takes.
with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")
before = status("VmRSS")
cpu, wall = time.process_time(), time.perf_counter()
try:
    outcome = str(len(read_sheet(data, columns).rows)) + " rows read"
except SheetFileError as exc:
    outcome = "refused: " + exc.message
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
out = {{"cpu": cpu, "wall": wall, "outcome": outcome, "before_mb": before,
        "peak_mb": status("VmHWM")}}
if trace:
    out["traced_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
print(json.dumps(out))
"""


# The columns a lean row fills: those the form requires, and the lead unit.
LEAN = {
    "name",
    "significance",
    "category",
    "nature",
    "content_scale",
    "years",
    "total_investment",
    "period_investment",
    "lead_unit",
}


def big_workbook(path: Path, header: list, count: int, first: int, lean: bool) -> None:
    """``count`` new-project rows under the template's title and header, written
    streaming (openpyxl's write-only mode), with the hidden id column empty; lean
    rows fill only the required columns, so 100,000 of them stay under the upload
    limit (10 MB) and what refuses the file is the row limit."""
    from openpyxl import Workbook

    labels = {}
    from apps.plans.parts import registry

    for column in registry.get("major-projects").import_columns:
        labels[str(column.label)] = column.key
    keys = [labels.get(str(h or "").lstrip("*")) for h in header]
    rng = random.Random(2)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("重大项目")
    sheet.append([None, "示范县“十四五”重大项目"])
    sheet.append(header)
    nodes: list[str] = []
    for index in range(count):
        values = new_project(rng, index, first, [], nodes)
        if lean:
            values = {k: v for k, v in values.items() if k in LEAN}
        sheet.append([values.get(k) if k else None for k in keys])
    book.save(path)


def read_limits(demo: Demo, env: dict, work: Path, runs: int, do_profile: bool) -> list[dict]:
    from openpyxl import load_workbook

    from apps.exports.excel.workbook import HEADER_ROW

    content = download(demo.clients["planner"], demo.template_url("planner"))
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW))]
    found = []
    for count in (5000, 100_000):
        path = work / f"projects-{count}.xlsx"
        big_workbook(path, header, count, demo.plan.base_year + 1, lean=count > 5000)
        code = READ.format(root=str(ROOT), path=str(path), trace=False)
        samples = [_run(code, env) for _ in range(runs)]
        row = {
            "rows": count,
            "mb": path.stat().st_size / 1024 / 1024,
            "cpu": statistics.median(s["cpu"] for s in samples),
            "wall": statistics.median(s["wall"] for s in samples),
            "before_mb": statistics.median(s["before_mb"] for s in samples),
            "peak_mb": max(s["peak_mb"] for s in samples),
            "outcome": samples[0]["outcome"],
            "runs": runs,
        }
        traced = _run(READ.format(root=str(ROOT), path=str(path), trace=True), env)
        row["traced_mb"] = traced["traced_mb"]
        found.append(row)
        if do_profile:
            from apps.exports.excel.reader import SheetFileError, read_sheet

            data = path.read_bytes()

            def read(data=data):
                with contextlib.suppress(SheetFileError):
                    read_sheet(data, demo.part.import_columns)

            profile(f"read_sheet, {count:,} rows", read)
    return found


def _run(code: str, env: dict) -> dict:
    result = subprocess.run(
        [PYTHON, "-c", code], env=env, capture_output=True, text=True, timeout=1800, cwd=ROOT
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


# Report --------------------------------------------------------------------------------------


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "NOT MET"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--confirm-repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile each step once")
    args = parser.parse_args()
    engine, env = configure()
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]

    work = Path(tempfile.mkdtemp(prefix="planner-sheets-"))
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {engine}, commit {revision()}")
    print(f"Machine: {machine()} at the start")
    print("Wall seconds in-process (the server's side of a request); CPU is this process's.\n")

    print("### Template download (重大项目)\n")
    print(
        "| scale | user | rows | KB | reused median | max | queries "
        "| after a change median | max | CPU | queries "
        "| template_workbook median | max | queries | same, key_task joined |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    template_rows = []
    for scale in args.scale:
        demo = Demo(scale)
        for row in bench_template(demo, args.repeat, args.profile):
            template_rows.append((scale, row))
            who = "planner, ?rows=all" if row["who"] == "planner" else "edu, 教育局's rows"
            r, f, d = row["reused"], row["fresh"], row["direct"]
            print(
                f"| {scale} | {who} | {row['rows']} | {row['kb']:.0f} | "
                f"{r['median']:.3f} | {r['max']:.3f} | {row['reused_queries']} | "
                f"{f['median']:.3f} | {f['max']:.3f} | {f['cpu']:.3f} | {row['fresh_queries']} | "
                f"{d['median']:.3f} | {d['max']:.3f} | {row['direct_queries']} | "
                f"{row['joined']['median']:.3f} |"
            )
    print(f"\n({args.repeat} runs per cell.)")

    scale = max(args.scale)
    found = bench_import(scale, args.repeat, args.confirm_repeat, args.profile)
    o = found["outcome"]
    print(
        f"\n### Import of 1,000 project rows (scale {scale}: {found['updates']} updates of "
        f"existing projects, {found['adds']} new; {found['kb']:.0f} KB, read in the request)\n"
    )
    print(
        f"Dry run: {o['add']} to add, {o['update']} to update, {o['unchanged']} unchanged, "
        f"{o['error']} refused; {o['notes']} rows with an amount converted (亿/万元). "
        f"The confirmation wrote {found['written']} new projects.\n"
    )
    if o["first_errors"]:
        print(f"First refused rows: {o['first_errors']}\n")
    print("| step | median s | max s | CPU s | runs | target | |")
    print("|---|---:|---:|---:|---:|---:|---|")
    steps = (
        ("upload (POST sheet_import, read in the request)", "upload", None),
        ("preview (GET, the dry run)", "preview", None),
        ("upload + preview", "upload_preview", PREVIEW_TARGET),
        ("confirm (POST confirm=1)", "confirm", CONFIRM_TARGET),
        ("the page after the confirmation (GET)", "after", None),
    )
    for label, key, target in steps:
        t = found[key]
        goal = f"≤ {target:g} s | {verdict(t['max'], target)}" if target else " | "
        print(
            f"| {label} | {t['median']:.2f} | {t['max']:.2f} | {t['cpu']:.2f} | {t['runs']} | "
            f"{goal} |"
        )
    print("\nQueries per request (each on a fresh seed):\n")
    print("| rows | to add / update | upload | preview (dry run) | confirm |")
    print("|---:|---|---:|---:|---:|")
    for count, q in found["queries"].items():
        o = q["outcome"]
        print(
            f"| {count:,} | {o['add']} / {o['update']} ({o['error']} refused) | "
            f"{q['upload']} | {q['preview']} | {q['confirm']} |"
        )
    for step, sql, small, large in found["differ"]:
        print(f"\n{step}: {small} × at 100 rows, {large} × at 1,000 rows: {sql}")

    demo = Demo(1)
    limits = read_limits(demo, env, work, 3, args.profile)
    print(
        "\n### read_sheet at the limits (a fresh process each, after Django's start-up; "
        "median of 3, peak the highest)\n"
    )
    print(
        "| data rows | file MB | CPU s | wall s | RSS before MB | peak RSS MB | added MB "
        "| Python peak MB (tracemalloc) | outcome |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in limits:
        print(
            f"| {row['rows']:,} | {row['mb']:.1f} | {row['cpu']:.2f} | {row['wall']:.2f} | "
            f"{row['before_mb']:.0f} | {row['peak_mb']:.0f} | "
            f"{row['peak_mb'] - row['before_mb']:.0f} | {row['traced_mb']:.0f} | "
            f"{row['outcome'][:70]} |"
        )

    worst = max(row["fresh"]["max"] for _scale, row in template_rows)
    worst_median = max(row["fresh"]["median"] for _scale, row in template_rows)
    both, conf = found["upload_preview"], found["confirm"]
    print(f"\nMachine: {machine()} at the end\n")
    print("### Targets\n")
    print(
        f"- template download ≤ {TEMPLATE_TARGET} s, reuse defeated: worst median "
        f"{worst_median:.2f} s, worst run {worst:.2f} s: {verdict(worst, TEMPLATE_TARGET)}"
    )
    print(
        f"- upload + preview of 1,000 rows ≤ {PREVIEW_TARGET} s: median {both['median']:.2f} s, "
        f"worst {both['max']:.2f} s: {verdict(both['max'], PREVIEW_TARGET)}"
    )
    print(
        f"- confirm of 1,000 rows ≤ {CONFIRM_TARGET} s: median {conf['median']:.2f} s, "
        f"worst {conf['max']:.2f} s: {verdict(conf['max'], CONFIRM_TARGET)}"
    )
    q = found["queries"]
    same = all(q[100][k] == q[1000][k] for k in ("upload", "preview", "confirm"))
    print(
        "- queries independent of the rows: " + ("met, identical" if same else "NOT MET, see above")
    )

    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(env["PLANNER_VAR_DIR"], ignore_errors=True)


if __name__ == "__main__":
    main()
