"""The demo's planted slips (apps/demo/narrative.PLANTED): the scorecard finds
exactly those, each link leads to the chapter, and fixing them clears the findings."""

import pytest

from apps.accounts.models import User
from apps.checks.scorecard import run_checks
from apps.demo.narrative import PLANTED
from apps.demo.seed import seed_demo
from apps.plans.actions import node_text_save
from apps.plans.models import Plan

pytestmark = pytest.mark.django_db

EXPECTED = {
    "period_targets": "text-indicator-figures",
    "major_projects": "text-project-totals",
    "task_livelihood": "text-period-words",
    "task_ecology": "text-wording",
}


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _text_findings(plan):
    card = run_checks(Plan.objects.get(pk=plan.pk))
    return [
        (result.check.id, finding)
        for result in card.results
        if result.check.id.startswith("text-")
        for finding in result.findings
    ]


def test_the_scorecard_finds_the_planted_slips_and_fixing_them_clears_it(client, fast_hashing):
    plan = seed_demo()
    keys = {n.pk: n.key for n in plan.outline.nodes.all()}
    found = _text_findings(plan)
    assert sorted((keys[f.node_id], check) for check, f in found) == sorted(
        (key, check) for key, check in EXPECTED.items()
    )
    client.force_login(User.objects.get(username="planner"))
    scorecard = client.get(f"/plans/{plan.pk}/checks/").content.decode()
    for _check, finding in found:
        # The planted words are quoted, on the scorecard and on the chapter's page.
        planted = PLANTED[keys[finding.node_id]][0]
        assert planted[:6] in finding.message.replace("‘", "“").replace("’", "”")
        assert finding.url in scorecard
        page = client.get(finding.url)
        assert page.status_code == 200
        assert page.context["node"].pk == finding.node_id
        assert finding.message in page.content.decode().replace("&#x27;", "'")
    for key, (planted, fixed) in PLANTED.items():
        node = plan.outline.nodes.get(key=key)
        assert planted in node.body
        saved = node_text_save(
            node,
            body=node.body.replace(planted, fixed),
            loaded_version=node.version,
            user=None,
        )
        assert saved.saved
    assert _text_findings(plan) == []
