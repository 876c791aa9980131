"""Revisions: one per accepted save, written in the save's own transaction."""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from apps.core.cells import number_text
from apps.plans.models import OutlineNode, Revision

SKIPPED_FIELDS = {"id", "plan", "created_at", "updated_at", "version", "updated_by", "position"}


def item_data(instance: models.Model, *, m2m: dict | None = None) -> dict:
    """An item's fields as plain JSON values: foreign keys as ids, many-to-many as
    sorted id lists, decimals and dates as strings. ``m2m`` gives the links a form
    is about to save (the item may not be saved yet)."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.DecimalField) and value is not None:
            # As the column stores it (140 typed is 140.0000 saved), so that an
            # unchanged number compares equal before and after a save.
            value = Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
        data[field.name] = (
            value if value is None or isinstance(value, (int, bool, str)) else str(value)
        )
    for field in instance._meta.many_to_many:
        if m2m is not None:
            if field.name in m2m:
                data[field.name] = sorted(obj.pk for obj in m2m[field.name])
            continue
        manager = getattr(instance, field.name)
        cached = getattr(instance, "_prefetched_objects_cache", {}).get(field.name)
        if cached is not None:  # prefetched: read in one query for many items
            data[field.name] = sorted(obj.pk for obj in cached)
        else:
            data[field.name] = sorted(manager.values_list("pk", flat=True))
    return data


def record_node_revision(node: OutlineNode, *, body: str, version: int, author, note: str = ""):
    return Revision.objects.create(
        plan_id=node.plan_id,
        node=node,
        content_type=ContentType.objects.get_for_model(OutlineNode),
        object_id=node.pk,
        object_repr=node.title[:200],
        version=version,
        author=author,
        body=body,
        note=note,
    )


def record_item_revision(instance, *, author, note: str = "") -> Revision:
    revision = item_revision(instance, author=author, note=note)
    revision.save()
    return revision


def item_revision(instance, *, author, note: str = "") -> Revision:
    """The revision of an item's current state, not yet saved (many are written at
    once by an import)."""
    return Revision(
        plan_id=instance.plan_id,
        node_id=getattr(instance, "node_id", None),
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        version=instance.version,
        author=author,
        data=item_data(instance),
        note=note,
    )


def field_changes(
    model: type[models.Model], old: dict, new: dict, *, related: dict | None = None
) -> list[tuple[str, str, str]]:
    """(label, before, after) for every field that differs between two item
    revisions, in the words a reader uses: choice labels and related names.
    ``related`` ({model: {pk: object}}) names related items without a query."""
    changes = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        name = field.name
        if name not in old and name not in new:
            continue
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        changes.append(
            (
                str(field.verbose_name),
                _display(field, before, related),
                _display(field, after, related),
            )
        )
    return changes


def _display(field, value, related: dict | None = None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        ids = value if isinstance(value, list) else [value]
        known = (related or {}).get(field.related_model, {})
        if all(i in known for i in ids):
            names = known
        else:
            names = field.related_model._default_manager.in_bulk(ids)
        return "、".join(str(names.get(i, i)) for i in ids)
    if isinstance(field, models.DecimalField):
        # As typed: 45000 and 55.2, not the column's 45000.00 and 55.2000.
        return number_text(Decimal(value))
    return str(value)
