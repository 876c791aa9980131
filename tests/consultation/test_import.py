"""A questionnaire export read in: its questions recognised as columns, every row
previewed with its result, nothing stored before confirmation, repeats merged,
and a hostile or broken file answered with a message on the same page."""

import io
import re
import zipfile
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.consultation import actions
from apps.consultation.actions import consultation_publish
from apps.consultation.importing import column_of
from apps.consultation.models import Suggestion, SuggestionImport
from apps.review.actions import document_stage_move


@pytest.fixture
def consultation(plan, coordinator):
    version = document_stage_move(plan.outline, actor=coordinator, stage="approach", name="稿")
    today = timezone.localdate()
    return consultation_publish(
        plan.outline,
        actor=coordinator,
        version=version,
        topics=["生态环境", "民生保障"],
        title="公开征求意见",
        explanation="说明",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=10),
    )


def _chapter(consultation):
    return next(n for n in consultation.chapters() if n.get("level") == "chapter")


def _upload(client, consultation, name, data):
    url = reverse("suggestion_import", args=[consultation.document_id, consultation.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("3、您对规划纲要有哪些意见建议？", "text"),
        ("Q5. 您的联系电话（选填）", "contact"),
        ("您的姓名", "name"),
        ("工作单位", "organisation"),
        ("第2题 您的建议主要涉及哪个领域", "topic"),
        ("涉及章节", "chapter"),
        ("提交答卷时间", None),
        ("来自IP", None),
        # The question decides, not what its brackets add or a word it shares.
        ("您对规划的哪些方面有意见建议？", "text"),
        ("您对交通领域有何建议", "text"),
        ("意见建议（请勿填写电话等个人信息）", "text"),
        ("您对本单位所在园区的建议", "text"),
        ("联系方式（便于就您的意见与您联系）", "contact"),
        ("意见类别", "topic"),
    ],
)
def test_questions_are_recognised_as_columns(header, key):
    assert column_of(header) == key


def test_a_gbk_csv_is_previewed_then_imported_once(client, coordinator, consultation):
    chapter = _chapter(consultation)
    earlier, _new = actions.suggestion_submit(
        consultation, node=None, client="x", text="建议加快建设城乡供水一体化工程。"
    )
    rows = [
        [
            "序号",
            "提交答卷时间",
            "1、您的建议涉及哪个领域",
            "2、涉及章节",
            "3、您的意见建议",
            "4、联系电话",
        ],
        [
            "1",
            "2026/11/20 10:00",
            "生态环境",
            chapter["title"],
            "建议增加城市绿道。",
            "13800000001",
        ],
        ["2", "2026/11/20 11:00", "交通", "", "建议加快建设城乡供水一体化工程！", ""],
        ["3", "2026/11/20 12:00", "民生保障", "", "", ""],
        ["4", "2026/11/21 09:00", "民生保障", "", "建议增加城市绿道", ""],
    ]
    data = "\r\n".join(",".join(r) for r in rows).encode("gb18030")
    client.force_login(coordinator)
    response = _upload(client, consultation, "问卷星导出.csv", data)
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "可导入 3 条" in preview and "1 行有错误" in preview
    assert "没有填写意见建议" in preview and "不在本次征求意见的主题中" in preview
    assert Suggestion.objects.count() == 1  # nothing stored yet
    client.post(response.url)
    assert Suggestion.objects.count() == 4
    greenway = Suggestion.objects.get(text="建议增加城市绿道。")
    assert greenway.channel == "survey" and greenway.node_id == chapter["id"]
    assert greenway.topic == "生态环境" and greenway.contact == "13800000001"
    assert Suggestion.objects.get(text="建议增加城市绿道").merged_into == greenway
    assert Suggestion.objects.get(text__endswith="工程！").merged_into == earlier
    # A second confirmation (a double click, the back button) adds nothing.
    response = client.post(response.url, follow=True)
    assert "已经导入过了" in response.content.decode()
    assert Suggestion.objects.count() == 4


