"""Spreadsheets in and out for the parts that have them (major projects,
indicators): templates, the stored reading, the dry run, the confirmation.

A small file is read in the request; a larger one is kept until the worker reads
it, with progress on the import's page. The dry run is repeated on every view of
the preview, so it always shows what a confirmation would do now; the
confirmation claims the import once (a double click writes nothing twice) and
writes through the import seam in one transaction.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.text import safe_filename
from apps.exports.excel.reader import (
    SheetFileError,
    SheetReading,
    check_package,
    read_sheet,
    rows_for_import,
)
from apps.plans.imports import ImportResult, RowResult, columns_for, items_import
from apps.plans.models import OutlineNode, SheetImport
from apps.plans.parts import Part, registry

logger = logging.getLogger(__name__)

PENDING_KEEP = timedelta(days=7)
DONE_KEEP = timedelta(days=30)


def sheet_part(slug: str) -> Part:
    part = registry.get(slug)
    if not part.spreadsheet:
        raise Http404("no spreadsheet for this part")
    return part


def blank_form(part: Part, plan, access):
    return part.form_class(plan=plan, access=access)


def part_columns(part: Part, plan, access):
    return columns_for(part, blank_form(part, plan, access))


def template_items(part: Part, plan, *, scope: str, department=None):
    """The items a template is filled with: none, one department's (those in the
    chapters it leads: the rows it may edit), or all."""
    # Every related item a cell names (章节, 支撑的重点任务, 类别…) in the same query.
    related = [
        f.name
        for f in part.model._meta.concrete_fields
        if f.many_to_one and f.name not in {"plan", "updated_by"}
    ]
    items = part.queryset(plan).select_related(*related).order_by("position", "id")
    if scope == "department" and department is not None:
        return items.filter(node__lead_department=department)
    if scope == "all":
        return items
    return items.none()


def template_title(part: Part, plan, department=None) -> str:
    who = f"（{department.name}）" if department is not None else ""
    return f"{plan.county.name}“{plan.period_name}”{part.label}{who}"


def template_filename(part: Part, plan, department=None, suffix: str = "") -> str:
    who = f"-{department.name}" if department is not None else ""
    return safe_filename(f"{plan.period_name}{part.label}{who}{suffix}.xlsx")


# Reading -------------------------------------------------------------------------------


def start_import(document, part: Part, upload, user, access) -> SheetImport:
    """Read a small upload now (raising SheetFileError, with nothing stored, when
    it is not a readable table); keep a large one for the worker."""
    data = upload.read(settings.SHEET_IMPORT_MAX_BYTES + 1)
    kept = {
        "document": document,
        "part": part.slug,
        "filename": safe_filename(upload.name or "upload.xlsx", max_length=200),
        "size": len(data),
        "uploaded_by": user,
    }
    if len(data) <= settings.SHEET_IMPORT_SYNC_BYTES:
        reading = _read(data, part, document.plan, access)
        return SheetImport.objects.create(
            **kept, status=SheetImport.Status.PENDING, reading=reading.as_data()
        )
    check_package(data)  # refused at once: too large, encrypted, a zip bomb
    with transaction.atomic():
        sheet_import = SheetImport.objects.create(
            **kept, status=SheetImport.Status.READING, upload=data
        )
        transaction.on_commit(lambda: _dispatch(sheet_import.pk))
    return sheet_import


def _dispatch(import_id: int) -> None:
    from apps.exports.tasks import read_sheet_import

    try:
        read_sheet_import.delay(import_id)
    except Exception:  # an unreachable broker: the page says so after a while
        logger.exception("could not queue sheet import %s", import_id)


def _read(data: bytes, part: Part, plan, access, progress=None) -> SheetReading:
    return read_sheet(data, part_columns(part, plan, access), progress=progress)


def read_stored(import_id: int) -> str:
    """The worker's side: read the kept file, with progress, then forget it."""
    from apps.plans.access import PlanAccess
    from apps.plans.policy import principal_for

    sheet_import = (
        SheetImport.objects.select_related("document__plan", "uploaded_by")
        .filter(pk=import_id, status=SheetImport.Status.READING)
        .first()
    )
    if sheet_import is None:
        return f"sheet import {import_id}: nothing to read"
    document = sheet_import.document
    plan = document.plan
    plan.outline = document
    access = PlanAccess(plan, principal_for(sheet_import.uploaded_by, plan.county_id), document)
    part = sheet_part(sheet_import.part)

    def progress(done: int, total: int) -> None:
        SheetImport.objects.filter(pk=import_id).update(progress=done, total=total)

    try:
        reading = _read(bytes(sheet_import.upload), part, plan, access, progress)
    except SheetFileError as exc:
        SheetImport.objects.filter(pk=import_id).update(
            status=SheetImport.Status.FAILED, error=exc.message, upload=None
        )
        return f"sheet import {import_id}: refused"
    SheetImport.objects.filter(pk=import_id, status=SheetImport.Status.READING).update(
        status=SheetImport.Status.PENDING, reading=reading.as_data(), upload=None
    )
    return f"sheet import {import_id}: {len(reading.rows)} rows"


