"""Every URL of the project against every persona.

``URLS`` lists each named URL with the access each method needs. The first test
fails when a URL is added without being listed here, so no page escapes the sweep:
another county's coordinator gets 404 for everything of this county, each role gets
exactly what the policy grants it and 403 for the rest, an anonymous visitor is sent
to log in, and unsupported methods get 405.

The personas (tests/conftest.py): ``coordinator`` (发展和改革局, planning office),
``drafter`` (教育局, which leads the nodes under test), ``reviewer`` (财政局, which
countersigns them), ``leader`` (read-only), ``outsider`` (邻县's coordinator).

Above the county (示范县 under 示范市 under 示范省, a 衔接 round open to 示范市):
``city_reviewer`` (示范市's 衔接审核) reaches the round and nothing else of the
county (404), ``other_city_reviewer`` (远方市's) reaches nothing at all, and
``province_reader`` (示范省's) reads everything and changes nothing.
"""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.checks.models import Exemption, Wording
from apps.consultation.models import SuggestionImport
from apps.exports.models import ExportJob
from apps.notifications.models import Notification
from apps.plans.models import OutlineNode, Plan, SheetImport, WordImport
from apps.review import actions
from apps.review.models import DocumentVersion
from tests import factories as f

READ, WRITE, MANAGE = "read", "write", "manage"
COMMENT, SUBMIT, DECIDE, REOPEN = "comment", "submit", "decide", "reopen"
OWN = "own"  # a user's own inbox: not tied to a county
CITY = "city"  # what the city does in an open 衔接 round: comment, confirm matches
OVERSEE = "oversee"  # a city's or province's pages over its counties: 404 to a county
PUBLIC = "public"  # the public's pages of a published consultation: anyone, no login

# Which levels each county persona holds for the nodes under test. Countersigning
# belongs to the reviewing department (财政局), not to the planning office.
GRANTS = {
    "coordinator": {READ, WRITE, MANAGE, COMMENT, SUBMIT, REOPEN},
    "drafter": {READ, WRITE, COMMENT, SUBMIT},
    "reviewer": {READ, COMMENT, DECIDE},
    "leader": {READ},
}


@dataclass(frozen=True)
class Url:
    args: tuple[str, ...]
    methods: dict[str, str]  # HTTP method → level needed


