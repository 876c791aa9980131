"""After the public consultation's load run: count the suggestions Locust was told
were accepted against the database, check the throttle, print the table.

    DATABASE_URL=… .venv/bin/python benchmarks/load/report_public.py OUT_DIR

Exits non-zero when a target is missed:

- p95 under 300 ms for every reading page (and the static files and the form),
  under 1 s for every post;
- no failed request in Locust (the flooders' 429s count as successes only when
  they are the Chinese page with Retry-After), no 5xx and no 4xx in gunicorn's
  access log but those 429s;
- every accepted suggestion stored exactly once (a repeat of the same text from
  the same address included), nothing stored that was not sent, and no address
  accepted more often than the per-address limit in one window.
"""

import csv
import json
import os
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")

from report import statuses, table  # noqa: E402  (benchmarks/load/report.py)

PAGES = {
    "county page", "consultation page", "chapter page", "suggestion form", "thanks page",
    "static file",
}  # fmt: skip
POSTS = {"submit suggestion", "submit suggestion again", "flood suggestion"}
PAGE_MS, POST_MS = 300, 1000


def ledger(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "ledger.jsonl").read_text().splitlines()]


def verify(out: Path, entries: list[dict]) -> list[str]:
    import django

    django.setup()
    from django.conf import settings

    from apps.consultation.models import Suggestion

    data = json.loads((out / "public.json").read_text())
    rows = Counter(
        Suggestion.objects.filter(consultation_id=data["consultation"]).values_list(
            "text", flat=True
        )
    )
    sent = {e["text"] for e in entries if e["kind"] == "sent"}
    accepted = [e for e in entries if e["kind"] == "suggestion"]
    repeats = [e for e in entries if e["kind"] == "repeat"]
    throttled = [e for e in entries if e["kind"] == "throttled"]
    answered = {e["text"] for e in accepted + throttled}
    accepted_texts = {e["text"] for e in accepted}

    missing = [e for e in accepted if e["text"] not in rows]
    doubled = {text: n for text, n in rows.items() if n > 1}
    unsent = [text for text in rows if text not in sent]
    # Sent, stored, but the answer never reached Locust: a post cut off at the stop.
    unanswered = [text for text in rows if text in sent and text not in answered]
    throttled_stored = [e for e in throttled if e["text"] in rows]

    limit = settings.PLANNER_SUGGESTIONS_PER_ADDRESS
    window = settings.PLANNER_SUGGESTION_WINDOW_SECONDS
    flooders: dict[str, Counter] = defaultdict(Counter)
    for entry in entries:
        if entry.get("flood") or entry["kind"] == "throttled":
            flooders[entry["address"]][entry["kind"]] += 1
    per_window = Counter((e["address"], int(e["at"] // window)) for e in accepted if e.get("flood"))
    over = {key: n for key, n in per_window.items() if n > limit}

    print("## Counted after the run\n")
    print(
        f"- suggestions accepted (302 to the thanks page): {len(accepted)} "
        f"({len(accepted) - sum(1 for e in accepted if e.get('flood'))} by the submitters, "
        f"{sum(1 for e in accepted if e.get('flood'))} by the flooders before their limit); "
        f"rows of the consultation in the database: {sum(rows.values())}"
    )
    print(
        f"- accepted but not stored: {len(missing)}; stored twice or more: {len(doubled)}; "
        f"stored but never sent: {len(unsent)}; stored, answer cut off at the stop: "
        f"{len(unanswered)}"
    )
    print(
        f"- the same text sent again from the same address and accepted: {len(repeats)}; "
        f"of those stored a second time: {sum(1 for e in repeats if rows[e['text']] > 1)}"
    )
    print(
        f"- flooders (limit {limit} per address per {window // 60} min): "
        + "; ".join(
            f"{address}: {c['suggestion']} accepted, {c['throttled']} answered 429"
            for address, c in sorted(flooders.items())
        )
    )
    problems = []
    if missing:
        problems.append(f"{len(missing)} accepted suggestions are not in the database")
    if doubled:
        problems.append(f"{len(doubled)} texts are stored more than once")
    if unsent:
        problems.append(f"{len(unsent)} stored suggestions were never sent by the run")
    if throttled_stored:
        problems.append(f"{len(throttled_stored)} suggestions answered 429 were stored")
    if over:
        problems.append(f"an address was accepted more than {limit} times in a window: {over}")
    if not throttled:
        problems.append("no flooder was ever answered 429")
    if sum(rows.values()) != len(accepted_texts) + len(unanswered):
        problems.append(
            f"{len(accepted_texts)} accepted (+{len(unanswered)} cut off) "
            f"but {sum(rows.values())} rows"
        )
    return problems


def errors(out: Path, entries: list[dict]) -> list[str]:
    """Failures in Locust's eyes, and answers other than 2xx/3xx in the server's,
    but the flooders' expected 429s."""
    failures = sum(
        int(row["Failure Count"])
        for row in csv.DictReader((out / "locust_stats.csv").open())
        if row["Name"] != "Aggregated"
    )
    counted = statuses(out)
    throttled = sum(1 for e in entries if e["kind"] == "throttled")
    unexpected = {
        code: n
        for code, n in counted.items()
        if code[0] in "45" and not (code == "429" and n == throttled)
    }
    print(
        f"\nFailed requests (Locust): {failures}. Expected 429s (flooders, Chinese page, "
        f"Retry-After): {throttled}; 429s in the access log: {counted.get('429', 0)}."
    )
    problems = []
    if failures:
        problems.append(f"{failures} requests failed")
    if unexpected:
        problems.append(f"unexpected error answers in the access log: {unexpected}")
    return problems


def cpu(out: Path) -> None:
    """Where the CPU went: every 5 s sample, and those at full load (the last two
    thirds of the run, after the ramp)."""
    path = out / "cpu.jsonl"
    if not path.exists():
        return
    samples = [json.loads(line) for line in path.read_text().splitlines()]
    if not samples:
        return
    full = samples[len(samples) // 3 :]
    keys = ["busy", "gunicorn", "postgres", "redis", "locust", "celery", "other"]
    print("\n## CPU (every 5 s; busy: % of both cores; the rest: % of one core)\n")
    print("| samples | " + " | ".join(keys) + " |")
    print("|---|" + "---:|" * len(keys))
    for label, part in (("whole run", samples), ("last two thirds", full)):
        cells = [
            f"{statistics.mean(s[k] for s in part):.0f} (max {max(s[k] for s in part)})"
            for k in keys
        ]
        print(f"| {label} ({len(part)}) | " + " | ".join(cells) + " |")


def main() -> None:
    out = Path(sys.argv[1])
    entries = ledger(out)
    problems = verify(out, entries)
    problems += table(out, pages=PAGES, saves=POSTS, page_ms=PAGE_MS, save_ms=POST_MS)
    problems += errors(out, entries)
    cpu(out)
    if problems:
        print("\nNOT MET:\n- " + "\n- ".join(problems))
        sys.exit(1)
    print("\nAll targets met.")


if __name__ == "__main__":
    main()
