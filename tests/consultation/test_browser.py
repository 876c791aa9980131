"""问计于民 in a real browser, from publication to the published answers.

示范县's planning office publishes the demo's 征求意见稿; an anonymous reader
selects a passage of a chapter and suggests, leaving a phone number; the office
enters a letter, merges two suggestions and answers them; after the end date it
publishes the feedback notice, whose PDF the worker typesets; the public reads
the notice and downloads the PDF, and the reader's phone number is nowhere public.
"""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.consultation.models import Consultation, Suggestion
from apps.demo.seed import demo_password, seed_demo

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "13700001234"
TITLE = "示范县纲要（征求意见稿）网上征求意见"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The reader below types faster than a person; the minimum fill time is
    # tested on its own (tests/consultation/test_suggest.py).
    settings.PLANNER_SUGGESTION_MIN_SECONDS = 0
    return seed_demo()


def _select(page, needle: str) -> None:
    """Select ``needle`` in the chapter's text, as a reader does with the mouse."""
    page.evaluate(
        """(needle) => {
            const p = [...document.querySelectorAll('.doc-text p')]
                .find(el => el.textContent.includes(needle));
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            let text = walker.nextNode();
            while (text && !text.textContent.includes(needle)) text = walker.nextNode();
            const start = text.textContent.indexOf(needle);
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, start + needle.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        needle,
    )


def test_from_publication_to_the_published_answers(page, login, live_server, worker, shots, demo):
    outline = demo.outline
    # The planning office publishes the demo's 征求意见稿.
    login("planner", demo_password())
    page.goto(reverse("consultation_list", args=[outline.pk]))
    page.click("a:has-text('发布征求意见')")
    page.select_option("select[name=version]", label="征求意见稿")
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=explanation]", "现将纲要征求意见稿全文公布，欢迎提出意见建议。")
    page.fill("textarea[name=channels]", "电子邮箱：ghk@shifan.example.gov.cn")
    page.click("button:has-text('发布')")
    page.wait_for_selector(".alert-success")
    consultation = Consultation.objects.get(title=TITLE)
    assert consultation.version.name == "征求意见稿"
    page.context.clear_cookies()

    # An anonymous reader selects a passage of a chapter and suggests.
    page.goto(reverse("public_county", args=["330999"]))
    page.click(f"a:has-text('{TITLE}')")
    chapter = next(
        n for n in consultation.chapters() if n.get("level") == "section" and "<p>" in n["body"]
    )
    passage = re.sub(r"<[^>]+>", "", chapter["body"].split("</p>")[0])[:12]
    page.goto(reverse("public_chapter", args=[consultation.pk, chapter["id"]]))
    _select(page, passage)
    page.wait_for_selector("[data-suggest-label]:has-text('对所选内容提意见建议')")
    page.click("a[data-suggest-link]")
    assert page.input_value("textarea[name=quote]") == passage
    page.fill("textarea[name=text]", "建议在这一段补充托育服务的具体目标。")
    page.fill("input[name=name]", "王女士")
    page.fill("input[name=contact]", PHONE)
    page.screenshot(path=str(shots / "consultation-suggest.png"), full_page=True)
    page.click("button[type=submit]")
    page.wait_for_url("**/thanks/")
    online = Suggestion.objects.get(consultation=consultation)
    assert online.quote == passage and online.node_id == chapter["id"] and online.contact == PHONE

    # The office enters a letter, merges it with the reader's, answers.
    login("planner", demo_password())
    page.goto(reverse("suggestion_create", args=[outline.pk, consultation.pk]))
    page.select_option("select[name=channel]", "letter")
    page.fill("input[name=source]", "群众来信（12月3日）")
    page.fill("textarea[name=text]", "希望纲要写明每个乡镇都有托育机构。")
    page.fill("input[name=people]", "2")
    page.click("button:has-text('保存')")
    page.wait_for_selector(".alert-success")
    letter = Suggestion.objects.get(consultation=consultation, channel="letter")
    page.goto(reverse("suggestion_list", args=[outline.pk, consultation.pk]))
    page.check(f"#pick-{online.pk}")
    page.check(f"#pick-{letter.pk}")
    page.click("button:has-text('合并为一条')")
    page.wait_for_selector("text=另有 1 条相同意见，共 3 人次")
    page.click(f"#suggestion-{online.pk} a:has-text('查看和答复')")
    page.select_option("select[name=answer]", "adopted")
    page.fill("textarea[name=answer_text]", "采纳，已在民生篇增加托育服务目标。")
    page.fill("input[name=revision_note]", "民生篇增加托育目标")
    page.click("button:has-text('保存答复')")
    page.wait_for_selector(".alert-success")
    page.screenshot(path=str(shots / "consultation-answer.png"), full_page=True)

    # After the end date the office publishes the feedback notice.
    Consultation.objects.filter(pk=consultation.pk).update(
        starts_on=timezone.localdate() - timedelta(days=31),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    page.goto(reverse("consultation_feedback", args=[outline.pk, consultation.pk]))
    page.fill("textarea[name=feedback_intro]", "感谢社会各界的关心和支持。")
    page.click("button:has-text('公开反馈')")
    page.wait_for_selector(".alert-success")
    for _attempt in range(120):
        if page.locator("a:has-text('下载 PDF')").count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    page.screenshot(path=str(shots / "consultation-feedback.png"), full_page=True)
    page.context.clear_cookies()

    # The public reads it and downloads its PDF; the reader's phone is nowhere. (A
    # reader who has not been here: the public pages may be cached for minutes.)
    context = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.goto(reverse("public_consultation", args=[consultation.pk]))
    page.click("a:has-text('意见采纳情况反馈')")
    main = page.inner_text("main")
    assert "建议在这一段补充托育服务的具体目标" in main and "采纳" in main
    assert "（2条相同意见合并）" in main and "3" in main
    page.screenshot(path=str(shots / "consultation-public-feedback.png"), full_page=True)
    with page.expect_download() as download:
        page.click("a:has-text('下载 PDF')")
    assert download.value.suggested_filename == f"{TITLE}采纳情况反馈.pdf"
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = re.sub(r"\s", "", "".join(p.extract_text() for p in pdf.pages))
    assert "采纳，已在民生篇增加托育服务目标" in text and PHONE not in text
    assert "王女士" not in text
    for url in (
        reverse("public_county", args=["330999"]),
        reverse("public_consultation", args=[consultation.pk]),
        reverse("public_chapter", args=[consultation.pk, chapter["id"]]),
        reverse("public_feedback", args=[consultation.pk]),
        reverse("public_thanks", args=[consultation.pk]),
    ):
        page.goto(url)
        assert PHONE not in page.content() and "王女士" not in page.content()
    context.close()
