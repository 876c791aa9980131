"""A questionnaire export read in (问卷星, 腾讯问卷, a department's own sheet):
each row a suggestion.

The file is .xlsx (read by python-calamine after the same package checks as
every spreadsheet the app reads: size, zip bomb, encryption, the sheets' extent;
an .xls or .ods, whose extent cannot be checked first, is asked to be saved as
.xlsx) or .csv
(UTF-8 or GB18030, as Excel and WPS save it). The questionnaire's headers are
questions (“3、您对规划有哪些意见建议？”), so columns are recognised by words in
the header, not by exact names. Nothing is written before the preview is
confirmed; the rows are kept as plain JSON on ``SuggestionImport`` in between.
"""

import csv
import io
import re
import unicodedata
import zipfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, PasswordError

from apps.consultation.actions import text_fingerprint
from apps.consultation.models import Suggestion, SuggestionImport
from apps.core.activity import log_activity
from apps.core.cells import blank, text
from apps.exports.excel.reader import SheetFileError, check_package

HEADER_SCAN = 10
MAX_COLUMNS = 200

# Which words in a header make it which column. The question's words decide,
# not what its brackets add (“意见建议（请勿填写电话）” is the suggestion,
# “联系方式（便于就您的意见联系您）” the contact); a question about 意见/建议 is the
# suggestion unless it asks for its 主题/类别 or which 领域/方面 it 涉及.
_BRACKETED_RE = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")
_OPINION_RE = re.compile(r"意见|建议|留言|想法")
COLUMNS = (
    ("contact", re.compile(r"联系方式|联系电话|电话|手机|邮箱|e-?mail|微信|qq")),
    ("name", re.compile(r"姓名|名字|称呼")),
    ("people", re.compile(r"人数|人次")),
    ("chapter", re.compile(r"章节|篇章|涉及内容|对应章节")),
    ("topic", re.compile(r"主题|类别|分类|涉及.{0,8}(领域|方面)|^(领域|方面)")),
    ("text", _OPINION_RE),
    ("organisation", re.compile(r"单位|企业|机构|组织")),
)
# Columns a question about 意见/建议 can never be.
_NOT_WITH_OPINION = {"contact", "name", "people", "organisation"}
LABELS = {
    "text": _("意见建议"),
    "topic": _("主题"),
    "chapter": _("涉及章节"),
    "name": _("姓名"),
    "organisation": _("单位"),
    "contact": _("联系方式"),
    "people": _("人数"),
}
_NUMBERING_RE = re.compile(r"^\s*(?:第?\s*[QqＱ]?\d+\s*[题、.．:：)）]|[（(]\d+[)）])\s*")


def column_of(header) -> str | None:
    value = unicodedata.normalize("NFKC", text(header)).lower()
    value = _BRACKETED_RE.sub("", _NUMBERING_RE.sub("", value)).strip()
    if not value:
        return None
    about_opinions = bool(_OPINION_RE.search(value))
    for key, pattern in COLUMNS:
        if about_opinions and key in _NOT_WITH_OPINION:
            continue
        if pattern.search(value):
            return key
    return None


