"""Run by tests/embedded/test_sqlite_concurrency.py in its own process, against a
file SQLite database configured as the embedded mode configures it: several
people post opinions on one chapter at the same moment."""

import os
import sys
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")
django.setup()

from django.db import connection  # noqa: E402

from apps.accounts.models import County, Department, Membership, Role, User  # noqa: E402
from apps.plans.actions import plan_create  # noqa: E402
from apps.review.actions import opinion_add  # noqa: E402
from apps.review.models import Opinion  # noqa: E402

WRITERS = int(sys.argv[1]) if len(sys.argv) > 1 else 5

county = County.objects.create(name="示范县", code="330999")
coordinator = User.objects.create(username="planner")
plan = plan_create(
    county=county, created_by=coordinator, template_key="fyp14", base_year=2020, vision_year=2035
)
Membership.objects.create(user=coordinator, county=county, role=Role.COORDINATOR)
node = plan.outline.nodes.get(key="environment")
people = []
for index in range(WRITERS):
    department = Department.objects.create(county=county, name=f"部门{index}", position=index)
    user = User.objects.create(username=f"reviewer{index}")
    Membership.objects.create(user=user, county=county, department=department, role=Role.REVIEWER)
    people.append((user, department))
connection.close()

barrier = threading.Barrier(WRITERS)
errors = []


def post(user, department):
    try:
        barrier.wait()
        opinion_add(node, actor=user, department=department, text=f"{department.name}的意见")
    except Exception as exc:  # reported below
        errors.append(repr(exc))
    finally:
        connection.close()


threads = [threading.Thread(target=post, args=person) for person in people]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(timeout=60)
print(f"opinions={Opinion.objects.count()} errors={len(errors)}")
for error in errors:
    print(error)
