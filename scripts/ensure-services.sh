#!/bin/sh
# Start PostgreSQL and Redis where they are not already running, so the test suite
# (and a local production-like run) can talk to real services. Both are expected on
# 127.0.0.1 with their default ports; on this machine they normally run already.
set -e

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if ! pg_up; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        echo "PostgreSQL is not running and not installed: apt-get install -y postgresql" >&2
        exit 1
    fi
    echo "Starting PostgreSQL…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -n | tail -1)" main start
    for _ in 1 2 3 4 5 6 7 8 9 10; do pg_up && break; sleep 1; done
    pg_up || { echo "PostgreSQL did not come up on 127.0.0.1:5432" >&2; exit 1; }
fi

if ! redis_up; then
    if ! command -v redis-server >/dev/null 2>&1; then
        echo "Redis is not running and not installed: apt-get install -y redis-server" >&2
        exit 1
    fi
    echo "Starting Redis…"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
        --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in 1 2 3 4 5; do redis_up && break; sleep 1; done
    redis_up || { echo "Redis did not come up on 127.0.0.1:6379" >&2; exit 1; }
fi
