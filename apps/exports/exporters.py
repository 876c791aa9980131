"""The exporters: every file the app makes of a document goes through one of them.

An exporter says what it makes (identifier, label, extension, content type), which
options it takes and who may ask for them, how to fingerprint its input (same
fingerprint, same file: the job is reused), and how to render it with progress.
The job row records the exporter and its options; the pipeline around it — the
row first, the queue after commit, the claim, the heartbeat, the sweep, the
access-checked download, the pruning — is the same for all of them
(apps/exports/services.py). Small files are rendered ``inline``, in the request
that asks for them, through the same job row.

Adding a format (the .docx of issue 13, an evaluation report's tables) is one
more ``register(Exporter(...))`` here or in the app that owns the format.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from apps.core.text import as_id
from apps.plans.models import Document

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Rendered:
    content: bytes
    page_count: int | None = None


@dataclass(frozen=True)
class RenderContext:
    """What the pipeline knows that a render may use: the page count to expect
    (for the progress bar) and the self-check run at this moment."""

    expected_pages: int = 40
    scorecard: Any = None


@dataclass(frozen=True)
class Exporter:
    key: str
    label: str
    extension: str
    content_type: str
    fingerprint: Callable[[Document, dict], str]
    render: Callable[..., Rendered]  # (document, options, progress, context) -> Rendered
    # The options it takes, each with its cleaner (the raw posted value → a value to
    # store, or None to leave the option out).
    options: dict[str, Callable[[Any, Document], Any]] = field(default_factory=dict)
    # Options only the planning office may ask for.
    managed_options: frozenset[str] = frozenset()
    # Options naming a department (by id): a member outside the planning office may
    # name only a department of their own.
    department_options: frozenset[str] = frozenset()
    inline: bool = False
    # Which document kinds it applies to (all when empty).
    kinds: frozenset[str] = frozenset()
    # The download name, from the document's title and the job.
    filename: Callable[[Any], str] | None = None
    # The self-check of the moment is run and kept with the job (the text's
    # exports); a table's template does without.
    records_scorecard: bool = True
    # The object whose reading the file shows, when not the whole document: the
    # worker checks the requester may still read it (document, options) -> object.
    subject: Callable[[Document, dict], Any] | None = None

    def clean_options(self, raw: dict, document: Document) -> dict:
        cleaned = {}
        for name, clean in self.options.items():
            value = clean(raw.get(name), document)
            if value not in (None, False, "", {}, []):
                cleaned[name] = value
        return cleaned

    def download_name(self, job) -> str:
        if self.filename is not None:
            return self.filename(job)
        return f"{job.document.title}（{job.get_stage_display()}）.{self.extension}"


_registry: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    if exporter.key in _registry:
        raise ValueError(f"exporter {exporter.key!r} registered twice")
    _registry[exporter.key] = exporter
    return exporter


def get(key: str) -> Exporter:
    try:
        return _registry[key]
    except KeyError:
        raise Http404("no such export") from None


def all_exporters() -> list[Exporter]:
    return list(_registry.values())


def for_document(document: Document) -> list[Exporter]:
    return [e for e in _registry.values() if not e.kinds or document.kind in e.kinds]


def choices() -> list[tuple[str, str]]:
    return [(e.key, e.label) for e in _registry.values()]


# The exporters of the outline and its opinions ---------------------------------------

OUTLINE_PDF = "outline_pdf"
OUTLINE_DOCX = "outline_docx"
OPINIONS_PDF = "opinions_pdf"
OPINIONS_XLSX = "opinions_xlsx"
ITEMS_XLSX = "items_xlsx"

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _flag(value, document: Document) -> bool | None:
    # The self-check appendix: the outline's drafts only, never an adopted outline
    # and never a report (the self-check examines the outline, not an evaluation).
    return (bool(value) and not document.is_final and not document.is_report) or None


def _opinion_filters(value, document: Document) -> dict | None:
    """The opinion list's filters, as the list page validated them."""
    from apps.review.forms import OpinionFilterForm

    if not value:
        return None
    form = OpinionFilterForm(value, document=document)
    if not form.is_valid():
        return None
    data = {}
    for name, cleaned in form.cleaned_data.items():
        if cleaned in (None, ""):
            continue
        data[name] = cleaned.pk if hasattr(cleaned, "pk") else cleaned
    return data


def _duplex(value, document: Document) -> bool | None:
    # Booklet printing: the body starts on a right-hand page, numbers outside.
    return bool(value) or None


