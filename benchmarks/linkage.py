"""Server time and query count of the city's and the province's 衔接 pages on the
demo province (`seed_demo --province`: three cities, about a hundred counties,
most with a 衔接 round open). Runs like benchmarks/pages.py, in-process against a
throw-away database:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/linkage.py [--repeat 20]
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
        from django.db.models import Count
        from django.test import Client
        from django.urls import reverse

        from apps.accounts.models import County, User
        from apps.demo.province import seed_province
        from apps.demo.seed import demo_password, seed_demo
        from apps.linkage.models import Linkage, LinkedIndicator, LinkedProject

        started = time.perf_counter()
        seed_demo()
        seed_province(password=demo_password())
        seeded = time.perf_counter() - started
        province = County.objects.get(level=County.Level.PROVINCE)
        city = (
            County.objects.filter(level=County.Level.PREFECTURE_CITY)
            .annotate(n=Count("children"))
            .order_by("-n")
            .first()
        )
        counties = County.objects.filter(parent__parent=province).count()
        linked = (
            Linkage.objects.count(),
            LinkedIndicator.objects.count(),
            LinkedProject.objects.count(),
        )
        busiest = Linkage.objects.filter(city=city).order_by("-id").first()
        pages = [
            ("city", "各县衔接情况 (city)", reverse("division_linkage", args=[city.pk])),
            ("city", "指标对照 (city)", reverse("division_indicators", args=[city.pk])),
            ("city", "项目汇总 (city)", reverse("division_projects", args=[city.pk])),
            ("city", "一轮衔接 (one county's round)", reverse("linkage_detail", args=[busiest.pk])),
            (
                "province",
                "各县衔接情况 (province)",
                reverse("division_linkage", args=[province.pk]),
            ),
            ("province", "项目汇总 (province)", reverse("division_projects", args=[province.pk])),
        ]
        for username, name, url in pages:
            client = Client()
            client.force_login(User.objects.get(username=username))
            client.get(url)
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (name, response.status_code)
            rows.append((name, statistics.median(times), max(times), len(queries)))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(
        f"Engine: {engine}; seeded in {seeded:.1f} s; {counties} counties under the province, "
        f"{city.name} has {city.n}; {linked[0]} rounds, {linked[1]} indicator rows, "
        f"{linked[2]} project rows; {args.repeat} requests per page; times in ms (server side)\n"
    )
    print("| page | median ms | max ms | queries |")
    print("|---|---:|---:|---:|")
    for name, median, worst, queries in rows:
        print(f"| {name} | {median:.1f} | {worst:.1f} | {queries} |")


if __name__ == "__main__":
    main()
