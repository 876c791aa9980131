"""Search: index build time and size, query times at demo scale 4 (and across the
demo province), and the recall of the alternatives the issue names for
two-character words, against a plain substring search as the ground truth.

PostgreSQL only (the GIN index and pg_trgm are what is measured), in a
throw-away database of its own next to BENCH_DATABASE_URL's:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/search.py [--repeat 30] [--no-province]

The jieba comparison needs jieba importable; it is not a dependency of the app:
``pip install --target /tmp/jieba-lib jieba`` and set JIEBA_PATH=/tmp/jieba-lib
(or install it into the environment). Without it that column says so.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    ("托育", "two characters"),
    ("5G", "letters and digits"),
    ("耕地", "two characters"),
    ("地区生产总值", "six characters"),
    ("西岭茶叶", "rare word"),
    ("依托内陆港和铁海联运班列参与", "long phrase"),
    ("托", "single character (prefix)"),
    ("耕地 保护", "two terms"),
]
# Two-character words a drafter would look for, besides a sample of every
# bigram of the text (below).
WORDS = [
    "托育",
    "耕地",
    "养老",
    "农田",
    "园区",
    "就业",
    "生态",
    "乡村",
    "产业",
    "物流",
    "医疗",
    "教育",
    "数字",
    "旅游",
    "水利",
    "交通",
    "能源",
    "粮食",
    "社保",
    "住房",
    "防汛",
    "消防",
    "污水",
    "垃圾",
    "电商",
    "茶叶",
    "水产",
    "湿地",
    "人才",
    "债务",
]


def configure() -> None:
    bench_url = os.environ.get("BENCH_DATABASE_URL")
    if not bench_url or not bench_url.startswith("postgres"):
        sys.exit("set BENCH_DATABASE_URL to a PostgreSQL server (see the docstring)")
    base, _, _name = bench_url.rpartition("/")
    # Its own database: benchmarks/pages.py and friends use planner_bench.
    os.environ["DATABASE_URL"] = f"{base}/planner_search_bench"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["PLANNER_VAR_DIR"] = tempfile.mkdtemp(prefix="planner-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    if os.environ.get("JIEBA_PATH"):
        sys.path.append(os.environ["JIEBA_PATH"])


def timed(func, repeat: int) -> tuple[float, float, object]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-province", action="store_true")
    args = parser.parse_args()
    configure()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        run(args, connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def sizes(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT pg_relation_size('search_searchentry'), "
        "pg_total_relation_size('search_searchentry') "
        "- pg_indexes_size('search_searchentry'), "
        "pg_relation_size('search_searchentry_vector'), "
        "pg_indexes_size('search_searchentry')"
    )
    heap, with_toast, gin, indexes = cursor.fetchone()
    return {"heap": heap, "table": with_toast, "gin": gin, "indexes": indexes}


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def run(args, connection) -> None:
    from apps.demo.seed import seed_demo
    from apps.plans.models import Plan
    from apps.search.backends import search
    from apps.search.index import reindex_plan
    from apps.search.models import SearchEntry
    from apps.search.results import results_page
    from apps.search.tokens import normalise, query_terms

    start = time.perf_counter()
    plan = seed_demo(scale=4, reset=True)
    print(f"seed_demo(scale=4): {time.perf_counter() - start:.1f} s")

    # Build: every plan from scratch, then the sizes.
    plans = list(Plan.objects.all())
    SearchEntry.objects.all().delete()
    start = time.perf_counter()
    entries = sum(reindex_plan(p) for p in plans)
    build = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_searchentry")
        size = sizes(cursor)
    scale4_entries = SearchEntry.objects.filter(plan=plan).count()
    print(f"\n## Index at demo scale 4 ({len(plans)} plans, {entries} entries)")
    print(f"示范县's plan: {scale4_entries} entries")
    print(f"build (reindex_plan of every plan): {build:.2f} s; {entries / build:.0f} entries/s")
    print(
        f"table with TOAST {mb(size['table'])} (heap {mb(size['heap'])}), "
        f"GIN {mb(size['gin'])}, all indexes {mb(size['indexes'])}"
    )

    def query_table(scope, label):
        print(f"\n### Queries, {label}; {args.repeat} runs each, ms")
        print("| query | kind | hits | SQL median | SQL worst | page median | page worst |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for q, kind in QUERIES:
            terms = query_terms(q)
            sql_med, sql_max, found = timed(
                lambda t=terms: search(t, scope, version_id=None, limit=20, offset=0),
                args.repeat,
            )
            page_med, page_max, _ = timed(
                lambda t=terms: results_page(t, scope, version_id=None, page=1), args.repeat
            )
            print(
                f"| {q} | {kind} | {found.total} | {sql_med:.1f} | {sql_max:.1f} "
                f"| {page_med:.1f} | {page_max:.1f} |"
            )

    query_table(Plan.objects.filter(pk=plan.pk), "示范县's plan at scale 4")
    whole_pages(args, plan)
    recall(connection, plan, normalise, query_terms)

    if not args.no_province:
        from apps.demo.province import seed_province
        from apps.demo.seed import demo_password

        start = time.perf_counter()
        seed_province(password=demo_password(), reset=True)
        print(f"\nseed_province (reindexes its plans): {time.perf_counter() - start:.1f} s")
        plans = list(Plan.objects.all())
        SearchEntry.objects.all().delete()
        start = time.perf_counter()
        entries = sum(reindex_plan(p) for p in plans)
        build = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")
            size = sizes(cursor)
        print(f"\n## Index across the demo province ({len(plans)} plans, {entries} entries)")
        print(f"build: {build:.2f} s; table {mb(size['table'])}, GIN {mb(size['gin'])}")
        query_table(Plan.objects.filter(pk=plan.pk), "示范县's plan among the province's")
        query_table(Plan.objects.all(), "every plan of the province at once (the widest scope)")


def whole_pages(args, plan) -> None:
    """The search page as the browser gets it (the test client: session, access,
    sidebar, template), as 示范县's coordinator."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from apps.accounts.models import User

    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    client.force_login(User.objects.get(username="planner"))
    url = reverse("plan_search", args=[plan.pk])
    print(f"\n### The whole page ({url}?q=…), {args.repeat} runs each, ms")
    print("| query | median | worst |")
    print("|---|---:|---:|")
    for q in ("托育", "地区生产总值", "托"):
        client.get(url, {"q": q})
        median, worst, response = timed(lambda q=q: client.get(url, {"q": q}), args.repeat)
        assert response.status_code == 200
        print(f"| {q} | {median:.1f} | {worst:.1f} |")


