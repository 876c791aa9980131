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

A 专栏 that runs over a page is found the same way, in the finished layout: the
pages each box continues on get “专栏N（续）” in the box's cloned title zone
(``box_continuations``; render.py lays the labels under those pages).
"""

from dataclasses import dataclass, field
from typing import Any

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

BOX_ATTRIBUTE = "data-box"


@dataclass(frozen=True)
class BoxContinuation:
    """Where a 专栏's title zone lies on a page the box runs onto (CSS px)."""

    page: int
    number: str
    x: float
    y: float
    width: float
    height: float


def box_continuations(document) -> list[BoxContinuation]:
    """Every later page of every 专栏, with the place of its title zone (the same
    offset from the frame's top as the title has on the box's first page)."""
    # box number → (its first page, the title's offset from the frame, its height)
    title_zone: dict[str, tuple[int, float, float] | None] = {}
    found = []
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if box.element_tag != "aside" or element is None:
                continue
            number = element.get(BOX_ATTRIBUTE)
            if not number or not hasattr(box, "border_box_y"):
                continue
            if number not in title_zone:
                title = next((d for d in box.descendants() if _is_box_title(d)), None)
                title_zone[number] = (
                    (index, title.border_box_y() - box.border_box_y(), title.border_height())
                    if title is not None
                    else None
                )
                continue
            zone = title_zone[number]
            # Anonymous boxes share their parent's element: one label per page.
            if (
                zone is None
                or index == zone[0]
                or any(f.page == index and f.number == number for f in found)
            ):
                continue
            _first, offset, height = zone
            found.append(
                BoxContinuation(
                    index,
                    number,
                    box.border_box_x(),
                    box.border_box_y() + offset,
                    box.border_width(),
                    height,
                )
            )
    return found


def _is_box_title(box) -> bool:
    # An Element with no children is falsy: compare with None.
    element = getattr(box, "element", None)
    return (
        box.element_tag == "p"
        and element is not None
        and "box-title" in (element.get("class") or "")
        and hasattr(box, "border_box_y")
    )
