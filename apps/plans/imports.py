"""The one way rows from outside come in: a spreadsheet, the national table.

Each registered part has import columns (``Part.import_columns``, or columns
derived from its form): an identifier, the header a person reads, how a cell is
turned into what the form expects, and which form field it fills — or, for what
no form shows (an indicator's national code), how it is set on the item.
``items_import`` puts every row through the part's own form, with the user's own
access, so a row is refused for exactly what the form and the policy would
refuse; it then writes the valid rows in one transaction, with a revision and an
activity-log line for each changed item, as the form's save action does. A dry
run does everything but the writing and returns the same preview.

Cost does not grow with the rows in queries: the items named by id are read in
one query, the forms share one ``FormCache`` (choices and related items read once),
and the writes are bulk statements (one per kind of write, per thousand rows).
"""

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.activity import activity_entry
from apps.core.cells import CellError, number, number_text, text
from apps.core.models import ActivityLog
from apps.plans import indexing
from apps.plans.forms import FormCache, prepare_field
from apps.plans.models import Document, OutlineNode, Revision
from apps.plans.parts import Part
from apps.plans.policy import Action, can
from apps.plans.revisions import field_changes, item_data, item_revision

ID = "id"
# A row's notes from reading it (an amount converted from 亿元), shown in the preview.
NOTES = "_notes"


@dataclass(frozen=True)
class ImportColumn:
    key: str
    label: str
    # The form field the cell fills, after ``to_form``; or None when ``assign``
    # sets the value on the item itself, or ``split`` fills several fields.
    field: str | None = None
    to_form: Callable[[Any, Any], Any] | None = None  # (cell, form field) -> form data
    assign: Callable[[Any, Any], None] | None = None  # (item, cell) -> None
    split: Callable[[Any], dict[str, Any]] | None = None  # cell -> {form field: value}
    # The cell an item exports to (default: the field's value as a person reads it).
    export: Callable[[Any], Any] | None = None
    # Other headers departments use for the same column (建设规模及内容 / 建设内容及规模).
    aliases: tuple[str, ...] = ()
    # "money": an amount in 万元 (other units in the cell or header are converted);
    # "long": a paragraph; "year": a year.
    kind: str = ""
    # Read when a sheet has it, but not written in the template (开工年份 where
    # the template has 建设起止年限).
    in_template: bool = True
    help: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        if self.split is not None:
            return tuple(self.split(None))
        return (self.field,) if self.field else ()


@dataclass
class RowResult:
    number: int
    action: str = ""  # "add", "update", "unchanged" or "error"
    item: Any = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column label, message)
    notes: list[str] = field(default_factory=list)
    form: Any = None
    values: dict = field(default_factory=dict)
    loaded_version: int | None = None
    changed_fields: set[str] = field(default_factory=set)


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


def choice_map(form_field) -> dict[str, Any]:
    """Every way a choice is written (its value, its label, the label without what
    it adds in brackets) → the value."""
    found: dict[str, Any] = {}
    for value, label in form_field.choices:
        for spelling in (str(value), str(label), _bare(str(label))):
            found.setdefault(spelling, value)
    return found


def cell_to_form(cell, form_field, names: dict[str, Any] | None = None):
    """A cell as the form expects it: a label or a value for a choice, names for
    related items, 是/否 for a tick box, a number however it was typed (“1,200”,
    full-width digits). ``names`` maps the related items' names to their keys, or
    a choice's spellings to its value (``choice_map``)."""
    if _blank(cell):
        return [] if isinstance(form_field, forms.MultipleChoiceField) else ""
    if isinstance(form_field, forms.ModelChoiceField) and names is None:
        names = {str(obj): obj.pk for obj in form_field.queryset}
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        parts = [n.strip() for n in str(cell).replace(",", "、").split("、") if n.strip()]
        return [str(names.get(n, n)) for n in parts]
    if isinstance(form_field, forms.ModelChoiceField):
        if isinstance(cell, int) or str(cell).isdigit():
            return str(cell)
        if text(cell) not in names:
            raise CellError(_not_a_choice(text(cell), list(names)))
        return str(names[text(cell)])
    if isinstance(form_field, forms.BooleanField):
        return text(cell).lower() in {"是", "true", "1", "yes", "√", "y"}
    if isinstance(form_field, forms.ChoiceField):
        value_text = text(cell)
        spellings = names if names is not None else choice_map(form_field)
        for candidate in (value_text, _bare(value_text)):
            if candidate in spellings:
                return spellings[candidate]
        raise CellError(
            _not_a_choice(value_text, [str(label) for value, label in form_field.choices if value])
        )
    if isinstance(form_field, (forms.DecimalField, forms.IntegerField, forms.FloatField)):
        return number_text(number(cell))
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, Decimal):
        return number_text(cell)
    return text(cell) if isinstance(form_field, forms.CharField) else str(cell).strip()


