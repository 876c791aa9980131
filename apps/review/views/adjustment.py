"""规划调整: the adopted outline's targets beside the adjusted ones.

After the mid-term evaluation an outline may be adjusted (stages 调整稿 → 调整后审议
通过). The 人大常委会 is asked to approve changed targets, so what it reads is a
table: each indicator as adopted (from the version frozen when the outline was
adopted) and as it reads now, the changed rows marked, and the indicators added
and removed. Major projects are compared the same way.

The adopted figures come from the frozen version's snapshot
(apps/review/actions.py ``document_snapshot``): each part's rows as the cells its
list shows, by item id. The current ones are the part's rows now. Cost: the
version, one query per compared part, whatever the plan's size.
"""

from dataclasses import dataclass, field

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.plans.access import get_document_for_user
from apps.plans.models import Document
from apps.plans.pages import page_context
from apps.plans.parts import registry
from apps.review.models import DocumentVersion

# The parts whose adopted rows an adjustment is read against, in this order, and
# whether every row is listed (each indicator is a target the 人大 approved) or
# only the changed ones (a long project list would bury them).
COMPARED_PARTS = {"indicators": True, "major-projects": False}


@dataclass
class ComparedRow:
    status: str  # "same", "changed", "added", "removed"
    # (before, after, changed) per column; before is "" for an added row.
    cells: list[tuple[str, str, bool]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.status != "same"


@dataclass
class ComparedPart:
    label: str
    columns: list[str]
    rows: list[ComparedRow]
    # Unchanged rows left out of ``rows``.
    unchanged_hidden: int = 0

    @property
    def counts(self) -> dict[str, int]:
        counts = {"changed": 0, "added": 0, "removed": 0}
        for row in self.rows:
            if row.status in counts:
                counts[row.status] += 1
        return counts


def adopted_version(document: Document) -> DocumentVersion | None:
    """The version the adjustment is measured against: the last one frozen when
    the outline was adopted; else the one frozen when the adjustment began (the
    outline as it was in force then)."""
    versions = DocumentVersion.objects.filter(document=document)
    return (
        versions.filter(stage=Document.Stage.ADOPTED).order_by("-created_at", "-id").first()
        or versions.filter(stage=Document.Stage.ADJUSTMENT).order_by("created_at", "id").first()
    )


def compare_part(frozen: dict, part, items) -> ComparedPart:
    """The part's frozen rows against its rows now, matched by item id and by
    column label (a column added since the freeze reads as empty before)."""
    columns = [str(c.label) for c in part.columns]
    old_columns = frozen.get("columns", [])
    old_rows = {row["id"]: row["cells"] for row in frozen.get("rows", [])}

    def old_cell(cells: list[str], label: str) -> str:
        if label in old_columns:
            index = old_columns.index(label)
            return cells[index] if index < len(cells) else ""
        return ""

    rows = []
    for item in items:
        now = [str(cell.value) for cell in part.row(item)]
        before = old_rows.pop(item.pk, None)
        if before is None:
            rows.append(ComparedRow("added", [("", value, True) for value in now]))
            continue
        cells = []
        for label, value in zip(columns, now, strict=True):
            was = old_cell(before, label)
            cells.append((was, value, was != value))
        status = "changed" if any(changed for _b, _a, changed in cells) else "same"
        rows.append(ComparedRow(status, cells))
    for cells in old_rows.values():
        rows.append(
            ComparedRow("removed", [(old_cell(cells, label), "", True) for label in columns])
        )
    return ComparedPart(str(part.label), columns, rows)


@require_GET
def adjustment_compare(request: HttpRequest, document_id: int) -> HttpResponse:
    document, access = get_document_for_user(request, document_id)
    if document.is_report:
        raise Http404("only an outline is adjusted")
    version = adopted_version(document)
    compared = []
    if version is not None:
        frozen_parts = version.snapshot.get("parts", {})
        for slug, every_row in COMPARED_PARTS.items():
            part = registry.parts.get(slug)
            if part is None:
                continue
            items = part.queryset(document.plan).order_by("position", "pk")
            if slug == "indicators":
                items = items.order_by("category__position", "position", "pk")
            result = compare_part(frozen_parts.get(slug, {}), part, items)
            if not every_row:
                changed = [row for row in result.rows if row.changed]
                result.unchanged_hidden = len(result.rows) - len(changed)
                result.rows = changed
            compared.append(result)
    return render(
        request,
        "review/adjustment_compare.html",
        page_context(access, version=version, compared=compared),
    )
