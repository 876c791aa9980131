"""Who above a county sees what of it: nothing before the county opens a 衔接
round, the frozen version it gave afterwards, the live draft only when shared, and
nothing at all for another city; a province's 衔接审核 reads everything below it."""

import pytest
from django.urls import reverse

from apps.linkage import actions
from apps.plans.policy import Action, can, principal_for


def _get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def test_before_a_round_the_city_sees_nothing_of_the_county(client, plan, city_reviewer):
    for name, arg in [
        ("plan_overview", plan.pk),
        ("linkage_document", plan.outline.pk),
        ("version_list", plan.outline.pk),
        ("opinion_list", plan.outline.pk),
    ]:
        assert _get(client, city_reviewer, name, arg).status_code == 404, name


def test_a_round_gives_the_city_its_version_and_not_the_draft(client, linkage, plan, city_reviewer):
    assert _get(client, city_reviewer, "linkage_detail", linkage.pk).status_code == 200
    page = _get(client, city_reviewer, "linkage_read", linkage.pk)
    assert page.status_code == 200
    assert "衔接论证稿（第1轮）" in page.content.decode()
    # The county's own pages stay closed; its 衔接 page leads to the round.
    assert _get(client, city_reviewer, "plan_overview", plan.pk).status_code == 404
    node = plan.outline.nodes.get(key="environment")
    assert _get(client, city_reviewer, "node_edit", plan.outline.pk, node.pk).status_code == 404
    moved = _get(client, city_reviewer, "linkage_document", plan.outline.pk)
    assert moved.status_code == 302 and moved["Location"] == reverse(
        "linkage_detail", args=[linkage.pk]
    )


def test_a_shared_draft_is_read_through_the_round_and_nothing_more(
    client, linkage, plan, coordinator, reviewer, city_reviewer
):
    from apps.review.actions import opinion_add

    node = plan.outline.nodes.get(key="environment")
    node.set_body("<p>当前稿：全县常住人口约42万人。</p>")
    node.save()
    fin = reviewer.memberships.get().department
    opinion_add(node, actor=reviewer, department=fin, text="内部意见：数据口径待统一。")
    draft = reverse("linkage_read", args=[linkage.pk]) + "?draft=1"
    client.force_login(city_reviewer)
    assert client.get(draft).status_code == 404  # not shared yet
    actions.linkage_share(linkage, actor=coordinator, share_draft=True)
    page = client.get(draft)
    assert page.status_code == 200 and "当前稿：全县常住人口约42万人" in page.content.decode()
    # Only the text: the county's own pages stay closed, its ledger above all.
    for name, arg in [
        ("plan_overview", plan.pk),
        ("opinion_list", plan.outline.pk),
        ("opinions_xlsx", plan.outline.pk),
        ("export_list", plan.outline.pk),
        ("version_list", plan.outline.pk),
        ("assignment_board", plan.outline.pk),
    ]:
        assert client.get(reverse(name, args=[arg])).status_code == 404, name
    url = reverse("node_edit", args=[plan.outline.pk, node.pk])
    assert client.post(url, {"body": "<p>改</p>", "loaded_version": 1}).status_code == 404
    # Closing the round closes the draft again; the round itself stays readable.
    linkage.refresh_from_db()
    actions.linkage_close(linkage, actor=coordinator)
    assert client.get(draft).status_code == 404
    assert _get(client, city_reviewer, "linkage_detail", linkage.pk).status_code == 200


def test_another_city_gets_404_on_everything(client, linkage, plan, other_city_reviewer, city):
    for name, arg in [
        ("linkage_detail", linkage.pk),
        ("linkage_read", linkage.pk),
        ("linkage_document", plan.outline.pk),
        ("plan_overview", plan.pk),
        ("division_linkage", city.pk),
        ("division_indicators", city.pk),
        ("division_projects", city.pk),
    ]:
        assert _get(client, other_city_reviewer, name, arg).status_code == 404, name


def test_the_province_reads_everything_below_it_and_changes_nothing(
    client, linkage, plan, province_reader, city, province
):
    for name, arg in [
        ("linkage_detail", linkage.pk),
        ("plan_overview", plan.pk),
        ("division_linkage", city.pk),
        ("division_linkage", province.pk),
        ("division_projects", province.pk),
    ]:
        assert _get(client, province_reader, name, arg).status_code == 200, name
    node = plan.outline.nodes.get(key="environment")
    response = client.post(
        reverse("linkage_read", args=[linkage.pk]), {"node": node.pk, "text": "省里的意见"}
    )
    assert response.status_code == 403


