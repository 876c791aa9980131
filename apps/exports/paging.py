"""Long annex tables across pages.

Each page's share of an annex table is printed as a table of its own: a continued
table says so above it (附表2（续）), repeats its header, and starts with its
category (指标类别) or group (交通（续）) label, so no merged cell is ever cut by a
page break and nothing is drawn below a table's bottom rule.

Where the page breaks fall is found by a probe: the annex tables are laid out once
on their own, on pages the size of the final text block, and the page each row
lands on is read from WeasyPrint's boxes. Annexes start on a new page, so their
breaks do not depend on the text before them; the probe costs the annex pages
only. The probe reserves, on every page, the height of the continuation caption
and of a repeated group row, so the final pages hold at most what the probe's did.

The project table is printed the way GB/T 9704 prints a wide table in a portrait
document: on portrait pages, turned so that its head is at the left edge (the
binding side of a right-hand page, the outer edge of a left-hand one), with the
page number where every other page has it.
"""

from dataclasses import dataclass, field
from typing import Any

# The final text block (A4, margins 30/28/28/28 mm, static/exports/print.css).
TEXT_BLOCK_MM = (154, 239)
ROW_ATTRIBUTE = "data-row"


@dataclass
class CategoryRun:
    """Consecutive indicators of one category on one page: one merged cell."""

    category: Any
    rows: list[tuple[int, Any]] = field(default_factory=list)


@dataclass
class TablePage:
    rows: list[dict]
    continued: bool = False

    def runs(self) -> list[CategoryRun]:
        """The indicator rows grouped by category, for the merged 类别 cells."""
        runs: list[CategoryRun] = []
        for row in self.rows:
            if not runs or runs[-1].category.pk != row["category"].pk:
                runs.append(CategoryRun(row["category"]))
            runs[-1].rows.append((row["seq"], row["indicator"]))
        return runs


def indicator_rows(groups) -> list[dict]:
    return [
        {"key": f"i{indicator.pk}", "category": group.category, "seq": seq, "indicator": indicator}
        for group in groups
        for seq, indicator in group.rows
    ]


def project_rows(groups) -> list[dict]:
    rows = []
    for number, group in enumerate(groups):
        rows.append({"key": f"g{number}", "kind": "group", "group": group})
        for seq, project in enumerate(group.projects, start=1):
            rows.append(
                {
                    "key": f"p{project.pk}",
                    "kind": "project",
                    "group": group,
                    "seq": seq,
                    "project": project,
                }
            )
    rows.append({"key": "total", "kind": "total"})
    return rows


def split(
    rows: list[dict], page_of: dict[str, int], *, repeat_group: bool = False
) -> list[TablePage]:
    """Cut ``rows`` where the probe's page changes. With ``repeat_group`` a page that
    starts inside a group opens with the group's label again (交通（续）)."""
    if not rows:
        return []
    pages = [TablePage([])]
    current = page_of.get(rows[0]["key"])
    for row in rows:
        page = page_of.get(row["key"], current)
        if page != current and pages[-1].rows:
            pages.append(TablePage([], continued=True))
            if repeat_group and row.get("kind") == "project":
                pages[-1].rows.append({"key": "", "kind": "continued", "group": row["group"]})
        current = page
        pages[-1].rows.append(row)
    return pages


def whole(rows: list[dict]) -> list[TablePage]:
    """The table on one page, as the browser preview and the probe show it."""
    return [TablePage(rows)] if rows else []


def rows_by_page(document) -> dict[str, int]:
    """The probe's answer: row key → index of the page it starts on."""
    found: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if box.element_tag == "tr" and element is not None:
                key = element.get(ROW_ATTRIBUTE)
                if key and key not in found:
                    found[key] = index
    return found


# 专栏 boxes over a page break ----------------------------------------------------

BOX_PART_ATTRIBUTE = "data-part"
BOX_ITEM_ATTRIBUTE = "data-item"


def box_breaks(document) -> set[str]:
    """The items that must start a new part: in each printed part of a 专栏, the
    first item laid out on a later page than the part's first item."""
    first_page: dict[str, int] = {}
    cut: set[str] = set()  # parts already cut in this pass
    found: set[str] = set()
    seen: set[str] = set()
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if box.element_tag != "li" or element is None:
                continue
            item, part = element.get(BOX_ITEM_ATTRIBUTE), element.get(BOX_PART_ATTRIBUTE)
            if not item or not part or item in seen:
                continue
            seen.add(item)
            start = first_page.setdefault(part, index)
            if index > start and part not in cut:
                cut.add(part)
                found.add(item)
    return found


def apply_box_breaks(context: dict, breaks: set[str]) -> None:
    for entry in context["entries"]:
        for box in entry.boxes:
            box.breaks = frozenset(breaks)
