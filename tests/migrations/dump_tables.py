"""Dump the app tables of an old-schema SQLite database as JSON rows (with content
types as natural keys), for tests/migrations/test_documents_migration.py.

How demo_before_documents.json.gz was made: check out 7662572 (the release before
documents), `migrate` and `seed_demo` into an empty PLANNER_VAR_DIR, add an
opinion, a stage move and two export jobs, then

    python tests/migrations/dump_tables.py VAR/db.sqlite3 tests/migrations/demo_before_documents.json.gz
"""
import gzip
import json
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
db.row_factory = sqlite3.Row
skip_prefix = ("sqlite_", "django_", "auth_", "axes_")
skip = {"core_submission", "notifications_notification"}
tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
out = {"content_types": {str(r["id"]): [r["app_label"], r["model"]] for r in db.execute("select * from django_content_type")}, "tables": {}}
for t in tables:
    if t.startswith(skip_prefix) or t in skip:
        continue
    rows = [dict(r) for r in db.execute(f'select * from "{t}" order by 1')]
    if rows:
        out["tables"][t] = rows
with gzip.open(sys.argv[2], "wt", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
print({t: len(r) for t, r in out["tables"].items()})
