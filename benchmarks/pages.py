"""Server time and query count of the main pages at demo scale 1 and 4.

Runs in-process with Django's test client against a throw-away database: SQLite
in a temporary folder by default, or the PostgreSQL server named by
BENCH_DATABASE_URL (a database ``planner_bench`` is created and dropped there).

    .venv/bin/python benchmarks/pages.py [--repeat 20]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/pages.py
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure() -> str:
    bench_url = os.environ.get("BENCH_DATABASE_URL")
    if bench_url:
        base, _, _name = bench_url.rpartition("/")
        os.environ["DATABASE_URL"] = f"{base}/planner_bench"
        engine = "PostgreSQL"
    else:
        os.environ.pop("DATABASE_URL", None)
        engine = "SQLite"
    os.environ["PLANNER_VAR_DIR"] = tempfile.mkdtemp(prefix="planner-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    return engine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    engine = configure()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from django.test import Client
        from django.urls import reverse

        from apps.accounts.models import User
        from apps.demo.seed import seed_demo

        rows = []
        for scale in (1, 4):
            plan = seed_demo(scale=scale, reset=True)
            document = plan.outline
            client = Client()
            client.force_login(User.objects.get(username="planner"))
            pages = {
                "纲要总览 overview": reverse("plan_overview", args=[plan.pk]),
                "倒排目标 back-cast": reverse("backcast", args=[plan.pk]),
                "规划体检 scorecard": reverse("scorecard", args=[plan.pk]),
                "节点编辑 node (章)": reverse(
                    "node_edit", args=[document.pk, document.nodes.get(key="task_industry").pk]
                ),
                "附表1 indicator annex": reverse(
                    "node_edit", args=[document.pk, document.nodes.get(key="annex_indicators").pk]
                ),
                "附表2 project annex": reverse(
                    "node_edit", args=[document.pk, document.nodes.get(key="annex_projects").pk]
                ),
                "重点任务 list": reverse("part_list", args=[plan.pk, "key-tasks"]),
                "重大项目 list": reverse("part_list", args=[plan.pk, "major-projects"]),
                "分工看板 assignment board": reverse("assignment_board", args=[document.pk]),
                "意见 opinions list": reverse("opinion_list", args=[document.pk]),
                "修订历史 node history": reverse(
                    "node_history", args=[document.pk, document.nodes.get(key="environment").pk]
                ),
                "重点任务 edit": reverse(
                    "part_edit",
                    args=[plan.pk, "key-tasks", _first_task(plan)],
                ),
            }
            for name, url in pages.items():
                client.get(url)  # warm caches and templates
                times = []
                for _ in range(args.repeat):
                    with CaptureQueriesContext(connection) as queries:
                        start = time.perf_counter()
                        response = client.get(url)
                        times.append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200, (name, response.status_code)
                rows.append((name, scale, statistics.median(times), max(times), len(queries)))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(
        f"Engine: {engine}; {args.repeat} requests per page; "
        "times in ms (server side, in-process)\n"
    )
    print("| page | scale | median ms | max ms | queries |")
    print("|---|---:|---:|---:|---:|")
    for name, scale, median, worst, queries in rows:
        print(f"| {name} | {scale} | {median:.1f} | {worst:.1f} | {queries} |")


def _first_task(plan) -> int:
    from apps.delivery.models import KeyTask

    return KeyTask.objects.filter(plan=plan).order_by("pk").values_list("pk", flat=True).first()


if __name__ == "__main__":
    main()
