"""An evaluation report exported like the outline: its own cover and title, and the
tables its chapters print computed at export time through the node-key hook."""

import io
import re
from datetime import date

import docx
import pytest
from pypdf import PdfReader

from apps.exports.document import build_document
from apps.exports.fingerprint import document_fingerprint
from apps.exports.render import print_html
from apps.exports.services import export_request
from apps.exports.word.writer import render_docx
from apps.plans import parts
from apps.plans.actions import report_create
from apps.plans.models import Document
from apps.plans.parts import ComputedTable, computed_table, register_computed_table
from tests import factories as f
from tests.plugins.worker import wait_for_job


def _report(plan, user=None) -> Document:
    plan.outline.stage = Document.Stage.ADOPTED
    plan.outline.save()
    return report_create(plan, kind=Document.Kind.MIDTERM, created_by=user)


@pytest.fixture
def report(plan, coordinator):
    f.IndicatorFactory(plan=plan, name="地区生产总值")
    f.IndicatorFactory(plan=plan, name="森林覆盖率", unit="%", baseline_value=60, target_value=62)
    f.MajorProjectFactory(plan=plan, name="智能农机装备产业园", lead_unit="县工信局")
    report = _report(plan, coordinator)
    node = report.nodes.get(key="problems")
    node.set_body("<p>部分约束性指标进度滞后。</p>")
    node.save()
    return report


@pytest.fixture
def registry_restored():
    """Registrations made by a test are undone after it."""
    saved = dict(parts.registry.computed_tables)
    yield
    parts.registry.computed_tables.clear()
    parts.registry.computed_tables.update(saved)


def test_the_report_prints_its_chapters_and_computed_tables(report):
    html = print_html(report, for_browser=True)
    assert "示范县“十四五”规划纲要实施中期评估报告" in html
    assert "（初稿）" in html
    # The indicators chapter prints the table built from the plan's targets.
    table = html[html.index("“十四五”规划主要指标完成情况") :]
    assert "2020年" in table and "2025年目标" in table
    assert "地区生产总值（亿元）" in table and "森林覆盖率（%）" in table
    assert "约束性" in table or "预期性" in table
    assert "智能农机装备产业园" in html[html.index("重大项目建设情况") :]
    assert "县工信局" in html
    # None of the outline's chapters or annexes.
    assert "发展基础与发展环境" not in html and "附表" not in html


def test_the_computed_tables_sit_in_their_chapters(report):
    context = build_document(report)
    by_key = {e.node.key: e for e in context["entries"]}
    indicators = by_key["indicator_progress"].tables[0]
    assert indicators.columns[2:4] == ("2020年", "2025年目标")
    assert indicators.row_count == 2
    assert [row[1] for _heading, rows in indicators.groups for row in rows] == [
        "地区生产总值（亿元）",
        "森林覆盖率（%）",
    ]
    projects = by_key["project_progress"].tables[0]
    assert projects.groups[0][1][0][1:3] == ("智能农机装备产业园", "2021—2024")
    # A chapter with a table is not 待起草 though it has no text yet.
    assert not by_key["indicator_progress"].pending
    assert by_key["overall_summary"].pending


def test_a_registered_table_replaces_the_fallback(report, registry_restored):
    """What the yearly monitoring does (apps/monitoring/report_tables.py): register
    its own table for the key, in place of the plan's targets."""
    from apps.targets.report_tables import indicator_targets_table

    # Back to the fallback alone, as before any content app registers its own.
    parts.registry.computed_tables["indicator_progress"] = parts.ComputedTableSource(
        indicator_targets_table, fallback=True
    )

    def monitored(document):
        return ComputedTable(
            title="主要指标完成情况（监测）",
            columns=("序号", "指标", "2022年实际", "评价"),
            groups=[("", [("1", "地区生产总值", "118", "基本符合预期")])],
        )

    register_computed_table("indicator_progress", monitored)
    # A fallback registered afterwards does not take the key back.
    register_computed_table("indicator_progress", lambda d: None, fallback=True)
    assert computed_table("indicator_progress", report).title == "主要指标完成情况（监测）"
    with pytest.raises(ValueError):
        register_computed_table("indicator_progress", monitored)
    html = print_html(report, for_browser=True)
    assert "基本符合预期" in html
    before = document_fingerprint(report)
    parts.registry.computed_tables["indicator_progress"] = parts.ComputedTableSource(
        lambda d: ComputedTable(
            title="主要指标完成情况（监测）",
            columns=("序号", "指标", "2022年实际", "评价"),
            groups=[("", [("1", "地区生产总值", "121", "快于预期")])],
        )
    )
    # New monitoring figures make a new file.
    assert document_fingerprint(report) != before