URLS: dict[str, Url] = {
    "dashboard": Url((), {"GET": READ}),
    # Old addresses of the outline's pages: sent on to the document's.
    "moved_to_document": Url(("plan", "moved"), {"GET": READ, "POST": READ}),
    "inbox": Url((), {"GET": OWN}),
    "inbox_read_all": Url((), {"POST": OWN}),
    "password_change": Url((), {"GET": OWN, "POST": OWN}),
    "password_change_done": Url((), {"GET": OWN}),
    "notification_open": Url(("notification",), {"POST": OWN}),
    "departments": Url(("county",), {"GET": READ, "POST": MANAGE}),
    "plan_create": Url(("county",), {"GET": MANAGE, "POST": MANAGE}),
    "plan_overview": Url(("plan",), {"GET": READ}),
    "plan_settings": Url(("plan",), {"GET": MANAGE, "POST": MANAGE}),
    # The evaluation reports: started by the planning office (refused with a
    # message while the outline is not adopted), then pages of a document.
    "report_create": Url(("plan", "report_kind"), {"POST": MANAGE}),
    "document_overview": Url(("report",), {"GET": READ}),
    "document_settings": Url(("report",), {"GET": MANAGE, "POST": MANAGE}),
    "node_add": Url(("document",), {"GET": MANAGE, "POST": MANAGE}),
    "node_edit": Url(("document", "node"), {"GET": READ, "POST": WRITE}),
    "node_outline": Url(("document", "node"), {"GET": MANAGE, "POST": MANAGE}),
    "node_move": Url(("document", "node"), {"POST": MANAGE}),
    "node_delete": Url(("document", "node"), {"GET": MANAGE, "POST": MANAGE}),
    "node_assign": Url(("document", "node"), {"GET": MANAGE, "POST": MANAGE}),
    "node_submit": Url(("document", "node"), {"POST": SUBMIT}),
    "node_decide": Url(("document", "review_node"), {"POST": DECIDE}),
    "node_reopen": Url(("document", "approved_node"), {"POST": REOPEN}),
    "node_history": Url(("document", "node"), {"GET": READ}),
    "revision_restore": Url(("document", "node", "revision"), {"POST": WRITE}),
    "part_list": Url(("plan", "kind"), {"GET": READ}),
    "part_create": Url(("plan", "kind"), {"GET": WRITE, "POST": WRITE}),
    "part_edit": Url(("plan", "kind", "item"), {"GET": READ, "POST": WRITE}),
    "part_delete": Url(("plan", "kind", "item"), {"GET": WRITE, "POST": WRITE}),
    "item_history": Url(("plan", "kind", "item"), {"GET": READ}),
    "backcast": Url(("plan",), {"GET": READ}),
    "indicator_path_preview": Url(("plan",), {"POST": READ}),
    "national_import": Url(("plan",), {"GET": READ, "POST": WRITE}),
    "assignment_board": Url(("document",), {"GET": READ}),
    "stage_move": Url(("document",), {"GET": MANAGE, "POST": MANAGE}),
    "version_list": Url(("document",), {"GET": READ}),
    "version_detail": Url(("document", "version"), {"GET": READ}),
    "version_compare": Url(("document",), {"GET": READ}),
    "adjustment_compare": Url(("document",), {"GET": READ}),
    "opinion_list": Url(("document",), {"GET": READ}),
    "opinions_xlsx": Url(("document",), {"GET": READ}),
    "opinion_create": Url(("document", "node"), {"POST": COMMENT}),
    "opinion_reply": Url(("document", "opinion"), {"POST": COMMENT}),
    "opinion_dispose": Url(("document", "opinion"), {"GET": MANAGE, "POST": MANAGE}),
    "activity_log": Url(("plan",), {"GET": MANAGE}),
    "export_list": Url(("document",), {"GET": READ}),
    "export_create": Url(("document",), {"POST": READ}),
    "export_detail": Url(("document", "job"), {"GET": READ}),
    "export_download": Url(("document", "job"), {"GET": READ}),
    "print_preview": Url(("document",), {"GET": MANAGE}),
    "word_import": Url(("document",), {"GET": MANAGE, "POST": MANAGE}),
    "word_import_preview": Url(("document", "word_import"), {"GET": MANAGE, "POST": MANAGE}),
    "node_word_import": Url(("document", "node"), {"GET": WRITE, "POST": WRITE}),
    "node_word_import_preview": Url(
        ("document", "node", "node_import"), {"GET": WRITE, "POST": WRITE}
    ),
    # Spreadsheets: anyone who reads the plan may download its tables and check a
    # sheet against it; each row of a confirmation is decided by the policy
    # (tests/exports/test_sheet_import.py). An import is its uploader's own.
    "sheet_template": Url(("document", "kind"), {"GET": READ}),
    "sheet_import": Url(("document", "kind"), {"GET": READ, "POST": READ}),
    "sheet_import_preview": Url(("document", "kind", "sheet_import"), {"GET": READ, "POST": READ}),
    "sheet_import_errors": Url(("document", "kind", "sheet_import"), {"GET": READ}),
    "scorecard": Url(("plan",), {"GET": READ}),
    "exemption_add": Url(("plan",), {"POST": MANAGE}),
    "exemption_remove": Url(("plan", "exemption"), {"POST": MANAGE}),
    # The county's 规范表述: read by its members, kept by the planning office.
    "wording_list": Url(("plan",), {"GET": READ, "POST": MANAGE}),
    "wording_starter": Url(("plan",), {"POST": MANAGE}),
    "wording_edit": Url(("plan", "wording"), {"GET": MANAGE, "POST": MANAGE}),
    "wording_delete": Url(("plan", "wording"), {"POST": MANAGE}),
    # Yearly monitoring: whoever reads the plan reads its monitoring; which rows a
    # user may fill in is decided row by row (tests/monitoring/test_entry.py), so
    # posting to the entry page needs only to read; reviewing, opening, locking
    # and reopening a year are the planning office's.
    "monitoring_dashboard": Url(("plan",), {"GET": READ}),
    "monitoring_open": Url(("plan",), {"POST": MANAGE}),
    "monitoring_settings": Url(("plan",), {"POST": MANAGE}),
    "monitoring_year": Url(("plan", "year"), {"GET": READ}),
    "monitoring_entry": Url(("plan", "year"), {"GET": READ, "POST": READ}),
    "monitoring_row_review": Url(("plan", "year", "kind", "row"), {"POST": MANAGE}),
    "monitoring_lock": Url(("plan", "year"), {"POST": MANAGE}),
    "monitoring_reopen": Url(("plan", "year"), {"POST": MANAGE}),
    "monitoring_remind": Url(("plan", "year"), {"POST": MANAGE}),
    "monitoring_template": Url(("plan", "year", "kind"), {"GET": READ}),
    "monitoring_import": Url(("plan", "year", "kind"), {"GET": READ, "POST": READ}),
    "monitoring_import_preview": Url(
        ("plan", "year", "kind", "monitoring_import"), {"GET": READ, "POST": READ}
    ),
    # 衔接: the county runs its rounds; the city reads the round it was given,
    # comments and confirms project matches while it is open; the package is for
    # whoever reads the round.
    "linkage_document": Url(("document",), {"GET": READ}),
    "linkage_open": Url(("document",), {"POST": MANAGE}),
    "linkage_detail": Url(("linkage",), {"GET": READ}),
    "linkage_read": Url(("linkage",), {"GET": READ, "POST": CITY}),
    "linkage_share": Url(("linkage",), {"POST": MANAGE}),
    "linkage_close": Url(("linkage",), {"POST": MANAGE}),
    "project_match": Url(("linkage", "linkage_row"), {"POST": CITY}),
    "linkage_package": Url(("linkage",), {"POST": READ}),
    "linkage_package_job": Url(("linkage", "package_job"), {"GET": READ}),
    "linkage_package_download": Url(("linkage", "package_job"), {"GET": READ}),
    "division_linkage": Url(("division",), {"GET": OVERSEE}),
    "division_indicators": Url(("division",), {"GET": OVERSEE}),
    "division_projects": Url(("division",), {"GET": OVERSEE}),
    "allocation_edit": Url(("plan", "additive"), {"GET": READ, "POST": MANAGE}),
    # 问计于民: the planning office publishes a frozen version; anyone reads it.
    "consultation_list": Url(("document",), {"GET": READ}),
    "consultation_create": Url(("document",), {"GET": MANAGE, "POST": MANAGE}),
    "public_county": Url(("county_code",), {"GET": PUBLIC}),
    "public_consultation": Url(("consultation",), {"GET": PUBLIC}),
    "public_chapter": Url(("consultation", "public_node"), {"GET": PUBLIC}),
    "public_suggest": Url(("consultation",), {"GET": PUBLIC, "POST": PUBLIC}),
    "public_thanks": Url(("consultation",), {"GET": PUBLIC}),
    # What came in: read by the plan's people, contacts and moderation the office's.
    "suggestion_list": Url(("document", "consultation"), {"GET": READ}),
    "suggestion_hide": Url(("document", "consultation", "suggestion"), {"POST": MANAGE}),
    # Answering is the planning office's, or the assigned department's (the
    # suggestion under test has none).
    "suggestion_detail": Url(
        ("document", "consultation", "suggestion"), {"GET": READ, "POST": MANAGE}
    ),
    "suggestion_unmerge": Url(("document", "consultation", "suggestion"), {"POST": MANAGE}),
    "suggestion_bulk": Url(("document", "consultation"), {"POST": MANAGE}),
    "suggestion_create": Url(("document", "consultation"), {"GET": MANAGE, "POST": MANAGE}),
    "suggestion_import": Url(("document", "consultation"), {"GET": MANAGE, "POST": MANAGE}),
    "suggestion_import_preview": Url(
        ("document", "consultation", "suggestion_import"), {"GET": MANAGE, "POST": MANAGE}
    ),
    "consultation_statistics": Url(("document", "consultation"), {"GET": READ}),
    "consultation_feedback": Url(("document", "consultation"), {"GET": READ, "POST": MANAGE}),
    "public_feedback": Url(("ended_consultation",), {"GET": PUBLIC}),
    "public_feedback_pdf": Url(("ended_consultation",), {"GET": PUBLIC}),
    # Search: a plan's, by whoever reads it; across plans, over the plans the
    # policy lets the user read (none of another county's).
    "plan_search": Url(("plan",), {"GET": READ}),
    "search": Url((), {"GET": READ}),
}

