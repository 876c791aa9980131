"""示范县's public consultation of December 2020: the 征求意见稿 frozen and
published for a month, what the public, two forums and the county's deputies and
members sent, how the planning office sorted, merged and answered it, and the
feedback notice published after adoption. The texts are the demo's own.

The contacts were deleted long ago (the retention period ran out in 2021), as
the hourly task would have done.
"""

import datetime
import re

from django.utils import timezone

from apps.consultation.actions import (
    consultation_publish,
    default_topics,
    suggestion_answer,
    suggestion_moderate,
    suggestions_merge,
    text_fingerprint,
)
from apps.consultation.exporters import notice_fingerprint
from apps.consultation.feedback import notice_data
from apps.consultation.models import Consultation, Suggestion
from apps.plans.models import Document, Plan
from apps.review.models import DocumentVersion

STARTS_ON = datetime.date(2020, 12, 15)
ENDS_ON = datetime.date(2021, 1, 14)
FEEDBACK_ON = datetime.datetime(2021, 3, 5, 10, 0)

EXPLANATION = """\
《纲要（征求意见稿）》在前期研究和基本思路的基础上起草，经县政府常务会议研究，现向社会公开征求意见。

纲要共分总论、发展和民生、保障措施等篇，提出了未来五年的主要目标、重点任务和重大项目，并展望二〇三五年远景。

欢迎社会各界围绕发展目标、产业布局、城乡建设、生态环境和民生保障等方面提出意见建议。"""

CHANNELS = """\
电子邮箱：ghk@shifan.example.gov.cn
信函：示范县发展和改革局规划科（请在信封上注明“规划纲要意见”）
座谈会：12月下旬分别召开企业家和社区居民代表座谈会"""

INTRO = """\
对收到的意见建议，县发展和改革局会同有关部门逐条研究，能吸收的尽量吸收，并在提交县人民代表大会审议的纲要草案中作了相应修改。

感谢社会各界对示范县“十四五”发展的关心和支持。"""

# (channel, chapter keyword, text, people, source, answer, reply, revision note,
#  department keyword); the topic is the 篇 of the chapter.
SUGGESTIONS = (
    (
        "online",
        "民生",
        "建议在每个乡镇至少建设一所普惠性托育机构，缓解双职工家庭的照护压力。",
        1,
        "",
        "adopted",
        "采纳。纲要在公共服务部分增加了“每个乡镇至少建成一所普惠性托育机构”的目标。",
        "民生篇增加普惠托育服务目标",
        "卫生",
    ),
    (
        "forum",
        "民生",
        "社区居民代表座谈会：希望增加社区托育点，并延长托育服务时间。",
        14,
        "社区居民代表座谈会（2020年12月24日）",
        "",
        "",
        "",
        "",
    ),
    (
        "online",
        "绿色发展",
        "建议把城区黑臭水体治理的时间表写进纲要，明确到哪一年全部消除。",
        1,
        "",
        "reflected",
        "纲要生态环境部分已写明“十四五”期末城区黑臭水体全面消除，指标表中也有地表水达到或好于Ⅲ类水体比例的约束性指标。",
        "",
        "生态",
    ),
    (
        "letter",
        "基础设施",
        "建议新建一条通往高铁站的快速公交线路，方便北部乡镇群众出行。",
        1,
        "群众来信",
        "partly",
        "部分采纳。纲要增加了“优化城乡公交线网，加强与高铁站的接驳”的表述；快速公交线路需结合客流研究论证，暂不列入重大项目。",
        "基础设施部分增加公交接驳表述",
        "交通",
    ),
    (
        "deputy",
        "产业",
        "建议设立县级产业引导基金，重点支持高端装备和数字经济企业。",
        1,
        "县人大代表建议（第17号）",
        "adopted",
        "采纳。纲要在现代产业体系部分增加了设立产业引导基金的内容。",
        "产业篇增加产业引导基金",
        "发展和改革",
    ),
    (
        "member",
        "乡村",
        "建议对传统村落实行挂牌保护，并安排专项资金修缮古民居。",
        1,
        "县政协委员提案（第8号）",
        "partly",
        "部分采纳。纲要增加了传统村落保护的表述；专项资金由年度预算统筹安排，纲要不列具体金额。",
        "乡村振兴部分增加传统村落保护",
        "",
    ),
    (
        "online",
        "基础设施",
        "建议把县城所有道路都改成双向八车道。",
        1,
        "",
        "declined",
        "不采纳。县城道路等级依据交通量和用地条件确定，全面拓宽既不必要也不经济；纲要已安排重点路段的改造提升。",
        "",
        "交通",
    ),
    (
        "email",
        "重点领域改革",
        "企业家座谈会上多位企业负责人提出：希望缩短工业项目审批时间，推行“拿地即开工”。",
        9,
        "企业家座谈会（2020年12月22日）",
        "adopted",
        "采纳。纲要在营商环境部分增加了推行“拿地即开工”审批模式的内容。",
        "改革部分增加审批改革表述",
        "发展和改革",
    ),
    (
        "online",
        "新型城镇化",
        "希望多建几个口袋公园，老城区几乎没有可以散步的地方。",
        1,
        "",
        "adopted",
        "采纳。纲要增加了“新建改造口袋公园30个以上”的内容。",
        "城乡建设部分增加口袋公园",
        "",
    ),
    (
        "online",
        "新型城镇化",
        "老城区缺少绿地，建议增加口袋公园和街头绿地。",
        1,
        "",
        "",
        "",
        "",
        "",
    ),
    (
        "survey",
        "民生",
        "问卷调查中较多群众希望增加县城优质学位，缓解城区学校大班额。",
        36,
        "网上问卷调查（共收回问卷412份）",
        "reflected",
        "纲要教育部分已安排新建、改扩建城区中小学校，并提出消除大班额的目标。",
        "",
        "教育",
    ),
)
SPAM = "招聘兼职刷单，日结工资，加微信详谈。"


