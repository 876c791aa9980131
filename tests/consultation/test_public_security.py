"""The public consultation pages as an attacker on the open internet meets them.

Each test asserts what a reader or an attacker would notice: hostile text that
runs as markup, a policy that lets inline script in, a form that can be posted
from another site or another session, a contact or a draft that leaks, a flood
that shuts everyone out, or a cached page that hands one visitor's cookie or
token to the next. test_suggest.py covers the ordinary hardening (a POST with no
token, a flood by REMOTE_ADDR without a proxy, repeats, robots); this file goes on
from there.
"""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import County
from apps.consultation.actions import consultation_publish
from apps.consultation.models import Consultation, Suggestion
from apps.plans.models import Document, OutlineNode
from apps.review.actions import document_stage_move
from apps.review.models import Opinion

# What an attacker types into every field. The NUL and the escape are what a
# pasted binary or a terminal colour code brings; U+202E turns a line around.
LONG_LINE = '"><svg onload=alert(1)>' * 80
CORPUS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "<svg/onload=alert(1)//",
    "javascript:alert(document.cookie)",
    '<a href="javascript:alert(1)">点此领取补贴</a>',
    "{{ 7|add:7 }}{% debug %}{% csrf_token %}",
    "&lt;script&gt;alert(1)&lt;/script&gt;&#x3C;img src=x onerror=alert(2)&#x3E;",
    "空\x00字符\x07响铃\x1b[31m红字",
    "\u202eexe.txt 反向文字",
    "</textarea></title><script>alert(1)</script>",
    "<iframe src=//evil.example></iframe><style>*{display:none}</style>",
    LONG_LINE,
]
CORPUS_IDS = [
    "script",
    "attribute-breakout",
    "single-quote-svg",
    "svg-onload",
    "javascript-url",
    "javascript-link",
    "template-syntax",
    "entities",
    "control-characters",
    "rtl-override",
    "textarea-breakout",
    "iframe-style",
    "long-line",
]

