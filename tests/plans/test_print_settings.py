"""The coordinator's print settings: the draft's date, the approval, how unwritten
nodes and the indicator table print, the 专栏 titles."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from apps.plans.models import Document
from apps.review.actions import document_stage_move


def _settings(plan, **changes):
    data = {
        "title": plan.outline.title,
        "issuing_body": "",
        "stage_date": "",
        "approved_on": "",
        "approved_by": "",
        "empty_nodes": "mark",
        "indicators_placement": "annex",
        "indicator_notes": "",
        "backcast_tolerance": "10",
        "fiscal_capacity": "",
    }
    data.update(changes)
    return data


def test_a_new_outline_is_dated_the_day_it_is_created(plan):
    assert plan.outline.stage_date() == timezone.localdate()


def test_reaching_a_stage_dates_its_draft_and_keeps_the_earlier_dates(plan, coordinator):
    document = plan.outline
    document.stage_dates = {Document.Stage.RESEARCH: "2020-08-20"}
    document.save()
    document_stage_move(document, actor=coordinator, stage=Document.Stage.APPROACH, name="基本思路")
    document.refresh_from_db()
    assert document.stage_date() == timezone.localdate()
    assert document.stage_date(Document.Stage.RESEARCH) == date(2020, 8, 20)


def test_the_coordinator_dates_the_draft_and_enters_the_approval(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("plan_settings", args=[plan.pk]),
        _settings(
            plan,
            stage_date="2020-09-01",
            approved_on="2021-02-26",
            approved_by="示范县第十八届人民代表大会第五次会议",
            empty_nodes="omit",
            indicators_placement="box",
            indicator_notes="  数据来源：县统计局。\n\n 带#的为预计数。 ",
        ),
    )
    assert response.status_code == 302
    document = Document.objects.get(pk=plan.outline.pk)
    assert document.stage_date() == date(2020, 9, 1)
    assert document.approved_on == date(2021, 2, 26)
    assert document.approved_by == "示范县第十八届人民代表大会第五次会议"
    assert document.empty_nodes == Document.EmptyNodes.OMIT
    assert document.indicators_placement == Document.IndicatorsPlacement.BOX
    assert document.indicator_notes == "数据来源：县统计局。\n带#的为预计数。"


def test_an_approval_date_without_the_meeting_is_refused_beside_the_field(
    client, plan, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        reverse("plan_settings", args=[plan.pk]), _settings(plan, approved_on="2021-02-26")
    )
    assert response.status_code == 200
    assert "批准日期和批准会议要一起填写" in response.content.decode()
    assert Document.objects.get(pk=plan.outline.pk).approved_on is None


def test_a_settings_form_from_before_the_print_choices_keeps_them(client, plan, coordinator):
    document = plan.outline
    document.empty_nodes = Document.EmptyNodes.OMIT
    document.save()
    client.force_login(coordinator)
    stale = {"title": document.title, "backcast_tolerance": "12", "fiscal_capacity": ""}
    assert client.post(reverse("plan_settings", args=[plan.pk]), stale).status_code == 302
    assert Document.objects.get(pk=document.pk).empty_nodes == Document.EmptyNodes.OMIT


def test_a_malformed_date_is_told_in_chinese(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("plan_settings", args=[plan.pk]), _settings(plan, stage_date="2020-13-45")
    )
    assert response.status_code == 200
    assert "有效的日期" in response.content.decode()


def test_the_settings_page_shows_the_current_stage_and_its_date(client, plan, coordinator):
    document = plan.outline
    document.stage_dates = {document.stage: "2020-08-20"}
    document.save()
    client.force_login(coordinator)
    page = client.get(reverse("plan_settings", args=[plan.pk])).content.decode()
    assert "本稿（前期研究）日期" in page
    assert 'value="2020-08-20"' in page


def test_the_coordinator_names_a_box(client, plan, coordinator):
    node = plan.outline.nodes.get(key="task_industry")
    client.force_login(coordinator)
    url = reverse("node_outline", args=[plan.outline.pk, node.pk])
    response = client.post(
        url,
        {
            "level": node.level,
            "parent": node.parent_id or "",
            "title": node.title,
            "box_title": "现代产业体系重点项目",
            "guidance": node.guidance,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    node.refresh_from_db()
    assert node.box_title == "现代产业体系重点项目"


def test_a_stored_date_that_cannot_be_read_breaks_no_page(client, plan, coordinator):
    from apps.exports.document import build_document

    Document.objects.filter(pk=plan.outline.pk).update(stage_dates={"research": "2020-13-45"})
    document = Document.objects.get(pk=plan.outline.pk)
    assert document.stage_date() is None
    client.force_login(coordinator)
    assert client.get(reverse("plan_settings", args=[plan.pk])).status_code == 200
    # The cover falls back to the day of the export.
    assert build_document(document, today=date(2026, 11, 30))["cover_date"] == "二〇二六年十一月"