def _sheet_rows(data: bytes) -> list[list]:
    # Only .xlsx: its sheets' extent is checked before calamine lays them out
    # (check_package); an .xls or .ods cannot be, so it is asked to be saved again.
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise SheetFileError(
            _("这是旧版 Excel（.xls）文件。请在 Excel/WPS 中另存为 .xlsx，或导出为 CSV 后上传。")
        )
    check_package(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if "xl/workbook.xml" not in package.namelist():
            raise SheetFileError(
                _("这不是 .xlsx 表格（可能是 .ods）。请另存为 .xlsx，或导出为 CSV 后上传。")
            )
    limit = settings.SHEET_IMPORT_MAX_ROWS
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not book.sheet_names:
            raise SheetFileError(_("文件中没有工作表。"))
        sheet = book.get_sheet_by_index(0)
        rows = []
        for row in sheet.iter_rows():
            rows.append(list(row[:MAX_COLUMNS]))
            if len(rows) > limit + HEADER_SCAN:
                raise SheetFileError(_too_many(limit))
        return rows
    except PasswordError as exc:
        raise SheetFileError(
            _("文件设置了打开密码。请在 Excel/WPS 中取消密码后重新上传。")
        ) from exc
    except SheetFileError:
        raise
    except Exception as exc:  # calamine's errors for a broken file are several kinds
        raise SheetFileError(_("文件已损坏或不是有效的表格，无法读取。")) from exc


def _too_many(limit: int) -> str:
    return _("文件超过 %(n)s 行，超过了一次导入的上限。请分成几个文件导入。") % {"n": limit}


def _csv_rows(data: bytes) -> list[list]:
    if len(data) > settings.SHEET_IMPORT_MAX_BYTES:
        raise SheetFileError(_("文件太大。"))
    if b"\x00" in data[:4096]:
        raise SheetFileError(_("这不是 CSV 文本文件，请上传问卷平台导出的 .csv 或 .xlsx 文件。"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            decoded = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetFileError(_("无法识别文件的文字编码，请另存为 UTF-8 编码的 CSV 或 .xlsx。"))
    limit = settings.SHEET_IMPORT_MAX_ROWS
    rows = []
    try:
        for row in csv.reader(io.StringIO(decoded, newline="")):
            rows.append(row[:MAX_COLUMNS])
            if len(rows) > limit + HEADER_SCAN:
                raise SheetFileError(_too_many(limit))
    except csv.Error as exc:
        raise SheetFileError(
            _("CSV 文件格式有误（单元格内容过长或引号不成对），无法读取。请另存为 .xlsx 后上传。")
        ) from exc
    return rows


def read_questionnaire(data: bytes, filename: str, consultation) -> dict:
    """The rows of the file as suggestions to be, each with what is wrong with it
    (``error``) or the earlier suggestion it repeats (``repeats``)."""
    if not data:
        raise SheetFileError(_("文件是空的。"))
    # A spreadsheet by its content (a workbook named .csv is still a workbook);
    # any other file not named .csv gets the spreadsheet checks' messages (a PDF,
    # a Word file, not a table).
    packaged = data[:2] == b"PK" or data[:4] == b"\xd0\xcf\x11\xe0"
    if packaged or not filename.lower().endswith(".csv"):
        rows = _sheet_rows(data)
    else:
        rows = _csv_rows(data)
    header_index, mapping = _header(rows)
    if "text" not in mapping.values():
        raise SheetFileError(
            _("没有找到“意见建议”列。请确认表头（前%(n)s行之一）有一列的标题含“意见”或“建议”。")
            % {"n": HEADER_SCAN}
        )
    header = rows[header_index]
    chapters = {_plain_title(n["title"]): n for n in consultation.chapters()}
    topics = set(consultation.topics)
    known = _heads(consultation)
    seen: dict[str, int] = {}
    result_rows = []
    for index, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cells = {key: row[col] if col < len(row) else "" for col, key in mapping.items()}
        if all(blank(v) for v in cells.values()):
            continue
        result_rows.append(_row(index, cells, chapters, topics, known, seen))
    return {
        "headers": {key: text(header[col]) for col, key in mapping.items()},
        "ignored": [text(h) for col, h in enumerate(header) if col not in mapping and not blank(h)][
            :50
        ],
        "rows": result_rows,
    }


def _header(rows: list[list]) -> tuple[int, dict[int, str]]:
    best = (0, {})
    for index, row in enumerate(rows[:HEADER_SCAN]):
        mapping: dict[int, str] = {}
        for col, cell in enumerate(row):
            key = column_of(cell)
            if key is not None and key not in mapping.values():
                mapping[col] = key
        if len(mapping) > len(best[1]):
            best = (index, mapping)
    return best


def _plain_title(title: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", title))


def _row(number: int, cells: dict, chapters: dict, topics: set, known: dict, seen: dict) -> dict:
    suggestion = text(cells.get("text", ""))
    row = {
        "row": number,
        "text": suggestion[:2000],
        "topic": "",
        "node": None,
        "chapter": text(cells.get("chapter", ""))[:120],
        "name": text(cells.get("name", ""))[:50],
        "organisation": text(cells.get("organisation", ""))[:100],
        "contact": text(cells.get("contact", ""))[:100],
        "people": 1,
        "error": "",
        "note": "",
        "repeats": None,
    }
    topic = text(cells.get("topic", ""))
    if topic in topics:
        row["topic"] = topic
    elif topic:
        row["note"] = _("主题“%(t)s”不在本次征求意见的主题中，未分类。") % {"t": topic[:30]}
    if row["chapter"]:
        node = chapters.get(_plain_title(row["chapter"]))
        if node is None:
            node = next(
                (
                    n
                    for title, n in chapters.items()
                    if row["chapter"] in title or title in row["chapter"]
                ),
                None,
            )
        row["node"] = node["id"] if node else None
    people = text(cells.get("people", ""))
    if people:
        if people.isdecimal() and 1 <= int(people) <= 100000:
            row["people"] = int(people)
        else:
            row["error"] = _("人数“%(v)s”不是1到100000之间的整数。") % {"v": people[:20]}
    if len(suggestion) < 2:
        row["error"] = _("没有填写意见建议。") if not suggestion else _("意见建议太短。")
    elif len(suggestion) > 2000:
        row["error"] = _("意见建议超过2000字（%(n)s字），请精简后再导入。") % {"n": len(suggestion)}
    if not row["error"]:
        fingerprint = text_fingerprint(suggestion)
        row["fingerprint"] = fingerprint
        if fingerprint in known:
            row["repeats"] = known[fingerprint]
        elif fingerprint in seen:
            row["repeats"] = -seen[fingerprint]  # an earlier row of this file
        else:
            seen[fingerprint] = number
    return row


def _heads(consultation, *, lock: bool = False) -> dict[str, int]:
    """Fingerprint → the first suggestion of the group that said it (locked when
    rows are about to be merged into them, so a concurrent merge waits)."""
    heads = consultation.suggestions.filter(merged_into=None, hidden=False)
    if lock:
        heads = heads.select_for_update()
    return dict(heads.order_by("-created_at", "-id").values_list("fingerprint", "pk"))


def import_apply(record: SuggestionImport, *, actor) -> int:
    """Store the rows of a previewed import (once: a second confirmation finds it
    applied). A text already received, or said twice in the file, is merged into
    the first suggestion that said it, as it stands at confirmation."""
    consultation = record.consultation
    chapters = {n["id"]: n for n in consultation.chapters()}
    today = timezone.localdate()
    with transaction.atomic():
        claimed = SuggestionImport.objects.filter(pk=record.pk, applied_at=None).update(
            applied_at=timezone.now()
        )
        if not claimed:
            return 0
        heads = _heads(consultation, lock=True)

        def build(row) -> Suggestion:
            node = chapters.get(row.get("node"))
            return Suggestion(
                consultation=consultation,
                channel=Suggestion.Channel.SURVEY,
                source=(
                    _("问卷导入：%(name)s 第%(row)s行")
                    % {"name": record.filename, "row": row["row"]}
                )[:200],
                received_on=today,
                entered_by=actor,
                node_id=node["id"] if node else None,
                node_title=node["title"][:120] if node else "",
                text=row["text"],
                topic=row["topic"] or consultation.topic_for(node),
                name=row["name"],
                organisation=row["organisation"],
                contact=row["contact"],
                people=row["people"],
                fingerprint=row["fingerprint"],
                merged_into_id=heads.get(row["fingerprint"]),
            )

        rows = [row for row in record.result.get("rows", []) if not row.get("error")]
        firsts, repeats = [], []
        new_heads: dict[str, Suggestion] = {}
        for row in rows:
            suggestion = build(row)
            if suggestion.merged_into_id is None and row["fingerprint"] not in new_heads:
                new_heads[row["fingerprint"]] = suggestion
                firsts.append(suggestion)
            else:
                repeats.append(suggestion)
        Suggestion.objects.bulk_create(firsts, batch_size=500)
        for suggestion in repeats:
            if suggestion.merged_into_id is None:
                suggestion.merged_into_id = new_heads[suggestion.fingerprint].pk
        Suggestion.objects.bulk_create(repeats, batch_size=500)
        count = len(firsts) + len(repeats)
        # The file's names and contacts now live on the suggestions (and are
        # deleted with them after the retention period); the preview keeps none.
        kept = dict(record.result)
        kept["rows"] = [
            {**row, "name": "", "contact": "", "organisation": ""} for row in kept.get("rows", [])
        ]
        SuggestionImport.objects.filter(pk=record.pk).update(applied_count=count, result=kept)
        log_activity(
            actor,
            "suggestion_import",
            consultation,
            plan_id=consultation.document.plan_id,
            county_id=consultation.document.plan.county_id,
            rows=count,
            file=record.filename,
        )
    return count
