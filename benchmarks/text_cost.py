"""Worst-case CPU of the text work a request can trigger: diffs and the sanitiser.

Every case is at the length limit a drafter may save (200,000 characters of text)
and shaped to be as costly as we know how: random text over a 20-character
alphabet (so a longest-common-subsequence finds a match almost everywhere),
every paragraph changed, paragraphs of one character, hostile markup. Reports
CPU seconds (process time), the median and the worst of ``--repeat`` runs.

    .venv/bin/python benchmarks/text_cost.py [--repeat 5]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMIT = 200_000
ALPHABET = "的发展推进建设加快全面完善体系提升能力区县城乡产业"


def words(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(n))


def paragraphs(rng: random.Random, count: int, size: int) -> str:
    return "".join(f"<p>{words(rng, size)}</p>" for _ in range(count))


def every_nth_changed(texts: list[str], n: int) -> list[str]:
    return ["".join("变" if i % n == 0 else c for i, c in enumerate(t)) for t in texts]


def diff_cases(rng: random.Random) -> dict[str, tuple[str, str]]:
    texts = [words(rng, 199) for _ in range(1000)]
    base = "".join(f"<p>{t}</p>" for t in texts)
    edited = base.replace("的", "地", 400)
    scattered = "".join(f"<p>{t}</p>" for t in every_nth_changed(texts, 13))
    return {
        "one 200,000-character paragraph each, unrelated": (
            f"<p>{words(rng, LIMIT)}</p>",
            f"<p>{words(rng, LIMIT)}</p>",
        ),
        "1,000 paragraphs × 200, every one rewritten": (
            paragraphs(rng, 1000, 199),
            paragraphs(rng, 1000, 199),
        ),
        "100 paragraphs × 2,000, every one rewritten": (
            paragraphs(rng, 100, 1999),
            paragraphs(rng, 100, 1999),
        ),
        "20 paragraphs × 10,000, every one rewritten": (
            paragraphs(rng, 20, 9999),
            paragraphs(rng, 20, 9999),
        ),
        "100,000 one-character paragraphs, reshuffled": (
            "".join(f"<p>{c}</p>" for c in words(rng, 100_000)),
            "".join(f"<p>{c}</p>" for c in words(rng, 100_000)),
        ),
        "1,000 paragraphs, 400 small edits (the usual case)": (base, edited),
        "1,000 paragraphs × 200, every 13th character changed": (
            base,
            scattered,
        ),
    }


def sanitize_cases() -> dict[str, str]:
    return {
        "'<ul><li>' × 25,000 (refused: depth)": "<ul><li>" * 25_000,
        "'<a' × 100,000 (no tag ends)": "<a" * 100_000,
        "'<div' × 50,000": "<div" * 50_000,
        "'<p>x</p>' × 25,000 (refused: elements)": "<p>x</p>" * 25_000,
        "200,000 spaces inside one paragraph": "<p>a" + " " * LIMIT + "b</p>",
        "lists 9 deep × 1,000": ("<ul><li>" * 9 + "文字" + "</li></ul>" * 9) * 1000,
        "200,000 characters of plain text in 2,000 lines": ("字" * 99 + "\n") * 2000,
        "Word-like paste: 2,500 paragraphs with spans": (
            '<p class="MsoNormal"><span lang="ZH-CN"><b>加快</b>建设现代产业体系。</span></p>\n'
            * 2500
        ),
    }


def measure(func, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")
    import django

    django.setup()
    from apps.core.diff import diff_html
    from apps.core.text import MarkupTooComplex, sanitize_html

    rng = random.Random(20261129)
    print("| diff | old chars | new chars | median CPU s | max CPU s | HTML chars |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (old, new) in diff_cases(rng).items():
        median, worst = measure(lambda o=old, n=new: diff_html(o, n), args.repeat)
        out = diff_html(old, new)
        sizes = f"{len(old):,} | {len(new):,}"
        print(f"| {name} | {sizes} | {median:.3f} | {worst:.3f} | {len(out):,} |")

    print()
    print("| sanitiser input | chars | median CPU s | max CPU s | result |")
    print("|---|---:|---:|---:|---|")
    for name, value in sanitize_cases().items():

        def run(v=value):
            try:
                return f"{len(sanitize_html(v)):,} chars stored"
            except MarkupTooComplex:
                return "refused"

        median, worst = measure(run, args.repeat)
        print(f"| {name} | {len(value):,} | {median:.3f} | {worst:.3f} | {run()} |")


if __name__ == "__main__":
    main()
