"""Word files: the .docx export against the PDF, and the import of a long draft.

Export — for demo scale 1 and 4 (seeded into a throw-away SQLite database), each
render in a fresh process after Django's start-up, so the CPU time is the render's
own and the peak memory the process's: ``render_docx`` against ``render_pdf`` of
the same outline, and the file sizes.

Import — a draft of about 100 printed pages (7 篇 × 4 章 × 4 节, 8 paragraphs of
body text each, the size LibreOffice prints on 100 A4 pages in the house style) is
read (``read_docx``) and written into an empty plan (``apply_import``): CPU time
and the number of queries, and the same for a draft with the same headings and
ten times the paragraphs, to show the queries do not follow the paragraphs. Last,
the worst file the reader's limits let through: a body part of nearly 30 MB of
text that does not compress.

    .venv/bin/python benchmarks/word.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/word.py
"""

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

RENDER = """
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "planner.settings"
import django
django.setup()
from apps.plans.models import Plan
plan = Plan.objects.select_related("county").get(demo__isnull=False, county__name="示范县")
document = plan.outline
if {kind!r} == "docx":
    from apps.exports.word.writer import render_docx as render
else:
    from apps.exports.render import render_pdf as render
start = time.process_time()
result = render(document)
cpu = time.process_time() - start
content = result if isinstance(result, bytes) else result.pdf
print(json.dumps({{"cpu": cpu, "size_kb": len(content) / 1024,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

IMPORT = """
import json, os, sys, time
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "planner.settings"
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from apps.accounts.models import User
from apps.exports.word.reader import read_docx
from apps.plans.models import Plan, WordImport
from apps.exports.word.importing import NEW, apply_import
plan = Plan.objects.select_related("county").get(demo__isnull=False, county__name="邻县")
document = plan.outline
user = User.objects.get(username="planner")
out = {{}}
# The first import also fills Django's content-type cache: run it once untimed.
for name in ("draft", "draft", "draft10"):
    data = open(os.path.join({work!r}, name + ".docx"), "rb").read()
    document.nodes.all().delete()
    start = time.process_time()
    result = read_docx(data)
    read = time.process_time() - start
    imported = WordImport.objects.create(document=document, filename="b.docx",
                                         result=result.as_data())
    start = time.process_time()
    with CaptureQueriesContext(connection) as queries:
        apply_import(imported, [NEW] * len(result.headings), actor=user)
    write = time.process_time() - start
    out[name] = {{"kb": len(data) / 1024, "headings": len(result.headings),
                  "paragraphs": sum(h.paragraphs for h in result.headings),
                  "chars": sum(len(h.body) for h in result.headings),
                  "read_cpu": read, "write_cpu": write, "queries": len(queries)}}
print(json.dumps(out))
"""

SENTENCE = (
    "坚持把发展经济的着力点放在实体经济上，推进产业基础高级化、产业链现代化，"
    "提高经济质量效益和核心竞争力，加快建设具有区域影响力的先进制造业基地。"
)


WORST = """
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "planner.settings"
import django
django.setup()
from apps.exports.word.reader import WordFileError, read_docx
data = open({path!r}, "rb").read()
start = time.process_time()
try:
    outcome = str(len(read_docx(data).headings)) + " headings"
except WordFileError as exc:
    outcome = "refused: " + str(exc)