# The round and what hangs from it: the only URLs of the county the city reaches.
ROUND_URLS = {name for name, spec in URLS.items() if "linkage" in spec.args} | {"linkage_document"}

# Query strings some pages need to show something (two versions to compare).
QUERY = {"version_compare": "?a={version}&b={version}", "plan_search": "?q=托育&v={version}"}

# Framework pages that are not ours to guard this way.
EXEMPT = {"login", "logout"}


def _names(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name


def test_every_url_is_in_the_permission_table():
    names = set(_names(get_resolver().url_patterns)) - EXEMPT
    missing = names - set(URLS)
    assert not missing, f"add these URLs to tests/test_permissions.py: {sorted(missing)}"
    assert not set(URLS) - names, "the table lists URLs that no longer exist"


@pytest.fixture
def targets(plan, settings, tmp_path, coordinator, drafter, reviewer, edu_department, city):
    """Objects in every state the URLs need, led by the drafter's department and
    countersigned by the reviewer's."""
    settings.MEDIA_ROOT = str(tmp_path)
    fin = reviewer.memberships.get().department

    def led(key):
        node = plan.outline.nodes.get(key=key)
        node.lead_department = edu_department
        node.save()
        node.reviewing_departments.set([fin])
        return node

    node = led("environment")
    review_node = led("achievements")
    actions.node_submit(review_node, actor=drafter)
    approved_node = led("mission")
    actions.node_submit(approved_node, actor=drafter)
    actions.countersign_decide(
        approved_node, actor=reviewer, department=fin, approve=True, comment=""
    )
    from apps.plans.actions import document_create, node_text_save

    node_text_save(node, body="<p>第一稿。</p>", loaded_version=1, user=drafter)
    indicator = f.IndicatorFactory(plan=plan, node=node)
    opinion = actions.opinion_add(node, actor=reviewer, department=fin, text="请补充数据来源。")
    version = DocumentVersion.objects.create(
        document=plan.outline,
        stage=plan.outline.stage,
        name="初稿",
        snapshot={"nodes": [], "parts": {}},
    )
    job = ExportJob.objects.create(
        document=plan.outline, fingerprint="x", stage=plan.outline.stage, status="succeeded"
    )
    job.file.save("plan.pdf", ContentFile(b"%PDF-1.7 test"))
    exemption = Exemption.objects.create(plan=plan, code="new_infra", reason="本县不涉及")
    wording = Wording.objects.create(
        county=plan.county, discouraged="GDP", preferred="地区生产总值"
    )
    read = {"headings": [], "preamble": [], "unplaced": [], "by_styles": True}
    whole = WordImport.objects.create(document=plan.outline, filename="纲要.docx", result=read)
    from datetime import date

    from apps.consultation.actions import consultation_publish
    from apps.linkage.actions import linkage_open
    from apps.monitoring.actions import year_open

    period = year_open(plan, year=2021, due_date=date(2022, 3, 31), actor=coordinator)
    one = WordImport.objects.create(
        document=plan.outline,
        node=node,
        filename="本节.docx",
        result={**read, "node_body": "<p>第二稿。</p>", "version": 2, "left_out": []},
    )
    report = document_create(plan, kind="midterm", template_key="midterm", created_by=coordinator)
    additive = f.IndicatorFactory(plan=plan, name="耕地保有量", additive=True)
    f.MajorProjectFactory(plan=plan, name="智能农机装备产业园")
    linkage = linkage_open(plan.outline, actor=coordinator)
    package = ExportJob.objects.create(
        document=plan.outline,
        exporter="linkage_package",
        options={"linkage": linkage.pk},
        fingerprint="y",
        stage=plan.outline.stage,
        status="succeeded",
    )
    package.file.save("package.pdf", ContentFile(b"%PDF-1.7 test"))
    consultation = consultation_publish(
        plan.outline,
        actor=coordinator,
        version=linkage.version,  # a real snapshot, with the node under test
        topics=[],
        title="公开征求意见",
        explanation="说明",
        starts_on=date(2021, 1, 1),
        ends_on=date(2099, 12, 31),  # open: its form answers too
    )
    suggestion = consultation.suggestions.create(text="建议", fingerprint="f")
    return {
        **_ended_consultation(plan.outline, linkage.version, coordinator),
        "suggestion_import": SuggestionImport.objects.create(
            consultation=consultation, filename="问卷.csv", size=1, result={"rows": []}
        ).pk,
        "consultation": consultation.pk,
        "suggestion": suggestion.pk,
        "county_code": plan.county.code,
        "public_node": node.pk,
        "linkage": linkage.pk,
        "linkage_row": linkage.projects.get().pk,
        "package_job": package.pk,
        "division": city.pk,
        "additive": additive.pk,
        "report": report.pk,
        "report_kind": "midterm",
        "sheet_import": _sheet_import(plan, coordinator).pk,
        "county": plan.county_id,
        "plan": plan.pk,
        "document": plan.outline.pk,
        "node": node.pk,
        "review_node": review_node.pk,
        "approved_node": approved_node.pk,
        "revision": node.revisions.get().pk,
        "kind": "indicators",
        "item": indicator.pk,
        "opinion": opinion.pk,
        "version": version.pk,
        "job": job.pk,
        "exemption": exemption.pk,
        "wording": wording.pk,
        "word_import": whole.pk,
        "node_import": one.pk,
        "moved": "versions/",
        "year": period.year,
        "row": indicator.yearly_values.get().pk,
        "monitoring_import": _sheet_import(plan, coordinator, "monitoring-2021-indicators").pk,
    }


def _sheet_import(plan, user, part="indicators"):
    return SheetImport.objects.create(
        document=plan.outline,
        part=part,
        filename="指标.xlsx",
        uploaded_by=user,
        status=SheetImport.Status.PENDING,
        reading={"rows": [], "skipped": []},
    )


def _url(name, targets):
    spec = URLS[name]
    url = reverse(name, args=[targets[a] for a in spec.args])
    return url + QUERY.get(name, "").format(**targets)


def _cases(levels=None, scoped_only=False):
    return [
        pytest.param(name, method, id=f"{name}-{method}")
        for name, spec in URLS.items()
        for method, needed in spec.methods.items()
        if (levels is None or needed in levels)
        and (not scoped_only or (spec.args and needed not in {OWN, PUBLIC}))
    ]


@pytest.mark.parametrize(("name", "method"), _cases(scoped_only=True))
def test_another_countys_coordinator_gets_404(client, targets, outsider, name, method):
    client.force_login(outsider)
    response = client.generic(method, _url(name, targets))
    assert response.status_code == 404


def _ended_consultation(document, version, coordinator) -> dict:
    """A consultation over, its feedback notice published with its PDF made."""
    from datetime import date

    from django.utils import timezone

    from apps.consultation.actions import consultation_publish
    from apps.consultation.exporters import FEEDBACK_PDF, notice_fingerprint
    from apps.consultation.feedback import notice_data

    ended = consultation_publish(
        document,
        actor=coordinator,
        version=version,
        topics=[],
        title="已结束的征求意见",
        explanation="说明",
        starts_on=date(2021, 1, 1),
        ends_on=date(2021, 2, 1),
    )
    ended.feedback = {**notice_data(ended), "published_on": "2021-03-01"}
    ended.feedback_published_at = timezone.now()
    ended.feedback_fingerprint = notice_fingerprint(ended.feedback)
    ended.save()
    job = ExportJob.objects.create(
        document=document,
        exporter=FEEDBACK_PDF,
        options={"consultation": ended.pk},
        fingerprint=notice_fingerprint(ended.feedback),
        stage=document.stage,
        status="succeeded",
    )
    job.file.save("feedback.pdf", ContentFile(b"%PDF-1.7 test"))
    return {"ended_consultation": ended.pk}


OBJECT_ARGS = {
    "node",
    "review_node",
    "approved_node",
    "revision",
    "item",
    "opinion",
    "version",
    "job",
    "exemption",
    "wording",
    "sheet_import",
    "row",
    "monitoring_import",
    "additive",
    "consultation",
    "suggestion",
    "suggestion_import",
}
NESTED = [p for p in _cases(scoped_only=True) if OBJECT_ARGS & set(URLS[p.values[0]].args)]


@pytest.mark.parametrize(("name", "method"), NESTED)
def test_ids_of_another_plan_are_404_under_your_own_plan(
    client, targets, other_plan, outsider, name, method
):
    """The outsider uses their own plan's id with this county's object ids."""
    client.force_login(outsider)
    mixed = {
        **targets,
        "plan": other_plan.pk,
        "document": other_plan.outline.pk,
        "county": other_plan.county_id,
    }
    response = client.generic(method, _url(name, mixed))
    assert response.status_code == 404


def _persona_cases():
    return [
        pytest.param(persona, name, method, id=f"{persona}-{name}-{method}")
        for persona in GRANTS
        for name, spec in URLS.items()
        for method, needed in spec.methods.items()
        if needed != OWN
    ]


@pytest.mark.parametrize(("persona", "name", "method"), _persona_cases())
def test_each_role_gets_exactly_what_the_policy_grants(
    request, client, targets, persona, name, method
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    needed = URLS[name].methods[method]
    if "sheet_import" in URLS[name].args:
        # An import is seen by the person who uploaded it.
        targets = {
            **targets,
            "sheet_import": _sheet_import(Plan.objects.get(pk=targets["plan"]), user).pk,
        }
    if "monitoring_import" in URLS[name].args:
        plan = Plan.objects.get(pk=targets["plan"])
        mine = _sheet_import(plan, user, "monitoring-2021-indicators")
        targets = {**targets, "monitoring_import": mine.pk}
    response = client.generic(method, _url(name, targets))
    if needed == PUBLIC:
        assert response.status_code == 200
    elif needed == OVERSEE:
        # A county's people have no city or province pages.
        assert response.status_code == 404
    elif needed in GRANTS[persona]:
        # 307: an old address sends a POST on to the new one, method and body kept.
        assert response.status_code in (200, 302, 307), response.status_code
    else:
        assert response.status_code == 403


# Above the county ------------------------------------------------------------------

# What each persona above the county holds: the city its round's reading and its own
# pages, the province every reading and every page below it.
ABOVE = {
    "city_reviewer": {READ, CITY, OVERSEE},
    "province_reader": {READ, OVERSEE},
}


def _above_cases():
    return [
        pytest.param(persona, name, method, id=f"{persona}-{name}-{method}")
        for persona in (*ABOVE, "other_city_reviewer")
        for name, spec in URLS.items()
        for method, needed in spec.methods.items()
        if needed != OWN and spec.args
    ]


@pytest.mark.parametrize(("persona", "name", "method"), _above_cases())
def test_people_above_the_county_get_what_the_policy_grants(
    request, client, targets, persona, name, method
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    needed = URLS[name].methods[method]
    for arg, kind in (("sheet_import", "indicators"), ("monitoring_import", None)):
        if arg in URLS[name].args:
            plan = Plan.objects.get(pk=targets["plan"])
            part = "monitoring-2021-indicators" if kind is None else kind
            targets = {**targets, arg: _sheet_import(plan, user, part).pk}
    response = client.generic(method, _url(name, targets))
    granted = ABOVE.get(persona, set())
    if needed == PUBLIC:
        assert response.status_code == 200
    elif persona == "city_reviewer" and name not in ROUND_URLS and needed != OVERSEE:
        # Nothing of the county but its round: not even that it exists.
        assert response.status_code == 404
    elif not granted:
        assert response.status_code == 404
    elif needed in granted:
        assert response.status_code in (200, 302, 307), response.status_code
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("name", "method"),
    _cases(levels={READ, WRITE, MANAGE, COMMENT, SUBMIT, DECIDE, REOPEN, OWN, CITY, OVERSEE}),
)
def test_anonymous_visitors_are_sent_to_log_in(client, targets, name, method):
    targets = {**targets, "notification": 1}
    response = client.generic(method, _url(name, targets))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", list(URLS))
def test_unsupported_methods_are_refused(client, targets, coordinator, name):
    client.force_login(coordinator)
    targets = {**targets, "notification": 1}
    for method in {"GET", "POST", "PUT", "DELETE"} - set(URLS[name].methods):
        response = client.generic(method, _url(name, targets))
        assert response.status_code == 405, (name, method)


def test_a_drafter_cannot_edit_a_part_led_by_another_department(client, plan, drafter):
    other = f.DepartmentFactory(county=plan.county, name="农业农村局")
    node = plan.outline.nodes.get(key="task_rural")
    node.lead_department = other
    node.save()
    item = f.KeyTaskFactory(plan=plan, node=node)
    client.force_login(drafter)
    assert (
        client.post(
            reverse("node_edit", args=[plan.outline.pk, node.pk]),
            {"body": "x", "loaded_version": 1},
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("part_edit", args=[plan.pk, "key-tasks", item.pk]), {}).status_code
        == 403
    )
    page = client.get(reverse("node_edit", args=[plan.outline.pk, node.pk])).content.decode()
    assert 'name="body"' not in page


def test_an_approved_node_is_read_only_until_reopened(client, targets, coordinator, drafter, plan):
    node = plan.outline.nodes.get(pk=targets["approved_node"])
    client.force_login(drafter)
    url = reverse("node_edit", args=[plan.outline.pk, node.pk])
    # Refused, with the drafter's text shown back rather than thrown away.
    refused = client.post(url, {"body": "改动", "loaded_version": node.version})
    assert refused.status_code == 409 and "改动" in refused.content.decode()
    node.refresh_from_db()
    assert "改动" not in node.body
    client.force_login(coordinator)
    client.post(reverse("node_reopen", args=[plan.outline.pk, node.pk]))
    client.force_login(drafter)
    assert client.post(url, {"body": "改动", "loaded_version": node.version}).status_code == 302


def test_an_import_is_seen_only_by_its_uploader(client, targets, coordinator, drafter):
    client.force_login(drafter)
    for name in ("sheet_import_preview", "sheet_import_errors"):
        assert client.get(_url(name, targets)).status_code == 404
    client.force_login(coordinator)
    for name in ("sheet_import_preview", "sheet_import_errors"):
        assert client.get(_url(name, targets)).status_code == 200


def test_own_inbox_only(client, coordinator, drafter):
    note = Notification.objects.create(recipient=drafter, kind="opinion", title="给起草人的消息")
    client.force_login(coordinator)
    assert client.post(reverse("notification_open", args=[note.pk])).status_code == 404
    assert "给起草人的消息" not in client.get(reverse("inbox")).content.decode()
    client.force_login(drafter)
    assert "给起草人的消息" in client.get(reverse("inbox")).content.decode()
    client.post(reverse("notification_open", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is not None


def test_the_dashboard_lists_only_your_countys_plans(client, plan, other_plan, outsider):
    client.force_login(outsider)
    page = client.get(reverse("dashboard")).content.decode()
    assert other_plan.outline.title in page
    assert plan.outline.title not in page


def test_denied_access_is_in_the_activity_log(client, targets, outsider, leader):
    from apps.core.models import ActivityLog

    client.force_login(outsider)
    client.get(reverse("plan_overview", args=[targets["plan"]]))
    client.force_login(leader)
    client.post(reverse("node_edit", args=[targets["document"], targets["node"]]), {"body": "x"})
    denied = ActivityLog.objects.filter(verb="denied")
    assert {entry.actor for entry in denied} == {outsider, leader}
    assert all(entry.plan_id == targets["plan"] for entry in denied)


def test_field_level_a_drafter_cannot_set_lead_status_county_or_stage(
    client, plan, drafter, department
):
    task = f.KeyTaskFactory(plan=plan, lead_department=None)
    node = plan.outline.nodes.get(key="environment")
    client.force_login(drafter)
    client.post(
        reverse("part_edit", args=[plan.pk, "key-tasks", task.pk]),
        {
            "area": "industry",
            "title": "改过的任务",
            "horizon": "within_period",
            "node": task.node_id,
            "loaded_version": 1,
            "lead_department": department.pk,
            "plan": 999,
            "county": 999,
            "review_state": "approved",
            "stage": "adopted",
        },
    )
    task.refresh_from_db()
    assert task.title == "改过的任务"
    assert task.lead_department is None and task.plan_id == plan.pk
    client.post(
        reverse("node_edit", args=[plan.outline.pk, node.pk]),
        {
            "body": "正文",
            "loaded_version": 1,
            "review_state": "approved",
            "lead_department": department.pk,
            "stage": "adopted",
        },
    )
    node.refresh_from_db()
    plan.refresh_from_db()
    assert node.review_state == OutlineNode.ReviewState.DRAFTING
    assert node.lead_department is None and plan.outline.stage == "research"
    assert node.body == "<p>正文</p>"
