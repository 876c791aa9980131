"""Time and query count of running every plan check, at demo scale 1 and 4, and at
scale 4 with one chapter at its worst legal size (200,000 characters of sentences
full of figures and indicator names, for the text checks of apps/checks/rules/text.py).

Same throw-away database as benchmarks/pages.py: SQLite in a temporary folder by
default, or PostgreSQL via BENCH_DATABASE_URL.

    .venv/bin/python benchmarks/checks.py [--repeat 50]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/checks.py
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pages import configure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    engine = configure()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    rows = []
    try:
        from apps.checks.data import load_plan_data
        from apps.checks.registry import registry
        from apps.checks.scorecard import run_checks
        from apps.demo.seed import seed_demo
        from apps.plans.actions import node_text_save

        text_checks = [c for c in registry.all() if c.id.startswith("text-")]
        plan = None
        for scale in (1, 4, "4 + 200,000-character chapter"):
            if scale == "4 + 200,000-character chapter":
                node = plan.outline.nodes.get(key="task_industry")
                sentence = (
                    "地区生产总值年均增长6.5%左右，2025年达到450亿元以上，常住人口城镇化率"
                    "达到60%，“十三五”期间实施重大项目60个，单位GDP能耗下降。"
                )
                body = "".join(f"<p>{sentence}</p>" for _ in range(200_000 // len(sentence)))
                node_text_save(node, body=body, loaded_version=node.version, user=None)
            else:
                plan = seed_demo(scale=scale, reset=True)
            run_checks(plan)  # warm imports and translations
            totals, loads, texts = [], [], []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    data = load_plan_data(plan)
                    loaded = time.perf_counter()
                    card = run_checks(plan, data)
                    end = time.perf_counter()
                totals.append((end - start) * 1000)
                loads.append((loaded - start) * 1000)
                start = time.perf_counter()
                for text_check in text_checks:
                    text_check.run(data)
                texts.append((time.perf_counter() - start) * 1000)
            rows.append(
                (
                    scale,
                    len(data.indicators),
                    len(data.tasks),
                    len(data.projects),
                    statistics.median(loads),
                    statistics.median(texts),
                    statistics.median(totals),
                    max(totals),
                    len(queries),
                    f"{card.passed}/{card.total}",
                )
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"Engine: {engine}; {args.repeat} runs per scale; times in ms\n")
    print(
        "| scale | indicators | tasks | projects | load median ms | text checks median ms "
        "| load + checks median ms | max ms | queries | passed |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        scale, ind, tasks, projects, load, text, median, worst, queries, passed = row
        print(
            f"| {scale} | {ind} | {tasks} | {projects} | {load:.1f} | {text:.1f} | {median:.1f} "
            f"| {worst:.1f} | {queries} | {passed} |"
        )


if __name__ == "__main__":
    main()
