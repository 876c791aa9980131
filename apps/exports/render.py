"""Typesetting a plan: print HTML from a Django template, PDF from WeasyPrint.

The same template serves the coordinators' browser preview, ``render_plan --html``
and the PDF, so what is previewed is what is printed.
"""

import ctypes.util
import logging
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _

from apps.exports.document import build_document
from apps.plans.models import Document

logger = logging.getLogger(__name__)

PRINT_CSS = "exports/print.css"
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


def print_html(document: Document, *, for_browser: bool = False, scorecard=None) -> str:
    """The print HTML. For the browser the stylesheet is a static URL; for files and
    WeasyPrint it is an absolute file URL, so the HTML stands on its own."""
    context = build_document(document, scorecard=scorecard)
    context["stylesheet_url"] = static(PRINT_CSS) if for_browser else stylesheet_path().as_uri()
    return render_to_string("exports/plan_print.html", context)


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


def _write(html: str, report: Progress, expected_pages: int):
    from weasyprint import HTML

    from apps.exports import cjk_justify

    cjk_justify.install()
    handler = _ProgressHandler(report, expected_pages)
    progress_logger = logging.getLogger("weasyprint.progress")
    previous_level = progress_logger.level
    progress_logger.addHandler(handler)
    progress_logger.setLevel(logging.INFO)
    try:
        document = HTML(
            string=html, base_url=str(stylesheet_path().parent), url_fetcher=_print_fetcher()
        ).render()
        report(88, _("写入PDF"))
        pdf = document.write_pdf()
    finally:
        progress_logger.removeHandler(handler)
        progress_logger.setLevel(previous_level)
    return RenderResult(pdf=pdf, page_count=len(document.pages), html=html)


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
):
    """Lay out and write the PDF of ``document``, reporting progress along the way;
    with ``scorecard``, the self-check report is appended (drafts only)."""
    report = progress or (lambda percent, note: None)
    require_cjk_font()
    report(5, _("整理规划内容"))
    html = print_html(document, scorecard=scorecard)
    report(15, _("生成排版文件"))
    return _write(html, report, expected_pages)


def render_opinions_pdf(document: Document, *, progress: Progress | None = None):
    """The opinions summary (意见采纳情况汇总表) through the same typesetting."""
    from apps.review.excel import summary_rows
    from apps.review.models import Opinion

    report = progress or (lambda percent, note: None)
    require_cjk_font()
    report(5, _("整理意见"))
    opinions = (
        Opinion.objects.filter(document=document, parent=None)
        .select_related("department", "author")
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
            "created": date.today().isoformat(),
        },
    )
    report(15, _("生成排版文件"))
    return _write(html, report, 5)
