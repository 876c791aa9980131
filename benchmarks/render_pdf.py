"""PDF rendering cost at demo scale 1, 2 and 4, against headless Chromium.

For each scale the demo plan is seeded into a throw-away SQLite database and its
print HTML written to a file (stylesheet linked by file URL). Then, each in a fresh
process so CPU time and peak memory are the process's own:

* ours     — WeasyPrint (with the project's Chinese justification) renders the file;
* chromium — ``chromium --headless --print-to-pdf`` prints the same file, with
  ``--no-zygote`` so its renderer processes are children whose CPU time is counted
  (through the zygote they are reaped elsewhere and their time goes missing).

Both numbers include starting the process. A last run renders the scale-4 plan
five times in one process through the export code (``render_pdf``) and records
the resident memory after each, to show whether a worker process grows.

    .venv/bin/python benchmarks/render_pdf.py [--scales 1 2 4] [--repeat 3]
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

OURS = """
import json, resource, sys, time
from weasyprint import HTML
sys.path.insert(0, {root!r})
from apps.exports import cjk_justify
cjk_justify.install()
start = time.process_time()
document = HTML(filename={html!r}).render()
document.write_pdf({pdf!r})
first = time.process_time() - start
# A worker renders many plans in one process: time a second render of the same file.
start = time.process_time()
HTML(filename={html!r}).render().write_pdf({pdf!r})
warm = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"first": first, "warm": warm, "peak_mb": peak}}))
"""

# The whole export pipeline in a cold process, as ``render_plan`` runs it: Django
# start-up, loading the plan, the annex probe (apps/exports/paging.py), layout,
# writing, page labels.
PIPELINE = """
import json, os, resource, sys
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "planner.settings"
import django
django.setup()
from django.core.management import call_command
call_command("render_plan", {plan_id!r}, output={pdf!r})
print(json.dumps({{"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

REPEATED = """
import json, os, sys
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "planner.settings"
import django
django.setup()
from apps.plans.models import Plan
from apps.exports.render import render_pdf
plan = Plan.objects.get(demo__isnull=False, county__name="示范县")
rss = []
for _ in range(5):
    render_pdf(plan.outline)
    with open("/proc/self/status") as status:
        line = next(l for l in status if l.startswith("VmRSS"))
    rss.append(int(line.split()[1]) // 1024)
print(json.dumps(rss))
"""


def run_measured(command: list[str], env: dict) -> dict:
    """Run a command to completion; wall time, CPU (user+sys) and peak RSS of it and
    every process it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed:\n{result.stderr[-2000:]}")
    return {
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "stdout": result.stdout,
    }


def measure(command: list[str], env: dict, repeat: int, output: Path) -> dict:
    runs = [run_measured(command, env) for _ in range(repeat)]
    return {
        "wall": statistics.median(r["wall"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "size_kb": output.stat().st_size / 1024,
        "stdout": [r["stdout"] for r in runs],
    }


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def type3_fonts(path: Path) -> int:
    from pypdf import PdfReader

    count = 0
    for page in PdfReader(path).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        count += sum(1 for f in fonts.values() if f.get_object().get("/Subtype") == "/Type3")
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="planner-render-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(PLANNER_VAR_DIR=str(work / "var"), DJANGO_SETTINGS_MODULE="planner.settings")
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)

    rows = []
    for scale in args.scales:
        subprocess.run(
            [*manage, "seed_demo", "--scale", str(scale), "-v0"],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        html = work / f"plan-{scale}.html"
        pdf_ours, pdf_chrome = work / f"ours-{scale}.pdf", work / f"chromium-{scale}.pdf"
        plan_id = subprocess.run(
            [
                PYTHON,
                "-c",
                "import django; django.setup(); from apps.plans.models import Plan; "
                "print(Plan.objects.get(demo__isnull=False, county__name='示范县').pk)",
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        subprocess.run(
            [*manage, "render_plan", plan_id, "-o", str(work / "warm.pdf"), "--html", str(html)],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        ours = measure(
            [PYTHON, "-c", OURS.format(root=str(ROOT), html=str(html), pdf=str(pdf_ours))],
            env,
            args.repeat,
            pdf_ours,
        )
        chrome = measure(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--no-zygote",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={work / 'chromium-profile'}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf_chrome}",
                html.as_uri(),
            ],
            env,
            args.repeat,
            pdf_chrome,
        )
        pdf_pipeline = work / f"pipeline-{scale}.pdf"
        pipeline = measure(
            [
                PYTHON,
                "-c",
                PIPELINE.format(root=str(ROOT), plan_id=plan_id, pdf=str(pdf_pipeline)),
            ],
            env,
            args.repeat,
            pdf_pipeline,
        )
        pipeline["peak_mb"] = max(
            json.loads(out.strip().splitlines()[-1])["peak_mb"] for out in pipeline.pop("stdout")
        )
        pipeline["pages"] = pdf_pages(pdf_pipeline)
        inside = [json.loads(out) for out in ours.pop("stdout")]
        ours.update(
            first=statistics.median(i["first"] for i in inside),
            warm=statistics.median(i["warm"] for i in inside),
            peak_mb=max(i["peak_mb"] for i in inside),
        )
        rows.append(
            {
                "scale": scale,
                "ours": {**ours, "pages": pdf_pages(pdf_ours), "type3": type3_fonts(pdf_ours)},
                "pipeline": pipeline,
                "chromium": {
                    **chrome,
                    "pages": pdf_pages(pdf_chrome),
                    "type3": type3_fonts(pdf_chrome),
                },
            }
        )

    repeated = json.loads(
        subprocess.run(
            [PYTHON, "-c", REPEATED.format(root=str(ROOT))],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )

    print(f"{args.repeat} runs per cell: median times, largest peak memory.\n")
    print("Whole process (start-up included; the two PDF writes of our script counted once):\n")
    print(
        "| scale | pages | ours CPU s | Chromium CPU s | ratio | ours MB | ours KB | "
        "Chromium pages | Chromium KB | Chromium Type 3 fonts |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        o, c = row["ours"], row["chromium"]
        process_cpu = o["cpu"] - o["warm"]  # the second, warm render is not part of it
        print(
            f"| {row['scale']} | {o['pages']} | {process_cpu:.2f} | {c['cpu']:.2f} | "
            f"{process_cpu / c['cpu']:.2f} | {o['peak_mb']:.0f} | {o['size_kb']:.0f} | "
            f"{c['pages']} | {c['size_kb']:.0f} | {c['type3']} |"
        )
    print("\nThe export pipeline in a cold process (`render_plan`, Django and probe included):\n")
    print("| scale | pages | pipeline CPU s | Chromium CPU s | ratio | pipeline peak MB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        p, c = row["pipeline"], row["chromium"]
        print(
            f"| {row['scale']} | {p['pages']} | {p['cpu']:.2f} | {c['cpu']:.2f} | "
            f"{p['cpu'] / c['cpu']:.2f} | {p['peak_mb']:.0f} |"
        )
    print("\nRender only, in a process that has rendered before (as in a worker):\n")
    print(
        "| scale | first render CPU s | warm render CPU s | warm / Chromium process | "
        "warm / scale 1 |"
    )
    print("|---:|---:|---:|---:|---:|")
    base = rows[0]["ours"]["warm"]
    for row in rows:
        o, c = row["ours"], row["chromium"]
        print(
            f"| {row['scale']} | {o['first']:.2f} | {o['warm']:.2f} | {o['warm'] / c['cpu']:.2f} | "
            f"{o['warm'] / base:.2f} |"
        )
    print(f"\nRSS (MB) after each of 5 renders of the largest plan in one process: {repeated}")


if __name__ == "__main__":
    main()
