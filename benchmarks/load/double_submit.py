"""Press 提交 twice at once: is the same text from the same address stored once?

    DATABASE_URL=… .venv/bin/python benchmarks/load/double_submit.py \\
        --host http://127.0.0.1:8775 --consultation 2 [--trials 10] [--copies 2]

Against a running server that trusts one proxy (``PLANNER_TRUSTED_PROXY_COUNT=1``,
as run.sh's public scenario starts it; run it before that server stops, or against
any other). Each trial is a new person at a new address: it loads the form, waits
out the robot check, then sends ``--copies`` identical posts at the same instant,
as a double click does, and counts the rows of that text. The load run's repeats
are sent one after the other and are always folded; this asks the harder question.
Exits non-zero when a text was stored more than once.
"""

import argparse
import os
import re
import sys
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED = re.compile(r'name="started" value="([^"]+)"')


def trial(url: str, copies: int) -> tuple[str, list[int]]:
    session = requests.Session()
    headers = {"X-Forwarded-For": f"2001:db8:d0b1::{uuid.uuid4().hex[:4]}"}
    page = session.get(url, headers=headers, timeout=30).text
    data = {
        "csrfmiddlewaretoken": CSRF.search(page).group(1),
        "started": STARTED.search(page).group(1),
        "text": f"同时提交两次的意见（{uuid.uuid4().hex}）",
        "website": "",
    }
    time.sleep(3.2)
    codes: list[int] = []
    start = threading.Barrier(copies)

    def send() -> None:
        start.wait()
        response = session.post(url, data=data, headers=headers, allow_redirects=False, timeout=30)
        codes.append(response.status_code)

    threads = [threading.Thread(target=send) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return data["text"], codes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--consultation", required=True, type=int)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--copies", type=int, default=2)
    args = parser.parse_args()

    import django

    django.setup()
    from apps.consultation.models import Suggestion

    url = f"{args.host.rstrip('/')}/public/consultations/{args.consultation}/suggest/"
    doubled = 0
    for _ in range(args.trials):
        text, codes = trial(url, args.copies)
        stored = Suggestion.objects.filter(consultation_id=args.consultation, text=text).count()
        doubled += stored > 1
        print(f"answers {sorted(codes)}, stored {stored}×")
    print(f"{doubled} of {args.trials} double submissions stored more than once")
    sys.exit(1 if doubled else 0)


if __name__ == "__main__":
    main()