def test_the_policy_answers_the_same(linkage, plan, city_reviewer, other_city_reviewer):
    mine = principal_for(city_reviewer, plan.county_id)
    theirs = principal_for(other_city_reviewer, plan.county_id)
    assert can(mine, Action.COMMENT, linkage) and can(mine, Action.VIEW, linkage.version)
    assert not can(mine, Action.VIEW, plan.outline)
    assert not can(mine, Action.EDIT, plan.outline)
    assert not can(mine, Action.READ_DRAFT, linkage)
    assert not can(theirs, Action.VIEW, linkage)
    assert not can(theirs, Action.VIEW, linkage.version)


def test_a_county_coordinator_runs_the_round(client, plan, coordinator, drafter, city):
    client.force_login(drafter)
    assert client.post(reverse("linkage_open", args=[plan.outline.pk])).status_code == 403
    client.force_login(coordinator)
    response = client.post(
        reverse("linkage_open", args=[plan.outline.pk]), {"note": "第一稿", "share_draft": ""}
    )
    assert response.status_code == 302
    round_ = plan.outline.linkages.get()
    assert round_.city == city and round_.version.name == "衔接论证稿（第1轮）"
    # A second round while one is open is refused with a message, nothing created.
    again = client.post(reverse("linkage_open", args=[plan.outline.pk]), follow=True)
    assert "已有一轮衔接论证正在进行" in again.content.decode()
    assert plan.outline.linkages.count() == 1


def test_a_county_without_a_city_has_nothing_to_link(client, plan, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("linkage_document", args=[plan.outline.pk]))
    assert "无需衔接" in page.content.decode()
    refused = client.post(reverse("linkage_open", args=[plan.outline.pk]), follow=True)
    assert "没有上级行政区" in refused.content.decode()


@pytest.mark.parametrize("name", ["division_linkage", "division_indicators", "division_projects"])
def test_county_people_do_not_oversee_the_city(client, linkage, coordinator, city, name):
    assert _get(client, coordinator, name, city.pk).status_code == 404


def test_a_stale_share_or_close_is_refused_with_a_message(client, linkage, coordinator):
    client.force_login(coordinator)
    stale = linkage.row_version
    actions.linkage_share(linkage, actor=coordinator, share_draft=True)
    page = client.post(
        reverse("linkage_close", args=[linkage.pk]), {"row_version": stale}, follow=True
    )
    assert "刚被他人调整或已结束" in page.content.decode()
    linkage.refresh_from_db()
    assert linkage.is_open and linkage.share_draft
    client.post(reverse("linkage_close", args=[linkage.pk]), {"row_version": linkage.row_version})
    linkage.refresh_from_db()
    assert not linkage.is_open


def test_a_county_directly_under_the_province_is_reviewed_by_it(
    client, county, plan, province, province_reader, coordinator
):
    type(county).objects.filter(pk=county.pk).update(parent=province)
    plan.county.parent = province
    linkage = actions.linkage_open(plan.outline, actor=coordinator)
    assert linkage.city == province
    principal = principal_for(province_reader, plan.county_id)
    assert can(principal, Action.COMMENT, linkage)
    assert not can(principal, Action.EDIT, plan.outline)


@pytest.mark.parametrize("period", ["²", "1", "99999999999", "abcd", "2025"])
def test_a_strange_period_falls_back_to_the_latest(client, linkage, city, city_reviewer, period):
    client.force_login(city_reviewer)
    for name in ("division_linkage", "division_indicators", "division_projects"):
        response = client.get(reverse(name, args=[city.pk]), {"period": period})
        assert response.status_code == 200, (name, period)
        assert "示范县" in response.content.decode()


def test_a_package_without_its_round_is_404_not_500(client, linkage, plan, leader):
    client.force_login(leader)
    url = reverse("export_create", args=[plan.outline.pk])
    for data in ({}, {"linkage": "²"}, {"linkage": "999999"}):
        response = client.post(url, {"exporter": "linkage_package", **data})
        assert response.status_code == 404, data


def test_a_garbled_row_version_reads_as_a_stale_page(client, linkage, coordinator):
    client.force_login(coordinator)
    page = client.post(
        reverse("linkage_close", args=[linkage.pk]), {"row_version": "abc"}, follow=True
    )
    assert "页面已过期" in page.content.decode()
    linkage.refresh_from_db()
    assert linkage.is_open
