"""Access is decided in one place: apps/plans/policy.py.

Membership in a county is what gives access; a module that reads memberships to
decide something re-codes the policy beside it, and the two drift apart (a city
role added to the policy would not reach it). This test reads the source: outside
the policy, only the models that define memberships, the admin and the demo seeder
may touch them.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {
    "apps/plans/policy.py",  # the policy itself
    "apps/accounts/models.py",  # where memberships are defined
    "apps/accounts/admin.py",  # editing them
}
ALLOWED_DIRS = ("apps/demo/", "/migrations/")  # seeding data; schema history
MEMBERSHIP_READ = re.compile(r"Membership\.objects|memberships__|\.memberships\b|Membership\(")


def _offending_lines(root: Path = ROOT) -> list[str]:
    found = []
    for path in sorted((root / "apps").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative in ALLOWED or any(part in relative for part in ALLOWED_DIRS):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if MEMBERSHIP_READ.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_module_outside_the_policy_reads_memberships():
    offending = _offending_lines()
    assert not offending, "ask apps.plans.policy instead:\n" + "\n".join(offending)


def test_the_check_finds_a_membership_query_where_one_is_written(tmp_path):
    """The test above would pass on an empty tree too: show that it bites."""
    (tmp_path / "apps" / "review").mkdir(parents=True)
    (tmp_path / "apps" / "review" / "views.py").write_text(
        "roles = Membership.objects.filter(user=request.user)\n", encoding="utf-8"
    )
    (tmp_path / "apps" / "plans").mkdir()
    (tmp_path / "apps" / "plans" / "policy.py").write_text(
        "rows = Membership.objects.filter(user=user)\n", encoding="utf-8"
    )
    assert _offending_lines(tmp_path) == [
        "apps/review/views.py:1: roles = Membership.objects.filter(user=request.user)"
    ]
