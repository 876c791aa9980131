"""The one way rows from outside come in: a spreadsheet, the national table.

Each registered part has import columns (``Part.import_columns``, or columns
derived from its form): an identifier, the header a person reads, how a cell is
turned into what the form expects, and which form field it fills — or, for what
no form shows (an indicator's national code), how it is set on the item.
``items_import`` puts every row through the part's own form, with the user's own
access, so a row is refused for exactly what the form would refuse; it then writes
the valid rows in one transaction through ``item_save``, the action the form uses,
so each changed item gets its revision and its activity-log line. A dry run does
everything but the writing and returns the same preview.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.activity import log_activity
from apps.plans.models import Document
from apps.plans.parts import Part
from apps.plans.revisions import field_changes, item_data

ID = "id"


@dataclass(frozen=True)
class ImportColumn:
    key: str
    label: str
    # The form field the cell fills, after ``to_form``; or None when ``assign``
    # sets the value on the item itself.
    field: str | None = None
    to_form: Callable[[Any, Any], Any] | None = None  # (cell, form field) -> form data
    assign: Callable[[Any, Any], None] | None = None  # (item, cell) -> None


@dataclass
class RowResult:
    number: int
    action: str = ""  # "add", "update", "unchanged" or "error"
    item: Any = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column label, message)
    form: Any = None
    values: dict = field(default_factory=dict)


@dataclass
class ImportResult:
    rows: list[RowResult]
    written: bool = False

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def errors(self) -> list[RowResult]:
        return [row for row in self.rows if row.action == "error"]


_BRACKETED_RE = re.compile(r"[（(〔\[][^）)〕\]]*[）)〕\]]|\s")


def _bare(label: str) -> str:
    """A label without what it adds in brackets: 年均增长（%） is written 年均增长."""
    return _BRACKETED_RE.sub("", label)


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def cell_to_form(cell, form_field):
    """A cell as the form expects it: a label or a value for a choice, names for
    related items, 是/否 for a tick box, the number as typed."""
    if _blank(cell):
        return [] if isinstance(form_field, forms.MultipleChoiceField) else ""
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        names = [n.strip() for n in str(cell).replace(",", "、").split("、") if n.strip()]
        by_name = {str(obj): obj.pk for obj in form_field.queryset}
        return [str(by_name.get(n, n)) for n in names]
    if isinstance(form_field, forms.ModelChoiceField):
        if isinstance(cell, int) or str(cell).isdigit():
            return str(cell)
        by_name = {str(obj): obj.pk for obj in form_field.queryset}
        return str(by_name.get(str(cell).strip(), cell))
    if isinstance(form_field, forms.BooleanField):
        return str(cell).strip().lower() in {"是", "true", "1", "yes", "√", "y"}
    if isinstance(form_field, forms.ChoiceField):
        text = str(cell).strip()
        for value, label in form_field.choices:
            if text in {str(value), str(label)} or _bare(text) == _bare(str(label)):
                return value
        return text
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, Decimal):
        return format(cell.normalize(), "f")
    return str(cell).strip()


def columns_for(part: Part, form) -> tuple[ImportColumn, ...]:
    """The part's own import columns, or one per field of its form."""
    if part.import_columns:
        return part.import_columns
    return tuple(
        ImportColumn(key=name, label=str(f.label or name), field=name)
        for name, f in form.fields.items()
        if name != "loaded_version"
    )


def _form_data(form) -> dict:
    """What the form would post back unchanged (for an update, the item's values)."""
    data = {}
    for name, bound in ((n, form[n]) for n in form.fields):
        value = bound.value()
        if isinstance(form.fields[name], forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        elif value is not None:
            data[name] = str(getattr(value, "pk", value))
    return data


def items_import(
    part: Part,
    document: Document,
    rows: Iterable[tuple[int, dict]],
    *,
    actor,
    access,
    dry_run: bool,
    note: str = "",
) -> ImportResult:
    """Validate ``rows`` — (row number, {column key: cell}) — as ``actor`` would
    through the form, and unless ``dry_run`` write the valid ones in one
    transaction. A row naming an id that is not an item of this plan is an error,
    never an update of something else."""
    from apps.plans.actions import item_save

    plan = document.plan
    results = []
    with transaction.atomic():
        for number, row in rows:
            results.append(_row(part, plan, access, number, row))
        if dry_run:
            return ImportResult(results)
        for result in results:
            if result.action not in {"add", "update"}:
                continue
            loaded = result.item.version if result.item is not None else None
            saved = item_save(
                part, result.form, plan=plan, user=actor, loaded_version=loaded, note=note
            )
            if not saved.saved:
                result.action = "error"
                result.errors.append(("", _("这一行对应的内容刚被他人修改，未导入，请重新上传。")))
                continue
            log_activity(
                actor,
                "import",
                result.form.instance,
                plan_id=plan.pk,
                what=part.verbose_name,
                row=result.number,
            )
    return ImportResult(results, written=True)


def _row(part: Part, plan, access, number: int, row: dict) -> RowResult:
    result = RowResult(number, values=row)
    item = None
    raw_id = row.get(ID)
    if not _blank(raw_id):
        try:
            item = part.queryset(plan).filter(pk=int(str(raw_id).strip())).first()
        except (TypeError, ValueError):
            item = None
        if item is None:
            result.action = "error"
            result.errors.append((_("编号"), _("编号“%(id)s”不是本规划的内容。") % {"id": raw_id}))
            return result
    before = item_data(item) if item is not None else {}
    blank_form = part.form_class(instance=item, plan=plan, access=access)
    data = _form_data(blank_form) if item is not None else {}
    if item is not None:
        data["loaded_version"] = str(item.version)
    columns = columns_for(part, blank_form)
    assigns = []
    for column in columns:
        if column.key not in row:
            continue
        cell = row[column.key]
        if column.assign is not None:
            assigns.append((column, cell))
        elif column.field in blank_form.fields:
            form_field = blank_form.fields[column.field]
            convert = column.to_form or cell_to_form
            data[column.field] = convert(cell, form_field)
    form = part.form_class(data, instance=item, plan=plan, access=access)
    result.item = item
    result.form = form
    if not form.is_valid():
        labels = {c.field: c.label for c in columns if c.field}
        result.action = "error"
        for name, messages in form.errors.items():
            label = labels.get(name) or (
                str(form.fields[name].label) if name in form.fields else ""
            )
            result.errors.extend((label, str(message)) for message in messages)
        return result
    for column, cell in assigns:
        column.assign(form.instance, cell)
    after = item_data(form.instance, m2m=form.cleaned_data)
    result.changes = field_changes(part.model, before, after)
    if item is None:
        result.action = "add"
    else:
        result.action = "update" if result.changes else "unchanged"
    return result
