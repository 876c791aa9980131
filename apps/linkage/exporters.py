"""The 衔接 package: what the city files for a county's round, in one PDF.

The county's indicators against the city's, its projects against the city's list,
the 衔接意见 with the county's answers, and the text of the version handed over.
The package is built from one dictionary (``package_data``); its fingerprint is
the hash of that dictionary, so a package is made again exactly when something
printed in it changed.
"""

import hashlib
import json

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.cells import number_text
from apps.core.text import as_id
from apps.exports.exporters import PDF, Exporter, RenderContext, Rendered, register
from apps.plans.models import Document

LINKAGE_PACKAGE = "linkage_package"


def _linkage(value, document: Document) -> int | None:
    from apps.linkage.models import Linkage

    pk = as_id(value)
    return (
        pk if pk is not None and Linkage.objects.filter(document=document, pk=pk).exists() else None
    )


def _round(document: Document, options: dict):
    """The round the options name (404 without one: a package is of a round)."""
    from apps.linkage.models import Linkage

    linkage = (
        Linkage.objects.select_related("version", "city", "document__plan__county")
        .filter(pk=options.get("linkage") or 0, document=document)
        .first()
    )
    if linkage is None:
        raise Http404("a 衔接 package is made for a round of this document")
    return linkage


def _num(value) -> str:
    return number_text(value) if value is not None else ""


def package_data(linkage) -> dict:
    """Everything the package prints, as plain values."""
    from apps.linkage import compare
    from apps.linkage.actions import city_plan_for
    from apps.linkage.models import LinkedIndicator, LinkedProject
    from apps.review.models import Opinion

    document = linkage.document
    city_plan = city_plan_for(document, linkage.city)
    lines = compare.indicator_lines(city_plan, [linkage])
    indicators = []
    linked = set()
    for line in lines:
        cell = line.cells[0]
        row = cell.row
        if row is not None:
            linked.add(row.pk)
        indicators.append(
            {
                "name": line.indicator.name,
                "unit": line.indicator.unit,
                "attribute": line.indicator.get_attribute_display(),
                "city_target": line.indicator.target_display(),
                "allocation": _num(cell.allocation),
                "county_name": row.name if row else "",
                "base": row.baseline_display if row else "",
                "target": row.target_display() if row else "",
                "growth": _num(cell.growth),
                "flags": cell.flag_labels,
            }
        )
    for row in LinkedIndicator.objects.filter(linkage=linkage).exclude(pk__in=linked):
        indicators.append(
            {
                "name": "",
                "unit": row.unit,
                "attribute": row.get_attribute_display(),
                "city_target": "",
                "allocation": "",
                "county_name": row.name,
                "base": row.baseline_display,
                "target": row.target_display(),
                "growth": "",
                "flags": [],
            }
        )
    projects = [
        {
            "name": p.name,
            "category": p.get_category_display(),
            "years": f"{p.start_year}—{p.end_year}",
            "total": _num(p.total_investment),
            "library": p.get_higher_library_display(),
            "city_project": p.city_project.name if p.city_project else "",
            "match": p.get_match_display(),
        }
        for p in LinkedProject.objects.filter(linkage=linkage).select_related("city_project")
    ]
    opinions = [
        {
            "id": o.pk,
            "node": o.node.title,
            "department": o.source_name,
            "quote": o.quote,
            "text": o.text,
            "disposition": o.get_disposition_display(),
            "reason": o.reason,
        }
        for o in Opinion.objects.filter(
            document=document, source_division=linkage.city, parent=None
        )
        .select_related("node", "department", "source_division")
        .order_by("created_at", "id")
    ]
    snapshot = linkage.version.snapshot
    return {
        "county": document.plan.county.name,
        "city": linkage.city.name,
        "title": snapshot.get("title") or document.title,
        "number": linkage.number,
        "version": linkage.version.name,
        "status": linkage.get_status_display(),
        "city_plan": city_plan.outline.title if city_plan else "",
        "indicators": indicators,
        "projects": projects,
        "opinions": opinions,
        # The ledger as the opinions summary prints it (exports/_opinion_table.html).
        "opinion_rows": [
            (n, o["department"], o["node"], o["quote"], o["text"], o["disposition"], o["reason"])
            for n, o in enumerate(opinions, 1)
        ],
        "nodes": [_frozen_node(n, snapshot) for n in snapshot.get("nodes", [])],
    }


def _frozen_node(node: dict, snapshot: dict) -> dict:
    """A node of the version handed over; an annex with the frozen rows of its table."""
    from apps.exports.word.writer import ANNEX_PARTS

    table = None
    if node.get("level") == "annex":
        part = snapshot.get("parts", {}).get(ANNEX_PARTS.get(node.get("key", ""), ""))
        if part and part.get("rows"):
            table = {"columns": part["columns"], "rows": [r["cells"] for r in part["rows"]]}
    return {
        "label": node.get("label", ""),
        "title": node.get("title", ""),
        "level": node.get("level", ""),
        "body": node.get("body", ""),
        "table": table,
    }


def _fingerprint(document: Document, options: dict) -> str:
    linkage = _round(document, options)
    data = json.dumps(package_data(linkage), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{LINKAGE_PACKAGE}:{data}".encode()).hexdigest()


def _render(document: Document, options: dict, progress, context: RenderContext) -> Rendered:
    from apps.exports.render import render_html_pdf, stylesheet_path

    progress(5, _("整理衔接材料"))
    linkage = _round(document, options)
    html = render_to_string(
        "linkage/package_print.html",
        {
            **package_data(linkage),
            "stylesheet_url": stylesheet_path().as_uri(),
            "made_on": timezone.localdate(),
        },
    )
    progress(15, _("生成排版文件"))
    result = render_html_pdf(html, progress=progress, expected_pages=context.expected_pages)
    return Rendered(result.pdf, result.page_count)


def _subject(document: Document, options: dict):
    return _round(document, options)


def _filename(job) -> str:
    from apps.linkage.models import Linkage

    number = (
        Linkage.objects.filter(pk=job.options.get("linkage"))
        .values_list("number", flat=True)
        .first()
    )
    return _("%(title)s衔接材料（第%(n)s轮）.pdf") % {"title": job.document.title, "n": number}


register(
    Exporter(
        key=LINKAGE_PACKAGE,
        label=gettext_lazy("衔接材料 PDF"),
        extension="pdf",
        content_type=PDF,
        fingerprint=_fingerprint,
        render=_render,
        options={"linkage": _linkage},
        kinds=frozenset({Document.Kind.OUTLINE}),
        filename=_filename,
        records_scorecard=False,
        subject=_subject,
    )
)
