"""Word in and out in a real browser: the demo plan's .docx made by a real worker
and downloaded; a county's Word draft imported through the preview."""

import docx
import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.demo.seed import demo_password, seed_demo
from apps.exports.render import render_pdf
from apps.plans.models import Document, OutlineNode
from tests import factories as f
from tests.exports import word_drafts as drafts

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings, worker):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return f.as_draft(seed_demo())


def test_planner_downloads_the_word_file_of_the_demo_plan(page, login, demo, tmp_path):
    login("planner", demo_password())
    page.goto(reverse("export_list", args=[demo.outline.pk]))
    page.click("button:has-text('生成 Word 文件')")
    page.wait_for_url("**/exports/*/")
    page.locator("a:has-text('下载 Word 文件')").wait_for(timeout=120_000)
    with page.expect_download() as info:
        page.click("a:has-text('下载 Word 文件')")
    download = info.value
    assert download.suggested_filename == f"{demo.outline.title}（前期研究）.docx"
    word = docx.Document(download.path())
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].startswith("第一篇")
    page.screenshot(path=tmp_path / "word-export.png", full_page=True)


@pytest.mark.parametrize("styled", [True, False], ids=["heading-styles", "typed-labels"])
def test_a_county_imports_its_word_draft_into_an_empty_plan(page, login, demo, tmp_path, styled):
    planner = User.objects.get(username="planner")
    plan = f.make_plan(demo.county, planner, base_year=2025, vision_year=2035)
    plan.outline.nodes.all().delete()
    draft = tmp_path / "示范县纲要（讨论稿）.docx"
    draft.write_bytes(
        drafts.styled_draft(picture=True) if styled else drafts.plain_draft(full=True)
    )

    login("planner", demo_password())
    page.goto(reverse("word_import", args=[plan.outline.pk]))
    page.set_input_files("input[type=file]", str(draft))
    page.click("button:has-text('读取并预览')")
    page.wait_for_url("**/import/word/*/")
    table = page.inner_text("table.import-preview")
    assert "发展基础与发展环境" in table and "专栏1" in table
    assert "以下内容不会导入" in page.content()
    page.screenshot(path=tmp_path / "word-preview.png", full_page=True)
    if styled:
        # The indicator table's heading stays out; the rest goes in as proposed.
        assert "图片" in table
        page.select_option("#h6", "skip")
    page.click("button:has-text('确认导入')")
    page.wait_for_url(f"**/plans/{plan.pk}/")
    created = 6 if styled else 4
    assert f"已导入：新建 {created} 个节点" in page.content()
    titles = list(plan.outline.nodes.order_by("pk").values_list("level", "title"))
    expected = [
        (OutlineNode.Level.PART, "开启全面建设社会主义现代化新征程"),
        (OutlineNode.Level.CHAPTER, "发展基础与发展环境"),
    ]
    assert titles[int(styled) : int(styled) + 2] == expected
    page.screenshot(path=tmp_path / "word-imported.png", full_page=True)
    # What was imported prints.
    assert render_pdf(Document.objects.get(pk=plan.outline.pk)).page_count >= 3
