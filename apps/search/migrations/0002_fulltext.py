"""The full-text index over the entries' tokens, in each engine's own way.

PostgreSQL: a stored generated tsvector (the title weighted A) with a GIN index,
so the vector is computed by the database in the INSERT itself. SQLite (the
embedded mode): an FTS5 table over the same columns kept by triggers in the
statement's transaction. Either way the index never lags behind a write.
"""

from django.db import migrations

POSTGRES = [
    """
    ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', title_tokens), 'A')
            || to_tsvector('simple', tokens)
        ) STORED
    """,
    "CREATE INDEX search_searchentry_vector ON search_searchentry USING gin (search_vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX search_searchentry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN search_vector",
]

# unicode61 splits on everything but letters and digits; the tokens' only other
# character is the point inside numbers (5.5).
SQLITE = [
    """
    CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
        title_tokens, tokens,
        content='search_searchentry', content_rowid='id',
        tokenize="unicode61 tokenchars '.'"
    )
    """,
    """
    CREATE TRIGGER search_searchentry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, title_tokens, tokens)
        VALUES (new.id, new.title_tokens, new.tokens);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title_tokens, tokens)
        VALUES ('delete', old.id, old.title_tokens, old.tokens);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title_tokens, tokens)
        VALUES ('delete', old.id, old.title_tokens, old.tokens);
        INSERT INTO search_searchentry_fts(rowid, title_tokens, tokens)
        VALUES (new.id, new.title_tokens, new.tokens);
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_searchentry_au",
    "DROP TRIGGER search_searchentry_ad",
    "DROP TRIGGER search_searchentry_ai",
    "DROP TABLE search_searchentry_fts",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
