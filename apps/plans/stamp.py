"""A fingerprint of a plan's structured content, for caching what is computed
from it (the self-check, the overview's charts) without ever invalidating.

Two small queries: aggregates over every table of structured content, and the rows
of the few small tables whose text may be rewritten in place. Any change moves one
of the aggregates: a save through the app raises ``version`` (items and categories
are saved with a conditional UPDATE of it), any ``save()`` moves an item's
``updated_at``, an addition or a deletion changes count and id sum, a move to
another chapter changes the node sum, a new or removed link changes the id sum of
its through table, a node added, removed, renamed or moved changes the outline's
sums. Node text is left out: saving a chapter's text, the most frequent write,
keeps what was cached, and nothing cached under the stamp reads it.

Apps register their other tables with ``register_stamped_model``; every registered
part and its many-to-many links are included by themselves.
"""

import hashlib
from functools import cache

from django.db import connection, models

from apps.plans.models import OutlineNode, Plan
from apps.plans.parts import registry

# Tables with a plan_id that are not parts: (model, rewritten in place without a
# version, so read row by row).
_extra: dict[type[models.Model], bool] = {}


def register_stamped_model(model: type[models.Model], *, by_rows: bool = False) -> None:
    _extra[model] = by_rows


def _tables() -> tuple[tuple, ...]:
    aggregates = []
    rows = []
    for part in registry.all():
        model = part.model
        aggregates.append((model._meta.db_table, "plan_id", "t", True, part.has_node))
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            owner = next(
                f.column
                for f in through._meta.local_fields
                if f.is_relation and f.related_model is model
            )
            aggregates.append((through._meta.db_table, owner, model._meta.db_table, False, False))
    for model, by_rows in _extra.items():
        if by_rows:
            rows.append(model)
        else:
            aggregates.append((model._meta.db_table, "plan_id", "t", True, False))
    return tuple(aggregates), tuple(rows)


@cache
def _sql(aggregates: tuple) -> str:
    selects = []
    for table, owner, owner_table, versioned, has_node in aggregates:
        if owner_table == "t":  # the table has the plan_id itself
            source = f"{table} t WHERE t.plan_id = %s"
            version = "SUM(t.version)" if versioned else "0"
        else:  # a link table: through its owner
            source = f"{table} t JOIN {owner_table} o ON o.id = t.{owner} WHERE o.plan_id = %s"
            version = "0"
        node = "SUM(t.node_id)" if has_node else "0"
        touched = "CAST(MAX(t.updated_at) AS TEXT)" if has_node else "''"
        selects.append(
            f"SELECT '{table}', COUNT(*), COALESCE(SUM(t.id), 0), COALESCE({version}, 0), "
            f"COALESCE({node}, 0), {touched} FROM {source}"
        )
    nodes = OutlineNode._meta.db_table
    selects.append(
        f"SELECT '{nodes}', COUNT(*), COALESCE(SUM(id), 0), "
        f"COALESCE(SUM(position) + SUM(COALESCE(parent_id, 0)), 0), "
        f"COALESCE(SUM(LENGTH(title)), 0), '' FROM {nodes} WHERE plan_id = %s"
    )
    return " UNION ALL ".join(selects)


def content_stamp(plan: Plan) -> str:
    aggregates, row_models = _tables()
    sql = _sql(aggregates)
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan.pk] * sql.count("%s"))
        found = sorted(tuple(str(v) for v in row) for row in cursor.fetchall())
    for model in row_models:
        found.append(sorted(map(repr, model.objects.filter(plan=plan).values_list())))
    # The plan row as this request loaded it: years, tolerance, stage, title.
    plan_row = [str(getattr(plan, f.attname)) for f in Plan._meta.concrete_fields]
    return hashlib.sha256(repr((found, plan_row)).encode()).hexdigest()[:32]
