"""Who is told what: an inbox message at once, an email once the action commits."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from apps.accounts.models import Role
from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.plans.models import OutlineNode
from apps.review import actions
from apps.review.models import Opinion
from apps.review.reminders import remind_due_soon
from tests import factories as f

Kind = Notification.Kind


def _member(county, role, department, email):
    user = f.UserFactory(email=email)
    f.MembershipFactory(user=user, county=county, department=department, role=role)
    return user


@pytest.fixture
def finance(reviewer):
    reviewer.email = "fin@example.cn"
    reviewer.save()
    return reviewer.memberships.get().department


@pytest.fixture
def people(county, coordinator, drafter, reviewer, leader, finance, edu_department):
    """Everyone with an email address, plus a second reviewing department and a
    department that does not review."""
    for user, address in ((coordinator, "planner@example.cn"), (drafter, "edu@example.cn")):
        user.email = address
        user.save()
    health = f.DepartmentFactory(county=county, name="卫生健康局")
    transport = f.DepartmentFactory(county=county, name="交通运输局")
    return {
        "health": health,
        "transport": transport,
        "health_reviewer": _member(county, Role.REVIEWER, health, "health@example.cn"),
        "finance_coordinator": _member(county, Role.COORDINATOR, finance, "fin-lead@example.cn"),
        "finance_drafter": _member(county, Role.DRAFTER, finance, "fin-draft@example.cn"),
        "transport_reviewer": _member(county, Role.REVIEWER, transport, "road@example.cn"),
        "edu_drafter_2": _member(county, Role.DRAFTER, edu_department, "edu2@example.cn"),
    }


@pytest.fixture
def node(plan, edu_department, finance, people):
    node = plan.outline.nodes.get(key="task_livelihood")
    node.lead_department = edu_department
    node.save()
    node.reviewing_departments.set([finance, people["health"]])
    return node


def _quoted(title: str) -> str:
    """A title as it reads inside “…”: its own double quotes become single ones."""
    return title.replace("“", "‘").replace("”", "’")


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def _mailed_to() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


# Submission -----------------------------------------------------------------------


def test_a_submission_tells_the_reviewing_departments(
    node, drafter, reviewer, coordinator, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.node_submit(node, actor=drafter)

    told = {reviewer, people["health_reviewer"], people["finance_coordinator"]}
    for user in told:
        note = Notification.objects.get(recipient=user)
        assert note.kind == Kind.SUBMISSION
        assert note.title == f"待会签：“{_quoted(node.title)}”（第1轮）"
        assert note.url == reverse("node_edit", args=[node.document_id, node.pk])
        assert note.emailed_at is not None
    not_told = [
        drafter,  # the submitter
        people["edu_drafter_2"],
        people["finance_drafter"],  # a drafter is not a countersigner
        people["transport_reviewer"],  # not a reviewing department
        coordinator,  # planning office, not a reviewing department
    ]
    for user in not_told:
        assert _kinds(user) == []

    assert _mailed_to() == {u.email for u in told}
    assert all(_quoted(node.title) in message.subject for message in mail.outbox)
    message = next(m for m in mail.outbox if m.to == [reviewer.email])
    assert f"/documents/{node.document_id}/nodes/{node.pk}/" in message.body


def test_no_mail_leaves_before_the_action_commits(
    node, drafter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.node_submit(node, actor=drafter)
    assert Notification.objects.filter(kind=Kind.SUBMISSION).count() == 3
    assert mail.outbox == []
    assert callbacks


def test_a_submission_without_reviewers_goes_to_the_coordinators(
    node, drafter, coordinator, people, django_capture_on_commit_callbacks
):
    node.reviewing_departments.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.node_submit(node, actor=drafter)
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert recipients == {coordinator.pk, people["finance_coordinator"].pk}


def test_users_without_an_email_address_get_the_inbox_message_only(
    node, drafter, reviewer, django_capture_on_commit_callbacks
):
    reviewer.email = ""
    reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.node_submit(node, actor=drafter)
    note = Notification.objects.get(recipient=reviewer)
    assert note.emailed_at is None
    assert "" not in _mailed_to()
    assert len(mail.outbox) == 2


# Decisions, opinions, dispositions, assignments -------------------------------------------


def test_a_countersign_decision_tells_the_lead_drafters(
    node, drafter, reviewer, finance, coordinator, people, django_capture_on_commit_callbacks
):
    actions.node_submit(node, actor=drafter)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        actions.countersign_decide(
            node, actor=reviewer, department=finance, approve=False, comment="请补充资金来源。"
        )
    for user in (drafter, people["edu_drafter_2"]):
        note = Notification.objects.get(recipient=user)
        assert (note.kind, note.title, note.body) == (
            Kind.DECISION,
            f"财政局退回了“{_quoted(node.title)}”",
            "请补充资金来源。",
        )
    assert _kinds(reviewer) == []
    assert _kinds(people["health_reviewer"]) == []
    assert _kinds(people["finance_drafter"]) == []
    assert {drafter.email, people["edu_drafter_2"].email} <= _mailed_to()


def test_an_approval_tells_the_lead_drafters_too(node, drafter, reviewer, finance):
    actions.node_submit(node, actor=drafter)
    actions.countersign_decide(node, actor=reviewer, department=finance, approve=True, comment="")
    assert Notification.objects.get(recipient=drafter, kind=Kind.DECISION).title == (
        f"财政局同意了“{_quoted(node.title)}”"
    )


def test_an_opinion_tells_the_coordinators_and_the_lead_drafters(
    node, reviewer, finance, coordinator, drafter, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        opinion = actions.opinion_add(
            node, actor=reviewer, department=finance, text="建议补充学前教育。"
        )
    told = {coordinator, people["finance_coordinator"], drafter, people["edu_drafter_2"]}
    for user in told:
        note = Notification.objects.get(recipient=user)
        assert note.kind == Kind.OPINION
        assert note.title == f"财政局对“{_quoted(node.title)}”提出了意见"
        assert note.body == "建议补充学前教育。"
        assert note.url.endswith(f"#opinion-{opinion.pk}")
    assert _kinds(reviewer) == []
    assert _kinds(people["health_reviewer"]) == []
    assert _mailed_to() == {u.email for u in told}


def test_a_reply_tells_the_author_of_the_opinion(node, reviewer, finance, drafter, people):
    opinion = actions.opinion_add(node, actor=reviewer, department=finance, text="建议补充。")
    Notification.objects.all().delete()
    actions.opinion_add(
        node,
        actor=people["health_reviewer"],
        department=people["health"],
        text="附议。",
        parent=opinion,
    )
    note = Notification.objects.get(recipient=reviewer)
    assert note.url.endswith(f"#opinion-{opinion.pk}")


def test_a_disposition_tells_the_author(
    node, reviewer, finance, coordinator, drafter, django_capture_on_commit_callbacks
):
    opinion = actions.opinion_add(node, actor=reviewer, department=finance, text="建议补充。")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        actions.opinion_dispose(
            opinion,
            actor=coordinator,
            disposition=Opinion.Disposition.PARTLY_ADOPTED,
            reason="已部分吸收。",
        )
    note = Notification.objects.get()
    assert note.recipient == reviewer
    assert (note.kind, note.title) == (Kind.DISPOSITION, "你的意见已处理：部分采纳")
    assert "已部分吸收。" in note.body
    assert [m.to for m in mail.outbox] == [[reviewer.email]]


def test_an_assignment_tells_the_new_lead_drafters(
    plan, coordinator, drafter, edu_department, finance, people, django_capture_on_commit_callbacks
):
    node = plan.outline.nodes.get(key="achievements")
    with django_capture_on_commit_callbacks(execute=True):
        actions.node_assign(
            node,
            actor=coordinator,
            lead=edu_department,
            reviewers=[finance],
            due_date=date(2021, 3, 31),
        )
    for user in (drafter, people["edu_drafter_2"]):
        note = Notification.objects.get(recipient=user)
        assert note.kind == Kind.ASSIGNMENT
        assert note.title == f"新分工：请起草“{_quoted(node.title)}”"
        assert "2021-03-31" in note.body
    assert _kinds(people["finance_drafter"]) == []
    assert _mailed_to() == {drafter.email, people["edu_drafter_2"].email}

    # Changing only the due date or the reviewers tells nobody again.
    actions.node_assign(
        node, actor=coordinator, lead=edu_department, reviewers=[], due_date=date(2021, 4, 30)
    )
    assert Notification.objects.count() == 2
    # A new lead department is told.
    actions.node_assign(
        node, actor=coordinator, lead=finance, reviewers=[], due_date=date(2021, 4, 30)
    )
    assert _kinds(people["finance_drafter"]) == [Kind.ASSIGNMENT]


# Reminders ---------------------------------------------------------------------------------


def test_reminders_go_to_lead_drafters_of_nodes_due_soon_once(
    plan, drafter, edu_department, people, django_capture_on_commit_callbacks
):
    today = date(2021, 3, 1)

    def lead(key, due, state=OutlineNode.ReviewState.DRAFTING):
        node = plan.outline.nodes.get(key=key)
        node.lead_department = edu_department
        node.due_date = due
        node.review_state = state
        node.save()
        return node

    due_soon = lead("environment", today + timedelta(days=3))
    due_today = lead("achievements", today, OutlineNode.ReviewState.CHANGES_REQUESTED)
    lead("task_livelihood", today + timedelta(days=2), OutlineNode.ReviewState.APPROVED)
    lead("advantages", today + timedelta(days=4))
    lead("mission", today - timedelta(days=1))  # overdue: the board shows it, no reminder

    with django_capture_on_commit_callbacks(execute=True):
        sent = remind_due_soon(today, timedelta(days=3))
    assert sent == 4  # two nodes × two drafters of 教育局
    titles = set(Notification.objects.filter(recipient=drafter).values_list("title", flat=True))
    assert titles == {
        f"“{_quoted(due_soon.title)}”将于 2021-03-04 到期",
        f"“{_quoted(due_today.title)}”将于 2021-03-01 到期",
    }
    assert Notification.objects.filter(recipient=drafter, kind=Kind.DUE_SOON).count() == 2
    assert len(mail.outbox) == 4
    assert _kinds(people["finance_drafter"]) == []

    # Running it again the same day sends nothing new.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_due_soon(today, timedelta(days=3)) == 0
    assert Notification.objects.count() == 4
    assert mail.outbox == []

    # The next day only the node that has come within three days is new.
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_due_soon(today + timedelta(days=1), timedelta(days=3)) == 2
    new = Notification.objects.filter(recipient=drafter).order_by("-id").first()
    assert new.title.endswith("将于 2021-03-05 到期")
    assert len(mail.outbox) == 2


def test_a_new_due_date_is_reminded_again(plan, drafter, edu_department):
    node = plan.outline.nodes.get(key="environment")
    node.lead_department = edu_department
    node.due_date = date(2021, 3, 3)
    node.save()
    assert remind_due_soon(date(2021, 3, 1), timedelta(days=3)) == 1
    node.due_date = date(2021, 3, 10)
    node.save()
    assert remind_due_soon(date(2021, 3, 8), timedelta(days=3)) == 1


# The inbox -------------------------------------------------------------------------------


def _badge(page: str) -> str | None:
    match = re.search(r'消息 <span class="badge text-bg-light">(\d+)</span>', page)
    return match.group(1) if match else None


def test_the_inbox_lists_my_messages_with_an_unread_count(client, drafter, reviewer):
    notify([drafter], Kind.OPINION, "财政局对“教育”提出了意见", body="建议补充。", url="/plans/")
    notify([drafter], Kind.DUE_SOON, "“教育”将于 2021-03-04 到期")
    notify([reviewer], Kind.OPINION, "别人的消息")
    client.force_login(drafter)
    page = client.get(reverse("inbox")).content.decode()
    assert "财政局对“教育”提出了意见" in page
    assert "“教育”将于 2021-03-04 到期" in page
    assert "别人的消息" not in page
    assert _badge(page) == "2"


def test_opening_a_message_marks_it_read_and_goes_to_its_page(client, plan, drafter):
    url = reverse("node_edit", args=[plan.outline.pk, plan.outline.nodes.get(key="environment").pk])
    (note,) = notify([drafter], Kind.OPINION, "新意见", url=url)
    notify([drafter], Kind.OPINION, "另一条意见", url=url)
    client.force_login(drafter)
    response = client.post(reverse("notification_open", args=[note.pk]))
    assert response.status_code == 302
    assert response.url == url
    note.refresh_from_db()
    assert note.read_at is not None
    assert _badge(client.get(reverse("inbox")).content.decode()) == "1"


def test_a_message_pointing_elsewhere_opens_the_inbox(client, drafter):
    (note,) = notify([drafter], Kind.OPINION, "可疑链接", url="https://evil.example/")
    client.force_login(drafter)
    response = client.post(reverse("notification_open", args=[note.pk]))
    assert response.url == reverse("inbox")


def test_someone_elses_message_cannot_be_opened(client, drafter, reviewer):
    (note,) = notify([reviewer], Kind.OPINION, "别人的消息")
    client.force_login(drafter)
    assert client.post(reverse("notification_open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_read_all_clears_the_count(client, drafter, reviewer):
    notify([drafter, reviewer], Kind.OPINION, "新意见一")
    notify([drafter], Kind.OPINION, "新意见二")
    client.force_login(drafter)
    response = client.post(reverse("inbox_read_all"), follow=True)
    assert _badge(response.content.decode()) is None
    assert not Notification.objects.filter(recipient=drafter).unread().exists()
    assert Notification.objects.get(recipient=reviewer).read_at is None


# A broken mail server -----------------------------------------------------------------------


def test_a_failing_mail_server_does_not_break_the_action(
    caplog,
    settings,
    node,
    reviewer,
    finance,
    coordinator,
    drafter,
    django_capture_on_commit_callbacks,
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        opinion = actions.opinion_add(
            node, actor=reviewer, department=finance, text="邮件服务器坏了也要记下的意见。"
        )
    assert len(callbacks) == 1  # the email really was attempted
    assert Opinion.objects.get().pk == opinion.pk
    notes = Notification.objects.filter(kind=Kind.OPINION)
    assert {n.recipient for n in notes} >= {coordinator, drafter}
    assert all(n.emailed_at is None for n in notes)
    assert mail.outbox == []
    # It failed for the reason the test set up: the server refused the connection.
    assert "could not email notification" in caplog.text
    assert "Connection refused" in caplog.text or "ConnectionRefusedError" in caplog.text


def test_a_failing_mail_server_does_not_break_the_page(
    client, settings, node, reviewer, finance, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("opinion_create", args=[node.document_id, node.pk]),
            {"text": "建议补充。", "department": finance.pk},
        )
    assert response.status_code == 302
    assert Notification.objects.filter(kind=Kind.OPINION, emailed_at=None).exists()
