"""A document's content fingerprint: same fingerprint, same file.

Everything that can change the printed document feeds the hash: the plan's own
fields, every node, every structured item and its links, the county's department
names (printed as lead units), and the print template and stylesheet themselves,
so a change to the layout also produces a fresh PDF. The cost is a fixed number of
queries however large the plan is.
"""

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings

from apps.plans.content import load_content
from apps.plans.models import Document
from apps.plans.parts import computed_tables_for, registry

# Bump when the rendering code changes in a way the template files do not show.
RENDER_CODE_VERSION = "5"
SKIPPED_FIELDS = {"created_at", "updated_at", "version", "updated_by"}


@cache
def render_version() -> str:
    digest = hashlib.sha256(RENDER_CODE_VERSION.encode())
    base = Path(settings.BASE_DIR)
    files = [
        base / "static/exports/print.css",
        *sorted((base / "templates/exports").glob("*print*.html")),
        *sorted((base / "templates/charts").glob("*.html")),
    ]
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _feed(digest, label: str, rows) -> None:
    digest.update(f"\x1e{label}\x1f".encode())
    for row in rows:
        digest.update(repr(tuple(row)).encode())
        digest.update(b"\x1f")


def _document_row(document: Document) -> list:
    """Every stored field of the document that can show in print (its title, stage,
    dates, approval, print choices), dictionaries in a stable order."""
    row = []
    for field in Document._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS:
            continue
        value = getattr(document, field.attname)
        row.append(json.dumps(value, sort_keys=True) if isinstance(value, dict) else value)
    return row


def document_fingerprint(document: Document, *, with_scorecard: bool = False) -> str:
    """With the scorecard appendix, the self-check's result is part of the content
    too (it also moves with 不适用 notes and check changes the outline does not show)."""
    plan = document.plan
    digest = hashlib.sha256(render_version().encode())
    if with_scorecard and not document.is_final:
        from apps.checks.scorecard import run_checks

        summary = json.dumps(run_checks(plan).summary(), sort_keys=True, ensure_ascii=False)
        _feed(digest, "scorecard", [(summary,)])
    county = plan.county
    _feed(
        digest,
        "plan",
        [
            (
                *_document_row(document),
                plan.base_year,
                plan.target_year,
                plan.vision_year,
                document.issuer,
                county.name,
                plan.backcast_tolerance,  # the charts mark targets off the path
            )
        ],
    )
    content = load_content(document, for_display=False)
    _feed(
        digest,
        "nodes",
        (
            (n.pk, n.parent_id, n.level, n.position, n.title, n.box_title, n.key, n.body)
            for n in content.nodes
        ),
    )
    _feed(digest, "departments", ((d.pk, d.name) for d in content.departments))
    # Tables computed at export time read data outside the parts (the yearly
    # monitoring): their printed cells are the content.
    computed = computed_tables_for(document, content.nodes)
    _feed(
        digest,
        "computed",
        (
            (pk, json.dumps(computed[pk].as_data(), sort_keys=True, ensure_ascii=False))
            for pk in sorted(computed)
        ),
    )
    for part in registry.all():
        model = part.model
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS]
        items = sorted(content.items[part.slug], key=lambda item: item.pk)
        _feed(digest, model._meta.label, ([getattr(i, f) for f in fields] for i in items))
        for name, pairs in content.links[part.slug].items():
            _feed(digest, f"{model._meta.label}.{name}", pairs)
    return digest.hexdigest()


def opinions_fingerprint(document: Document, *, filters: dict | None = None) -> str:
    """Same idea for the opinions summary: its rows, the stage, the layout, and the
    filters a workbook was asked with."""
    from apps.review.models import Opinion

    digest = hashlib.sha256(("opinions" + render_version()).encode())
    _feed(digest, "filters", [(json.dumps(filters or {}, sort_keys=True),)])
    _feed(
        digest,
        "plan",
        [(document.pk, document.title, document.stage, document.plan.county.name)],
    )
    _feed(
        digest,
        "opinions",
        Opinion.objects.filter(document=document, parent=None)
        .order_by("pk")
        .values_list(
            "pk", "department__name", "node__title", "quote", "text", "disposition", "reason"
        ),
    )
    _feed(digest, "nodes", document.nodes.order_by("pk").values_list("pk", "parent_id", "position"))
    return digest.hexdigest()