def _chapter(chapters: list[dict], keyword: str) -> dict | None:
    if not keyword:
        return None
    return next(
        (n for n in chapters if n.get("level") == "chapter" and re.search(keyword, n["title"])),
        None,
    )


def _department(plan: Plan, keyword: str):
    from apps.accounts.models import Department

    if not keyword:
        return None
    return Department.objects.filter(county=plan.county, name__contains=keyword).first()


def seed_consultation(plan: Plan, coordinator, adopted: DocumentVersion) -> Consultation:
    """The consultation of the 征求意见稿 (dated December 2020, before the version
    adopted in February), answered and with its feedback notice published."""
    from apps.review.actions import document_snapshot

    outline = plan.outline
    draft = DocumentVersion.objects.create(
        document=outline,
        stage=Document.Stage.CONSULTATION,
        name="征求意见稿",
        created_by=coordinator,
        snapshot=document_snapshot(outline),
    )
    # Frozen before the adopted version (the answers name the adopted one as the
    # revision that took them in).
    DocumentVersion.objects.filter(pk=draft.pk).update(
        created_at=adopted.created_at - datetime.timedelta(days=70)
    )
    draft.refresh_from_db()
    consultation = consultation_publish(
        outline,
        actor=coordinator,
        version=draft,
        topics=default_topics(draft),
        title="《示范县“十四五”规划纲要（征求意见稿）》公开征求意见",
        explanation=EXPLANATION,
        starts_on=STARTS_ON,
        ends_on=ENDS_ON,
        channels=CHANNELS,
    )
    chapters = consultation.chapters()
    tz = timezone.get_current_timezone()
    made = []
    for i, row in enumerate(SUGGESTIONS):
        channel, keyword, text, people, source, *_rest = row
        node = _chapter(chapters, keyword)
        made.append(
            Suggestion.objects.create(
                consultation=consultation,
                node_id=node["id"] if node else None,
                node_title=node["title"] if node else "",
                text=text,
                topic=consultation.topic_for(node),
                channel=channel,
                people=people,
                source=source,
                received_on=STARTS_ON + datetime.timedelta(days=2 + i * 2),
                entered_by=coordinator if channel != "online" else None,
                client="" if channel != "online" else f"demo{i}",
                fingerprint=text_fingerprint(text),
                department=_department(plan, row[8]),
            )
        )
    for i, suggestion in enumerate(made):
        when = datetime.datetime.combine(suggestion.received_on, datetime.time(9 + i % 8, 15))
        Suggestion.objects.filter(pk=suggestion.pk).update(created_at=when.replace(tzinfo=tz))
    spam = Suggestion.objects.create(
        consultation=consultation, text=SPAM, client="demo-spam", fingerprint=text_fingerprint(SPAM)
    )
    suggestion_moderate(spam, actor=coordinator, hide=True, reason="广告")
    # The forum's 托育 wishes go with the first one; the two park wishes are one.
    suggestions_merge(consultation, [made[0].pk, made[1].pk], actor=coordinator)
    suggestions_merge(consultation, [made[8].pk, made[9].pk], actor=coordinator)
    for suggestion, row in zip(made, SUGGESTIONS, strict=True):
        answer, reply, note = row[5], row[6], row[7]
        if not answer:
            continue
        suggestion.refresh_from_db()
        suggestion_answer(
            suggestion,
            actor=coordinator,
            row_version=suggestion.row_version,
            answer=answer,
            answer_text=reply,
            revision=adopted if answer in Suggestion.TAKEN_IN else None,
            revision_note=note,
        )
    # Answered in February 2021, between the consultation and the notice.
    Suggestion.objects.filter(consultation=consultation).exclude(answered_at=None).update(
        answered_at=timezone.make_aware(datetime.datetime(2021, 2, 3, 16, 30), tz)
    )
    Consultation.objects.filter(pk=consultation.pk).update(feedback_intro=INTRO)
    consultation.refresh_from_db()
    published = timezone.make_aware(FEEDBACK_ON, tz)
    consultation.feedback = {**notice_data(consultation), "published_on": "2021-03-05"}
    consultation.feedback_published_at = published
    consultation.feedback_fingerprint = notice_fingerprint(consultation.feedback)
    consultation.save(update_fields=["feedback", "feedback_published_at", "feedback_fingerprint"])
    return consultation
