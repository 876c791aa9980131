"""Render time of the demo plan with the worst chapter body the sanitiser accepts.

The demo (scale 1) is seeded into a throw-away SQLite database; then one chapter
gets a body at the limits of apps/core/text.py (200,000 characters of text, 5,000
elements, lists nested 20 deep) and the plan is rendered to PDF through the
export code, each case in a fresh process (as a worker's first render).

    .venv/bin/python benchmarks/render_worst.py [case ...]

Cases: baseline, long (1,000 paragraphs of 200 characters), many (5,000 one-
character paragraphs), deep (lists nested 20 levels, 5,000 elements), styled (1,240
paragraphs of nested bold/italic/underline), long_many (5,000 paragraphs of 40
characters: the most pages the limits allow).
"""

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ("baseline", "long", "many", "deep", "styled", "long_many")
ALPHABET = "的发展推进建设加快全面完善体系提升能力区县城乡产业"


def body(case: str) -> str | None:
    rng = random.Random(1)

    def words(n: int) -> str:
        return "".join(rng.choice(ALPHABET) for _ in range(n))

    if case == "long":
        return "".join(f"<p>{words(199)}</p>" for _ in range(1000))
    if case == "many":
        return "<p>短</p>" * 4999
    if case == "deep":
        return ("<ul><li>" * 10 + "文字" + "</li></ul>" * 10) * 249
    if case == "styled":
        return "".join(f"<p><b><i><u>{words(5)}</u></i></b>{words(3)}</p>" for _ in range(1240))
    if case == "long_many":
        return "".join(f"<p>{words(39)}</p>" for _ in range(4999))
    return None


def run_case(case: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from apps.core.text import sanitize_html
    from apps.demo.seed import seed_demo
    from apps.exports.render import render_pdf

    call_command("migrate", verbosity=0)
    plan = seed_demo(scale=1, reset=True)
    stored = 0
    raw = body(case)
    if raw is not None:
        clean = sanitize_html(raw)  # refuses anything beyond the limits
        stored = len(clean)
        node = plan.outline.nodes.filter(level="chapter").order_by("position").first()
        node.set_body(clean)
        node.save()
    cpu, wall = time.process_time(), time.perf_counter()
    result = render_pdf(plan.outline)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"| {case} | {stored:,} | {result.page_count} | {cpu:.1f} | {wall:.1f} | {peak} |")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--case":
        run_case(sys.argv[2])
        return
    cases = sys.argv[1:] or CASES
    print("| case | stored chars | pages | render CPU s | wall s | peak MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for case in cases:
        with tempfile.TemporaryDirectory() as var:
            env = {
                **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}},
                "PLANNER_VAR_DIR": var,
                "DJANGO_SETTINGS_MODULE": "planner.settings",
                "DJANGO_LOG_LEVEL": "ERROR",
            }
            subprocess.run(
                [sys.executable, __file__, "--case", case], cwd=ROOT, env=env, check=True
            )


if __name__ == "__main__":
    main()