# Preview and confirmation ------------------------------------------------------------------


def run(sheet_import: SheetImport, part: Part, access, *, actor, dry_run: bool) -> ImportResult:
    reading = SheetReading.from_data(sheet_import.reading)
    rows = rows_for_import(reading, part_columns(part, access.plan, access))
    return items_import(
        part,
        access.plan.outline,
        rows,
        actor=actor,
        access=access,
        dry_run=dry_run,
        note=_("从表格导入：%(name)s") % {"name": sheet_import.filename},
    )


class ImportRefused(Exception):
    """Nothing was written; the message says why, in Chinese."""


def confirm(sheet_import: SheetImport, part: Part, access, *, actor) -> ImportResult:
    with transaction.atomic():
        claimed = SheetImport.objects.filter(
            pk=sheet_import.pk, status=SheetImport.Status.PENDING
        ).update(status=SheetImport.Status.APPLIED, applied_at=timezone.now())
        if not claimed:
            raise ImportRefused(_("这个表格已经导入或已放弃，没有再次写入。"))
        result = run(sheet_import, part, access, actor=actor, dry_run=False)
        outcome = {
            "add": result.count("add"),
            "update": result.count("update"),
            "unchanged": result.count("unchanged"),
            "error": result.count("error"),
            "errors": [
                [r.number, [[str(label), str(message)] for label, message in r.errors]]
                for r in result.errors
            ],
        }
        SheetImport.objects.filter(pk=sheet_import.pk).update(outcome=outcome)
        sheet_import.outcome = outcome
    return result


def stored_errors(sheet_import: SheetImport, reading: SheetReading) -> list[RowResult]:
    """The rows a confirmation refused, as it recorded them."""
    cells = {number_: row for number_, row in reading.rows}
    return [
        RowResult(
            number_,
            action="error",
            errors=[tuple(e) for e in errors],
            values=cells.get(number_, {}),
        )
        for number_, errors in sheet_import.outcome.get("errors", [])
    ]


def discard(sheet_import: SheetImport) -> None:
    SheetImport.objects.filter(
        pk=sheet_import.pk,
        status__in=[
            SheetImport.Status.PENDING,
            SheetImport.Status.FAILED,
            SheetImport.Status.READING,
        ],
    ).update(status=SheetImport.Status.DISCARDED, upload=None)


def prune_sheet_imports(now=None) -> int:
    now = now or timezone.now()
    stale = SheetImport.objects.filter(
        Q(
            status__in=[
                SheetImport.Status.PENDING,
                SheetImport.Status.DISCARDED,
                SheetImport.Status.FAILED,
                SheetImport.Status.READING,
            ],
            created_at__lt=now - PENDING_KEEP,
        )
        | Q(created_at__lt=now - DONE_KEEP)
    )
    deleted, _rows = stale.delete()
    return deleted


def led_departments(document):
    """Departments that lead a chapter of the document: whose template the
    planning office may prepare."""
    from apps.accounts.models import Department

    led = OutlineNode.objects.filter(document=document).exclude(lead_department=None)
    return Department.objects.filter(pk__in=led.values("lead_department")).order_by("name")
