"""What a printed outline says, read from real PDFs: its dates, its title, what a
draft shows of unwritten nodes, the annex tables and their notes, the 专栏 titles."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from apps.exports.render import render_pdf
from apps.plans.models import Document
from apps.plans.periods import outline_title
from tests import factories as f


def _pages(document) -> list[str]:
    reader = PdfReader(io.BytesIO(render_pdf(document).pdf))
    return [re.sub(r"\s", "", page.extract_text()) for page in reader.pages]


def _write(plan, key: str, text: str) -> None:
    node = f.node(plan, key)
    node.set_body(f"<p>{text}</p>")
    node.save()


@pytest.fixture
def written(plan):
    _write(plan, "environment", "全县地区生产总值达到430亿元。")
    return plan


def test_the_cover_carries_the_drafts_date_not_the_day_of_the_export(written):
    document = written.outline
    document.stage_dates = {document.stage: "2020-08-20"}
    document.save()
    cover = _pages(document)[0]
    assert "二〇二〇年八月" in cover
    today = date.today()
    assert f"{today.month}月" not in cover.replace("八月", "")


def test_an_adopted_outline_prints_the_approval_date_and_the_approval_line(written):
    document = written.outline
    document.stage = Document.Stage.ADOPTED
    document.stage_dates = {Document.Stage.ADOPTED: "2021-03-02"}
    document.approved_on = date(2021, 2, 26)
    document.approved_by = "示范县第十八届人民代表大会第五次会议"
    document.save()
    cover = _pages(document)[0]
    assert "（二〇二一年二月二十六日示范县第十八届人民代表大会第五次会议批准）" in cover
    assert cover.endswith("二〇二一年二月")
    assert "审议通过" not in cover


def test_a_draft_without_the_meeting_has_no_approval_line(written):
    document = written.outline
    document.approved_on = date(2021, 2, 26)
    document.save()
    assert "批准）" not in _pages(document)[0]


def test_the_period_decides_whether_the_title_names_the_vision():
    assert outline_title("示范县", 2025, 2035) == (
        "示范县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
    )
    assert outline_title("示范县", 2030, 2035) == "示范县国民经济和社会发展第十五个五年规划纲要"


def test_a_coordinators_title_is_printed_as_written(written):
    document = written.outline
    document.title = "示范县“十四五”发展规划纲要"
    document.save()
    assert "示范县“十四五”发展规划纲要" in _pages(document)[0]


def test_a_draft_marks_unwritten_nodes_or_leaves_them_out(written):
    document = written.outline
    marked = "".join(_pages(document))
    assert "（待起草）" in marked
    assert "“十四五”时期发展环境全县地区生产总值达到430亿元" in marked
    assert "第二章使命担当与发展定位" in marked

    document.empty_nodes = Document.EmptyNodes.OMIT
    document.save()
    left_out = "".join(_pages(document))
    assert "（待起草）" not in left_out
    # The written section and the chapter and part above it stay; the rest go.
    assert "第一篇开启全面建设社会主义现代化新征程" in left_out
    assert "第一章发展基础与发展环境" in left_out
    assert "使命担当与发展定位" not in left_out


def test_an_adopted_outline_never_prints_unwritten_nodes(written):
    document = written.outline
    document.stage = Document.Stage.ADOPTED
    document.save()
    text = "".join(_pages(document))
    assert "（待起草）" not in text and "使命担当与发展定位" not in text


def test_annex_tables_without_rows_are_not_printed(written):
    text = "".join(_pages(written.outline))
    assert "合计（0项）" not in text
    assert "重大项目表" not in text and "附表" not in text


def test_the_indicator_table_prints_each_indicators_note_and_the_coordinators(written):
    f.IndicatorFactory(plan=written, name="能源综合生产能力", note="含可再生能源发电折标煤量。")
    document = written.outline
    document.indicator_notes = "数据来源：县统计局。"
    document.save()
    text = "".join(_pages(document))
    assert "能源综合生产能力：含可再生能源发电折标煤量。" in text
    assert "数据来源：县统计局。" in text
    # The 主要目标 section points to the annex.
    assert "“十四五”时期经济社会发展主要指标见附表1。" in text


def test_the_indicator_table_may_be_a_box_in_the_targets_section(written):
    f.IndicatorFactory(plan=written, name="地区生产总值")
    document = written.outline
    document.indicators_placement = Document.IndicatorsPlacement.BOX
    document.save()
    pages = _pages(document)
    text = "".join(pages)
    assert "专栏1“十四五”时期经济社会发展主要指标" in text
    assert "附表1" not in text
    box_page = next(p for p in pages if "专栏1" in p)
    assert "地区生产总值" in box_page and "预期性" in box_page


def test_box_titles_come_from_the_node(written):
    f.MajorProjectFactory(plan=written, name="智能农机装备产业园")
    node = f.node(written, "task_industry")
    text = "".join(_pages(written.outline))
    assert f"专栏1{node.title}重大工程" in text
    node.box_title = "现代产业体系重点项目"
    node.save()
    assert "专栏1现代产业体系重点项目" in "".join(_pages(written.outline))


def test_the_outline_opens_with_a_preface_and_closes_with_a_call(written):
    _write(written, "preface", "本纲要依据县委的建议编制。")
    _write(written, "closing", "全县上下团结奋斗。")
    document = written.outline
    document.empty_nodes = Document.EmptyNodes.OMIT
    document.save()
    text = "".join(_pages(document))
    body = text[text.index("序言本纲要依据县委的建议编制") :]
    assert body.index("第一篇") < body.index("第一章") < body.index("结束语全县上下团结奋斗")
    # Neither is numbered, in the body or in the contents.
    assert "第一章序言" not in text and "第一篇序言" not in text


def test_a_body_of_empty_paragraphs_counts_as_unwritten(written):
    node = f.node(written, "mission")
    node.set_body("<p> </p><p></p>")
    node.save()
    document = written.outline
    document.empty_nodes = Document.EmptyNodes.OMIT
    document.save()
    assert "使命角色与功能定位" not in "".join(_pages(document))


def test_a_box_longer_than_a_page_goes_on_under_its_continuation_title(written):
    for n in range(1, 41):
        f.MajorProjectFactory(
            plan=written, name=f"重点项目{n}", content_scale="建设内容和规模的说明" * 4
        )
    pages = _pages(written.outline)
    title = next(i for i, p in enumerate(pages) if "专栏1" in p and "重大工程" in p)
    continued = [i for i, p in enumerate(pages) if "专栏1（续）" in p]
    assert continued and continued[0] == title + 1
    assert continued == list(range(title + 1, continued[-1] + 1))
    for index in continued:
        # The page goes on where the last one stopped.
        before = [int(n) for n in re.findall(r"重点项目(\d+)：", pages[index - 1])]
        here = [int(n) for n in re.findall(r"重点项目(\d+)：", pages[index])]
        assert here[0] == before[-1] + 1
    assert "重点项目40：" in "".join(pages)
    # The title zone of the first page is not labelled 续.
    assert "专栏1（续）" not in pages[title]
