"""The county's 规范表述: the planning office keeps the list, the self-check lists
each use in the text with the agreed wording."""

import pytest
from django.urls import reverse

from apps.checks.models import Wording
from apps.checks.scorecard import run_checks
from apps.checks.wording import STARTER
from apps.core.models import ActivityLog
from apps.plans.actions import node_text_save
from apps.plans.models import Plan

pytestmark = pytest.mark.django_db


def _list(plan):
    return reverse("wording_list", args=[plan.pk])


def _write(plan, key, text):
    node = plan.outline.nodes.get(key=key)
    assert node_text_save(node, body=f"<p>{text}</p>", loaded_version=node.version, user=None).saved
    return node


def _wording_findings(plan):
    card = run_checks(Plan.objects.get(pk=plan.pk))
    return next(r for r in card.results if r.check.id == "text-wording").findings


def test_it_adds_an_entry_and_the_check_lists_its_uses(client, plan, coordinator):
    node = _write(plan, "task_reform", "推广PPP模式，规范PPP项目管理。")
    assert _wording_findings(plan) == []
    client.force_login(coordinator)
    response = client.post(
        _list(plan),
        {"discouraged": "PPP", "preferred": "政府和社会资本合作", "reason": "首次出现写全称"},
        follow=True,
    )
    assert "已添加“PPP”" in response.content.decode()
    assert Wording.objects.filter(county=plan.county, discouraged="PPP").exists()
    assert ActivityLog.objects.filter(verb="wording").exists()
    [finding] = _wording_findings(plan)
    assert "2处使用“PPP”" in finding.message
    assert "政府和社会资本合作" in finding.message
    assert finding.node_id == node.pk
    # The chapter's page shows it, with the way to fix it.
    page = client.get(finding.url).content.decode()
    assert "规范表述为“政府和社会资本合作”" in page


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"discouraged": "P", "preferred": "政府和社会资本合作"}, "至少写两个字"),
        ({"discouraged": "GDP", "preferred": "GDP总量"}, "不能包含不宜使用的表述本身"),
        ({"discouraged": "", "preferred": "地区生产总值"}, "这个字段是必填项"),
        ({"discouraged": "X" * 41, "preferred": "地区生产总值"}, "不超过 40 字符"),
    ],
)
def test_bad_input_is_refused_on_the_page_with_what_was_typed(
    client, plan, coordinator, posted, message
):
    client.force_login(coordinator)
    response = client.post(_list(plan), {"reason": "<script>alert(1)</script>", **posted})
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # kept, escaped
    assert "<script>alert(1)" not in body
    assert not Wording.objects.exists()


def test_a_phrase_already_listed_is_refused(client, plan, coordinator):
    Wording.objects.create(county=plan.county, discouraged="GDP", preferred="地区生产总值")
    client.force_login(coordinator)
    response = client.post(_list(plan), {"discouraged": "ＧＤＰ", "preferred": "地区生产总值"})
    assert "词表中已有“GDP”" in response.content.decode()
    assert Wording.objects.count() == 1


def test_it_edits_and_deletes_an_entry(client, plan, coordinator):
    wording = Wording.objects.create(county=plan.county, discouraged="GDP", preferred="国内")
    _write(plan, "task_industry", "GDP稳步增长。")
    client.force_login(coordinator)
    edit = reverse("wording_edit", args=[plan.pk, wording.pk])
    assert "修改“GDP”" in client.get(edit).content.decode()
    client.post(edit, {"discouraged": "GDP", "preferred": "地区生产总值", "reason": ""})
    wording.refresh_from_db()
    assert wording.preferred == "地区生产总值"
    [finding] = _wording_findings(plan)
    assert "地区生产总值" in finding.message
    client.post(reverse("wording_delete", args=[plan.pk, wording.pk]))
    assert not Wording.objects.exists()
    assert _wording_findings(plan) == []


def test_the_starter_list_adds_what_the_county_lacks_once(client, plan, coordinator):
    Wording.objects.create(county=plan.county, discouraged="GDP", preferred="本县口径")
    client.force_login(coordinator)
    page = client.get(_list(plan)).content.decode()
    assert f"添加推荐条目（{len(STARTER) - 1}条）" in page
    response = client.post(reverse("wording_starter", args=[plan.pk]), follow=True)
    assert f"已从推荐词表添加{len(STARTER) - 1}条" in response.content.decode()
    # The county's own wording of an entry is kept.
    assert Wording.objects.get(discouraged="GDP").preferred == "本县口径"
    response = client.post(reverse("wording_starter", args=[plan.pk]), follow=True)
    assert "都已在本县词表中" in response.content.decode()
    assert Wording.objects.count() == len(STARTER)


def test_members_read_the_list_without_the_forms(client, plan, drafter):
    Wording.objects.create(county=plan.county, discouraged="GDP", preferred="地区生产总值")
    client.force_login(drafter)
    page = client.get(_list(plan)).content.decode()
    assert "地区生产总值" in page
    assert "添加一条" not in page
    assert 'name="discouraged"' not in page


def test_another_countys_list_is_not_shown(client, plan, other_plan, outsider):
    Wording.objects.create(county=plan.county, discouraged="GDP", preferred="地区生产总值")
    client.force_login(outsider)
    assert "地区生产总值" not in client.get(_list(other_plan)).content.decode()
    assert client.get(_list(plan)).status_code == 404


def test_a_phrase_is_matched_literally_and_stored_markup_breaks_nothing(client, plan, coordinator):
    """Regex metacharacters in a phrase, and markup or a control character stored
    in a chapter before input was cleaned, are text like any other."""
    Wording.objects.create(county=plan.county, discouraged="(.*)项目", preferred="具体项目")
    node = plan.outline.nodes.get(key="task_reform")
    type(node).objects.filter(pk=node.pk).update(
        body="<p>推进(.*)项目&lt;script&gt;alert(1)&lt;/script&gt;\x1b，其他项目照常。</p>",
        version=node.version + 1,
    )
    [finding] = _wording_findings(plan)
    assert "1处使用“(.*)项目”" in finding.message
    client.force_login(coordinator)
    page = client.get(reverse("scorecard", args=[plan.pk]))
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.content.decode()


def test_the_same_phrase_added_at_the_same_moment_is_refused_not_a_500(
    client, plan, coordinator, monkeypatch
):
    """Both forms pass their duplicate check before either saves: the constraint
    refuses the second, with the form's message."""
    from apps.checks import forms

    client.force_login(coordinator)
    monkeypatch.setattr(forms.WordingForm, "clean_discouraged", lambda self: "GDP")
    Wording.objects.create(county=plan.county, discouraged="GDP", preferred="地区生产总值")
    response = client.post(_list(plan), {"discouraged": "GDP", "preferred": "地区生产总值"})
    assert response.status_code == 200
    assert "词表中已有“GDP”" in response.content.decode()
    assert Wording.objects.count() == 1


def test_a_refused_edit_names_the_entry_as_stored(client, plan, coordinator):
    wording = Wording.objects.create(
        county=plan.county, discouraged="GDP", preferred="地区生产总值"
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("wording_edit", args=[plan.pk, wording.pk]),
        {"discouraged": "G", "preferred": "地区生产总值"},
    )
    body = response.content.decode()
    assert "修改“GDP”" in body
    assert "至少写两个字" in body
    wording.refresh_from_db()
    assert wording.discouraged == "GDP"
