"""Batch export: the outline PDF of every county plan of the demo province at once.

What a city's planning office does the week the counties' drafts come in: ask for
the printed outline of all its counties. Here it is all hundred counties of the
demo province (``seed_demo --province``), asked for by the province's 衔接审核
(who may read every plan below it) through the real pipeline — ``export_request``
(the fingerprint, the job row, the message after commit) and a real Celery
worker with ``--concurrency 2`` on Redis rendering with WeasyPrint — until every
job has succeeded.

Measured:

* wall time from the first request to the last job finished;
* CPU seconds of the worker: the pool processes' user + system time read from
  ``/proc`` (live children directly, children recycled after
  ``CELERY_WORKER_MAX_TASKS_PER_CHILD`` tasks through the main process's
  ``cutime``/``cstime``), minus what they had used when the worker was ready;
  the main process's own CPU beside it; per plan = pool CPU / plans;
* each job's render time from its row (``finished_at - started_at``) and its
  wait in the queue (``started_at - created_at``), pages and file size;
* the requesting process's CPU (the fingerprints: what the web side pays);
* the peak resident set of the pool processes, sampled every half second.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
    BENCH_BROKER_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python benchmarks/batch_export.py [--concurrency 2] [--limit N] [--json out.json]

The database ``planner_bench`` on that server is dropped, created, migrated and
seeded (the seed's time is printed too); the broker's Redis database is flushed.
Nothing else is touched: the worker's files go to a temporary media folder.
"""

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB_NAME = "planner_bench"
TICK = os.sysconf("SC_CLK_TCK")


# Set-up ------------------------------------------------------------------------------


def configure(tmp: Path) -> dict:
    """Our own database, migrated and seeded with the province, and the
    environment the worker and this process share."""
    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    broker = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
    if not base.startswith("postgres") or not broker.startswith("redis://"):
        sys.exit("this benchmark needs PostgreSQL and Redis (BENCH_DATABASE_URL, BENCH_BROKER_URL)")
    env = {
        **os.environ,
        "DATABASE_URL": base.rsplit("/", 1)[0] + "/" + DB_NAME,
        "CELERY_BROKER_URL": broker,
        "PLANNER_VAR_DIR": str(tmp / "var"),
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "DJANGO_SETTINGS_MODULE": "planner.settings",
        "DJANGO_DEBUG": "false",
        # One person asks for all of them; the per-person limit guards the queue
        # against a person, not a benchmark.
        "EXPORT_MAX_ACTIVE_PER_USER": "100000",
    }
    pg = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *pg, "--if-exists", DB_NAME], check=True)
    subprocess.run(["createdb", *pg, DB_NAME], check=True)
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    started = time.perf_counter()
    subprocess.run(
        [*manage, "seed_demo", "--province"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    env["_BENCH_SEED_SECONDS"] = f"{time.perf_counter() - started:.1f}"
    import redis

    redis.Redis.from_url(broker).flushdb()
    os.environ.update(env)
    return env


def start_worker(env: dict, concurrency: int, log: Path) -> subprocess.Popen:
    """As tests/plugins/worker.py starts one, with the concurrency asked for."""
    worker_env = {**env, "DATABASE_URL": env["DATABASE_URL"] + "?pool=false"}
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "planner",
                "worker",
                "--loglevel=INFO",
                f"--concurrency={concurrency}",
                "--without-gossip",
                "--without-mingle",
                "-n",
                "bench@%h",
            ],
            cwd=ROOT,
            env=worker_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 120
    while "ready." not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            sys.exit(f"Celery worker did not start:\n{log.read_text()}")
        time.sleep(0.2)
    return process


# Reading a process tree's CPU from /proc -------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces.
    return text[text.rindex(")") + 2 :].split()


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in task.read_text().split()]
    return found


def cpu(pid: int) -> dict[str, float]:
    """Seconds of CPU: the main process's own, its pool's (live children plus
    the children it has reaped)."""
    fields = _stat(pid)
    if fields is None:
        return {"main": 0.0, "pool": 0.0}
    # After the name: state is index 0, utime 11, stime 12, cutime 13, cstime 14.
    main = (int(fields[11]) + int(fields[12])) / TICK
    reaped = (int(fields[13]) + int(fields[14])) / TICK
    live = 0.0
    for child in children(pid):
        child_fields = _stat(child)
        if child_fields is not None:
            live += (int(child_fields[11]) + int(child_fields[12])) / TICK
    return {"main": main, "pool": reaped + live}


def pool_rss_mb(pid: int) -> float:
    total = 0.0
    for child in children(pid):
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total = max(total, int(line.split()[1]) / 1024)
    return total


# The run ---------------------------------------------------------------------------------


