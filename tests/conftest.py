"""Shared fixtures: two counties and the fixed personas of every view test.

示范县-like ``county`` has a coordinator, a drafter, a reviewer and a leader; the
``outsider`` is the coordinator of another county and must never see the plan.
"""

import pytest

from apps.accounts.models import County, Role
from tests import factories as f

pytest_plugins = ["tests.plugins.browser", "tests.plugins.storage", "tests.plugins.worker"]


# What the SQLite pass of `make test` runs again: the embedded mode's own set-up,
# the demo it seeds, every URL once, and what depends on the database engine
# (stored numbers, JSON lookups in the log, transactions and form tokens, the
# session table). Everything else is engine-neutral and runs once, on PostgreSQL.
EMBEDDED_MODULES = (
    "tests/embedded/",
    "tests/test_deployment.py",
    # Every URL once, through the persona who may use them all; the other
    # personas' answers come from the same policy and engine-neutral code.
    "tests/test_permissions.py::test_every_url_is_in_the_permission_table",
    "tests/test_permissions.py::test_each_role_gets_exactly_what_the_policy_grants[coordinator-",
    "tests/demo/",
    "tests/security/test_stored_values.py",
    "tests/review/test_activity_log.py",
    "tests/review/test_session_expiry.py",
    "tests/core/test_submissions.py",
    "tests/exports/test_jobs.py",
    "tests/migrations/",
    # Search runs on FTS5 in the embedded mode, on a GIN-indexed tsvector otherwise.
    "tests/search/",
    # The public's throttle counts in a database table when there is no Redis.
    "tests/consultation/test_suggest.py::test_a_flood_from_one_address_is_throttled",
    # A questionnaire's repeats are merged into rows created in the same bulk insert.
    "tests/consultation/test_import.py::test_a_gbk_csv_is_previewed_then_imported_once",
    # The text checks' stamp is one raw query over the nodes and the glossary.
    "tests/checks/test_cache.py::test_saving_chapter_text_is_seen_at_once",
)

# What the storage pass of `make test` runs again with the export files on S3
# (tests/plugins/storage.py): every test that writes, reads, downloads or prunes
# an export file, the worker's PDF and Word files included, and none that only
# lays out or parses in memory.
STORAGE_MODULES = (
    "tests/exports/test_storage.py",
    "tests/exports/test_jobs.py",
    "tests/exports/test_views.py",
    "tests/exports/test_exporters.py",
    "tests/exports/test_scorecard_option.py",
    "tests/exports/test_pdf.py",
    "tests/exports/test_docx_demo.py",
    "tests/exports/test_docx.py::test_the_word_export_is_a_job_with_a_cached_file",
    "tests/exports/test_docx.py::test_a_frozen_version_exports_as_it_was_frozen",
    "tests/exports/test_report_export.py::test_the_report_pdf_renders_through_the_worker",
    "tests/exports/test_sheet_import.py::test_the_export_of_all_rows_goes_through_the_exporter",
    "tests/exports/test_sheet_import.py::test_export_edit_import_changes_exactly_what_was_edited",
    "tests/review/test_opinions.py::test_the_opinions_pdf_is_the_summary_table",
    "tests/review/test_opinions.py::test_the_workbook_is_an_attachment_with_a_chinese_name",
    "tests/linkage/test_package.py::test_the_city_downloads_the_package_made_by_the_worker",
    "tests/consultation/test_answers.py::test_the_published_notice_and_its_pdf_never_show_a_contact",
)


def pytest_collection_modifyitems(items):
    """Mark what needs Chromium or the real services (they run in the PostgreSQL
    pass only), what the SQLite pass proves about the embedded mode, and what the
    storage pass runs again on S3."""
    for item in items:
        if "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
        if "worker" in item.fixturenames:
            item.add_marker(pytest.mark.services)
        if item.nodeid.startswith(EMBEDDED_MODULES):
            item.add_marker(pytest.mark.embedded)
        if item.nodeid.startswith(STORAGE_MODULES):
            item.add_marker(pytest.mark.storage)


@pytest.fixture
def county(db):
    return f.CountyFactory(name="示范县", code="330999")


@pytest.fixture
def other_county(db):
    return f.CountyFactory(name="邻县", code="330998")


@pytest.fixture
def department(county):
    return f.DepartmentFactory(county=county, name="发展和改革局")


@pytest.fixture
def edu_department(county):
    return f.DepartmentFactory(county=county, name="教育局")


def _member(county, role, department=None, username=None):
    user = f.UserFactory(username=username) if username else f.UserFactory()
    f.MembershipFactory(user=user, county=county, department=department, role=role)
    return user


@pytest.fixture
def coordinator(county, department):
    return _member(county, Role.COORDINATOR, department, "planner")


@pytest.fixture
def drafter(county, edu_department):
    return _member(county, Role.DRAFTER, edu_department, "edu")


@pytest.fixture
def reviewer(county):
    return _member(county, Role.REVIEWER, f.DepartmentFactory(county=county, name="财政局"), "fin")


@pytest.fixture
def leader(county):
    return _member(county, Role.LEADER, None, "leader")


@pytest.fixture
def outsider(other_county):
    dept = f.DepartmentFactory(county=other_county, name="发展和改革局")
    return _member(other_county, Role.COORDINATOR, dept, "neighbor")


# Above the county: a province, its city (示范县's parent) and another city, each
# with its 衔接审核 (tests/linkage/).


@pytest.fixture
def province(db):
    return f.CountyFactory(name="示范省", code="880000", level=County.Level.PROVINCE)


@pytest.fixture
def city(county, province):
    city = f.CountyFactory(
        name="示范市", code="880100", level=County.Level.PREFECTURE_CITY, parent=province
    )
    County.objects.filter(pk=county.pk).update(parent=city)
    county.parent = city
    return city


@pytest.fixture
def other_city(province):
    return f.CountyFactory(
        name="远方市", code="880200", level=County.Level.PREFECTURE_CITY, parent=province
    )


@pytest.fixture
def city_reviewer(city):
    drc = f.DepartmentFactory(county=city, name="发展和改革委员会")
    return _member(city, Role.LINKAGE, drc, "city")


@pytest.fixture
def other_city_reviewer(other_city):
    return _member(other_city, Role.LINKAGE, None, "othercity")


@pytest.fixture
def province_reader(province):
    return _member(province, Role.LINKAGE, None, "province")


@pytest.fixture
def plan(county, coordinator):
    return f.make_plan(county, coordinator)


@pytest.fixture
def other_plan(other_county, outsider):
    return f.make_plan(other_county, outsider)


@pytest.fixture
def as_user(client):
    """Log the test client in as the given user and return it."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Cached scorecards are keyed by content; a test starts with none anyway. The
    throttle's counts (a table in the database) are cleared for tests that use it."""
    from django.core.cache import cache, caches

    cache.clear()
    for database in ("transactional_db", "db"):
        if database in request.fixturenames:
            request.getfixturevalue(database)
            caches["throttle"].clear()
            break
    yield
