"""Hostile text saved through every text field of the product comes back harmless:
in every page that shows it, in the print HTML the PDF is made from, in the PDF
itself and in the Excel summary.

For each payload of the corpus, the demo plan's items are re-saved through their
own edit forms with the payload in every free-text field (cut to the field's
length), and likewise the plan settings, an outline node's title, guidance and
text, a department name, an opinion, a reply, a disposition reason, a countersign
comment, a stage version name and a 不适用 reason. Then the pages are read with an
HTML parser: no script but our own static files, no event-handler attribute, no
javascript: URL, no frame, no style element or attribute, no file: image.
"""

import io
from html.parser import HTMLParser

import pytest
from django import forms
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from apps.accounts.models import Department, User
from apps.demo.seed import seed_demo
from apps.exports.render import print_html, stylesheet_path
from apps.plans.access import PlanAccess
from apps.plans.forms import DocumentSettingsForm, NodeOutlineForm, PlanSettingsForm
from apps.plans.models import Plan
from apps.plans.parts import registry
from apps.plans.policy import principal_for
from apps.review import actions as review
from apps.review.models import Opinion
from tests import factories as f

pytestmark = pytest.mark.django_db

CORPUS = [
    '<script>alert("xss")</script>',
    '<b onmouseover="alert(1)">悬停</b>',
    '<a href="javascript:alert(1)">链接</a>',
    "<svg onload=alert(1)>",
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">样式</p>',
    '<iframe src="https://evil.example/"></iframe>',
    "<img src=file:///etc/passwd onerror=alert(1)>",
    '=HYPERLINK("https://evil.example","点击")',
]


class Inspector(HTMLParser):
    """Collects everything in a page that could run or load something."""

    def __init__(self, allowed=frozenset()):
        super().__init__()
        self.allowed = allowed  # our own URLs, e.g. the print stylesheet's file URL
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._in_script = True
            if not (attrs.get("src") or "").startswith("/static/"):
                self.problems.append(f"script {attrs}")
        if tag in {"iframe", "frame", "object", "embed", "style", "base"}:
            self.problems.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}={value}")
            if name == "style":
                self.problems.append(f"{tag} style={value}")
            if (
                name in {"href", "src", "action", "formaction", "xlink:href"}
                and value
                and value.strip().lower().startswith(("javascript:", "file:", "vbscript:"))
                and value not in self.allowed
            ):
                self.problems.append(f"{tag} {name}={value}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline script {data[:40]!r}")


def harmless(html: str, allowed=frozenset()) -> list[str]:
    inspector = Inspector(allowed)
    inspector.feed(html)
    return inspector.problems


def _text_fields(form) -> list[str]:
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field.widget, (forms.HiddenInput, forms.PasswordInput))
    ]


