#!/bin/sh
# A load run against gunicorn + PostgreSQL + a Celery worker on Redis, all on this
# machine, with the production settings. Two scenarios share the setup:
#
#   SCENARIO=deadline (the default): the deadline day, 200 users of one county
#     benchmarks/load/run.sh     # 200 users, 2 more per second, 7 minutes in all
#                                # (100 s to log everyone in, then 5 min+ at 200)
#     USERS=50 DURATION=2m benchmarks/load/run.sh
#     LOAD_WAIT=3-12 LOAD_TYPING=2-6 benchmarks/load/run.sh   # impatient users
#
#   SCENARIO=public: the public consultation, 1,000 anonymous readers, 50 people
#     sending suggestions and 3 flooding from one address each, behind one trusted
#     proxy (X-Forwarded-For), sessions and throttle counts in Redis
#     SCENARIO=public benchmarks/load/run.sh   # 1,053 users, 10 more per second,
#                                              # 6 minutes in all (4 min+ at 1,053)
#     SCENARIO=public LOAD_READ=5-30 benchmarks/load/run.sh   # faster readers
#
# It creates (and at the end keeps, for inspection) the scenario's database,
# writes Locust's CSV/HTML, the CPU samples and the counts to var/load/ (or
# var/load-public/), and exits non-zero when a target is missed (report.py or
# report_public.py). TLS is left to the reverse proxy in production and is not part
# of the run, so cookies are not marked Secure here.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SCENARIO="${SCENARIO:-deadline}"
WORKERS="${GUNICORN_WORKERS:-3}"
THREADS="${GUNICORN_THREADS:-4}"
PG="${LOAD_PG:-postgres://postgres@127.0.0.1:5432}"
HERE=benchmarks/load

case "$SCENARIO" in
deadline)
    USERS="${USERS:-200}"
    SPAWN_RATE="${SPAWN_RATE:-2}"
    DURATION="${DURATION:-7m}"
    PORT="${PORT:-8765}"
    BROKER="${LOAD_BROKER:-redis://127.0.0.1:6379/13}"
    DATABASE=planner_load
    OUT="$ROOT/var/load"
    DATA="$OUT/users.json"
    PREPARE="$HERE/prepare.py" LOCUSTFILE="$HERE/locustfile.py" REPORT="$HERE/report.py"
    export LOAD_USERS="$DATA"
    SAYS="$USERS users (+$SPAWN_RATE/s), think ${LOAD_WAIT:-5-20} s, typing ${LOAD_TYPING:-10-30} s"
    ;;
public)
    USERS="${USERS:-1053}"
    SPAWN_RATE="${SPAWN_RATE:-10}"
    DURATION="${DURATION:-6m}"
    # Its own port, and a Redis of its own (no disk, gone at the end): the throttle
    # counts and the sessions live there, and another user of the machine's Redis
    # emptying a database (test runs do, at start) must not reset them mid-run.
    PORT="${PORT:-8775}"
    REDIS_PORT="${LOAD_REDIS_PORT:-6391}"
    BROKER="redis://127.0.0.1:$REDIS_PORT/0"
    DATABASE=planner_load_public
    OUT="$ROOT/var/load-public"
    DATA="$OUT/public.json"
    PREPARE="$HERE/prepare_public.py" LOCUSTFILE="$HERE/public_locustfile.py"
    REPORT="$HERE/report_public.py"
    export LOAD_PUBLIC="$DATA"
    # Sessions, the shared cache and the public's throttle counts in Redis, as in
    # production; one reverse proxy in front, whose X-Forwarded-For is believed.
    export DJANGO_CACHE_URL="redis://127.0.0.1:$REDIS_PORT/1"
    export PLANNER_TRUSTED_PROXY_COUNT=1
    SAYS="$USERS users (+$SPAWN_RATE/s), reading ${LOAD_READ:-10-60} s a page"
    SAYS="$SAYS, typing ${LOAD_TYPING:-5-30} s"
    ;;
*)
    echo "SCENARIO must be deadline or public, not $SCENARIO" >&2
    exit 2
    ;;
esac

make --no-print-directory install services >/dev/null
.venv/bin/python -c "import locust" 2>/dev/null || .venv/bin/pip install --quiet -e ".[load]"

