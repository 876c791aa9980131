#!/bin/sh
# The deadline-day load run: 200 users of one county against gunicorn + PostgreSQL
# + a Celery worker on Redis, all on this machine, with the production settings.
#
#     benchmarks/load/run.sh     # 200 users, 2 more per second, 7 minutes in all
#                                # (100 s to log everyone in, then 5 min+ at 200)
#     USERS=50 DURATION=2m benchmarks/load/run.sh
#     LOAD_WAIT=3-12 LOAD_TYPING=2-6 benchmarks/load/run.sh   # impatient users
#
# It creates (and at the end keeps, for inspection) the database planner_load,
# writes Locust's CSV/HTML and the counts to var/load/, and exits non-zero when a
# target is missed (report.py). TLS is left to the reverse proxy in production and
# is not part of the run, so cookies are not marked Secure here.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
USERS="${USERS:-200}"
SPAWN_RATE="${SPAWN_RATE:-2}"
DURATION="${DURATION:-7m}"
WORKERS="${GUNICORN_WORKERS:-3}"
THREADS="${GUNICORN_THREADS:-4}"
PORT="${PORT:-8765}"
PG="${LOAD_PG:-postgres://postgres@127.0.0.1:5432}"
OUT="$ROOT/var/load"

make --no-print-directory install services >/dev/null
.venv/bin/python -c "import locust" 2>/dev/null || .venv/bin/pip install --quiet -e ".[load]"

rm -rf "$OUT" && mkdir -p "$OUT/media" "$OUT/var"
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS planner_load" -c "CREATE DATABASE planner_load"

export DJANGO_ENV=production
export DJANGO_SECRET_KEY="load-run-$(date +%s)-abcdefghijklmnopqrstuvwxyz0123456789abcdefghij"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false
export DATABASE_URL="$PG/planner_load"
export CELERY_BROKER_URL="${LOAD_BROKER:-redis://127.0.0.1:6379/13}"
export PLANNER_EMAIL_DISABLED=true
export DJANGO_MEDIA_ROOT="$OUT/media" PLANNER_VAR_DIR="$OUT/var" DJANGO_STATIC_ROOT="$OUT/static"
export DJANGO_LOG_LEVEL=WARNING

.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py seed_demo >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python benchmarks/load/prepare.py --out "$OUT/users.json"
redis-cli -u "$CELERY_BROKER_URL" flushdb >/dev/null

.venv/bin/celery -A planner worker --beat --concurrency=1 --loglevel=WARNING \
    --schedule "$OUT/var/celerybeat-schedule" >"$OUT/worker.log" 2>&1 &
WORKER_PID=$!
.venv/bin/gunicorn planner.wsgi:application --bind "127.0.0.1:$PORT" \
    --workers "$WORKERS" --threads "$THREADS" --timeout 60 --keep-alive 30 \
    --access-logfile "$OUT/access.log" --error-logfile "$OUT/gunicorn.log" \
    --access-logformat '%(t)s "%(r)s" %(s)s %(M)sms' &
WEB_PID=$!
trap 'kill $WEB_PID $WORKER_PID 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 50); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break
    sleep 0.2
done

echo "Load: $USERS users (+$SPAWN_RATE/s) for $DURATION against gunicorn ($WORKERS×$THREADS)," \
    "think ${LOAD_WAIT:-5-20} s, typing ${LOAD_TYPING:-10-30} s…"
LOAD_USERS="$OUT/users.json" LOAD_LEDGER="$OUT/ledger.jsonl" \
    .venv/bin/locust -f benchmarks/load/locustfile.py --headless \
    --host "http://127.0.0.1:$PORT" --users "$USERS" --spawn-rate "$SPAWN_RATE" \
    --run-time "$DURATION" --stop-timeout 30 --csv "$OUT/locust" --html "$OUT/locust.html" \
    --only-summary --loglevel WARNING || true

# Let the worker finish the PDFs that were asked for (it renders them one by one).
for _ in $(seq 120); do
    left=$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM exports_exportjob WHERE status IN ('queued','running')")
    [ "$left" = "0" ] && break
    sleep 5
done
.venv/bin/python benchmarks/load/report.py "$OUT" | tee "$OUT/report.md"