def _not_a_choice(value: str, choices: list[str]) -> str:
    shown = "、".join(choices[:15]) + ("……" if len(choices) > 15 else "")
    return _("“%(v)s”不在可选范围内，请从下拉列表中选择（%(choices)s）。") % {
        "v": value[:40],
        "choices": shown,
    }


def columns_for(part: Part, form) -> tuple[ImportColumn, ...]:
    """The part's own import columns, or one per field of its form."""
    if part.import_columns:
        return part.import_columns
    # Every field the form class declares, also those this user's form leaves out
    # (a coordinator's field): a cell for one of them is refused, not ignored.
    return tuple(
        ImportColumn(key=name, label=str(f.label or name), field=name)
        for name, f in form.base_fields.items()
        if name != "loaded_version"
    )


def export_value(column: ImportColumn, item) -> Any:
    """The cell an item fills in ``column``, as a person reads it: choice labels,
    related names, numbers as numbers."""
    if column.export is not None:
        return column.export(item)
    if not column.field:
        return ""
    model_field = item._meta.get_field(column.field)
    if model_field.many_to_many:
        return "、".join(str(obj) for obj in getattr(item, column.field).all())
    value = getattr(item, column.field)
    if value is None:
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal):
        return value.normalize() if value == value.to_integral() else value
    return value


def _initial_data(form) -> dict:
    """What the form would post back unchanged (for an update, the item's values;
    for a new item, the defaults)."""
    data = {}
    for name, form_field in form.fields.items():
        value = form_field.prepare_value(form.get_initial_for_field(form_field, name))
        if isinstance(form_field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        elif value is not None:
            data[name] = str(getattr(value, "pk", value))
    return data


def _one(field, by_pk: dict, value):
    if value in field.empty_values:
        return None
    obj = by_pk.get(str(getattr(value, "pk", value)))
    if obj is None:
        raise ValidationError(
            field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )
    return obj


def _many(field, by_pk: dict, value):
    if not value:
        if field.required:
            raise ValidationError(field.error_messages["required"], code="required")
        return []
    chosen = []
    for key in value:
        obj = by_pk.get(str(key))
        if obj is None:
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": key},
            )
        chosen.append(obj)
    return chosen


def _preload(form, cache: FormCache) -> None:
    """Related choices checked against what the cache read once, not one query
    per row and field."""
    for name, form_field in form.fields.items():
        if isinstance(form_field, forms.ModelMultipleChoiceField):
            form_field.clean = partial(_many, form_field, cache.lookup(name, form_field.queryset))
        elif isinstance(form_field, forms.ModelChoiceField):
            by_pk = cache.lookup(name, form_field.queryset)
            form_field.to_python = partial(_one, form_field, by_pk)


def _names(cache: FormCache, name: str, form_field) -> dict[str, Any] | None:
    """How the cells of a related or a choice field are looked up, built once per
    import: names → keys, or a choice's spellings → its value."""
    key = ("names", name)
    if key not in cache.memo:
        if isinstance(form_field, forms.ModelChoiceField):
            by_pk = cache.lookup(name, form_field.queryset)
            cache.memo[key] = {str(obj): pk for pk, obj in by_pk.items()}
        elif isinstance(form_field, forms.ChoiceField):
            cache.memo[key] = choice_map(form_field)
        else:
            cache.memo[key] = None
    return cache.memo[key]


class _ShallowFields(dict):
    """A form class's fields, copied one level deep for each form: each form gets
    its own field objects (its querysets, its lookups), sharing their widgets and
    choices, which an import's forms never render or change."""

    def __deepcopy__(self, memo):
        return {name: copy.copy(form_field) for name, form_field in self.items()}


_import_forms: dict[type, type] = {}


def import_form_class(form_class: type) -> type:
    """The part's form class as an import uses it, row after row: the same fields
    and rules, without Django's deep copy of every field and choice per form (a
    third of the time of a thousand-row preview)."""
    if form_class not in _import_forms:
        subclass = type(form_class.__name__, (form_class,), {"__module__": __name__})
        fields = {name: copy.deepcopy(f) for name, f in subclass.base_fields.items()}
        for form_field in fields.values():
            prepare_field(form_field)
        subclass.base_fields = _ShallowFields(fields)
        subclass.fields_prepared = True
        _import_forms[form_class] = subclass
    return _import_forms[form_class]


def _related(caches) -> dict:
    """The related items the caches hold, by model and key (to name them in the
    changes), rebuilt only when a cache has read more."""
    size = sum(len(by_pk) for cache in caches for by_pk in cache.lookups.values())
    memo = caches[0].memo
    if memo.get("related_size") != size:
        related: dict = {}
        for cache in caches:
            for by_pk in cache.lookups.values():
                for obj in by_pk.values():
                    related.setdefault(type(obj), {})[obj.pk] = obj
        memo["related"], memo["related_size"] = related, size
    return memo["related"]


