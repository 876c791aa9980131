"""衔接 in a real browser, as the issue's people do it.

示范县's planning office opens a 衔接 round to 示范市; the city's 衔接审核 finds it
from the dashboard, sees the comparison with its flags, reads the version it was
given and leaves an opinion on a passage; the county disposes of it; the city
downloads the package the worker typesets. A reviewer of another city gets 404 on
all of it, and the province sees its three cities' projects added up.
"""

import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from apps.linkage import actions
from apps.review.models import Opinion
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def three_cities(province, other_city, coordinator):
    """Rounds in 远方市 and a third city, so the province has three to add up."""
    third = f.CountyFactory(name="北岭市", code="880300", level="prefecture_city", parent=province)
    for code, name, city in (("880201", "远方县", other_city), ("880301", "北岭县", third)):
        county = f.CountyFactory(name=name, code=code, parent=city)
        plan = f.make_plan(county, coordinator)
        f.MajorProjectFactory(plan=plan, name=f"{name}水库工程", category="water")
        actions.linkage_open(plan.outline, actor=coordinator)
    return third


def test_the_city_reviews_a_county_and_files_the_package(
    page,
    login,
    live_server,
    worker,
    shots,
    county_content,
    city_plan,
    city,
    province,
    coordinator,
    city_reviewer,
    other_city_reviewer,
    province_reader,
    three_cities,
):
    plan = county_content
    node = plan.outline.nodes.get(key="environment")
    node.set_body("<p>全县耕地保有量保持在50万亩以上，粮食产量稳定在30万吨。</p>")
    node.save()

    # The county opens the round from its 上级衔接 page.
    login(coordinator.username, f.PASSWORD)
    page.goto(reverse("plan_overview", args=[plan.pk]))
    page.click("a.nav-link:has-text('上级衔接')")
    page.fill("textarea[name=note]", "请审核本县纲要草案。")
    page.click("button:has-text('冻结当前稿并提交示范市衔接')")
    page.wait_for_url("**/linkages/*/")
    linkage = plan.outline.linkages.get()
    page.context.clear_cookies()

    # The city finds it from the dashboard and sees the flags.
    login(city_reviewer.username, f.PASSWORD)
    page.click("a:has-text('下级规划衔接')")
    page.click("a:has-text('示范县')")
    page.wait_for_url(f"**{reverse('linkage_detail', args=[linkage.pk])}")
    main = page.inner_text("main")
    assert "弱于市级目标" in main and "与分解值不符" in main and "上级清单中没有" in main
    page.screenshot(path=str(shots / "linkage-round.png"), full_page=True)
    page.goto(reverse("division_indicators", args=[city.pk]))
    assert "弱于市级目标" in page.inner_text("main")
    page.screenshot(path=str(shots / "linkage-city-indicators.png"), full_page=True)

    # It reads the version it was given and comments on a passage.
    page.goto(reverse("linkage_read", args=[linkage.pk]))
    page.evaluate(
        """() => {
            const p = [...document.querySelectorAll('.doc-text p')]
                .find(el => el.textContent.includes('耕地保有量'));
            const text = p.firstChild;
            const start = text.textContent.indexOf('耕地保有量');
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, start + '耕地保有量保持在50万亩以上'.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }"""
    )
    page.click("button:has-text('引用所选文字')")
    assert page.input_value("textarea[name=quote]") == "耕地保有量保持在50万亩以上"
    assert page.input_value("select[name=node]") == str(node.pk)
    page.fill("textarea[name=text]", "市里分解给本县的耕地保有量为52万亩，请调整。")
    page.screenshot(path=str(shots / "linkage-read.png"), full_page=True)
    page.click("button:has-text('提交衔接意见')")
    page.wait_for_url("**/linkages/*/#opinion-*")
    opinion = Opinion.objects.get()
    assert opinion.source_division == city and opinion.node == node
    page.context.clear_cookies()

    # The county disposes of it in its ledger.
    login(coordinator.username, f.PASSWORD)
    page.goto(reverse("opinion_list", args=[plan.outline.pk]))
    assert "市里分解给本县的耕地保有量" in page.inner_text("main")
    page.goto(reverse("opinion_dispose", args=[plan.outline.pk, opinion.pk]))
    page.select_option("select[name=disposition]", "adopted")
    page.fill("textarea[name=reason]", "已调整为52万亩。")
    page.click("button:has-text('保存处理结果')")
    page.wait_for_load_state()
    page.context.clear_cookies()

    # The city sees the answer and downloads the package.
    login(city_reviewer.username, f.PASSWORD)
    page.goto(reverse("linkage_detail", args=[linkage.pk]))
    assert "已调整为52万亩" in page.inner_text("main")
    page.click("button:has-text('生成衔接材料 PDF')")
    page.wait_for_selector("a:has-text('下载衔接材料')", timeout=120_000)
    with page.expect_download() as download:
        page.click("a:has-text('下载衔接材料')")
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = re.sub(r"\s", "", "".join(p.extract_text() for p in pdf.pages))
    assert "三、衔接意见及采纳情况" in text and "已调整为52万亩" in text
    package_url = page.url
    page.context.clear_cookies()

    # Another city's reviewer gets 404 on every page of it.
    login(other_city_reviewer.username, f.PASSWORD)
    for url in (
        reverse("linkage_detail", args=[linkage.pk]),
        reverse("linkage_read", args=[linkage.pk]),
        package_url,
        reverse("linkage_document", args=[plan.outline.pk]),
        reverse("plan_overview", args=[plan.pk]),
        reverse("division_linkage", args=[city.pk]),
        reverse("division_projects", args=[city.pk]),
    ):
        assert page.goto(url).status == 404, url
    page.context.clear_cookies()

    # The province adds up its three cities' projects.
    login(province_reader.username, f.PASSWORD)
    page.goto(reverse("division_projects", args=[province.pk]))
    by_city = page.inner_text("#by-place + div")
    for name in ("示范市", "远方市", "北岭市"):
        assert name in by_city
    page.screenshot(path=str(shots / "linkage-province-projects.png"), full_page=True)
