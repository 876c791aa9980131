"""The full-text queries, one per database engine, through raw SQL with parameters.

The query's words reach the database only as bound parameters, in the engine's
query syntax built from tokens that hold letters, digits and points alone
(apps/search/tokens.py), so nothing a user types can change the statement or the
query's structure. The plans searched come as a queryset (the policy's scope),
compiled into the statement as a subquery: the index is scoped, never filtered
after the fact.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from apps.search.tokens import TOKEN_RE, Term


@dataclass(frozen=True)
class Hit:
    entry_id: int
    rank: float


@dataclass(frozen=True)
class Page:
    hits: list[Hit]
    total: int


def _safe(tokens) -> list[str]:
    return [t for t in tokens if TOKEN_RE.fullmatch(t)]


def tsquery(terms: list[Term]) -> str:
    """PostgreSQL's to_tsquery syntax: each term a phrase (<->), a final single
    character a prefix (:*), the terms ANDed."""
    parts = []
    for term in terms:
        tokens = _safe(term.tokens)
        if not tokens:
            continue
        quoted = [f"'{t}'" for t in tokens]
        if term.prefix:
            quoted[-1] += ":*"
        parts.append(" <-> ".join(quoted))
    return " & ".join(f"({p})" for p in parts)


def fts5_query(terms: list[Term]) -> str:
    """FTS5's syntax: each term a phrase in double quotes, a final single
    character a prefix ("…"*); phrases side by side are ANDed."""
    parts = []
    for term in terms:
        tokens = _safe(term.tokens)
        if tokens:
            parts.append('"' + " ".join(tokens) + '"' + ("*" if term.prefix else ""))
    return " ".join(parts)


def _scope(plans: QuerySet, version_id: int | None) -> tuple[str, list]:
    plan_sql, plan_params = plans.values("pk").query.sql_with_params()
    sql = f"e.plan_id IN ({plan_sql})"
    params = list(plan_params)
    if version_id is None:
        sql += " AND e.version_id IS NULL"
    else:
        sql += " AND e.version_id = %s"
        params.append(version_id)
    return sql, params


# Weights of ts_rank for D (the text) … A (the title): a word in a title outranks
# the same word many times over in a passage.
_PG_WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"


def _postgresql(terms, plans, version_id, limit, offset) -> tuple[str, list]:
    query = tsquery(terms)
    scope, params = _scope(plans, version_id)
    sql = (
        "SELECT e.id, ts_rank(%s, e.search_vector, to_tsquery('simple', %s)) AS rank, "
        "COUNT(*) OVER () "
        "FROM search_searchentry e "
        f"WHERE e.search_vector @@ to_tsquery('simple', %s) AND {scope} "
        "ORDER BY rank DESC, e.id LIMIT %s OFFSET %s"
    )
    return sql, [_PG_WEIGHTS, query, query, *params, limit, offset]


def _sqlite(terms, plans, version_id, limit, offset) -> tuple[str, list]:
    query = fts5_query(terms)
    scope, params = _scope(plans, version_id)
    # bm25 (smaller is better; the title column counts ten times) may only be
    # computed in a plain query of the FTS table: materialised first, then joined.
    sql = (
        "WITH m AS MATERIALIZED ("
        "SELECT rowid AS id, bm25(search_searchentry_fts, 10.0, 1.0) AS score "
        "FROM search_searchentry_fts WHERE search_searchentry_fts MATCH %s) "
        "SELECT e.id, -m.score AS rank, COUNT(*) OVER () "
        "FROM m JOIN search_searchentry e ON e.id = m.id "
        f"WHERE {scope} "
        "ORDER BY rank DESC, e.id LIMIT %s OFFSET %s"
    )
    return sql, [query, *params, limit, offset]


_ENGINES = {"postgresql": _postgresql, "sqlite": _sqlite}


def search(
    terms: list[Term], plans: QuerySet, *, version_id: int | None, limit: int, offset: int
) -> Page:
    """One page of the entries of ``plans`` matching every term, best first, and how
    many match in all (in the same statement)."""
    if not any(_safe(t.tokens) for t in terms):
        return Page([], 0)
    build = _ENGINES[connection.vendor]
    sql, params = build(terms, plans, version_id, limit, offset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows and offset:
        # Past the last page: the window count came back with no row.
        return Page([], search(terms, plans, version_id=version_id, limit=1, offset=0).total)
    return Page([Hit(pk, float(rank)) for pk, rank, _total in rows], rows[0][2] if rows else 0)