def calibrate() -> float:
    """The machine's speed the way BENCHMARKS.md quotes it."""
    started = time.perf_counter()
    subprocess.run([PYTHON, "-c", "sum(range(10**8))"], check=True)
    return time.perf_counter() - started


def run(concurrency: int, limit: int | None, timeout: float) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="planner-batch-export-"))
    env = configure(tmp)
    import django

    django.setup()
    from django.utils import timezone

    from apps.accounts.models import County, User
    from apps.exports.models import ExportJob
    from apps.exports.services import export_request
    from apps.plans.models import Document

    county_levels = [County.Level.COUNTY, County.Level.COUNTY_CITY, County.Level.DISTRICT]
    documents = list(
        Document.objects.filter(
            kind=Document.Kind.OUTLINE, plan__county__level__in=county_levels
        ).select_related("plan__county")
    )
    documents.sort(key=lambda d: d.plan.county.code)
    if limit:
        documents = documents[:limit]
    user = User.objects.get(username="province")
    machine = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sum_range_1e8_s": round(calibrate(), 2),
        "loadavg_before": os.getloadavg(),
    }
    worker = start_worker(env, concurrency, tmp / "worker.log")
    try:
        time.sleep(1)
        cpu_before = cpu(worker.pid)
        wall_started = time.perf_counter()
        request_cpu = time.process_time()
        jobs = []
        for document in documents:
            jobs.append(export_request(document, user).job.pk)
        request_cpu = time.process_time() - request_cpu
        requested = time.perf_counter() - wall_started
        peak_rss = 0.0
        deadline = time.monotonic() + timeout
        while True:
            peak_rss = max(peak_rss, pool_rss_mb(worker.pid))
            waiting = ExportJob.objects.filter(pk__in=jobs).exclude(
                status__in=[ExportJob.Status.SUCCEEDED, ExportJob.Status.FAILED]
            )
            if not waiting.exists():
                break
            if time.monotonic() > deadline:
                sys.exit(f"{waiting.count()} jobs still waiting after {timeout}s")
            time.sleep(0.5)
        wall = time.perf_counter() - wall_started
        time.sleep(1)  # let a recycled child be reaped before the last reading
        cpu_after = cpu(worker.pid)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    machine["loadavg_after"] = os.getloadavg()
    rows = list(ExportJob.objects.filter(pk__in=jobs).select_related("document__plan__county"))
    failed = [(r.document.plan.county.name, r.error) for r in rows if r.status != "succeeded"]
    done = [r for r in rows if r.status == "succeeded"]
    render = [(r.finished_at - r.started_at).total_seconds() for r in done]
    queued = [(r.started_at - r.created_at).total_seconds() for r in done]
    pages = [r.page_count or 0 for r in done]
    sizes = [r.size or 0 for r in done]
    pool_cpu = cpu_after["pool"] - cpu_before["pool"]
    main_cpu = cpu_after["main"] - cpu_before["main"]
    result = {
        "date": timezone.localdate().isoformat(),
        "machine": machine,
        "concurrency": concurrency,
        "seed_seconds": float(env["_BENCH_SEED_SECONDS"]),
        "plans": len(documents),
        "succeeded": len(done),
        "failed": failed,
        "wall_s": round(wall, 1),
        "requests_wall_s": round(requested, 1),
        "requests_cpu_s": round(request_cpu, 1),
        "worker_pool_cpu_s": round(pool_cpu, 1),
        "worker_main_cpu_s": round(main_cpu, 1),
        "cpu_per_plan_s": round(pool_cpu / max(1, len(done)), 2),
        "render_s": _spread(render),
        "queue_wait_s": _spread(queued),
        "pages": {"total": sum(pages), **_spread(pages)},
        "size_kb": _spread([s / 1024 for s in sizes]),
        "peak_child_rss_mb": round(peak_rss, 1),
        "attempts_over_one": sum(1 for r in done if r.attempts > 1),
    }
    shutil.rmtree(tmp, ignore_errors=True)
    return result


def _spread(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered), 2),
        "p90": round(ordered[int(0.9 * (len(ordered) - 1))], 2),
        "min": round(ordered[0], 2),
        "max": round(ordered[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--limit", type=int, help="only the first N county plans (a dry run)")
    parser.add_argument("--timeout", type=float, default=7200, help="seconds to wait in all")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    result = run(args.concurrency, args.limit, args.timeout)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    print(
        f"\n{result['succeeded']}/{result['plans']} PDFs in {result['wall_s']} s wall "
        f"({result['plans'] / result['wall_s'] * 60:.1f} a minute) with --concurrency "
        f"{result['concurrency']}; worker pool CPU {result['worker_pool_cpu_s']} s = "
        f"{result['cpu_per_plan_s']} s a plan"
    )


if __name__ == "__main__":
    main()