def _id_in(queryset, value) -> int | None:
    """``value`` as the id of a row of ``queryset``; anything else is left out."""
    pk = as_id(value)
    return pk if pk is not None and queryset.filter(pk=pk).exists() else None


def _department(value, document: Document) -> int | None:
    """A department of the document's county."""
    from apps.accounts.models import Department

    return _id_in(Department.objects.filter(county_id=document.plan.county_id), value)


def _version(value, document: Document) -> int | None:
    """A frozen version of this document."""
    from apps.review.models import DocumentVersion

    return _id_in(DocumentVersion.objects.filter(document=document), value)


def _outline_fingerprint(document: Document, options: dict) -> str:
    from apps.exports.fingerprint import document_fingerprint

    fingerprint = document_fingerprint(document, with_scorecard=bool(options.get("with_scorecard")))
    if options.get("duplex"):
        fingerprint = hashlib.sha256(f"{fingerprint}:duplex".encode()).hexdigest()
    return fingerprint


def _outline_render(
    document: Document, options: dict, progress: Progress, context: RenderContext
) -> Rendered:
    from apps.exports.render import render_pdf

    appendix = options.get("with_scorecard") and not document.is_final
    result = render_pdf(
        document,
        progress=progress,
        expected_pages=context.expected_pages,
        scorecard=context.scorecard if appendix else None,
        duplex=bool(options.get("duplex")),
    )
    return Rendered(result.pdf, result.page_count)


def _outline_filename(job) -> str:
    title, stage = job.document.title, job.get_stage_display()
    if job.options.get("duplex"):
        stage = _("%(stage)s，双面") % {"stage": stage}
    if job.options.get("with_scorecard"):
        return _("%(title)s（%(stage)s，附体检报告）.pdf") % {"title": title, "stage": stage}
    return _("%(title)s（%(stage)s）.pdf") % {"title": title, "stage": stage}


def _docx_fingerprint(document: Document, options: dict) -> str:
    from apps.exports.fingerprint import document_fingerprint, opinions_fingerprint
    from apps.exports.word.writer import code_version

    if options.get("version"):
        # A frozen version never changes: its id and the writer are the content.
        from apps.review.models import DocumentVersion

        snapshot = DocumentVersion.objects.values_list("snapshot", flat=True).get(
            pk=options["version"]
        )
        frozen = json.dumps(snapshot, sort_keys=True, ensure_ascii=False)
        key = f"version:{options['version']}:{frozen}:{code_version()}"
        return hashlib.sha256(key.encode()).hexdigest()
    parts = [document_fingerprint(document), "docx", code_version()]
    if options.get("department"):
        # The comments are the department's open opinions as they stand now.
        parts += [str(options["department"]), opinions_fingerprint(document)]
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


def _docx_render(
    document: Document, options: dict, progress: Progress, context: RenderContext
) -> Rendered:
    from apps.accounts.models import Department
    from apps.exports.word.writer import render_docx, render_version_docx

    if options.get("version"):
        from apps.review.models import DocumentVersion

        version = DocumentVersion.objects.get(pk=options["version"], document=document)
        return Rendered(render_version_docx(version, progress=progress))
    department = None
    if options.get("department"):
        department = Department.objects.filter(
            pk=options["department"], county_id=document.plan.county_id
        ).first()
    return Rendered(render_docx(document, progress=progress, department=department))


def _docx_filename(job) -> str:
    from apps.accounts.models import Department
    from apps.review.models import DocumentVersion

    title, stage = job.document.title, job.get_stage_display()
    if job.options.get("version"):
        name = (
            DocumentVersion.objects.filter(pk=job.options["version"])
            .values_list("name", flat=True)
            .first()
        )
        return _("%(title)s（%(version)s）.docx") % {"title": title, "version": name or stage}
    department = job.options.get("department")
    if department:
        name = Department.objects.filter(pk=department).values_list("name", flat=True).first()
        if name:
            return _("%(title)s（%(stage)s，附%(department)s意见）.docx") % {
                "title": title,
                "stage": stage,
                "department": name,
            }
    return _("%(title)s（%(stage)s）.docx") % {"title": title, "stage": stage}


def _opinions_fingerprint(document: Document, options: dict) -> str:
    from apps.exports.fingerprint import opinions_fingerprint

    return opinions_fingerprint(document, filters=options.get("filters"))


def _opinions_pdf(
    document: Document, options: dict, progress: Progress, context: RenderContext
) -> Rendered:
    from apps.exports.render import render_opinions_pdf

    result = render_opinions_pdf(document, progress=progress)
    return Rendered(result.pdf, result.page_count)