def _post_data(form, payload: str) -> dict:
    """The form as the browser would send it back, with every free-text field
    holding the payload."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    for name in _text_fields(form):
        limit = form.fields[name].max_length or len(payload)
        data[name] = payload[:limit]
    return data


def _save_everything(client, plan: Plan, payload: str, coordinator, reviewer) -> None:
    client.force_login(coordinator)
    access = PlanAccess(plan, principal_for(coordinator, plan.county_id), plan.outline)
    for part in registry.all():
        item = part.model.objects.filter(plan=plan).order_by("pk").first()
        form = part.form_class(instance=item, plan=plan, access=access)
        url = reverse("part_edit", args=[plan.pk, part.slug, item.pk])
        data = _post_data(form, payload)
        response = client.post(url, data)
        if response.status_code == 200:
            # A field that parses its text (a target like ≥95 or 〔13.5〕) refuses the
            # payload with a message that quotes it, harmlessly; the rest is saved.
            assert harmless(response.content.decode()) == [], part.slug
            refused = set(response.context["form"].errors)
            assert refused <= set(_text_fields(form)), (part.slug, refused)
            for name in refused:
                data[name] = str(form[name].value() or "")
            response = client.post(url, data)
        assert response.status_code == 302, (part.slug, response.context["form"].errors)

    settings_data = {
        **_post_data(DocumentSettingsForm(instance=plan.outline), payload),
        **_post_data(PlanSettingsForm(instance=plan), payload),
        # The approving meeting (text) is stored with its date, never alone.
        "approved_on": "2021-02-26",
    }
    response = client.post(reverse("plan_settings", args=[plan.pk]), settings_data)
    assert response.status_code == 302
    node = (
        plan.outline.nodes.filter(review_state="drafting", level="section").order_by("pk").first()
    )
    outline = NodeOutlineForm(instance=node, document=plan.outline)
    response = client.post(
        reverse("node_outline", args=[plan.outline.pk, node.pk]), _post_data(outline, payload)
    )
    assert response.status_code == 302
    node.refresh_from_db()
    response = client.post(
        reverse("node_edit", args=[plan.outline.pk, node.pk]),
        {"body": f"<p>正文{payload}</p>" + payload, "loaded_version": node.version},
    )
    assert response.status_code == 302
    client.post(reverse("departments", args=[plan.county_id]), {"name": payload[:60]})
    assert Department.objects.filter(county=plan.county, name=payload[:60]).exists()
    client.post(reverse("exemption_add", args=[plan.pk]), {"code": "new_infra", "reason": payload})

    # Opinions: a reviewer writes, the coordinator replies and disposes.
    client.force_login(reviewer)
    client.post(
        reverse("opinion_create", args=[plan.outline.pk, node.pk]),
        {"quote": payload, "text": payload},
    )
    opinion = Opinion.objects.filter(document=plan.outline, parent=None).latest("pk")
    assert opinion.text == payload
    client.force_login(coordinator)
    client.post(reverse("opinion_reply", args=[plan.outline.pk, opinion.pk]), {"text": payload})
    client.post(
        reverse("opinion_dispose", args=[plan.outline.pk, opinion.pk]),
        {"disposition": "not_adopted", "reason": payload},
    )
    opinion.refresh_from_db()
    assert opinion.reason == payload

    # A countersign comment on a submitted node, and a stage version's name.
    review_node = plan.outline.nodes.get(key="task_livelihood")
    lead = review_node.lead_department
    drafter = User.objects.filter(memberships__department=lead).first() or coordinator
    review.node_submit(review_node, actor=drafter)
    client.force_login(reviewer)
    client.post(
        reverse("node_decide", args=[plan.outline.pk, review_node.pk]),
        {"decision": "changes", "comment": payload},
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("stage_move", args=[plan.outline.pk]), {"stage": "approach", "name": payload[:120]}
    )
    assert response.status_code == 302


def _pages(plan: Plan) -> list[str]:
    urls = [
        reverse("dashboard"),
        reverse("plan_overview", args=[plan.pk]),
        reverse("plan_settings", args=[plan.pk]),
        reverse("scorecard", args=[plan.pk]),
        reverse("backcast", args=[plan.pk]),
        reverse("assignment_board", args=[plan.outline.pk]),
        reverse("opinion_list", args=[plan.outline.pk]),
        reverse("version_list", args=[plan.outline.pk]),
        reverse("activity_log", args=[plan.pk]),
        reverse("export_list", args=[plan.outline.pk]),
        reverse("inbox"),
        reverse("departments", args=[plan.county_id]),
        reverse("print_preview", args=[plan.outline.pk]),
    ]
    for node in plan.outline.nodes.all():
        urls.append(reverse("node_edit", args=[plan.outline.pk, node.pk]))
    for node in plan.outline.nodes.filter(review_state="drafting", level="section").order_by("pk")[
        :1
    ]:
        urls.append(reverse("node_history", args=[plan.outline.pk, node.pk]))
    for part in registry.all():
        item = part.model.objects.filter(plan=plan).order_by("pk").first()
        urls += [
            reverse("part_list", args=[plan.pk, part.slug]),
            reverse("part_edit", args=[plan.pk, part.slug, item.pk]),
            reverse("item_history", args=[plan.pk, part.slug, item.pk]),
        ]
    version = plan.outline.versions.latest("pk")
    urls.append(reverse("version_detail", args=[plan.outline.pk, version.pk]))
    return urls


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return f.as_draft(seed_demo())


@pytest.mark.parametrize("payload", CORPUS, ids=range(len(CORPUS)))
def test_hostile_text_in_every_field_comes_back_harmless(client, demo, payload):
    coordinator = User.objects.get(username="planner")
    reviewer = User.objects.get(username="fin")
    _save_everything(client, demo, payload, coordinator, reviewer)
    demo.refresh_from_db()
    assert demo.outline.title == payload[:120]

    client.force_login(coordinator)
    for url in _pages(demo):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert harmless(page) == [], url
        # The text itself is there, as text: the plan's title is on every plan page.
        if "/plans/" in url:
            assert escape(payload[:40]) in page, url

    html = print_html(demo.outline)
    assert harmless(html, {stylesheet_path().as_uri()}) == []

    workbook = load_workbook(
        io.BytesIO(client.get(reverse("opinions_xlsx", args=[demo.outline.pk])).content)
    )
    for row in workbook.active.iter_rows(values_only=True):
        for value in row:
            if isinstance(value, str):
                assert not value.startswith(("=", "+", "-", "@")), value
