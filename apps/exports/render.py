"""Typesetting a plan: print HTML from a Django template, PDF from WeasyPrint.

The same template serves the coordinators' browser preview, ``render_plan --html``
and the PDF, so what is previewed is what is printed.
"""

import base64
import ctypes.util
import hashlib
import io
import logging
import re
import subprocess
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from apps.exports.document import build_document
from apps.exports.fingerprint import render_version
from apps.plans.models import Document

logger = logging.getLogger(__name__)

PRINT_CSS = "exports/print.css"
PROBE_CACHE_SECONDS = 24 * 3600
# The element the body starts with: pages before it are the cover and contents.
BODY_ANCHOR = "body-start"
CJK_FONT_HINT = "apt-get install fonts-noto-cjk"
_PAGE_RE = re.compile(r"Creating layout - Page (\d+)")

Progress = Callable[[int, str], None]


class RenderError(Exception):
    """A failure the user can act on; the message says what to do."""


def cjk_fonts() -> list[str]:
    """Font families fontconfig offers for Simplified Chinese (empty: none installed)."""
    try:
        result = subprocess.run(
            ["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return sorted(
        {line.split(",")[0].strip() for line in result.stdout.splitlines() if line.strip()}
    )


def harfbuzz_subsetter_available() -> bool:
    # Without libharfbuzz-subset WeasyPrint falls back to fontTools, about 4× slower.
    return ctypes.util.find_library("harfbuzz-subset") is not None


def require_cjk_font() -> None:
    if not cjk_fonts():
        raise RenderError(
            _("服务器没有安装中文字体，无法排版PDF。请管理员安装 Noto CJK 字体（%(hint)s）后重试。")
            % {"hint": CJK_FONT_HINT}
        )


def stylesheet_path() -> Path:
    found = finders.find(PRINT_CSS)
    if not found:  # pragma: no cover - the file ships with the project
        raise RenderError(_("找不到排版样式文件 %(name)s。") % {"name": PRINT_CSS})
    return Path(found)


def print_html(
    document: Document, *, for_browser: bool = False, scorecard=None, duplex: bool = False
) -> str:
    """The print HTML. For the browser the stylesheet is a static URL; for files and
    WeasyPrint it is an absolute file URL, so the HTML stands on its own."""
    context = print_context(document, for_browser=for_browser, scorecard=scorecard, duplex=duplex)
    return render_to_string("exports/plan_print.html", context)


def print_context(
    document: Document, *, for_browser: bool = False, scorecard=None, duplex: bool = False
) -> dict:
    context = build_document(document, scorecard=scorecard)
    context["stylesheet_url"] = static(PRINT_CSS) if for_browser else stylesheet_path().as_uri()
    # On paper the annex tables are cut into pages (and 附表2 turned); the browser
    # preview shows each as one table.
    context["paged"] = not for_browser
    context["duplex"] = duplex
    if not for_browser:
        _measure_tables(context)
    if context["draft"]:
        context["watermark_url"] = watermark_data_uri(context["stage_label"])
    return context


def _measure_tables(context: dict) -> None:
    """Lay the annex tables out once on their own and cut them where their pages
    break (apps/exports/paging.py)."""
    from apps.exports import paging

    annexes = context["annexes"]
    indicators = annexes["annex_indicators"].heading if "annex_indicators" in annexes else ""
    projects = annexes["annex_projects"].heading if "annex_projects" in annexes else ""
    if not (indicators or projects):
        return
    html = render_to_string(
        "exports/_annex_probe.html",
        {**context, "probe": True, "indicator_annex": indicators, "project_annex": projects},
    )
    # The same tables (and stylesheet) break in the same places: a worker asked for a
    # plan whose text changed but whose tables did not skips the probe.
    key = "print-probe:" + hashlib.sha256(f"{render_version()}{html}".encode()).hexdigest()
    page_of = cache.get(key)
    if page_of is None:
        page_of = paging.rows_by_page(_layout(html))
        cache.set(key, page_of, PROBE_CACHE_SECONDS)
    if indicators:
        context["indicator_pages"] = paging.split(context["indicator_rows"], page_of)
    if projects:
        context["project_pages"] = paging.split(context["project_rows"], page_of, repeat_group=True)


@lru_cache(maxsize=16)
def watermark_data_uri(label: str) -> str:
    """The draft stage (前期研究, 征求意见稿, …) as a pale diagonal picture, placed
    behind the text of every page (``.watermark`` in print.css). Being a picture,
    it is never pulled into copied text."""
    from PIL import Image, ImageDraw

    size = 150
    font = _watermark_font(size)
    width = int(font.getlength(label)) + size
    image = Image.new("RGBA", (width, size * 2), (255, 255, 255, 0))
    ImageDraw.Draw(image).text(
        (width // 2, size), label, font=font, fill=(190, 30, 30, 22), anchor="mm"
    )
    image = image.rotate(35, expand=True, resample=Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _watermark_font(size: int):
    from PIL import ImageFont

    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}|%{index}", "Noto Sans CJK SC:style=Bold"],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
        path, _sep, index = found.partition("|")
        return ImageFont.truetype(path, size, index=int(index or 0))
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return ImageFont.load_default(size)


class _ProgressHandler(logging.Handler):
    """Turns WeasyPrint's page-by-page layout log into a progress percentage."""

    def __init__(self, report: Progress, expected_pages: int) -> None:
        super().__init__(logging.INFO)
        self.report = report
        self.expected = max(expected_pages, 1)
        self.last_sent = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        match = _PAGE_RE.search(record.getMessage())
        if not match:
            return
        now = time.monotonic()
        if now - self.last_sent < 0.5:
            return
        self.last_sent = now
        page = int(match.group(1))
        # Layout is the bulk of the work: it runs from 20% to 85%.
        percent = 20 + int(65 * min(page / self.expected, 1.0))
        self.report(percent, _("正在排版第 %(page)s 页") % {"page": page})


def _print_fetcher():
    """WeasyPrint may load the print stylesheet (and what it links) and data: URIs,
    nothing else: no file elsewhere on the server, no network. Text from users is
    escaped or sanitised before it reaches the print HTML; this is the second lock."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    allowed_root = stylesheet_path().parent.parent.resolve()

    class PrintURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if not path.is_relative_to(allowed_root):
                    raise ValueError(f"refused to read {path} while printing")
            elif scheme != "data":
                raise ValueError(f"refused to fetch {url} while printing")
            return super().fetch(url, headers)

    return PrintURLFetcher(allowed_protocols=("file", "data"))


def _layout(html: str):
    from weasyprint import HTML

    from apps.exports import cjk_justify

    cjk_justify.install()
    return HTML(
        string=html, base_url=str(stylesheet_path().parent), url_fetcher=_print_fetcher()
    ).render()


@contextmanager
def _reporting(report: Progress, expected_pages: int):
    handler = _ProgressHandler(report, expected_pages)
    progress_logger = logging.getLogger("weasyprint.progress")
    previous_level = progress_logger.level
    progress_logger.addHandler(handler)
    progress_logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        progress_logger.removeHandler(handler)
        progress_logger.setLevel(previous_level)


def _finish(document, html: str, report: Progress) -> "RenderResult":
    from apps.exports import paging

    report(88, _("写入PDF"))
    pdf = document.write_pdf()
    front = next((i for i, page in enumerate(document.pages) if BODY_ANCHOR in page.anchors), None)
    continuations = paging.box_continuations(document)
    labels = _box_labels(document, continuations) if continuations else None
    if front is not None or labels is not None:
        pdf = _post_process(pdf, front, continuations, labels)
    return RenderResult(pdf=pdf, page_count=len(document.pages), html=html)


def _write(html: str, report: Progress, expected_pages: int):
    with _reporting(report, expected_pages):
        return _finish(_layout(html), html, report)


def render_html_pdf(html: str, *, progress: Progress | None = None, expected_pages: int = 10):
    """Typeset a print HTML page of another app (the 衔接 package) the same way."""
    require_cjk_font()
    return _write(html, progress or (lambda percent, note: None), expected_pages)


def _write_outline(context: dict, report: Progress, expected_pages: int):
    html = render_to_string("exports/plan_print.html", context)
    return _write(html, report, expected_pages)


def _box_labels(document, continuations) -> bytes:
    """One page per page a 专栏 runs onto, blank but for “专栏N（续）” in the title zone
    of the box's frame there; laid under those pages (first in their content, so
    text extraction reads it before the items), it adds a line and moves nothing."""
    pages = []
    for item in continuations:
        page = document.pages[item.page]
        label = escape(_("专栏%(n)s（续）") % {"n": item.number})
        pages.append(
            f'<section class="box-label-page" style="width:{page.width}px;'
            f'height:{page.height}px"><p class="box-label" style="left:{item.x}px;'
            f"top:{item.y}px;width:{item.width}px;height:{item.height}px;"
            f'line-height:{item.height}px;margin:0">{label}</p></section>'
        )
    first = document.pages[continuations[0].page]
    html = (
        '<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{stylesheet_path().as_uri()}">'
        f"<style>@page box-label {{ size: {first.width}px {first.height}px; }}</style>"
        f"</head><body>{''.join(pages)}</body></html>"
    )
    return _layout(html).write_pdf()


def _post_process(pdf: bytes, front: int | None, continuations, labels: bytes | None) -> bytes:
    """Page labels, so a viewer's page box says what the page says (封面, 目录1, …
    for the pages before the body, then 1, 2, … as printed in “— 1 —”), and the
    专栏 continuation labels laid under their pages."""
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        if front is not None:
            nums = []
            if front:
                nums += [0, pikepdf.Dictionary(P=pikepdf.String("封面"))]
            if front > 1:
                nums += [1, pikepdf.Dictionary(P=pikepdf.String("目录"), S=pikepdf.Name.D)]
            nums += [front, pikepdf.Dictionary(S=pikepdf.Name.D, St=1)]
            document.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(nums))
        if labels is None:
            document.save(out)
        else:
            with pikepdf.open(io.BytesIO(labels)) as underlay:
                for item, label_page in zip(continuations, underlay.pages, strict=True):
                    document.pages[item.page].add_underlay(label_page)
                document.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    page_count: int
    html: str


def render_pdf(
    document: Document,
    *,
    progress: Progress | None = None,
    expected_pages: int = 60,
    scorecard=None,
    duplex: bool = False,
):
    """Lay out and write the PDF of ``document``, reporting progress along the way;
    with ``scorecard``, the self-check report is appended (drafts only)."""
    report = progress or (lambda percent, note: None)
    require_cjk_font()
    report(5, _("整理规划内容"))
    context = print_context(document, scorecard=scorecard, duplex=duplex)
    report(15, _("生成排版文件"))
    return _write_outline(context, report, expected_pages)


def render_opinions_pdf(document: Document, *, progress: Progress | None = None):
    """The opinions summary (意见采纳情况汇总表) through the same typesetting."""
    from apps.review.excel import summary_rows
    from apps.review.models import Opinion

    report = progress or (lambda percent, note: None)
    require_cjk_font()
    report(5, _("整理意见"))
    opinions = (
        Opinion.objects.filter(document=document, parent=None)
        .select_related("department", "author", "source_division")
        .order_by("created_at", "id")
    )
    html = render_to_string(
        "exports/opinions_print.html",
        {
            "plan": document.plan,
            "document": document,
            "rows": summary_rows(document, list(opinions)),
            "stylesheet_url": stylesheet_path().as_uri(),
            "draft": not document.is_final,
            "stage_label": document.get_stage_display(),
            "watermark_url": (
                "" if document.is_final else watermark_data_uri(document.get_stage_display())
            ),
            "created": timezone.localtime().isoformat(timespec="seconds"),
            "made_on": timezone.localdate().isoformat(),
        },
    )
    report(15, _("生成排版文件"))
    return _write(html, report, 5)