def test_the_word_file_carries_the_computed_tables(report):
    word = docx.Document(io.BytesIO(render_docx(report)))
    texts = [p.text for p in word.paragraphs]
    assert "“十四五”规划主要指标完成情况" in texts
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert "地区生产总值（亿元）" in cells and "2025年目标" in cells
    assert "智能农机装备产业园" in cells


def test_a_reported_report_has_the_meetings_line_and_no_stage(report):
    report.stage = Document.Stage.REPORTED
    report.approved_on = date(2023, 10, 26)
    report.approved_by = "示范县第十八届人大常委会第十二次会议"
    report.save()
    html = print_html(report, for_browser=True)
    assert "示范县第十八届人大常委会第十二次会议审议）" in html
    assert "（报送人大常委会）" not in html and "watermark" not in html.split("<body", 1)[1][:400]
    assert "二〇二三年十月" in html


def test_a_frozen_report_keeps_its_figures_in_word(report, coordinator):
    from apps.review.actions import document_stage_move
    from apps.review.models import DocumentVersion
    from apps.targets.models import Indicator

    version = document_stage_move(
        report, actor=coordinator, stage=Document.Stage.CONSULTATION, name="征求意见稿"
    )
    Indicator.objects.filter(plan=report.plan, name="地区生产总值").update(name="GDP")
    from apps.exports.word.writer import render_version_docx

    word = docx.Document(
        io.BytesIO(render_version_docx(DocumentVersion.objects.get(pk=version.pk)))
    )
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert "地区生产总值（亿元）" in cells and "GDP（亿元）" not in cells


@pytest.mark.django_db(transaction=True)
def test_the_report_pdf_renders_through_the_worker(worker, county, coordinator):
    plan = f.make_plan(county, coordinator)
    f.IndicatorFactory(plan=plan, name="地区生产总值")
    report = _report(plan, coordinator)
    job = wait_for_job(export_request(report, coordinator).job)
    assert job.status == "succeeded", job.error
    with job.file.open("rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    pages = [re.sub(r"\s", "", page.extract_text()) for page in reader.pages]
    assert "示范县“十四五”规划纲要实施" in pages[0] and "中期评估报告" in pages[0]
    assert "（初稿）" in pages[0]
    body = "".join(pages[1:])
    assert "第二章主要指标完成情况" in body
    assert "地区生产总值（亿元）" in body


def test_an_outline_under_adjustment_is_a_draft_again_and_final_once_adjusted(plan):
    outline = plan.outline
    outline.approved_on = date(2021, 2, 26)
    outline.approved_by = "示范县第十八届人民代表大会第五次会议"
    outline.stage = Document.Stage.ADJUSTMENT
    outline.stage_dates = {"adjustment": "2023-11-20"}
    outline.save()
    context = build_document(outline)
    assert context["draft"] and context["stage_label"] == "调整稿"
    assert context["cover_date"] == "二〇二三年十一月"
    assert context["approval_line"] is None
    outline.stage = Document.Stage.ADJUSTED
    outline.save()
    context = build_document(outline)
    assert not context["draft"]
    assert context["approval_line"][1] == "示范县第十八届人民代表大会第五次会议批准）"
