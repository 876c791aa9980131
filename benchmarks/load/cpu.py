"""Sample where the machine's CPU goes during a load run, every few seconds.

    .venv/bin/python benchmarks/load/cpu.py OUT.jsonl [SECONDS]

One JSON line per interval: the share of all cores busy (``busy``, 0–100) and the
CPU used by each group of processes in percent of one core (``locust``,
``gunicorn``, ``postgres``, ``redis``, ``celery``, ``other``), read from /proc, so
a report can tell whether the server or the load generator ran out of CPU. Runs
until killed (run.sh stops it when Locust is done).
"""

import json
import os
import sys
import time

GROUPS = ("locust", "gunicorn", "postgres", "redis", "celery")
TICK = os.sysconf("SC_CLK_TCK")


def _group(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            words = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "other"
    return next((group for group in GROUPS if group in words), "other")


def _per_group() -> dict[str, float]:
    """CPU seconds used so far by the processes alive now, per group."""
    used: dict[str, float] = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds = (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
        group = _group(pid)
        used[group] = used.get(group, 0.0) + seconds
    return used


def _machine() -> tuple[int, int]:
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def main() -> None:
    out, interval = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    before, (busy0, total0), start = _per_group(), _machine(), time.monotonic()
    while True:
        time.sleep(interval)
        after, (busy1, total1), now = _per_group(), _machine(), time.monotonic()
        elapsed = now - start
        # A process that ended in the interval drops out of ``after``: its group
        # can read low for that interval, never negative.
        groups = {
            group: round(max(0.0, after.get(group, 0.0) - before.get(group, 0.0)) / elapsed * 100)
            for group in (*GROUPS, "other")
        }
        line = {
            "t": round(time.time()),
            "busy": round((busy1 - busy0) / max(1, total1 - total0) * 100),
            **groups,
        }
        with open(out, "a") as samples:
            samples.write(json.dumps(line) + "\n")
        before, busy0, total0, start = after, busy1, total1, now


if __name__ == "__main__":
    main()