print(json.dumps({{"cpu": time.process_time() - start, "outcome": outcome,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def worst_draft(path: Path, xml_mb: int) -> None:
    """Body text that does not compress (random CJK), one heading per 100
    paragraphs, the body part unpacked to about ``xml_mb`` MB."""
    import random
    import re

    from tests.exports import word_drafts

    rng = random.Random(1)
    base = word_drafts.plain_draft()
    paragraphs = []
    size = n = 0
    while size < xml_mb * 1024 * 1024:
        if n % 100 == 0:
            paragraphs.append(f"<w:p><w:r><w:t>第{n // 100 + 1}章　标题</w:t></w:r></w:p>")
        text = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(300))
        paragraphs.append(f"<w:p><w:r><w:t>{text}。</w:t></w:r></w:p>")
        size += 930
        n += 1
    body = re.sub(
        r"<w:body>.*<w:sectPr",
        "<w:body>" + "".join(paragraphs) + "<w:sectPr",
        word_drafts.document_xml(base),
        flags=re.S,
    )
    path.write_bytes(word_drafts.with_part(base, "word/document.xml", body.encode()))


def long_draft(path: Path, paragraphs_per_section: int) -> None:
    import docx

    from apps.core.numerals import chinese_count

    word = docx.Document()
    chapter = section = 0
    for part in range(1, 8):
        word.add_heading(f"第{chinese_count(part)}篇　第{part}篇的标题", level=1)
        for _c in range(4):
            chapter += 1
            word.add_heading(f"第{chinese_count(chapter)}章　第{chapter}章的标题", level=2)
            word.add_paragraph(SENTENCE)
            for s in range(1, 5):
                section += 1
                word.add_heading(f"第{chinese_count(s)}节　第{section}节的标题", level=3)
                for _p in range(paragraphs_per_section):
                    word.add_paragraph(SENTENCE * 2)
    out = io.BytesIO()
    word.save(out)
    path.write_bytes(out.getvalue())


def printed_pages(path: Path, work: Path) -> int:
    from pypdf import PdfReader

    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{work}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return len(PdfReader(work / (path.stem + ".pdf")).pages)


def run(code: str, env: dict) -> dict:
    result = subprocess.run(
        [PYTHON, "-c", code], env=env, capture_output=True, text=True, timeout=900, cwd=ROOT
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="planner-word-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    env.update(PLANNER_VAR_DIR=str(work / "var"), DJANGO_SETTINGS_MODULE="planner.settings")
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = (
            os.environ["BENCH_DATABASE_URL"].rsplit("/", 1)[0] + "/planner_bench_word"
        )
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "planner_bench_word"],
            check=True,
        )
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", "planner_bench_word"], check=True
        )
    else:
        env.pop("DATABASE_URL", None)
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)

    print(
        "| scale | docx CPU s | PDF CPU s | docx/PDF | docx peak MB | PDF peak MB "
        "| docx KB | PDF KB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for scale in (1, 4):
        subprocess.run(
            [*manage, "seed_demo", "--scale", str(scale), "-v0"],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        docx_run = run(RENDER.format(root=str(ROOT), kind="docx"), env)
        pdf_run = run(RENDER.format(root=str(ROOT), kind="pdf"), env)
        print(
            f"| {scale} | {docx_run['cpu']:.2f} | {pdf_run['cpu']:.2f} | "
            f"{docx_run['cpu'] / pdf_run['cpu']:.2f} | {docx_run['peak_mb']:.0f} | "
            f"{pdf_run['peak_mb']:.0f} | {docx_run['size_kb']:.0f} | {pdf_run['size_kb']:.0f} |"
        )

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")
    long_draft(work / "draft.docx", 8)
    long_draft(work / "draft10.docx", 80)
    pages = printed_pages(work / "draft.docx", work)
    found = run(IMPORT.format(root=str(ROOT), work=str(work)), env)
    print(
        f"\nImport ({env.get('DATABASE_URL', 'SQLite').split('@')[-1]}); the short draft "
        f"prints on {pages} pages in LibreOffice:\n"
    )
    print("| draft | KB | headings | paragraphs | read CPU s | write CPU s | queries |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, row in found.items():
        print(
            f"| {name} | {row['kb']:.0f} | {row['headings']} | {row['paragraphs']} | "
            f"{row['read_cpu']:.2f} | {row['write_cpu']:.2f} | {row['queries']} |"
        )

    print("\nThe worst file within the limits (random CJK body text, in its own process):\n")
    print("| body part MB | file MB | read CPU s | peak MB | outcome |")
    print("|---:|---:|---:|---:|---|")
    for xml_mb in (10, 27):
        path = work / f"worst-{xml_mb}.docx"
        worst_draft(path, xml_mb)
        row = run(WORST.format(root=str(ROOT), path=str(path)), env)
        print(
            f"| {xml_mb} | {path.stat().st_size / 1024 / 1024:.1f} | {row['cpu']:.2f} | "
            f"{row['peak_mb']:.0f} | {row['outcome'][:60]} |"
        )


if __name__ == "__main__":
    main()
