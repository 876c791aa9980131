"""Give 示范县 the staff of a deadline day: 200 accounts, and describe them for Locust.

Run against the load database after ``migrate`` and ``seed_demo`` (run.sh does it):

    DATABASE_URL=… .venv/bin/python benchmarks/load/prepare.py --out var/load/users.json

Accounts ``load001`` … ``load200`` (password in the output file) are members of the
demo county: 150 drafters spread over the departments that lead a chapter still in
drafting — so several people of one department open and save the same chapter and
some saves conflict, as they do on a real deadline day — 30 reviewers of the
departments that countersign, 12 planning-office coordinators and 8 leaders. All
get the production password hasher, so logging in costs what it costs in production.
"""

import argparse
import json
import os
import sys
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")

PASSWORD = "deadline-day-2026"
MIX = {"drafter": 150, "reviewer": 30, "coordinator": 12, "leader": 8}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from apps.accounts.models import Membership, Role, User
    from apps.demo.models import DemoPlan
    from apps.plans.models import OutlineNode
    from apps.plans.parts import registry

    plan = DemoPlan.objects.select_related("plan__county").get(plan__county__code="330999").plan
    county = plan.county
    nodes = list(plan.outline.nodes.prefetch_related("reviewing_departments").order_by("position"))
    editable: dict[int, list[int]] = {}
    reviewed: dict[int, list[int]] = {}
    for node in nodes:
        if node.level == OutlineNode.Level.ANNEX:
            continue
        if node.lead_department_id and node.review_state in OutlineNode.EDITABLE_STATES:
            editable.setdefault(node.lead_department_id, []).append(node.pk)
        for department in node.reviewing_departments.all():
            reviewed.setdefault(department.pk, []).append(node.pk)

    hashed = make_password(PASSWORD)  # once: every account gets the same real hash
    people = []
    with transaction.atomic():
        User.objects.filter(username__startswith="load").delete()
        number = 0
        for role, count in MIX.items():
            if role == "drafter":
                departments = cycle(sorted(editable))
            elif role == "reviewer":
                departments = cycle(sorted(reviewed))
            else:
                departments = cycle([None])
            for _ in range(count):
                number += 1
                department_id = next(departments)
                user = User.objects.create(
                    username=f"load{number:03d}", password=hashed, first_name=f"测试{number}"
                )
                Membership.objects.create(
                    user=user, county=county, department_id=department_id, role=Role(role)
                )
                people.append(
                    {
                        "username": user.username,
                        "role": role,
                        "edits": editable.get(department_id, []) if role == "drafter" else [],
                        "reviews": reviewed.get(department_id, []) if role == "reviewer" else [],
                    }
                )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "plan": plan.pk,
                "document": plan.outline.pk,
                "password": PASSWORD,
                "nodes": [n.pk for n in nodes],
                "parts": sorted(part.slug for part in registry.all()),
                "users": people,
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    print(f"{len(people)} accounts in {county.name}; plan {plan.pk}; written to {args.out}")


if __name__ == "__main__":
    main()