def _opinions_xlsx(
    document: Document, options: dict, progress: Progress, context: RenderContext
) -> Rendered:
    from apps.review.excel import opinions_workbook
    from apps.review.views import filtered_opinions

    _form, opinions = filtered_opinions(document, options.get("filters") or {})
    return Rendered(opinions_workbook(document, list(opinions)))


def _opinions_filename(extension: str):
    def name(job) -> str:
        if extension == "xlsx":
            return _("%(title)s意见采纳情况汇总表.xlsx") % {"title": job.document.title}
        return _("%(title)s意见采纳情况汇总表（%(stage)s）.pdf") % {
            "title": job.document.title,
            "stage": job.get_stage_display(),
        }

    return name


register(
    Exporter(
        key=OUTLINE_PDF,
        label=_("全文 PDF"),
        extension="pdf",
        content_type=PDF,
        fingerprint=_outline_fingerprint,
        render=_outline_render,
        options={"with_scorecard": _flag, "duplex": _duplex},
        managed_options=frozenset({"with_scorecard"}),
        filename=_outline_filename,
    )
)
register(
    Exporter(
        key=OUTLINE_DOCX,
        label=_("全文 Word"),
        extension="docx",
        content_type=DOCX,
        fingerprint=_docx_fingerprint,
        render=_docx_render,
        # A frozen version (its text as frozen), or the current draft with a
        # department's open opinions as comments.
        options={"department": _department, "version": _version},
        department_options=frozenset({"department"}),
        filename=_docx_filename,
    )
)
register(
    Exporter(
        key=OPINIONS_PDF,
        label=_("意见采纳情况汇总表 PDF"),
        extension="pdf",
        content_type=PDF,
        fingerprint=_opinions_fingerprint,
        render=_opinions_pdf,
        filename=_opinions_filename("pdf"),
    )
)
register(
    Exporter(
        key=OPINIONS_XLSX,
        label=_("意见采纳情况汇总表 Excel"),
        extension="xlsx",
        content_type=XLSX,
        fingerprint=_opinions_fingerprint,
        render=_opinions_xlsx,
        options={"filters": _opinion_filters},
        inline=True,
        filename=_opinions_filename("xlsx"),
    )
)


# A part's rows in its spreadsheet template (apps/exports/excel) -------------------------

# Raised when the template's layout changes, so files made before are not reused.
ITEMS_XLSX_LAYOUT = "1"


def _sheet_part(value, document: Document) -> str | None:
    from apps.plans.parts import registry

    part = registry.parts.get(str(value or ""))
    return part.slug if part is not None and part.spreadsheet else None


def _rows(value, document: Document) -> str | None:
    return value if value in {"all", "department"} else None


def _items_fingerprint(document: Document, options: dict) -> str:
    from apps.accounts.models import Department
    from apps.plans.stamp import content_stamp

    department = Department.objects.filter(pk=options.get("department") or 0).first()
    parts = [
        content_stamp(document.plan),
        document.title,
        str(options),
        department.name if department else "",
        ITEMS_XLSX_LAYOUT,
    ]
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


def _items_xlsx(
    document: Document, options: dict, progress: Progress, context: RenderContext
) -> Rendered:
    from apps.accounts.models import Department
    from apps.exports.excel import importing
    from apps.exports.excel.workbook import template_workbook
    from apps.plans.parts import registry

    part = registry.get(options["part"])
    plan = document.plan
    plan.outline = document
    department = Department.objects.filter(pk=options.get("department") or 0).first()
    scope = options.get("rows", "none")
    items = importing.template_items(part, plan, scope=scope, department=department)
    form = part.form_class(plan=plan, access=None)
    title = importing.template_title(part, plan, department if scope == "department" else None)
    return Rendered(template_workbook(part, form, title, items))


def _items_filename(job) -> str:
    from apps.accounts.models import Department
    from apps.exports.excel import importing
    from apps.plans.parts import registry

    part = registry.get(job.options["part"])
    department = None
    if job.options.get("rows") == "department":
        department = Department.objects.filter(pk=job.options.get("department") or 0).first()
    suffix = "" if job.options.get("rows") else _("模板")
    return importing.template_filename(part, job.document.plan, department, str(suffix))


register(
    Exporter(
        key=ITEMS_XLSX,
        label=_("表格模板与导出 Excel"),
        extension="xlsx",
        content_type=XLSX,
        fingerprint=_items_fingerprint,
        render=_items_xlsx,
        options={"part": _sheet_part, "rows": _rows, "department": _department},
        inline=True,
        kinds=frozenset({Document.Kind.OUTLINE}),
        filename=_items_filename,
        records_scorecard=False,
    )
)
