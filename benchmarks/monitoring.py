"""Server time and query count of the monitoring pages at demo scale 1 and 4.

The demo's plan is monitored for 2021–2023 (apps/demo/monitoring.py): at scale 4
that is 136 indicators and 240 projects a year, 1,128 rows in all. Runs like
benchmarks/pages.py, in-process against a throw-away database:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/monitoring.py [--repeat 20]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pages import configure  # noqa: E402


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
    rows = []
    try:
        from django.test import Client
        from django.urls import reverse

        from apps.accounts.models import Department, User
        from apps.demo.seed import seed_demo
        from apps.monitoring.models import IndicatorValue, ProjectProgress

        for scale in (1, 4):
            plan = seed_demo(scale=scale, reset=True)
            client = Client()
            client.force_login(User.objects.get(username="planner"))
            busiest = Department.objects.filter(county=plan.county, name="生态环境分局").first()
            pages = {
                "监测总览 dashboard": reverse("monitoring_dashboard", args=[plan.pk]),
                "报送看板 year board 2023": reverse("monitoring_year", args=[plan.pk, 2023]),
                "填报 entry 2023 (生态环境分局)": reverse("monitoring_entry", args=[plan.pk, 2023])
                + f"?department={busiest.pk}",
                "Excel 模板 projects sheet": reverse(
                    "monitoring_template", args=[plan.pk, 2023, "projects"]
                ),
            }
            count = IndicatorValue.objects.filter(plan=plan).count()
            count += ProjectProgress.objects.filter(plan=plan).count()
            for name, url in pages.items():
                client.get(url)
                times = []
                for _ in range(args.repeat):
                    with CaptureQueriesContext(connection) as queries:
                        start = time.perf_counter()
                        response = client.get(url)
                        times.append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200, (name, response.status_code)
                rows.append(
                    (name, scale, count, statistics.median(times), max(times), len(queries))
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"Engine: {engine}; {args.repeat} requests per page; times in ms (server side)\n")
    print("| page | scale | monitoring rows | median ms | max ms | queries |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, scale, count, median, worst, queries in rows:
        print(f"| {name} | {scale} | {count} | {median:.1f} | {worst:.1f} | {queries} |")


if __name__ == "__main__":
    main()
