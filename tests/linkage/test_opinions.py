"""衔接意见: left by the city on the version it was given, kept in the county's
ledger with the city as their source, answered by the county like any other."""

from django.urls import reverse

from apps.linkage import actions
from apps.notifications.models import Notification
from apps.review.models import Opinion


def _leave(client, linkage, user, **data):
    client.force_login(user)
    node = linkage.document.nodes.get(key="environment")
    return client.post(
        reverse("linkage_read", args=[linkage.pk]),
        {"node": node.pk, "quote": "", "text": "请与市级耕地保有量分解值衔接。", **data},
    )


def test_the_citys_opinion_reaches_the_countys_ledger_and_comes_back_answered(
    client, linkage, city, city_reviewer, coordinator
):
    response = _leave(client, linkage, city_reviewer, quote="耕地")
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.source_division == city
    assert opinion.department.name == "发展和改革委员会" and opinion.quote == "耕地"
    # The county's coordinator is told, and finds it in the ledger under the city.
    assert Notification.objects.filter(recipient=coordinator, kind="opinion").exists()
    client.force_login(coordinator)
    ledger = client.get(reverse("opinion_list", args=[linkage.document.pk])).content.decode()
    assert "请与市级耕地保有量分解值衔接" in ledger and "发展和改革委员会" in ledger
    client.post(
        reverse("opinion_dispose", args=[linkage.document.pk, opinion.pk]),
        {"disposition": "adopted", "reason": "已按分解值调整。"},
    )
    opinion.refresh_from_db()
    assert opinion.disposition == "adopted"
    # The city reads the answer on the round, where its message leads.
    told = Notification.objects.get(recipient=city_reviewer, kind="disposition")
    assert told.url.startswith(reverse("linkage_document", args=[linkage.document.pk]))
    client.force_login(city_reviewer)
    assert client.get(told.url.split("#")[0], follow=True).status_code == 200
    page = client.get(reverse("linkage_detail", args=[linkage.pk])).content.decode()
    assert "已按分解值调整" in page and "采纳" in page


def test_the_city_is_told_when_a_round_opens(city_reviewer, other_city_reviewer, linkage):
    assert Notification.objects.filter(recipient=city_reviewer, kind="linkage").count() == 1
    assert not Notification.objects.filter(recipient=other_city_reviewer).exists()


def test_an_empty_opinion_keeps_the_form_and_what_was_typed(client, linkage, city_reviewer):
    response = _leave(client, linkage, city_reviewer, text="", quote="保留的引文")
    assert response.status_code == 200
    page = response.content.decode()
    assert "保留的引文" in page and "这个字段是必填项" in page
    assert not Opinion.objects.exists()


def test_a_round_closed_meanwhile_takes_no_more_opinions_and_keeps_the_text(
    client, linkage, coordinator, city_reviewer, province_reader
):
    actions.linkage_close(linkage, actor=coordinator)
    response = _leave(client, linkage, city_reviewer, text="关门后写完的意见。")
    page = response.content.decode()
    assert response.status_code == 200
    assert "已结束" in page and "关门后写完的意见。" in page
    assert not Opinion.objects.exists()
    # Someone who never reviewed the round is refused outright.
    assert _leave(client, linkage, province_reader).status_code == 403


def test_a_reply_to_the_citys_opinion_reaches_the_city(client, linkage, coordinator, city_reviewer):
    from apps.review.actions import opinion_add

    _leave(client, linkage, city_reviewer)
    opinion = Opinion.objects.get()
    opinion_add(
        opinion.node, actor=coordinator, department=None, text="已核实，将调整。", parent=opinion
    )
    told = Notification.objects.filter(recipient=city_reviewer, kind="opinion").get()
    assert told.url.startswith(reverse("linkage_document", args=[linkage.document.pk]))
    client.force_login(city_reviewer)
    page = client.get(reverse("linkage_detail", args=[linkage.pk])).content.decode()
    assert "已核实，将调整。" in page


def test_the_county_cannot_erase_the_citys_opinion_with_its_node(
    client, linkage, coordinator, city_reviewer
):
    from apps.plans.actions import node_blockers

    _leave(client, linkage, city_reviewer)
    node = Opinion.objects.get().node
    assert "1条上级衔接意见" in node_blockers(node)


def test_a_node_outside_the_document_is_refused(client, linkage, city_reviewer, other_plan):
    stranger = other_plan.outline.nodes.first()
    response = _leave(client, linkage, city_reviewer, node=stranger.pk)
    assert response.status_code == 200
    assert "请重新选择" in response.content.decode()
    assert not Opinion.objects.exists()


def test_the_ledger_names_the_city(client, linkage, city_reviewer, coordinator):
    _leave(client, linkage, city_reviewer)
    client.force_login(coordinator)
    ledger = client.get(reverse("opinion_list", args=[linkage.document.pk])).content.decode()
    assert "示范市发展和改革委员会" in ledger
    from apps.review.excel import summary_rows

    rows = summary_rows(linkage.document, list(Opinion.objects.all()))
    assert rows[0][1] == "示范市发展和改革委员会"
