"""The demo plan's Word file, made by a real Celery worker and printed by LibreOffice:
what a 人大 office opening the .docx would see."""

import io
import re
import subprocess

import docx
import pytest
from django.core.management import call_command
from pypdf import PdfReader

from apps.accounts.models import User
from apps.delivery.models import MajorProject
from apps.exports import exporters
from apps.exports.services import export_request
from apps.plans.outline import numbered
from apps.targets.models import Indicator
from tests import factories as f
from tests.plugins.worker import wait_for_job

pytestmark = pytest.mark.django_db(transaction=True)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def libreoffice_pdf(source, workdir) -> list[str]:
    """Convert ``source`` with headless LibreOffice; the text of each page."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{workdir}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    reader = PdfReader(workdir / (source.stem + ".pdf"))
    return [page.extract_text() for page in reader.pages]


@pytest.fixture(scope="module")
def demo_docx(worker, django_db_blocker, tmp_path_factory):
    from apps.demo.seed import seed_demo

    with django_db_blocker.unblock():
        plan = f.as_draft(seed_demo())
        planner = User.objects.get(username="planner")
        job = wait_for_job(export_request(plan.outline, planner, exporters.OUTLINE_DOCX).job)
        assert job.status == "succeeded", job.error
        with job.file.open("rb") as handle:
            data = handle.read()
        facts = {
            "name": job.download_name,
            "headings": [(e.label, e.node.title) for e in numbered(plan.outline.nodes.all())],
            "indicators": list(Indicator.objects.filter(plan=plan).values_list("name", flat=True)),
            "projects": list(MajorProject.objects.filter(plan=plan).values_list("name", flat=True)),
        }
        call_command("flush", "--noinput", verbosity=0)
    workdir = tmp_path_factory.mktemp("demo-docx")
    source = workdir / "demo.docx"
    source.write_bytes(data)
    return {"bytes": data, "pages": libreoffice_pdf(source, workdir), **facts}


def test_the_worker_writes_a_word_file_named_for_the_stage(demo_docx):
    assert demo_docx["name"].endswith("（前期研究）.docx")
    word = docx.Document(io.BytesIO(demo_docx["bytes"]))
    assert len(word.sections) >= 4  # cover, contents, body, the landscape project table


def test_libreoffice_prints_every_heading_indicator_and_project(demo_docx):
    pages = demo_docx["pages"]
    numbered_pages = [bool(re.search(r"—\s*\d+\s*—", page)) for page in pages]
    first = numbered_pages.index(True)
    body = _squash("".join(pages[first:]))
    position = 0
    for label, title in demo_docx["headings"]:
        heading = _squash(f"{label}{title}")
        found = body.find(heading, position)
        assert found >= 0, heading
        position = found
    for name in demo_docx["indicators"]:
        assert _squash(name) in body, name
    for name in demo_docx["projects"]:
        assert _squash(name) in body, name


def test_page_numbers_run_from_one_on_the_first_body_page(demo_docx):
    pages = demo_docx["pages"]
    numbers = [re.findall(r"—\s*(\d+)\s*—", page) for page in pages]
    first = next(i for i, found in enumerate(numbers) if found)
    assert first >= 2  # cover and contents carry none
    assert [int(found[-1]) for found in numbers[first:]] == list(range(1, len(pages) - first + 1))
