#!/bin/sh
# Start the embedded mode: a Celery worker on the file-system broker in the
# background and Django's development server in the foreground. Ctrl-C stops both.
set -e
cd "$(dirname "$0")/.."
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
mkdir -p var

.venv/bin/celery -A planner worker --beat --loglevel=INFO --concurrency=1 >var/celery-worker.log 2>&1 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM

echo
echo "  Open http://$HOST:$PORT/ and log in as planner / ${DEMO_PASSWORD:-demo-pass-2021}"
echo "  (Celery worker log: var/celery-worker.log)"
echo
.venv/bin/python manage.py runserver "$HOST:$PORT"
