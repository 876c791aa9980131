"""Truly simultaneous saves against PostgreSQL: exactly one wins, nothing is lost.

Threads each use their own database connection and are released together by a
barrier, so the conditional UPDATEs really race in the database.
"""

import threading

import pytest
from django.db import connection

from apps.accounts.models import Role
from apps.plans.actions import item_save, node_text_save
from apps.plans.models import OutlineNode, Revision
from apps.plans.parts import registry
from apps.review import actions
from tests import factories as f

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.fail("these tests race real connections: run them on PostgreSQL (make test)")


def race(*calls):
    """Run the calls at the same moment in separate threads; return their results."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # reported below, from the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


@pytest.mark.parametrize("attempt", range(10))
def test_simultaneous_node_saves_one_wins_one_revision(plan, coordinator, drafter, attempt):
    node = plan.outline.nodes.get(key="environment")
    results = race(
        lambda: node_text_save(
            node, body="<p>统筹人员的文字</p>", loaded_version=1, user=coordinator
        ),
        lambda: node_text_save(node, body="<p>起草人的文字</p>", loaded_version=1, user=drafter),
    )
    assert sorted(r.saved for r in results) == [False, True]
    assert {r.current_version for r in results} == {2}
    node.refresh_from_db()
    assert node.version == 2
    revisions = list(Revision.objects.of(node))
    assert len(revisions) == 1
    assert revisions[0].body == node.body  # the winner's text, recorded once


def test_simultaneous_item_saves_one_wins(plan, coordinator, drafter):
    risk = f.RiskFactory(plan=plan, title="原风险")
    part = registry.get("risks")

    def save(user, title):
        def call():
            instance = part.model.objects.get(pk=risk.pk)
            data = {
                "domain": "economic",
                "title": title,
                "drill_frequency": "yearly",
                "node": risk.node_id,
                "loaded_version": 1,
            }
            form = part.form_class(data, instance=instance, plan=plan)
            assert form.is_valid(), form.errors
            return item_save(part, form, plan=plan, user=user, loaded_version=1)

        return call

    results = race(save(coordinator, "统筹的修改"), save(drafter, "起草的修改"))
    assert sorted(r.saved for r in results) == [False, True]
    risk.refresh_from_db()
    assert risk.version == 2
    assert Revision.objects.of(risk).count() == 1


def test_simultaneous_countersigns_still_approve_the_node(plan, county, edu_department, drafter):
    departments, reviewers = [], []
    for name in ("财政局", "卫生健康局", "民政局"):
        department = f.DepartmentFactory(county=county, name=name)
        user = f.UserFactory()
        f.MembershipFactory(user=user, county=county, department=department, role=Role.REVIEWER)
        departments.append(department)
        reviewers.append(user)
    node = plan.outline.nodes.get(key="task_livelihood")
    node.lead_department = edu_department
    node.save()
    node.reviewing_departments.set(departments)
    actions.node_submit(node, actor=drafter)
    race(
        *[
            (
                lambda u=u, d=d: actions.countersign_decide(
                    OutlineNode.objects.get(pk=node.pk),
                    actor=u,
                    department=d,
                    approve=True,
                    comment="",
                )
            )
            for u, d in zip(reviewers, departments, strict=True)
        ]
    )
    node.refresh_from_db()
    # Each decision saw the others' through the round's row lock: none was lost.
    assert node.review_state == OutlineNode.ReviewState.APPROVED


def test_a_save_racing_a_submission_does_not_slip_in(plan, edu_department, drafter, coordinator):
    node = plan.outline.nodes.get(key="task_livelihood")
    node.lead_department = edu_department
    node.save()
    results = race(
        lambda: actions.node_submit(OutlineNode.objects.get(pk=node.pk), actor=drafter),
        lambda: node_text_save(node, body="<p>迟到的修改</p>", loaded_version=1, user=coordinator),
    )
    node.refresh_from_db()
    saved = results[1].saved
    submitted_revision = node.review_rounds.get().revision
    # Either the save landed first and is what was submitted, or it was refused.
    if saved:
        assert submitted_revision.body == "<p>迟到的修改</p>"
    else:
        assert node.body == ""


def test_simultaneous_identical_department_adds_make_one_department(county, coordinator):
    from django.test import Client

    from apps.accounts.models import Department

    def add():
        client = Client()
        client.force_login(coordinator)
        return client.post(f"/counties/{county.pk}/departments/", {"name": "统计局"}, follow=True)

    for response in race(add, add, add):
        # Never a 500 from the unique constraint: added, or told it is there (by the
        # form when the first add had committed, by the save when it had not).
        assert response.status_code == 200
        page = response.content.decode()
        assert "已添加部门“统计局”" in page or "已经在部门列表中" in page
    assert Department.objects.filter(county=county, name="统计局").count() == 1


def test_a_double_click_racing_itself_stores_one_opinion(plan, reviewer):
    from django.test import Client
    from django.urls import reverse

    from apps.core.submissions import FIELD, new_token
    from apps.review.models import Opinion

    node = plan.outline.nodes.get(key="environment")
    finance = reviewer.memberships.get().department
    token = new_token()

    def post():
        client = Client()
        client.force_login(reviewer)
        return client.post(
            reverse("opinion_create", args=[plan.outline.pk, node.pk]),
            {"text": "同一次点击", "department": finance.pk, FIELD: token},
        ).status_code

    assert race(post, post, post) == [302, 302, 302]
    assert Opinion.objects.filter(document=plan.outline).count() == 1