def recall(connection, plan, normalise, query_terms) -> None:
    """Each method's hits for each word against the entries whose text holds it."""
    from apps.search.backends import tsquery
    from apps.search.models import SearchEntry

    rows = list(SearchEntry.objects.filter(plan=plan).values_list("id", "title", "text"))
    texts = {pk: normalise(f"{title}\n{text}") for pk, title, text in rows}
    bigrams = sorted(
        {
            t[i : i + 2]
            for t in texts.values()
            for i in range(len(t) - 1)
            if all("\u4e00" <= c <= "\u9fff" for c in t[i : i + 2])
        }
    )
    sample = random.Random(2021).sample(bigrams, min(300, len(bigrams)))
    words = sorted(set(WORDS) | set(sample))
    truth = {w: {pk for pk, t in texts.items() if w in t} for w in words}
    ids = list(texts)

    try:
        import jieba

        jieba.setLogLevel(60)
    except ImportError:
        jieba = None

    with connection.cursor() as cursor:
        # (a) pg_trgm over the same text, with its GIN index.
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(
            "CREATE TEMP TABLE bench_text AS SELECT id, plan_id, "
            "lower(title || ' ' || text) AS body FROM search_searchentry WHERE plan_id = %s",
            [plan.pk],
        )
        start = time.perf_counter()
        cursor.execute("CREATE INDEX bench_trgm ON bench_text USING gin (body gin_trgm_ops)")
        trgm_build = time.perf_counter() - start
        cursor.execute("SELECT pg_relation_size('bench_trgm')")
        trgm_size = cursor.fetchone()[0]
        # (b) jieba's words, space-joined, in a 'simple' tsvector with a GIN index.
        jieba_build = jieba_size = None
        if jieba is not None:
            cursor.execute("ALTER TABLE bench_text ADD COLUMN words tsvector")
            start = time.perf_counter()
            segmented = [(" ".join(w for w in jieba.cut(texts[pk]) if w.strip()), pk) for pk in ids]
            cursor.executemany(
                "UPDATE bench_text SET words = to_tsvector('simple', %s) WHERE id = %s",
                segmented,
            )
            cursor.execute("CREATE INDEX bench_jieba ON bench_text USING gin (words)")
            jieba_build = time.perf_counter() - start
            cursor.execute("SELECT pg_relation_size('bench_jieba')")
            jieba_size = cursor.fetchone()[0]
        cursor.execute("ANALYZE bench_text")

        methods = {"bigram tsvector (ours)": [], "pg_trgm ILIKE": []}
        if jieba is not None:
            methods["jieba + to_tsvector('simple')"] = []
        timing = {name: [] for name in methods}
        misses: dict[str, list[str]] = {name: [] for name in methods}

        def run(name, sql, params):
            start = time.perf_counter()
            cursor.execute(sql, params)
            timing[name].append((time.perf_counter() - start) * 1000)
            return {r[0] for r in cursor.fetchall()}

        for word in words:
            expected = truth[word]
            found = {
                "bigram tsvector (ours)": run(
                    "bigram tsvector (ours)",
                    "SELECT id FROM search_searchentry "
                    "WHERE search_vector @@ to_tsquery('simple', %s) AND plan_id = %s",
                    [tsquery(query_terms(word)), plan.pk],
                ),
                "pg_trgm ILIKE": run(
                    "pg_trgm ILIKE",
                    "SELECT id FROM bench_text WHERE body ILIKE %s",
                    ["%" + word + "%"],
                ),
            }
            if jieba is not None:
                query = " ".join(w for w in jieba.cut(word) if w.strip())
                found["jieba + to_tsvector('simple')"] = run(
                    "jieba + to_tsvector('simple')",
                    "SELECT id FROM bench_text WHERE words @@ phraseto_tsquery('simple', %s)",
                    [query],
                )
            for name, hits in found.items():
                methods[name].append(
                    (len(hits & expected) / len(expected) if expected else 1.0, word in WORDS)
                )
                if hits & expected != expected:
                    misses[name].append(word)
        cursor.execute("EXPLAIN SELECT id FROM bench_text WHERE body ILIKE %s", ["%托育%"])
        trgm_plan = " / ".join(r[0].strip() for r in cursor.fetchall()[:2])

    print(
        f"\n### Recall for {len(words)} two-character words over 示范县's {len(ids)} entries "
        f"({len(WORDS)} chosen + a sample of the text's bigrams); truth: substring search"
    )
    print(
        "| method | recall, 30 chosen words (mean / words < 1) | recall, sampled bigrams "
        "(mean / < 1) | median ms | worst ms | index build | index size |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    builds = {
        "pg_trgm ILIKE": (trgm_build, trgm_size),
        "jieba + to_tsvector('simple')": (jieba_build, jieba_size),
    }
    for name, scores in methods.items():
        chosen = [s for s, is_chosen in scores if is_chosen]
        sampled = [s for s, is_chosen in scores if not is_chosen]
        build, size = builds.get(name, (None, None))
        print(
            f"| {name} | {statistics.mean(chosen):.3f} / {sum(s < 1 for s in chosen)} "
            f"| {statistics.mean(sampled):.3f} / {sum(s < 1 for s in sampled)} | "
            f"{statistics.median(timing[name]):.1f} | {max(timing[name]):.1f} | "
            f"{f'{build:.2f} s' if build is not None else '(above)'} | "
            f"{mb(size) if size is not None else '(above)'} |"
        )
    if jieba is None:
        print("| jieba + to_tsvector('simple') | not measured: jieba not importable | | | | | |")
    for name, missed in misses.items():
        if missed:
            chosen = [w for w in missed if w in WORDS]
            print(f"\n{name} misses (chosen words): {'、'.join(chosen) or 'none'}")
            print(f"{name} misses (sampled bigrams), e.g.: {'、'.join(missed[:12])}")
    print(f"\npg_trgm's plan for ILIKE '%托育%': {trgm_plan}")


if __name__ == "__main__":
    main()
