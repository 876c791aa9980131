"""The public's suggestion form: stored as plain text, with the hardening the
open internet needs — CSRF for anonymous forms, a field robots fill in, a
minimum time to fill in, a count per address and per consultation, repeats
folded, and a form that closes with the consultation."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.consultation.actions import consultation_publish
from apps.consultation.models import Suggestion
from apps.review.actions import document_stage_move

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
    "{{ 7*7 }}{% debug %}",
]


@pytest.fixture
def consultation(plan, coordinator, settings):
    settings.PLANNER_SUGGESTION_MIN_SECONDS = 0
    node = plan.outline.nodes.get(key="environment")
    node.set_body("<p>全县常住人口约42万人。</p>")
    node.save()
    version = document_stage_move(plan.outline, actor=coordinator, stage="approach", name="稿")
    today = timezone.localdate()
    return consultation_publish(
        plan.outline,
        actor=coordinator,
        version=version,
        topics=["人口与城镇化", "生态环境"],
        title="公开征求意见",
        explanation="说明",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=10),
    )


def _form(client, consultation, **query):
    url = reverse("public_suggest", args=[consultation.pk])
    page = client.get(url, query).content.decode()
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return url, {"started": started, "csrfmiddlewaretoken": token}


def _send(client, consultation, node=None, **data):
    url, hidden = _form(client, consultation, **({"node": node} if node else {}))
    fields = {**hidden, "text": "建议加快城乡供水一体化建设。", **data}
    if node:
        fields["node"] = node
    return client.post(url, fields)


def test_an_anonymous_reader_suggests_on_a_chapter(consultation, plan):
    client = Client(enforce_csrf_checks=True)
    node = plan.outline.nodes.get(key="environment")
    url, hidden = _form(client, consultation, node=node.pk, quote="常住人口约42万人")
    page = client.get(url, {"node": node.pk, "quote": "常住人口约42万人"}).content.decode()
    assert "常住人口约42万人" in page and "不公开" in page
    response = client.post(
        url,
        {
            **hidden,
            "node": node.pk,
            "quote": "常住人口约42万人",
            "text": "建议补充流动人口的数据。",
            "topic": "人口与城镇化",
            "name": "王女士",
            "contact": "13800000000",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("public_thanks", args=[consultation.pk])
    suggestion = Suggestion.objects.get()
    assert suggestion.node_id == node.pk and suggestion.node_title == node.title
    assert suggestion.topic == "人口与城镇化" and suggestion.contact == "13800000000"
    assert suggestion.client and "127.0.0.1" not in suggestion.client
    # The contact appears on no public page.
    for name, args in (
        ("public_consultation", [consultation.pk]),
        ("public_chapter", [consultation.pk, node.pk]),
        ("public_thanks", [consultation.pk]),
        ("public_county", [plan.county.code]),
    ):
        assert "13800000000" not in client.get(reverse(name, args=args)).content.decode()


def test_a_post_without_the_csrf_token_is_refused(consultation):
    client = Client(enforce_csrf_checks=True)
    url, hidden = _form(client, consultation)
    response = client.post(url, {"started": hidden["started"], "text": "没有令牌的提交。"})
    assert response.status_code == 403
    assert not Suggestion.objects.exists()


def test_robots_are_told_thanks_and_nothing_is_kept(client, consultation, settings):
    assert _send(client, consultation, website="http://spam.example").status_code == 302
    settings.PLANNER_SUGGESTION_MIN_SECONDS = 60
    assert _send(client, consultation, text="填得太快的意见建议。").status_code == 302
    assert not Suggestion.objects.exists()


def test_a_stale_page_keeps_what_was_typed(client, consultation):
    url, _hidden = _form(client, consultation)
    response = client.post(url, {"started": "tampered", "text": "我写了很长的一段意见。"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "刷新页面后重新提交" in page and "我写了很长的一段意见。" in page
    assert not Suggestion.objects.exists()


def test_limits_on_length_and_plain_text_only(client, consultation):
    too_long = _send(client, consultation, text="长" * 2001)
    assert "不超过2000字" in too_long.content.decode()
    for attack in XSS:
        _send(client, consultation, text=f"意见：{attack}", name=attack[:50])
    stored = list(Suggestion.objects.values_list("text", flat=True))
    assert stored == [f"意见：{attack}" for attack in XSS]


def test_the_same_text_twice_is_one_suggestion(client, consultation):
    _send(client, consultation, text="建议  加快城乡供水一体化建设！")
    _send(client, consultation, text="建议加快城乡供水一体化建设。")
    assert Suggestion.objects.count() == 1


def test_a_flood_from_one_address_is_throttled_another_still_gets_in(consultation, settings):
    settings.PLANNER_SUGGESTIONS_PER_ADDRESS = 3
    flood = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(3):
        assert _send(flood, consultation, text=f"第{n}条不同的意见建议。").status_code == 302
    refused = _send(flood, consultation, text="第四条意见建议。")
    assert refused.status_code == 429
    assert "提交过于频繁" in refused.content.decode() and refused["Retry-After"] == "600"
    other = Client(REMOTE_ADDR="198.51.100.20")
    assert _send(other, consultation, text="另一位读者的意见建议。").status_code == 302
    assert Suggestion.objects.count() == 4


def test_a_forged_forwarded_for_does_not_change_the_address(consultation, settings):
    settings.PLANNER_SUGGESTIONS_PER_ADDRESS = 1
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert _send(client, consultation, text="第一条意见建议。").status_code == 302
    forged = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert _send(forged, consultation, text="第二条意见建议。").status_code == 429


def test_the_form_closes_with_the_consultation(client, consultation):
    url, hidden = _form(client, consultation)
    consultation.ends_on = timezone.localdate() - timedelta(days=1)
    consultation.starts_on = consultation.ends_on - timedelta(days=30)
    consultation.save()
    response = client.post(url, {**hidden, "text": "截止后的意见建议。"})
    assert response.status_code == 403
    assert "征求意见已截止" in response.content.decode()
    assert not Suggestion.objects.exists()
    # The pages stay.
    assert client.get(reverse("public_consultation", args=[consultation.pk])).status_code == 200


def test_staff_read_what_came_in_and_only_the_office_sees_contacts(
    client, consultation, plan, coordinator, drafter
):
    _send(client, consultation, text="请增加公交线路。", contact="13800000000")
    spam = _send(client, consultation, text="广告：优惠贷款请联系。")
    assert spam.status_code == 302
    url = reverse("suggestion_list", args=[plan.outline.pk, consultation.pk])
    client.force_login(drafter)
    page = client.get(url).content.decode()
    assert "请增加公交线路" in page and "13800000000" not in page
    client.force_login(coordinator)
    assert "13800000000" in client.get(url).content.decode()
    advert = Suggestion.objects.get(text__startswith="广告")
    hide = reverse("suggestion_hide", args=[plan.outline.pk, consultation.pk, advert.pk])
    client.post(hide, {"hide": "1", "reason": "广告"})
    advert.refresh_from_db()
    assert advert.hidden and advert.hidden_reason == "广告"
    assert "优惠贷款" not in client.get(url).content.decode()
    assert "优惠贷款" in client.get(url, {"show": "hidden"}).content.decode()
    client.force_login(drafter)
    assert client.post(hide, {"hide": "0"}).status_code == 403


def test_contacts_are_forgotten_after_the_retention_period(client, consultation, settings):
    from apps.consultation.tasks import forget_contacts

    settings.PLANNER_CONTACT_RETENTION_DAYS = 30
    _send(client, consultation, text="请联系我讨论。", contact="13800000000")
    consultation.ends_on = timezone.localdate() - timedelta(days=30)
    consultation.starts_on = consultation.ends_on - timedelta(days=10)
    consultation.save()
    assert forget_contacts() == 0  # the thirtieth day after: still kept
    consultation.ends_on -= timedelta(days=1)
    consultation.save()
    assert forget_contacts() == 1
    suggestion = Suggestion.objects.get()
    assert suggestion.contact == "" and suggestion.text == "请联系我讨论。"


@pytest.mark.parametrize("node", ["²", "-1", "1e9", "99999999999999999999999", "abc"])
def test_a_strange_chapter_reads_as_the_whole_plan(client, consultation, node):
    response = client.get(reverse("public_suggest", args=[consultation.pk]), {"node": node})
    assert response.status_code == 200
    assert "对规划纲要提意见建议" in response.content.decode()