def _header_names(part: Part, columns) -> dict[str, str]:
    """The model's field names → the sheet's headers (建设内容及规模 → 建设规模及内容)."""
    model_fields = {f.name: f for f in part.model._meta.get_fields() if hasattr(f, "verbose_name")}
    return {
        str(model_fields[c.field].verbose_name): str(c.label)
        for c in columns
        if c.field in model_fields and c.split is None
    }


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
    never an update of something else; so is a change to an item the policy does
    not let this user edit."""
    plan = document.plan
    rows = list(rows)
    items = _items_named(part, plan, rows)
    caches = (FormCache(), FormCache())  # as this user; unrestricted, to compare only
    results = []
    seen: dict[int, int] = {}
    with transaction.atomic():
        for number_, row in rows:
            result = _row(part, plan, access, caches, number_, row, items)
            item = result.item
            if item is not None and item.pk in seen:
                result.action = "error"
                result.errors.insert(
                    0,
                    (
                        _("编号"),
                        _("与第%(n)s行是同一项，同一项只能出现一次。") % {"n": seen[item.pk]},
                    ),
                )
            elif item is not None:
                seen[item.pk] = number_
            results.append(result)
        if dry_run:
            return ImportResult(results)
        _write(part, plan, results, actor=actor, note=note)
    return ImportResult(results, written=True)


def id_of(raw) -> int | None:
    """A whole number a primary key can be; anything else (1.5, 1e30, “abc”) is
    not the id of anything."""
    try:
        value = number(raw)
    except (CellError, TypeError, ValueError, ArithmeticError):
        return None
    if value is None or value != value.to_integral_value() or not 0 < value < 2**63:
        return None
    return int(value)


def _items_named(part: Part, plan, rows) -> dict[int, Any]:
    ids = {id_of(row.get(ID)) for _number, row in rows if not _blank(row.get(ID))}
    ids.discard(None)
    if not ids:
        return {}
    queryset = part.queryset(plan).select_related("node", "node__lead_department")
    m2m = [f.name for f in part.model._meta.many_to_many]
    if m2m:
        queryset = queryset.prefetch_related(*m2m)
    return {item.pk: item for item in queryset.filter(pk__in=ids)}


def _refusal(access, item) -> str:
    if not access.can_write:
        return _("你的角色不能修改规划内容，这一行只作检查。")
    node = item.node
    if node.review_state not in OutlineNode.EDITABLE_STATES:
        return _("“%(node)s”正在会签或已通过，其中的内容暂不能修改。") % {"node": node.title}
    if node.lead_department_id is not None:
        return _("“%(node)s”由%(dept)s负责，你所在部门不能修改这一项。") % {
            "node": node.title,
            "dept": node.lead_department.name,
        }
    return _("你不能修改这一项。")


def _row(part: Part, plan, access, caches, number_: int, row: dict, items: dict) -> RowResult:
    result = RowResult(number_, values=row, notes=list(row.get(NOTES) or ()))
    item = None
    raw_id = row.get(ID)
    if not _blank(raw_id):
        item = items.get(id_of(raw_id))
        if item is None:
            result.action = "error"
            result.errors.append(
                (_("编号"), _("编号“%(id)s”不是本规划的内容。") % {"id": text(raw_id)[:20]})
            )
            return result
        result.loaded_version = item.version
    if item is None and not access.can_write:
        result.action = "error"
        result.errors.append(("", _refusal(access, None)))
        return result
    editable = item is None or can(access.principal, Action.EDIT, item)
    # An item this user may not edit is still compared, to tell “unchanged” from a
    # change that is refused; its form is not limited to the user's own chapters.
    form_access, cache = (access, caches[0]) if editable else (None, caches[1])
    before = item_data(item) if item is not None else {}
    # One form per row: bound, its data filled from its own initial values and the
    # row's cells before it is validated.
    form_class = import_form_class(part.form_class)
    form = form_class({}, instance=item, plan=plan, access=form_access, cache=cache)
    data = _initial_data(form)
    columns = columns_for(part, form)
    assigns = []
    unread: set[str] = set()  # fields of cells that could not be read: said once
    for column in columns:
        if column.key not in row:
            continue
        cell = row[column.key]
        try:
            if isinstance(cell, CellError):
                raise cell
            if column.split is not None:
                for name, value in column.split(cell).items():
                    if name in form.fields:
                        data[name] = "" if value is None else str(value)
            elif column.assign is not None:
                assigns.append((column, cell))
            elif column.field in form.fields:
                form_field = form.fields[column.field]
                if item is None and _blank(cell) and data.get(column.field) not in (None, ""):
                    continue  # a new row keeps the default of an empty cell (0 万元)
                convert = column.to_form or partial(
                    cell_to_form, names=_names(cache, column.field, form_field)
                )
                data[column.field] = convert(cell, form_field)
            elif column.field and not _blank(cell):
                current = text(export_value(column, item)) if item is not None else ""
                if text(cell) != current:
                    raise CellError(
                        _("只有规划办可以填写“%(label)s”，请留空或保持原值。")
                        % {"label": column.label}
                    )
        except CellError as exc:
            result.errors.append((column.label, exc.message))
            unread.update(column.fields)
    if unread and _blank(row.get("node")):
        # The default chapter follows from cells that could not be read (an unknown
        # category): its complaint would only send the person the wrong way.
        unread.add("node")
    form.data = data
    _preload(form, cache)
    result.item = item
    result.form = form
    if not form.is_valid() or result.errors:
        labels = {}
        for column in columns:
            for name in column.fields:
                labels.setdefault(name, column.label)
        result.action = "error"
        for name, messages in form.errors.items():
            if name in unread:
                continue
            label = labels.get(name) or (
                str(form.fields[name].label) if name in form.fields else ""
            )
            result.errors.extend((label, str(message)) for message in messages)
        return result
    for column, cell in assigns:
        column.assign(form.instance, cell)
    after = item_data(form.instance, m2m=form.cleaned_data)
    result.changed_fields = {name for name in after if before.get(name) != after[name]}
    if item is None:
        result.action = "add"  # a new row is shown by its name, not field by field
        return result
    # In the words of the sheet's headers (建设规模及内容, not the model's name).
    if "headers" not in cache.memo:
        cache.memo["headers"] = _header_names(part, columns)
    names = cache.memo["headers"]
    result.changes = [
        (names.get(label, label), old, new)
        for label, old, new in field_changes(part.model, before, after, related=_related(caches))
    ]
    if not result.changes:
        result.action = "unchanged"
    elif not editable:
        result.action = "error"
        result.errors.append(("", _refusal(access, item)))
    else:
        result.action = "update"
    return result


def _write(part: Part, plan, results: list[RowResult], *, actor, note: str) -> None:
    """The valid rows in bulk: versions claimed for all updated items at once (a
    row changed by someone since the preview becomes an error), then one UPDATE
    and one INSERT per thousand rows, their revisions and activity-log lines."""
    model = part.model
    now = timezone.now()
    updates = [r for r in results if r.action == "update"]
    adds = [r for r in results if r.action == "add"]
    if updates:
        current = dict(
            model.objects.select_for_update()
            .filter(pk__in=[r.item.pk for r in updates])
            .values_list("pk", "version")
        )
        for result in updates:
            if current.get(result.item.pk) != result.loaded_version:
                result.action = "error"
                result.errors.append(("", _("这一行对应的内容刚被他人修改，未导入，请重新上传。")))
        updates = [r for r in updates if r.action == "update"]
    written = []
    if updates:
        # Only the columns some row changes, and the version and who and when.
        changed = set().union(*(r.changed_fields for r in updates))
        names = [
            f.name
            for f in model._meta.concrete_fields
            if f.name in changed or f.name in {"version", "updated_by", "updated_at"}
        ]
        for result in updates:
            instance = result.form.instance
            instance.version = result.loaded_version + 1
            instance.updated_by = actor
            instance.updated_at = now
        model.objects.bulk_update(
            [r.form.instance for r in updates], names, batch_size=_batch(len(names))
        )
        written.extend(updates)
    if adds:
        position = (model.objects.filter(plan=plan).aggregate(m=Max("position"))["m"] or 0) + 1
        for offset, result in enumerate(adds):
            instance = result.form.instance
            instance.plan = plan
            instance.position = position + offset
            instance.version = 1
            instance.updated_by = actor
        model.objects.bulk_create([r.form.instance for r in adds], batch_size=1000)
        written.extend(adds)
    for result in written:
        if result.form._meta.model._meta.many_to_many:
            result.form._save_m2m()
    indexing.items_changed(*(r.form.instance for r in written))
    Revision.objects.bulk_create(
        [item_revision(r.form.instance, author=actor, note=note) for r in written],
        batch_size=1000,
    )
    ActivityLog.objects.bulk_create(
        [
            activity_entry(
                actor,
                "import",
                r.form.instance,
                plan_id=plan.pk,
                what=part.verbose_name,
                row=r.number,
            )
            for r in written
        ],
        batch_size=1000,
    )


def _batch(fields: int) -> int:
    # PostgreSQL takes at most 65,535 parameters a statement; an UPDATE of many
    # rows uses two per field and row.
    return max(1, min(1000, 60000 // (2 * fields + 1)))
