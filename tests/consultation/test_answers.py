"""What the planning office does with what came in: offline suggestions entered
with their source, sorting, merging (people add up), assignment to a department,
answers with the revision that took them in, statistics, and the feedback notice
published as a page and a PDF that never carry a contact."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.consultation import actions
from apps.consultation.actions import consultation_publish
from apps.consultation.exporters import FEEDBACK_PDF
from apps.consultation.models import Consultation, Suggestion
from apps.exports.models import ExportJob
from apps.exports.services import export_run
from apps.notifications.models import Notification
from apps.review.actions import document_stage_move


@pytest.fixture
def version(plan, coordinator):
    node = plan.outline.nodes.get(key="environment")
    node.set_body("<p>全县常住人口约42万人。</p>")
    node.save()
    return document_stage_move(plan.outline, actor=coordinator, stage="approach", name="征求意见稿")


@pytest.fixture
def consultation(plan, coordinator, version):
    today = timezone.localdate()
    return consultation_publish(
        plan.outline,
        actor=coordinator,
        version=version,
        topics=["人口与城镇化", "生态环境"],
        title="示范县规划纲要公开征求意见",
        explanation="说明",
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=10),
    )


def _urls(consultation, name, *args):
    return reverse(name, args=[consultation.document_id, consultation.pk, *args])


def _online(consultation, text, **fields):
    suggestion, _created = actions.suggestion_submit(
        consultation, node=None, client=f"c{Suggestion.objects.count()}", text=text, **fields
    )
    return suggestion


def _end(consultation):
    Consultation.objects.filter(pk=consultation.pk).update(
        starts_on=timezone.localdate() - timedelta(days=40),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    consultation.refresh_from_db()


def test_staff_enter_a_letter_with_its_source_and_a_repeat_is_merged(
    client, coordinator, consultation, plan
):
    client.force_login(coordinator)
    node = plan.outline.nodes.get(key="environment")
    url = _urls(consultation, "suggestion_create")
    response = client.post(
        url,
        {
            "channel": "deputy",
            "source": "县人大十七届五次会议第8号建议",
            "received_on": "2026-11-20",
            "node": node.pk,
            "topic": "生态环境",
            "text": "建议加快城乡供水一体化。",
            "people": 3,
            "name": "李代表",
            "contact": "13900000000",
        },
    )
    assert response.status_code == 302
    letter = Suggestion.objects.get(source="县人大十七届五次会议第8号建议")
    assert letter.channel == "deputy" and letter.people == 3 and letter.node_id == node.pk
    assert letter.entered_by == coordinator and letter.client == ""
    # The same words again, from a forum of twelve: merged, the people add up.
    client.post(url, {"channel": "forum", "text": "建议加快城乡供水一体化！", "people": 12})
    repeat = Suggestion.objects.get(channel="forum")
    assert repeat.merged_into == letter
    page = client.get(_urls(consultation, "suggestion_list")).content.decode()
    assert "共 15 人次" in page and "13900000000" in page


def test_offline_form_refuses_bad_input_and_keeps_it(client, coordinator, consultation):
    client.force_login(coordinator)
    response = client.post(
        _urls(consultation, "suggestion_create"),
        {"channel": "online", "text": "建议增加公交线路。", "people": "0", "node": "99999"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "建议增加公交线路。" in page
    assert "人数应在1到100000之间" in page or "确保该值大于或等于1" in page
    assert not Suggestion.objects.exists()


def test_sorting_assigns_a_department_whose_drafters_answer(
    client, coordinator, drafter, edu_department, consultation, plan
):
    one = _online(consultation, "建议增加普惠性托育机构。")
    two = _online(consultation, "建议新建一所高中。")
    client.force_login(coordinator)
    response = client.post(
        _urls(consultation, "suggestion_bulk"),
        {
            "operation": "sort",
            "ids": [one.pk, two.pk],
            "topic": "人口与城镇化",
            "node": "keep",
            "department": edu_department.pk,
        },
    )
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.topic == "人口与城镇化" and one.department == edu_department
    (title,) = Notification.objects.filter(
        recipient=drafter, kind=Notification.Kind.CONSULTATION
    ).values_list("title", flat=True)
    assert "2条公众意见" in title and "教育局" in title
    # The department's drafter answers what was given to the department, not the rest.
    client.force_login(drafter)
    detail = _urls(consultation, "suggestion_detail", one.pk)
    response = client.post(
        detail,
        {"answer": "adopted", "answer_text": "已在第五章增加托育内容。", "row_version": 1},
    )
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.answer == "adopted" and one.answered_by == drafter
    other = _online(consultation, "建议修建体育公园。")
    response = client.post(
        _urls(consultation, "suggestion_detail", other.pk),
        {"answer": "adopted", "answer_text": "好", "row_version": 0},
    )
    assert response.status_code == 403


def test_a_department_of_another_county_is_refused(client, coordinator, consultation, outsider):
    from apps.accounts.models import Department

    one = _online(consultation, "建议增加普惠性托育机构。")
    foreign = Department.objects.exclude(county=consultation.document.plan.county).first()
    client.force_login(coordinator)
    response = client.post(
        _urls(consultation, "suggestion_bulk"),
        {
            "operation": "sort",
            "ids": [one.pk],
            "topic": "keep",
            "node": "keep",
            "department": foreign.pk,
        },
        follow=True,
    )
    assert "所选部门不属于本县" in response.content.decode()
    one.refresh_from_db()
    assert one.department is None


def test_merging_groups_and_unmerging(client, coordinator, consultation):
    first = _online(consultation, "建议增设夜间公交。")
    second = _online(consultation, "希望开通晚班公交车。")
    third = _online(consultation, "晚上九点后没有公交，建议延长。")
    client.force_login(coordinator)
    bulk = _urls(consultation, "suggestion_bulk")
    client.post(bulk, {"operation": "merge", "ids": [second.pk, first.pk]})
    # Merging a member with another suggestion merges the whole group.
    client.post(bulk, {"operation": "merge", "ids": [second.pk, third.pk]})
    assert set(first.duplicates.values_list("pk", flat=True)) == {second.pk, third.pk}
    page = client.get(_urls(consultation, "suggestion_list")).content.decode()
    assert "另有 2 条相同意见，共 3 人次" in page
    # A merged one is answered through its group.
    response = client.post(
        _urls(consultation, "suggestion_detail", second.pk),
        {"answer": "adopted", "answer_text": "好", "row_version": 5},
        follow=True,
    )
    assert "已合并" in response.content.decode()
    client.post(_urls(consultation, "suggestion_unmerge", third.pk))
    third.refresh_from_db()
    assert third.merged_into is None
    response = client.post(bulk, {"operation": "merge", "ids": [first.pk]}, follow=True)
    assert "请至少选择两条不同的意见再合并" in response.content.decode()


def test_identical_texts_are_merged_in_one_go(client, coordinator, consultation):
    first = _online(consultation, "建议保护古村落。")
    _online(consultation, "建议保护古村落！！")
    _online(consultation, "建议 保护 古村落")
    _online(consultation, "建议多种树。")
    client.force_login(coordinator)
    page = client.get(_urls(consultation, "suggestion_list")).content.decode()
    assert "有 2 条意见与更早的意见内容完全相同" in page
    client.post(_urls(consultation, "suggestion_bulk"), {"operation": "identical"})
    assert first.duplicates.count() == 2


def test_answers_need_a_reason_a_later_version_and_a_fresh_form(
    client, coordinator, consultation, plan, version
):
    one = _online(consultation, "建议把森林覆盖率目标提高到70%。")
    detail = _urls(consultation, "suggestion_detail", one.pk)
    client.force_login(coordinator)
    response = client.post(detail, {"answer": "declined", "answer_text": "", "row_version": 0})
    assert "请写明理由" in response.content.decode()
    # Only a version frozen after the published one can have taken it in.
    response = client.post(
        detail,
        {"answer": "adopted", "answer_text": "采纳", "revision": version.pk, "row_version": 0},
    )
    assert "不是本规划在征求意见之后冻结的版本" in response.content.decode()
    later = document_stage_move(
        plan.outline, actor=coordinator, stage="outline_draft", name="送审稿"
    )
    response = client.post(
        detail,
        {
            "answer": "adopted",
            "answer_text": "已采纳。",
            "revision": later.pk,
            "revision_note": "第八章目标调整为70%",
            "row_version": 0,
        },
    )
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "送审稿" in page and f"a={version.pk}&amp;b={later.pk}" in page
    # A form from before that answer is stale: refused, the typed text kept.
    response = client.post(
        detail, {"answer": "declined", "answer_text": "我的理由很长", "row_version": 0}
    )
    page = response.content.decode()
    assert "刚被别人修改过" in page and "我的理由很长" in page
    one.refresh_from_db()
    assert one.answer == "adopted"


def test_statistics_count_people_and_draw_charts(client, coordinator, consultation, leader):
    a = _online(consultation, "建议一：增加公园。", topic="生态环境")
    b = _online(consultation, "建议二：增加绿地。", topic="生态环境")
    actions.suggestion_enter(
        consultation,
        actor=coordinator,
        node=None,
        text="座谈会：增加停车位。",
        people=8,
        channel="forum",
        topic="人口与城镇化",
    )
    actions.suggestions_merge(consultation, [a.pk, b.pk], actor=coordinator)
    client.force_login(leader)
    page = client.get(_urls(consultation, "consultation_statistics")).content.decode()
    assert page.count("<svg") >= 6
    assert "10" in page  # people: 1 + 1 + 8
    assert "2条/2人次" in page and "1条/8人次" in page  # by topic
    assert "座谈会" in page


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_ten_or_sixty(
    client, coordinator, consultation, django_assert_num_queries
):
    for n in range(10):
        _online(consultation, f"第{n}条建议：增加公交线路。")
    client.force_login(coordinator)
    url = _urls(consultation, "suggestion_list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(50):
        _online(consultation, f"第{n}条意见：建设口袋公园。")
    with django_assert_num_queries(len(few)):
        client.get(url)


def _answer_all(consultation, coordinator):
    for suggestion in consultation.suggestions.filter(merged_into=None, hidden=False):
        actions.suggestion_answer(
            suggestion,
            actor=coordinator,
            row_version=suggestion.row_version,
            answer="reflected",
            answer_text="纲要第三章已有相关表述。",
        )


def test_the_notice_waits_for_the_end_and_every_answer(client, coordinator, consultation):
    _online(consultation, "建议增加公园。")
    client.force_login(coordinator)
    url = _urls(consultation, "consultation_feedback")
    response = client.post(url, {"feedback_intro": "感谢"}, follow=True)
    assert "截止" in response.content.decode()
    _end(consultation)
    response = client.post(url, {"feedback_intro": "感谢"}, follow=True)
    assert "还有1条意见没有答复" in response.content.decode()
    consultation.refresh_from_db()
    assert not consultation.feedback_published
    public = client.get(reverse("public_feedback", args=[consultation.pk]))
    assert public.status_code == 404


def test_the_published_notice_and_its_pdf_never_show_a_contact(
    client, coordinator, consultation, settings
):
    reader = _online(
        consultation,
        "建议增设社区食堂，可联系我13812345678，邮箱wang@example.com。",
        name="王女士",
        organisation="某某小区业委会",
        contact="wx_secret_handle",
        topic="人口与城镇化",
    )
    repeat = _online(consultation, "同意增设社区食堂。")
    actions.suggestions_merge(consultation, [reader.pk, repeat.pk], actor=coordinator)
    hidden = _online(consultation, "广告：代开发票 13900001111")
    actions.suggestion_moderate(hidden, actor=coordinator, hide=True, reason="广告")
    _answer_all(consultation, coordinator)
    _end(consultation)
    client.force_login(coordinator)
    response = client.post(
        _urls(consultation, "consultation_feedback"), {"feedback_intro": "感谢社会各界。"}
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    job = ExportJob.objects.get(exporter=FEEDBACK_PDF)
    export_run(job.pk)  # what the worker does
    client.logout()
    page = client.get(reverse("public_feedback", args=[consultation.pk])).content.decode()
    assert "建议增设社区食堂" in page and "（2条相同意见合并）" in page
    assert "已体现" in page and "感谢社会各界。" in page
    pdf = client.get(reverse("public_feedback_pdf", args=[consultation.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    )
    assert "建议增设社区食堂" in text.replace("\n", "") and "采纳情况" in text
    for private in (
        "13812345678",
        "wang@example.com",
        "王女士",
        "某某小区",
        "wx_secret_handle",
        "代开发票",
        "13900001111",
    ):
        assert private not in page
        assert private not in text
    # What was published stays as published until it is published again.
    reader.refresh_from_db()
    Suggestion.objects.filter(pk=reader.pk).update(answer_text="改过的答复")
    assert (
        "改过的答复"
        not in client.get(reverse("public_feedback", args=[consultation.pk])).content.decode()
    )


def test_a_suggestion_on_a_chapter_falls_under_its_part(consultation, plan):
    """The default topics are the 篇: a suggestion on a chapter is sorted under
    the 篇 it is in when the reader chose no topic."""
    from apps.consultation.actions import default_topics

    Consultation.objects.filter(pk=consultation.pk).update(
        topics=default_topics(consultation.version)
    )
    consultation.refresh_from_db()
    chapters = consultation.chapters()
    part = next(n for n in chapters if n["level"] == "part")
    chapter = next(n for n in chapters[chapters.index(part) :] if n["level"] == "chapter")
    suggestion, _created = actions.suggestion_submit(
        consultation, node=chapter, client="a", text="建议补充这一章的目标。", topic=""
    )
    assert suggestion.topic == part["title"]
    chosen, _created = actions.suggestion_submit(
        consultation, node=chapter, client="b", text="另一条建议内容。", topic="自选"
    )
    assert chosen.topic == "自选"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("可联系我13812345678，邮箱wang@example.com。", "可联系我****，邮箱****。"),
        ("手机 138-1234-5678", "手机****"),
        ("电话（0571）8888 6666", "电话****"),
        ("abc＠163.com", "****"),
        ("wx: zhang_san_88", "wx****"),
        ("V信zhangsan1990", "V信****"),
        ("身份证330102199001011234", "身份证****"),
        # What a plan talks about stays.
        ("（2021-2025年）", "（2021-2025年）"),
        ("2021—2035年", "2021—2035年"),
        ("投资100000万元", "投资100000万元"),
        ("建设5G基站1200个，电话费降低", "建设5G基站1200个，电话费降低"),
    ],
)
def test_the_notice_masks_contacts_and_keeps_figures(text, masked):
    from apps.consultation.feedback import mask

    assert mask(text) == masked


def test_hiding_a_group_hides_it_whole_and_the_notice_can_go(client, coordinator, consultation):
    spam = [_online(consultation, "加微信领红包！！！") for _ in range(3)]
    real = _online(consultation, "建议增加公园。")
    actions.merge_identical(consultation, actor=coordinator)
    head = Suggestion.objects.get(pk=spam[0].pk)
    actions.suggestion_moderate(head, actor=coordinator, hide=True, reason="广告")
    assert Suggestion.objects.filter(hidden=True).count() == 3
    client.force_login(coordinator)
    page = client.get(_urls(consultation, "suggestion_list")).content.decode()
    assert "待答复 1 组" in page and "红包" not in page
    # A hidden group cannot be merged into, even by a crafted post.
    response = client.post(
        _urls(consultation, "suggestion_bulk"),
        {"operation": "merge", "ids": [real.pk, spam[1].pk]},
        follow=True,
    )
    assert "已屏蔽的意见不能合并" in response.content.decode()
    _answer_all(consultation, coordinator)
    _end(consultation)
    client.post(_urls(consultation, "consultation_feedback"), {"feedback_intro": ""})
    consultation.refresh_from_db()
    assert consultation.feedback_published
    assert [i["summary"] for i in consultation.feedback["items"]] == ["建议增加公园。"]


def test_the_list_counts_no_hidden_member(client, coordinator, consultation):
    head = _online(consultation, "建议增加公园。")
    member = _online(consultation, "同意增加公园。")
    Suggestion.objects.filter(pk=member.pk).update(people=50)
    actions.suggestions_merge(consultation, [head.pk, member.pk], actor=coordinator)
    actions.suggestion_moderate(
        Suggestion.objects.get(pk=member.pk), actor=coordinator, hide=True, reason="重复刷票"
    )
    client.force_login(coordinator)
    page = client.get(_urls(consultation, "suggestion_list")).content.decode()
    assert "51 人次" not in page and "同意增加公园" not in page


def test_a_merge_keeps_the_answer_already_given(coordinator, consultation):
    early = _online(consultation, "建议增加公园。")
    late = _online(consultation, "希望多建公园。")
    actions.suggestion_answer(
        late, actor=coordinator, row_version=0, answer="adopted", answer_text="已采纳。"
    )
    primary = actions.suggestions_merge(consultation, [early.pk, late.pk], actor=coordinator)
    assert primary.pk == late.pk and primary.answer == "adopted"
    assert Suggestion.objects.get(pk=early.pk).merged_into_id == late.pk


def test_merging_identical_texts_costs_a_few_queries(
    coordinator, consultation, django_assert_max_num_queries
):
    for n in range(60):
        _online(consultation, f"第{n % 30}号相同的建议。")
    with django_assert_max_num_queries(8):
        merged = actions.merge_identical(consultation, actor=coordinator)
    assert merged == 30
    assert Suggestion.objects.filter(merged_into=None).count() == 30


@pytest.mark.django_db(transaction=True)
def test_two_presses_at_the_same_instant_store_one_suggestion(consultation):
    """A double click sends two identical posts at once: the second waits for the
    first and finds it (a lookup then an insert would let both in)."""
    import threading

    for trial in range(8):
        barrier = threading.Barrier(2)
        results = []

        def press(trial=trial, barrier=barrier, results=results):
            from django.db import connection as own

            try:
                barrier.wait()
                results.append(
                    actions.suggestion_submit(
                        consultation, node=None, client=f"x{trial}", text=f"第{trial}次双击的建议。"
                    )[1]
                )
            finally:
                own.close()

        threads = [threading.Thread(target=press) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == [False, True]
        assert Suggestion.objects.filter(client=f"x{trial}").count() == 1


def test_every_office_page_offers_the_office_its_tabs(client, coordinator, drafter, consultation):
    entry = _urls(consultation, "suggestion_create")
    imports = _urls(consultation, "suggestion_import")
    client.force_login(coordinator)
    for name in (
        "suggestion_list",
        "suggestion_create",
        "suggestion_import",
        "consultation_statistics",
        "consultation_feedback",
    ):
        page = client.get(_urls(consultation, name)).content.decode()
        assert f'href="{entry}"' in page and f'href="{imports}"' in page, name
    client.force_login(drafter)
    page = client.get(_urls(consultation, "suggestion_list")).content.decode()
    assert f'href="{entry}"' not in page and f'href="{imports}"' not in page


def test_the_activity_log_names_what_the_office_did(client, coordinator, consultation, plan):
    first = _online(consultation, "建议增加公园。")
    second = _online(consultation, "希望多建公园。")
    actions.suggestions_merge(consultation, [first.pk, second.pk], actor=coordinator)
    actions.suggestion_enter(consultation, actor=coordinator, node=None, text="来信：修路。")
    client.force_login(coordinator)
    page = client.get(reverse("activity_log", args=[plan.pk])).content.decode()
    assert "合并公众意见" in page and "录入线下意见" in page
    assert ">suggestion_merge<" not in page and ">suggestion_enter<" not in page