# Tags no text typed by anyone may become on these pages.
FORBIDDEN_TAGS = {
    "img",
    "svg",
    "math",
    "iframe",
    "frame",
    "object",
    "embed",
    "style",
    "base",
    "video",
    "audio",
    "source",
    "applet",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
# A tag as a browser reads it (quoted values may hold anything), and a handler
# attribute in what is left of it once the quoted values are taken out.
TAG = re.compile(r"""<[a-zA-Z](?:"[^"]*"|'[^']*'|[^'">])*>""")
QUOTED = re.compile(r"""("[^"]*"|'[^']*')""")
HANDLER = re.compile(r"[\s/]on[a-z]+\s*=", re.IGNORECASE)
PROXY = "10.0.0.2"


class Markup(HTMLParser):
    """The elements, scripts and visible text of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.pieces: list[str] = []
        self._script: tuple[dict, list[str]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag == "script":
            self._script = (attributes, [])

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        else:
            self.pieces.append(data)

    @property
    def text(self) -> str:
        return "".join(self.pieces)


def _scheme(value: str) -> str:
    """A URL as a browser reads its scheme: no whitespace or control characters."""
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


def _handlers(html: str) -> list[str]:
    """Tags of the raw page with an on…= attribute outside any quoted value."""
    return [tag for tag in TAG.findall(html) if HANDLER.search(QUOTED.sub('""', tag))]


def assert_inert(html: str, where: str, *, textareas: int = 0) -> Markup:
    """No element, attribute or script on the page came from typed text."""
    lowered = html.lower()
    assert "<script>alert" not in lowered, where
    assert "<img src=x" not in lowered and "<svg" not in lowered, where
    assert not _handlers(html), (where, _handlers(html))
    page = Markup(html)
    for tag, attributes in page.elements:
        assert tag not in FORBIDDEN_TAGS, (where, tag, attributes)
        for name, value in attributes.items():
            assert not name.startswith("on"), (where, tag, name, value)
            if name in URL_ATTRIBUTES:
                scheme = _scheme(value)
                assert not scheme.startswith(("javascript:", "vbscript:", "data:")), (
                    where,
                    tag,
                    name,
                    value,
                )
        if tag == "meta":
            assert set(attributes) <= {"charset", "name", "content"}, (where, attributes)
        if tag == "link":
            assert attributes.get("href", "").startswith("/static/"), (where, attributes)
    assert sum(tag == "textarea" for tag, _attrs in page.elements) == textareas, where
    for attributes, body in page.scripts:
        assert attributes.get("src", "").startswith("/static/") and not body.strip(), (
            where,
            attributes,
            body,
        )
    return page


# Building a consultation -------------------------------------------------------------


def _freeze(plan, coordinator, name="基本思路（征求意见稿）"):
    return document_stage_move(plan.outline, actor=coordinator, stage="approach", name=name)


def _open(plan, coordinator, version=None, days=(-1, 10), **fields) -> Consultation:
    today = timezone.localdate()
    options = {
        "title": "示范县规划纲要公开征求意见",
        "explanation": "现将纲要草案全文公布。",
        "channels": "电子邮箱：ghk@example.gov.cn",
        "topics": ["人口与城镇化", "生态环境"],
        **fields,
    }
    return consultation_publish(
        plan.outline,
        actor=coordinator,
        version=version or _freeze(plan, coordinator),
        starts_on=today + timedelta(days=days[0]),
        ends_on=today + timedelta(days=days[1]),
        **options,
    )


def _form(client, consultation, **query) -> tuple[str, dict]:
    """The form's URL and the hidden fields of a freshly opened page."""
    url = reverse("public_suggest", args=[consultation.pk])
    response = client.get(url, query)
    assert response.status_code == 200
    page = response.content.decode()
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return url, {"started": started, "csrfmiddlewaretoken": token}


def _send(client, consultation, **data):
    url, hidden = _form(client, consultation)
    return client.post(url, {**hidden, "text": "建议加快城乡供水一体化建设。", **data})


@pytest.fixture(autouse=True)
def _no_typing_delay(settings):
    settings.PLANNER_SUGGESTION_MIN_SECONDS = 0


@pytest.fixture
def consultation(plan, coordinator):
    node = plan.outline.nodes.get(key="environment")
    node.set_body("<p>全县常住人口约42万人。</p>")
    node.save()
    return _open(plan, coordinator)


def _chapter_id(consultation, key="environment") -> int:
    return next(n["id"] for n in consultation.chapters() if n["key"] == key)


def _reading_urls(consultation) -> dict[str, str]:
    return {
        "county": reverse("public_county", args=[consultation.county.code]),
        "consultation": reverse("public_consultation", args=[consultation.pk]),
        "chapter": reverse("public_chapter", args=[consultation.pk, _chapter_id(consultation)]),
        "thanks": reverse("public_thanks", args=[consultation.pk]),
    }


# 1. Hostile text through every field ------------------------------------------------


def _without_nul(value: str) -> str:
    # PostgreSQL cannot store a NUL at all; everything else is stored as it came,
    # as older data (from before input was cleaned) may have been.
    return value.replace("\x00", "")


@pytest.mark.parametrize("attack", CORPUS, ids=CORPUS_IDS)
def test_hostile_text_in_any_field_is_shown_as_text_on_every_page(
    client, plan, coordinator, county, attack
):
    """Staff-entered fields (county, document and node titles, a chapter's body
    through the editor, the consultation through its publish form) and every field
    of the public's form carry the attack; every public page and the staff's list
    show it as text, and no page is a 500."""
    County.objects.filter(pk=county.pk).update(name=_without_nul(attack)[:50], government_name="")
    Document.objects.filter(pk=plan.outline.pk).update(title=_without_nul(attack)[:120])
    plan.outline.nodes.update(title=_without_nul(attack)[:120])
    node = plan.outline.nodes.get(key="environment")
    client.force_login(coordinator)
    saved = client.post(
        reverse("node_edit", args=[plan.outline.pk, node.pk]),
        # Markup nested deeper than twenty levels is refused by the editor with a
        # message; 400 characters of the long line stay under that and still attack.
        {"body": f"<p>正文标记</p>{attack[:400]}", "loaded_version": node.version},
    )
    assert saved.status_code == 302
    plan.outline.refresh_from_db()
    version = _freeze(plan, coordinator)
    today = timezone.localdate()
    published = client.post(
        reverse("consultation_create", args=[plan.outline.pk]),
        {
            "version": version.pk,
            "title": attack[:120],
            "explanation": f"起草说明。\n{attack}\n\n{attack}",
            "channels": attack[:2000],
            "topics_text": f"{attack[:30]}\n生态环境",
            "starts_on": (today - timedelta(days=1)).isoformat(),
            "ends_on": (today + timedelta(days=10)).isoformat(),
        },
    )
    assert published.status_code == 302, published.content.decode()[:2000]
    client.logout()
    consultation = Consultation.objects.get()
    assert consultation.title and consultation.topics[0]
    chapter = _chapter_id(consultation)

    # A reader sends the attack in every field of the form, and as the chapter.
    reader = Client(REMOTE_ADDR="198.51.100.7")
    url, hidden = _form(reader, consultation, node=chapter)
    fields = {
        **hidden,
        "quote": attack[:1000],
        "text": f"意见：{attack}"[:2000],
        "topic": consultation.topics[0],
        "name": attack[:50],
        "organisation": attack[:100],
        "contact": attack[:100],
    }
    assert reader.post(url, {**fields, "node": chapter}).status_code == 302
    url, hidden = _form(reader, consultation)
    second = {**fields, **hidden, "node": attack, "text": f"另一条意见：{attack}"[:2000]}
    assert reader.post(url, second).status_code == 302
    suggestions = list(Suggestion.objects.order_by("id"))
    assert len(suggestions) == 2 and suggestions[1].node_id is None
    assert all("\x00" not in s.text for s in suggestions)
    stored = suggestions[0]

    pages = {name: reader.get(url) for name, url in _reading_urls(consultation).items()}
    pages["suggest"] = reader.get(url, {"node": chapter})
    pages["suggest-prefilled"] = reader.get(url, {"quote": attack, "node": attack})
    _url, hidden = _form(reader, consultation)
    pages["suggest-refused"] = reader.post(url, {**fields, **hidden, "text": "短"})
    client.force_login(coordinator)
    staff = reverse("suggestion_list", args=[plan.outline.pk, consultation.pk])
    pages["staff-suggestions"] = client.get(staff, {"show": "all"})
    pages["staff-consultations"] = client.get(reverse("consultation_list", args=[plan.outline.pk]))
    parsed = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        textareas = {"suggest": 2, "suggest-prefilled": 2, "suggest-refused": 2}.get(name, 0)
        parsed[name] = assert_inert(response.content.decode(), name, textareas=textareas)

    # What was typed is there to read, as typed (not run, not dropped, not evaluated).
    county.refresh_from_db()
    snapshot_node = next(n for n in consultation.chapters() if n["id"] == chapter)
    overview = parsed["consultation"].text
    for value in (
        consultation.title,
        consultation.channels,
        consultation.version.snapshot["title"],
        snapshot_node["title"],
        county.issuing_body,
    ):
        assert value in overview, value
    for line in consultation.explanation.splitlines():
        assert line in overview, line
    assert snapshot_node["title"] in parsed["chapter"].text
    assert "正文标记" in parsed["chapter"].text
    assert county.name in parsed["county"].text
    assert consultation.topics[0] in parsed["suggest"].text
    for value in (stored.quote, stored.name, stored.organisation, stored.contact):
        assert value in parsed["staff-suggestions"].text, value
    assert stored.text in parsed["staff-suggestions"].text

    # The office answers with the attack as reply, summary and revision note, and
    # publishes the notice with it as the introduction: the notice, its print
    # version and the office's pages show it as text.
    for suggestion in suggestions:
        answered = client.post(
            reverse("suggestion_detail", args=[plan.outline.pk, consultation.pk, suggestion.pk]),
            {
                "answer": "partly",
                "answer_text": f"理由：{attack}"[:2000],
                "revision_note": attack[:200],
                "summary": attack[:300],
                "row_version": suggestion.row_version,
            },
        )
        assert answered.status_code in (200, 302)
    Consultation.objects.filter(pk=consultation.pk).update(
        starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=1)
    )
    notice = reverse("consultation_feedback", args=[plan.outline.pk, consultation.pk])
    assert client.post(notice, {"feedback_intro": attack[:5000]}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.feedback_published
    office = {
        "staff-detail": client.get(
            reverse("suggestion_detail", args=[plan.outline.pk, consultation.pk, stored.pk])
        ),
        "staff-feedback": client.get(notice),
        "public-feedback": reader.get(reverse("public_feedback", args=[consultation.pk])),
    }
    for name, response in office.items():
        assert response.status_code == 200, name
        textareas = {"staff-detail": 2, "staff-feedback": 1}.get(name, 0)
        assert_inert(response.content.decode(), name, textareas=textareas)
    # The statistics draw SVG of their own; what was typed is none of it.
    stats = client.get(reverse("consultation_statistics", args=[plan.outline.pk, consultation.pk]))
    html = stats.content.decode()
    assert stats.status_code == 200 and "<script>alert" not in html.lower()
    assert not _handlers(html) and "<img src=x" not in html.lower()
    printed = render_to_string(
        "consultation/feedback_print.html",
        {"notice": consultation.feedback, "stylesheet_url": "/static/exports/print.css"},
    )
    assert "理由：" in assert_inert(printed, "feedback-print").text


# A NUL, an escape or a bidi override anywhere a reader can put one: never a 500.
CONTROL_PATHS = [
    "/public/counties/%00/",
    "/public/counties/330999%00/",
    "/public/counties/%1B%5B31m/",
    "/public/counties/%E2%80%AE999033/",
]


@pytest.mark.parametrize("path", CONTROL_PATHS)
def test_a_control_character_in_the_county_address_is_a_404_not_a_500(consultation, path):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 404


def test_control_characters_in_queries_and_posts_are_never_a_500(consultation, plan, coordinator):
    reader = Client(raise_request_exception=False)
    hostile = "\x00\x07\x1b[0m\u202e\ufeff"
    chapter = _chapter_id(consultation)
    for name, response in {
        "county": reader.get(_reading_urls(consultation)["county"], {"q": hostile}),
        "chapter": reader.get(_reading_urls(consultation)["chapter"], {"q": hostile}),
        "suggest": reader.get(
            reverse("public_suggest", args=[consultation.pk]),
            {"node": hostile, "quote": hostile},
        ),
    }.items():
        assert response.status_code == 200, name
    url, hidden = _form(reader, consultation, node=chapter)
    posted = reader.post(
        url,
        {
            **hidden,
            "node": f"{chapter}\x00",
            "text": "建议\x00补充\x1b[31m流动人口\u202e数据。",
            "name": "王\x00女士",
            "contact": "138\x000000\u202e0000",
        },
    )
    assert posted.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.text == "建议补充[31m流动人口数据。"
    assert suggestion.contact == "13800000000"
    staff = Client(raise_request_exception=False)
    staff.force_login(coordinator)
    listing = staff.get(
        reverse("suggestion_list", args=[plan.outline.pk, consultation.pk]), {"show": hostile}
    )
    assert listing.status_code == 200


# 2. The content security policy -----------------------------------------------------


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def test_every_public_page_is_under_a_strict_policy_with_no_inline_script(
    consultation, plan, coordinator, settings
):
    ended = _open(plan, coordinator, consultation.version, days=(-30, -2), title="已截止")
    reader = Client(raise_request_exception=False)
    responses = {name: reader.get(url) for name, url in _reading_urls(consultation).items()}
    url, hidden = _form(reader, consultation)
    responses["suggest"] = reader.get(url)
    responses["suggest-refused"] = reader.post(url, {**hidden, "text": "短"})
    responses["suggest-closed"] = reader.get(reverse("public_suggest", args=[ended.pk]))
    responses["not-found"] = reader.get(reverse("public_consultation", args=[ended.pk + 99]))
    settings.PLANNER_SUGGESTIONS_PER_ADDRESS = 0
    responses["throttled"] = reader.post(url, {**hidden, "text": "被限流的意见建议。"})
    assert responses["suggest-closed"].status_code == 403
    assert responses["not-found"].status_code == 404
    assert responses["throttled"].status_code == 429
    for name, response in responses.items():
        policy = _policy(response)
        assert policy, f"{name}: no Content-Security-Policy header"
        scripts = policy.get("script-src", policy.get("default-src"))
        assert scripts, name
        for source in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
            assert source not in scripts, (name, source, scripts)
        assert policy.get("object-src") == ["'none'"], name
        assert policy.get("frame-ancestors") == ["'none'"], name
        assert "base-uri" in policy, name
        assert "'unsafe-inline'" not in policy.get("style-src", []), name
        html = response.content.decode()
        page = Markup(html)
        nonces = [w.removeprefix("'nonce-").rstrip("'") for w in scripts if w.startswith("'nonce-")]
        for attributes, body in page.scripts:
            assert attributes.get("src") and not body.strip(), (name, attributes, body)
            if "nonce" in attributes:
                # Header and page agree: a cache that keeps the one keeps the other.
                assert attributes["nonce"] in nonces, (name, attributes)
        for tag, attributes in page.elements:
            assert not any(a.startswith("on") for a in attributes), (name, tag, attributes)
            # A style attribute is refused by style-src without 'unsafe-inline':
            # the page would show unstyled to every reader.
            assert "style" not in attributes, (name, tag, attributes)
            if tag == "style":
                assert attributes.get("nonce") in nonces, (name, attributes)
        assert not _handlers(html), name


# 3. CSRF for a form anyone may post ------------------------------------------------


def test_a_token_from_another_session_is_refused(consultation):
    attacker = Client(enforce_csrf_checks=True)
    _url, planted = _form(attacker, consultation)
    reader = Client(enforce_csrf_checks=True)
    url, hidden = _form(reader, consultation)
    text = "建议增加公交线路。"
    refused = reader.post(
        url, {**hidden, "csrfmiddlewaretoken": planted["csrfmiddlewaretoken"], "text": text}
    )
    assert refused.status_code == 403
    assert "页面已过期" in refused.content.decode()
    # A browser with no cookie at all, handed the attacker's token.
    stranger = Client(enforce_csrf_checks=True)
    assert stranger.post(url, {**planted, "text": text}).status_code == 403
    assert not Suggestion.objects.exists()
    # The reader's own token from the page goes through.
    accepted = reader.post(url, {**hidden, "text": text})
    assert accepted.status_code == 302
    assert Suggestion.objects.get().text == text


def test_a_post_from_another_site_is_refused_even_with_a_valid_token(consultation):
    reader = Client(enforce_csrf_checks=True)
    url, hidden = _form(reader, consultation)
    forged = reader.post(
        url, {**hidden, "text": "跨站提交的意见建议。"}, HTTP_ORIGIN="https://evil.example"
    )
    assert forged.status_code == 403
    assert not Suggestion.objects.exists()
    same_site = reader.post(
        url, {**hidden, "text": "本站提交的意见建议。"}, HTTP_ORIGIN="http://testserver"
    )
    assert same_site.status_code == 302
    assert Suggestion.objects.count() == 1


def test_a_form_of_one_consultation_cannot_be_replayed_on_another(consultation, plan, coordinator):
    other = _open(plan, coordinator, consultation.version, title="另一次征求意见")
    reader = Client(enforce_csrf_checks=True)
    _url, hidden = _form(reader, other)
    url = reverse("public_suggest", args=[consultation.pk])
    response = reader.post(url, {**hidden, "text": "借另一张表提交的意见。"})
    assert response.status_code == 200
    assert "刷新页面后重新提交" in response.content.decode()
    assert not Suggestion.objects.exists()


# 4. Nothing private on a public page -----------------------------------------------


def _all_public_pages(client, consultation) -> dict[str, str]:
    pages = {}
    for name, url in _reading_urls(consultation).items():
        pages[name] = client.get(url)
    for node in consultation.chapters():
        pages[f"chapter-{node['id']}"] = client.get(
            reverse("public_chapter", args=[consultation.pk, node["id"]])
        )
    pages["suggest"] = client.get(reverse("public_suggest", args=[consultation.pk]))
    for name, response in pages.items():
        assert response.status_code == 200, name
    return {name: response.content.decode() for name, response in pages.items()}


def test_public_pages_show_the_frozen_text_and_nothing_private(
    client,
    plan,
    coordinator,
    drafter,
    reviewer,
    edu_department,
    other_plan,
    outsider,
):
    for user, name in (
        (coordinator, "统筹员王某某"),
        (drafter, "起草人李某某"),
        (reviewer, "审核人赵某某"),
    ):
        user.display_name = name
        user.save(update_fields=["display_name"])
    node = plan.outline.nodes.get(key="environment")
    node.lead_department = edu_department
    node.save(update_fields=["lead_department"])
    guidance = node.guidance
    assert guidance
    client.force_login(drafter)
    saved = client.post(
        reverse("node_edit", args=[plan.outline.pk, node.pk]),
        {"body": "<p>公开文本：全县常住人口约42万人。</p>", "loaded_version": node.version},
    )
    assert saved.status_code == 302
    client.logout()
    Opinion.objects.create(
        document=plan.outline,
        node=node,
        author=reviewer,
        stage=plan.outline.stage,
        quote="全县常住人口约42万人",
        text="内部会签意见：专项债额度存疑，请核减。",
    )
    consultation = _open(plan, coordinator)
    theirs = other_plan.outline.nodes.get(key="environment")
    theirs.set_body("<p>邻县文本：产业园区选址在东山。</p>")
    theirs.save()
    their_consultation = _open(other_plan, outsider, title="邻县规划纲要公开征求意见")

    # The live draft moves on after freezing.
    node.refresh_from_db()
    node.set_body("<p>内部讨论稿：人口数据待统计局核实。</p>")
    node.save()
    plan.outline.nodes.filter(key="vision").update(title="内部标题：待领导审定")
    Document.objects.filter(pk=plan.outline.pk).update(title="内部文件名称：送审稿")
    added = OutlineNode.objects.create(
        document=plan.outline,
        plan=plan,
        level=OutlineNode.Level.CHAPTER,
        title="新增内部章节",
        position=999,
    )

    # Many readers leave their names and contacts.
    contacts = []
    for n in range(25):
        reader = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        contact = f"1390000{n:04d}"
        contacts += [contact, f"reader{n}@mail.example", f"读者{n}号"]
        response = _send(
            reader,
            consultation,
            text=f"第{n}条意见：建议增加公交线路。",
            name=f"读者{n}号",
            organisation=f"读者单位{n}号",
            contact=f"{contact} reader{n}@mail.example",
        )
        assert response.status_code == 302
    assert Suggestion.objects.filter(consultation=consultation).count() == 25
    # They are kept, for the planning office to see.
    client.force_login(coordinator)
    office = client.get(reverse("suggestion_list", args=[plan.outline.pk, consultation.pk]))
    assert all(contact in office.content.decode() for contact in contacts)
    client.logout()

    pages = _all_public_pages(Client(), consultation)
    secret = [
        "内部讨论稿",
        "内部标题",
        "内部文件名称",
        "新增内部章节",
        "内部会签意见",
        "专项债额度存疑",
        guidance[:30],
        "邻县文本",
        "产业园区选址",
        their_consultation.title,
        "统筹员王某某",
        "起草人李某某",
        "审核人赵某某",
        "教育局",
        "财政局",
        "读者单位",
        "第0条意见",
        *contacts,
    ]
    for name, html in pages.items():
        for text in secret:
            assert text not in html, (name, text)
        for username in (coordinator.username, drafter.username, reviewer.username):
            assert re.search(rf"(?<![\w/.-]){re.escape(username)}(?![\w/.-])", html) is None, (
                name,
                username,
            )
    assert "公开文本：全县常住人口约42万人" in pages[f"chapter-{node.pk}"]
    # The issuer is named, as the page says who published it.
    assert "示范县人民政府" in pages["consultation"]

    # A chapter added after freezing, or the neighbour's, is not there, and as the
    # form's chapter it reads as the whole plan.
    reader = Client()
    for foreign in (added.pk, theirs.pk, _chapter_id(their_consultation, "vision")):
        url = reverse("public_chapter", args=[consultation.pk, foreign])
        assert reader.get(url).status_code == 404
        form = reader.get(reverse("public_suggest", args=[consultation.pk]), {"node": foreign})
        text = form.content.decode()
        assert "对规划纲要提意见建议" in text and "新增内部章节" not in text
    assert "邻县" not in text


def test_staff_pages_send_anonymous_readers_to_sign_in(consultation, plan):
    suggestion = Suggestion.objects.create(
        consultation=consultation, text="一条意见。", contact="13800000000", fingerprint="x"
    )
    reader = Client()
    document = plan.outline.pk
    login = reverse("login")
    for url in (
        reverse("consultation_list", args=[document]),
        reverse("consultation_create", args=[document]),
        reverse("suggestion_list", args=[document, consultation.pk]),
        reverse("suggestion_list", args=[document, consultation.pk]) + "?show=all",
    ):
        response = reader.get(url)
        assert response.status_code == 302 and response.url.startswith(login), url
        assert "13800000000" not in response.content.decode()
    hide = reverse("suggestion_hide", args=[document, consultation.pk, suggestion.pk])
    response = reader.post(hide, {"hide": "1", "reason": "匿名者屏蔽"})
    assert response.status_code == 302 and response.url.startswith(login)
    suggestion.refresh_from_db()
    assert not suggestion.hidden


def test_another_countys_staff_cannot_reach_the_suggestions(
    client, consultation, plan, other_plan, outsider
):
    Suggestion.objects.create(
        consultation=consultation, text="一条意见。", contact="13800000000", fingerprint="x"
    )
    client.force_login(outsider)
    # Through their own plan's address with this consultation's number ...
    mine = client.get(reverse("suggestion_list", args=[other_plan.outline.pk, consultation.pk]))
    assert mine.status_code == 404
    # ... or through this plan's address.
    ours = client.get(reverse("suggestion_list", args=[plan.outline.pk, consultation.pk]))
    assert ours.status_code in (403, 404)
    assert "13800000000" not in mine.content.decode() + ours.content.decode()


def test_a_consultation_not_yet_started_is_not_there_at_all(plan, coordinator):
    upcoming = _open(plan, coordinator, days=(2, 30), title="尚未开始的征求意见")
    chapter = _chapter_id(upcoming)
    reader = Client()
    for url in (
        reverse("public_consultation", args=[upcoming.pk]),
        reverse("public_chapter", args=[upcoming.pk, chapter]),
        reverse("public_suggest", args=[upcoming.pk]),
        reverse("public_thanks", args=[upcoming.pk]),
    ):
        assert reader.get(url).status_code == 404, url
    posted = reader.post(reverse("public_suggest", args=[upcoming.pk]), {"text": "抢先的意见。"})
    assert posted.status_code == 404
    assert not Suggestion.objects.exists()
    county = reader.get(reverse("public_county", args=[plan.county.code])).content.decode()
    assert "尚未开始的征求意见" not in county


# 5. Floods ---------------------------------------------------------------------------


def _from(address: str, forwarded: str | None = None) -> Client:
    """A browser behind the site's one reverse proxy, which appends the address it
    received the request from (``address``) to what the browser sent."""
    chain = f"{forwarded}, {address}" if forwarded else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


def test_behind_the_proxy_a_flood_from_one_address_gets_a_chinese_429(consultation, settings):
    settings.PLANNER_TRUSTED_PROXY_COUNT = 1
    settings.PLANNER_SUGGESTIONS_PER_ADDRESS = 3
    flood = _from("203.0.113.7")
    for n in range(3):
        assert _send(flood, consultation, text=f"第{n}条不同的意见建议。").status_code == 302
    refused = _send(flood, consultation, text="第四条意见建议。")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "提交过于频繁，请稍后再试" in page and "分钟内" in page
    assert refused["Content-Type"].startswith("text/html")
    window = settings.PLANNER_SUGGESTION_WINDOW_SECONDS
    assert refused["Retry-After"] == str(window) and window > 0
    assert "no-store" in refused["Cache-Control"]
    assert Suggestion.objects.count() == 3
    # Another reader behind the same proxy still gets in.
    assert _send(_from("198.51.100.20"), consultation, text="另一位读者的意见。").status_code == 302
    assert Suggestion.objects.count() == 4


def test_behind_the_proxy_a_forged_hop_does_not_change_the_address(consultation, settings):
    settings.PLANNER_TRUSTED_PROXY_COUNT = 1
    settings.PLANNER_SUGGESTIONS_PER_ADDRESS = 1
    assert _send(_from("203.0.113.7"), consultation, text="第一条意见建议。").status_code == 302
    for n, forged in enumerate(("10.9.8.1", "198.51.100.20", "unknown", "203.0.113.8, 1.1.1.1")):
        attempt = _send(_from("203.0.113.7", forged), consultation, text=f"伪造地址{n}的意见。")
        assert attempt.status_code == 429, forged
    # The reader whose address was forged into the header was not charged for it.
    assert _send(_from("198.51.100.20"), consultation, text="真实读者的意见。").status_code == 302
    assert Suggestion.objects.count() == 2


def test_the_limit_per_consultation_holds_across_addresses(
    consultation, plan, coordinator, settings
):
    settings.PLANNER_TRUSTED_PROXY_COUNT = 1
    settings.PLANNER_SUGGESTIONS_PER_CONSULTATION = 3
    for n in range(3):
        sent = _send(_from(f"198.51.100.{n + 1}"), consultation, text=f"第{n}位读者的意见。")
        assert sent.status_code == 302
    refused = _send(_from("198.51.100.50"), consultation, text="第四位读者的意见。")
    assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()
    assert Suggestion.objects.count() == 3
    # Another consultation keeps its own count.
    other = _open(plan, coordinator, consultation.version, title="另一次征求意见")
    assert _send(_from("198.51.100.50"), other, text="另一次的意见。").status_code == 302


def test_a_flood_from_one_address_does_not_use_up_everyone_elses_share(consultation, settings):
    """One address refused for flooding keeps posting; what it is refused must not
    count against the consultation, or one machine shuts the form for everyone."""
    settings.PLANNER_TRUSTED_PROXY_COUNT = 1
    settings.PLANNER_SUGGESTIONS_PER_ADDRESS = 2
    settings.PLANNER_SUGGESTIONS_PER_CONSULTATION = 5
    flood = _from("203.0.113.7")
    answers = [_send(flood, consultation, text=f"第{n}条刷屏意见。").status_code for n in range(8)]
    assert answers == [302, 302] + [429] * 6
    assert Suggestion.objects.count() == 2
    reader = _send(_from("198.51.100.20"), consultation, text="一位普通读者的意见。")
    assert reader.status_code == 302, "one flooding address shut the form for everyone"


# 6. Cache headers --------------------------------------------------------------------


def _cache_control(response) -> dict[str, str]:
    parts = [p.strip() for p in response.headers.get("Cache-Control", "").split(",") if p.strip()]
    return {name.strip().lower(): value for name, _eq, value in (p.partition("=") for p in parts)}


def test_reading_pages_are_cached_publicly_and_carry_nothing_of_one_visitor(consultation):
    fresh = Client()
    # A visitor who opened the form already holds a CSRF cookie (and may hold a session).
    returning = Client()
    _form(returning, consultation)
    assert django_settings.CSRF_COOKIE_NAME in returning.cookies
    for who, client in (("fresh", fresh), ("returning", returning)):
        for name, url in _reading_urls(consultation).items():
            response = client.get(url)
            where = (who, name)
            assert response.status_code == 200, where
            control = _cache_control(response)
            assert "public" in control and int(control.get("max-age", "0")) > 0, where
            assert not {"private", "no-store", "no-cache"} & set(control), where
            assert "Cookie" in response.headers.get("Vary", ""), where
            # A shared cache would hand any cookie set here to the next reader.
            assert not response.cookies, (where, list(response.cookies))
            assert "Set-Cookie" not in response.headers, where
            html = response.content.decode()
            assert "csrfmiddlewaretoken" not in html and "csrftoken" not in html, where


def test_a_signed_in_member_of_staff_gets_no_publicly_cacheable_copy(consultation, coordinator):
    """A staff member reading the public page gets their session cookie refreshed;
    a response carrying it must never be one a shared cache may keep."""
    client = Client()
    client.force_login(coordinator)
    for name, url in _reading_urls(consultation).items():
        # Last seen two minutes ago: this request writes the session again.
        session = client.session
        session["_seen_at"] = int(timezone.now().timestamp()) - 120
        session.save()
        response = client.get(url)
        assert django_settings.SESSION_COOKIE_NAME in response.cookies, name
        control = _cache_control(response)
        assert "public" not in control, (name, control)
        assert {"private", "no-store"} <= set(control), (name, control)


def test_the_suggestion_form_and_its_answers_are_never_cached(consultation, settings):
    reader = Client()
    url, hidden = _form(reader, consultation)
    responses = {
        "form": reader.get(url),
        "refused": reader.post(url, {**hidden, "text": "短"}),
        "sent": reader.post(url, {**hidden, "text": "一条完整的意见建议。"}),
    }
    settings.PLANNER_SUGGESTIONS_PER_ADDRESS = 0
    responses["throttled"] = reader.post(url, {**hidden, "text": "又一条意见建议。"})
    assert [r.status_code for r in responses.values()] == [200, 200, 302, 429]
    for name, response in responses.items():
        control = _cache_control(response)
        assert {"no-cache", "no-store", "must-revalidate", "private"} <= set(control), name
        assert control.get("max-age") == "0" and "public" not in control, name
        assert "Expires" in response.headers, name