def test_an_xlsx_export_with_a_title_row_and_people(client, coordinator, consultation):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["示范县规划纲要问卷调查结果"])
    sheet.append(["姓名", "单位", "意见和建议", "人数"])
    sheet.append(["张三", "某企业", "建议设立产业引导基金。", 5])
    sheet.append(["", "", "建议设立人才公寓。", "很多"])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(coordinator)
    response = _upload(client, consultation, "结果.xlsx", buffer.getvalue())
    record = SuggestionImport.objects.get()
    assert response.url.endswith(f"/import/{record.pk}/")
    preview = client.get(response.url).content.decode()
    assert "人数“很多”不是1到100000之间的整数" in preview
    client.post(response.url)
    fund = Suggestion.objects.get()
    assert fund.people == 5 and fund.name == "张三" and fund.organisation == "某企业"


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", b"0" * (400 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        # The test client sends an empty file as no file at all.
        ("空.csv", b"", "文件是空的|请选择要上传的文件"),
        ("无表头.csv", "姓名,电话\r\n张三,1\r\n".encode(), "没有找到“意见建议”列"),
        ("图片.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "这不是 Excel 表格"),
        ("炸弹.xlsx", _bomb(), "解压"),
        ("文档.docx", b"%PDF-1.7", "PDF"),
        ("乱码.csv", b"\xff\xfe\x00\x00" * 10, "不是 CSV"),
        ("旧版.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "另存为 .xlsx"),
    ],
)
def test_bad_files_are_answered_on_the_page(client, coordinator, consultation, name, data, message):
    client.force_login(coordinator)
    response = _upload(client, consultation, name, data)
    assert response.status_code == 200
    assert re.search(message, response.content.decode())
    assert not SuggestionImport.objects.exists()


def test_too_many_rows_are_refused(client, coordinator, consultation, settings):
    settings.SHEET_IMPORT_MAX_ROWS = 20
    data = ("意见建议\r\n" + "".join(f"第{n}条建议内容\r\n" for n in range(40))).encode()
    client.force_login(coordinator)
    response = _upload(client, consultation, "多.csv", data)
    assert "超过了一次导入的上限" in response.content.decode()


def test_a_hostile_cell_is_shown_as_text(client, coordinator, consultation):
    data = '意见建议,姓名\r\n"<script>alert(1)</script>建议",=HYPERLINK("http://x")\r\n'.encode()
    client.force_login(coordinator)
    response = _upload(client, consultation, "x.csv", data)
    page = client.get(response.url).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_a_tiny_sheet_reaching_the_last_cell_is_refused_before_it_is_laid_out(
    client, coordinator, consultation
):
    """One cell at XFD1048576 in a 5 KB file would make the reader lay out the
    whole sheet (hundreds of gigabytes): refused from the references in the XML."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["意见建议"])
    sheet.append(["建议增加公园。"])
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    assert len(buffer.getvalue()) < 10_000
    client.force_login(coordinator)
    response = _upload(client, consultation, "远.xlsx", buffer.getvalue())
    assert "超过了 200 列的上限" in response.content.decode()
    sheet["XFD1048576"] = None
    sheet["Z1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    response = _upload(client, consultation, "深.xlsx", buffer.getvalue())
    assert "超过了一次导入的上限" in response.content.decode()


def test_an_applied_import_keeps_no_contacts_and_old_previews_go(
    client, coordinator, consultation, settings
):
    from apps.consultation.actions import forget_contacts

    data = "意见建议,联系电话,姓名\r\n建议增加公园。,13800000009,张三\r\n".encode()
    client.force_login(coordinator)
    applied = _upload(client, consultation, "a.csv", data).url
    waiting = _upload(client, consultation, "b.csv", data).url
    client.post(applied)
    record = SuggestionImport.objects.exclude(applied_at=None).get()
    assert "13800000009" not in str(record.result) and "张三" not in str(record.result)
    assert Suggestion.objects.get().contact == "13800000009"
    # A preview nobody confirmed within a day is deleted with its contacts.
    SuggestionImport.objects.filter(applied_at=None).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    forget_contacts(timezone.localdate())
    assert SuggestionImport.objects.count() == 1
    assert client.get(waiting).status_code == 404
