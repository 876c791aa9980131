"""After a load run: count what Locust was told against what the database holds,
and print the per-endpoint table for BENCHMARKS.md.

    DATABASE_URL=… .venv/bin/python benchmarks/load/report.py OUT_DIR

Exits non-zero when an accepted save or opinion is missing from the database, when
the database holds more than was accepted, or when any response was a 5xx.
"""

import csv
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")

PAGES = {
    "plan overview", "node page", "part list", "inbox", "dashboard", "opinion list",
    "self-check", "assignment board", "export list", "export job page", "login page",
}  # fmt: skip
SAVES = {"save node", "save node again after conflict", "leave opinion", "ask for PDF"}


def ledger(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "ledger.jsonl").read_text().splitlines()]


def verify(entries: list[dict]) -> list[str]:
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType

    from apps.exports.models import ExportJob
    from apps.plans.models import OutlineNode, Revision
    from apps.review.models import Opinion

    problems = []
    kinds = Counter(e["kind"] for e in entries)
    saves = [e for e in entries if e["kind"] == "save"]
    revisions = Revision.objects.filter(
        author__username__startswith="load",
        content_type=ContentType.objects.get_for_model(OutlineNode),
    )
    bodies: dict[int, list[str]] = {}
    for node_id, body in revisions.values_list("object_id", "body"):
        bodies.setdefault(node_id, []).append(body)
    missing = [
        s for s in saves if not any(s["marker"] in body for body in bodies.get(s["node"], []))
    ]
    revision_count = revisions.count()
    opinions = Opinion.objects.filter(author__username__startswith="load")
    opinion_texts = set(opinions.values_list("text", flat=True))
    lost_opinions = [
        e for e in entries if e["kind"] == "opinion" and e["text"] not in opinion_texts
    ]
    jobs = Counter(
        ExportJob.objects.filter(requested_by__username__startswith="load").values_list(
            "status", flat=True
        )
    )
    print("## Counted after the run\n")
    print(
        f"- accepted node saves (302): {len(saves)}; new node revisions by the load users: "
        f"{revision_count}; accepted saves whose text is in no revision: {len(missing)}"
    )
    print(f"- conflicts answered 409 with the user's text kept: {kinds['conflict']}")
    print(
        f"- opinions accepted: {kinds['opinion']}; in the database: {opinions.count()}; "
        f"missing: {len(lost_opinions)}"
    )
    print(f"- PDF requests: {kinds['export']}; jobs by status: {dict(jobs)}")
    if revision_count != len(saves):
        problems.append(f"{len(saves)} accepted saves but {revision_count} revisions")
    if missing:
        problems.append(f"{len(missing)} accepted saves not in the database")
    if opinions.count() != kinds["opinion"] or lost_opinions:
        problems.append("opinions do not add up")
    return problems


def statuses(out: Path) -> Counter:
    """The status codes in gunicorn's access log."""
    counted = Counter()
    for line in (out / "access.log").read_text().splitlines():
        match = re.search(r'" (\d{3}) ', line)
        if match:
            counted[match.group(1)] += 1
    return counted


def table(
    out: Path,
    pages: set[str] = PAGES,
    saves: set[str] = SAVES,
    page_ms: int = 500,
    save_ms: int = 1000,
) -> list[str]:
    """Print Locust's per-endpoint table; a problem for each p95 over its target and
    for any 5xx in the access log."""
    rows = list(csv.DictReader((out / "locust_stats.csv").open()))
    print("\n## Per endpoint (ms)\n")
    print("| endpoint | requests | failures | req/s | p50 | p95 | p99 | max |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    problems = []
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = row["Name"]
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} "
            f"| {float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} "
            f"| {float(row['Max Response Time']):.0f} |"
        )
        if name in pages and float(row["95%"]) >= page_ms:
            problems.append(f"{name}: p95 {row['95%']} ms ≥ {page_ms} ms")
        if name in saves and float(row["95%"]) >= save_ms:
            problems.append(f"{name}: p95 {row['95%']} ms ≥ {save_ms} ms")
    counted = statuses(out)
    errors = sum(n for code, n in counted.items() if code.startswith("5"))
    total = sum(counted.values())
    print(
        f"\nStatus codes in gunicorn's access log: {dict(sorted(counted.items()))}; "
        f"5xx: {errors} of {total}."
    )
    if errors:
        problems.append(f"{errors} responses were 5xx")
    return problems


def main() -> None:
    out = Path(sys.argv[1])
    problems = verify(ledger(out)) + table(out)
    if problems:
        print("\nNOT MET:\n- " + "\n- ".join(problems))
        sys.exit(1)
    print("\nAll targets met.")


if __name__ == "__main__":
    main()
