"""Every URL of the project against every persona.

``URLS`` lists each named URL with the access it needs for each method. The first
test fails when a URL is added without being listed here, so no page escapes these
checks: another county's coordinator gets 404 for everything of this county, a
read-only leader gets 403 for every write, an anonymous visitor is sent to log in.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories as f

READ, WRITE, MANAGE = "read", "write", "manage"


@dataclass(frozen=True)
class Url:
    args: tuple[str, ...]
    methods: dict[str, str]  # HTTP method → access level needed


URLS: dict[str, Url] = {
    "dashboard": Url((), {"GET": READ}),
    "departments": Url(("county",), {"GET": READ, "POST": MANAGE}),
    "plan_create": Url(("county",), {"GET": MANAGE, "POST": MANAGE}),
    "plan_overview": Url(("plan",), {"GET": READ}),
    "plan_settings": Url(("plan",), {"GET": MANAGE, "POST": MANAGE}),
    "node_add": Url(("plan",), {"GET": MANAGE, "POST": MANAGE}),
    "node_edit": Url(("plan", "node"), {"GET": READ, "POST": WRITE}),
    "node_outline": Url(("plan", "node"), {"GET": MANAGE, "POST": MANAGE}),
    "node_move": Url(("plan", "node"), {"POST": MANAGE}),
    "node_delete": Url(("plan", "node"), {"GET": MANAGE, "POST": MANAGE}),
    "part_list": Url(("plan", "kind"), {"GET": READ}),
    "part_create": Url(("plan", "kind"), {"GET": WRITE, "POST": WRITE}),
    "part_edit": Url(("plan", "kind", "item"), {"GET": READ, "POST": WRITE}),
    "part_delete": Url(("plan", "kind", "item"), {"GET": WRITE, "POST": WRITE}),
    "backcast": Url(("plan",), {"GET": READ}),
    "indicator_path_preview": Url(("plan",), {"POST": READ}),
    "national_import": Url(("plan",), {"GET": READ, "POST": WRITE}),
    "export_list": Url(("plan",), {"GET": READ}),
    "export_create": Url(("plan",), {"POST": READ}),
    "export_detail": Url(("plan", "job"), {"GET": READ}),
    "export_download": Url(("plan", "job"), {"GET": READ}),
    "print_preview": Url(("plan",), {"GET": MANAGE}),
}

# Framework pages that are not ours to guard this way.
EXEMPT = {"login", "logout"}


def _names(patterns, prefix=""):
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
def targets(plan, settings, tmp_path):
    from django.core.files.base import ContentFile

    from apps.exports.models import ExportJob

    settings.MEDIA_ROOT = str(tmp_path)
    indicator = f.IndicatorFactory(plan=plan)
    job = ExportJob.objects.create(plan=plan, fingerprint="x", stage=plan.stage, status="succeeded")
    job.file.save("plan.pdf", ContentFile(b"%PDF-1.7 test"))
    return {
        "job": job.pk,
        "county": plan.county_id,
        "plan": plan.pk,
        "node": plan.nodes.get(key="environment").pk,
        "kind": "indicators",
        "item": indicator.pk,
    }


def _url(name, spec, targets):
    return reverse(name, args=[targets[a] for a in spec.args])


def _cases(level=None, scoped_only=False):
    return [
        pytest.param(name, method, id=f"{name}-{method}")
        for name, spec in URLS.items()
        for method, needed in spec.methods.items()
        if (level is None or needed in level) and (spec.args or not scoped_only)
    ]


@pytest.mark.parametrize(("name", "method"), _cases(scoped_only=True))
def test_another_countys_coordinator_gets_404(client, targets, outsider, name, method):
    client.force_login(outsider)
    response = client.generic(method, _url(name, URLS[name], targets))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method"), _cases({WRITE, MANAGE}))
def test_the_read_only_leader_gets_403_for_writes(client, targets, leader, name, method):
    client.force_login(leader)
    response = client.generic(method, _url(name, URLS[name], targets))
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "method"), _cases({MANAGE}))
def test_a_drafter_cannot_change_the_structure(client, targets, drafter, name, method):
    client.force_login(drafter)
    response = client.generic(method, _url(name, URLS[name], targets))
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "method"), _cases({READ}))
def test_the_leader_can_read(client, targets, leader, name, method):
    client.force_login(leader)
    response = client.generic(method, _url(name, URLS[name], targets))
    # Asking for a PDF (a read-level POST) answers with a redirect to the job.
    assert response.status_code == (302 if name == "export_create" else 200)


@pytest.mark.parametrize(("name", "method"), _cases())
def test_anonymous_visitors_are_sent_to_log_in(client, targets, name, method):
    url = _url(name, URLS[name], targets)
    response = client.generic(method, url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


NESTED = [p for p in _cases() if {"node", "item", "job"} & set(URLS[p.values[0]].args)]


@pytest.mark.parametrize(("name", "method"), NESTED)
def test_ids_of_another_plan_are_404_under_your_own_plan(
    client, targets, other_plan, outsider, name, method
):
    """The outsider uses their own plan's id with this county's node or item ids."""
    client.force_login(outsider)
    mixed = {**targets, "plan": other_plan.pk, "county": other_plan.county_id}
    response = client.generic(method, _url(name, URLS[name], mixed))
    assert response.status_code == 404


@pytest.mark.parametrize("name", list(URLS))
def test_unsupported_methods_are_refused(client, targets, coordinator, name):
    client.force_login(coordinator)
    spec = URLS[name]
    for method in {"GET", "POST", "PUT", "DELETE"} - set(spec.methods):
        response = client.generic(method, _url(name, spec, targets))
        assert response.status_code == 405, (name, method)


def test_the_dashboard_lists_only_your_countys_plans(client, plan, other_plan, outsider):
    client.force_login(outsider)
    page = client.get(reverse("dashboard")).content.decode()
    assert other_plan.title in page
    assert plan.title not in page