rm -rf "$OUT" && mkdir -p "$OUT/media" "$OUT/var"
PIDS=""
trap 'kill $PIDS 2>/dev/null || true' EXIT INT TERM
if [ -n "${REDIS_PORT:-}" ]; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
        >"$OUT/redis.log" 2>&1 &
    REDIS_PID=$!
    PIDS="$PIDS $REDIS_PID"
    for _ in $(seq 50); do
        redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
        sleep 0.1
    done
    if ! kill -0 $REDIS_PID 2>/dev/null; then
        echo "Redis did not start (port $REDIS_PORT in use?): see $OUT/redis.log" >&2
        exit 1
    fi
fi
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DATABASE" -c "CREATE DATABASE $DATABASE"

export DJANGO_ENV=production
export DJANGO_SECRET_KEY="load-run-$(date +%s)-abcdefghijklmnopqrstuvwxyz0123456789abcdefghij"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false
export DATABASE_URL="$PG/$DATABASE"
export CELERY_BROKER_URL="$BROKER"
export PLANNER_EMAIL_DISABLED=true
export DJANGO_MEDIA_ROOT="$OUT/media" PLANNER_VAR_DIR="$OUT/var" DJANGO_STATIC_ROOT="$OUT/static"
export DJANGO_LOG_LEVEL=WARNING

.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py seed_demo >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python "$PREPARE" --out "$DATA"
redis-cli -u "$CELERY_BROKER_URL" flushdb >/dev/null
# Counts left in the cache by an earlier run would throttle this one.
[ -z "${DJANGO_CACHE_URL:-}" ] || redis-cli -u "$DJANGO_CACHE_URL" flushdb >/dev/null

.venv/bin/celery -A planner worker --beat --concurrency=1 --loglevel=WARNING \
    --schedule "$OUT/var/celerybeat-schedule" >"$OUT/worker.log" 2>&1 &
PIDS="$PIDS $!"
.venv/bin/gunicorn planner.wsgi:application --bind "127.0.0.1:$PORT" \
    --workers "$WORKERS" --threads "$THREADS" --timeout 60 --keep-alive 30 \
    --access-logfile "$OUT/access.log" --error-logfile "$OUT/gunicorn.log" \
    --access-logformat '%(t)s "%(r)s" %(s)s %(M)sms' &
WEB_PID=$!
.venv/bin/python "$HERE/cpu.py" "$OUT/cpu.jsonl" &
CPU_PID=$!
PIDS="$PIDS $WEB_PID $CPU_PID"
for _ in $(seq 50); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break
    sleep 0.2
done
# A server already on the port would answer the probe, and take the load, instead.
if ! kill -0 $WEB_PID 2>/dev/null; then
    echo "gunicorn did not start (port $PORT in use?): see $OUT/gunicorn.log" >&2
    exit 1
fi

echo "Load ($SCENARIO): $SAYS, for $DURATION against gunicorn ($WORKERS×$THREADS)…"
# One Locust process unless LOAD_PROCESSES asks for more (they share the 2 cores).
: >"$OUT/ledger.jsonl"
LOAD_LEDGER="$OUT/ledger.jsonl" \
    .venv/bin/locust -f "$LOCUSTFILE" --headless \
    --host "http://127.0.0.1:$PORT" --users "$USERS" --spawn-rate "$SPAWN_RATE" \
    --run-time "$DURATION" --stop-timeout 30 --csv "$OUT/locust" --html "$OUT/locust.html" \
    ${LOAD_PROCESSES:+--processes "$LOAD_PROCESSES"} \
    --only-summary --loglevel WARNING || true
kill $CPU_PID 2>/dev/null || true

# Let the worker finish the PDFs that were asked for (it renders them one by one).
for _ in $(seq 120); do
    left=$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM exports_exportjob WHERE status IN ('queued','running')")
    [ "$left" = "0" ] && break
    sleep 5
done
# The report's verdict is the script's exit status (a pipe into tee would hide it).
status=0
.venv/bin/python "$REPORT" "$OUT" >"$OUT/report.md" || status=$?
cat "$OUT/report.md"
exit $status
