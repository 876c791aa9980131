"""The planning office's pages of a public consultation with many suggestions, the
questionnaire import at its row limit, and the feedback notice's PDF.

A campaign can bring thousands of suggestions (the public form takes up to 2,000
per consultation in ten minutes); this fills one consultation of the demo plan
with ``--suggestions`` of them, a tenth merged into groups, two thirds answered,
each text near the 2,000-character limit when ``--long``. Runs like
benchmarks/pages.py, in-process against a throw-away database:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/consultation.py [--suggestions 20000] [--repeat 10]
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pages import configure  # noqa: E402


def _fill(consultation, coordinator, n: int, long: bool) -> None:
    import random

    from apps.consultation.actions import text_fingerprint
    from apps.consultation.models import Suggestion

    r = random.Random(7)
    chapters = [c for c in consultation.chapters() if c.get("level") == "chapter"]
    channels = [c for c, _label in Suggestion.Channel.choices]
    answers = [a for a, _label in Suggestion.Answer.choices]
    filler = "建议加强城乡基础设施建设，提升公共服务水平。" * (90 if long else 1)
    rows = []
    for i in range(n):
        node = r.choice(chapters)
        text = f"第{i}条：{filler}"[:2000]
        rows.append(
            Suggestion(
                consultation=consultation,
                node_id=node["id"],
                node_title=node["title"],
                topic=r.choice(consultation.topics),
                text=text,
                name="某某",
                contact=f"138{i:08d}",
                channel=r.choice(channels),
                people=r.choice((1, 1, 1, 2, 5)),
                fingerprint=text_fingerprint(text),
                answer=r.choice(answers) if i % 3 else "",
                answer_text="已研究。" if i % 3 else "",
            )
        )
    Suggestion.objects.bulk_create(rows, batch_size=2000)
    ids = list(
        Suggestion.objects.filter(consultation=consultation)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    # A tenth merged, in groups of five.
    for start in range(0, len(ids) // 10, 5):
        head, *members = ids[start : start + 5]
        Suggestion.objects.filter(pk__in=members).update(merged_into_id=head)


def _questionnaire(rows: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(
        ["序号", "提交答卷时间", "1、您的建议涉及哪个领域", "2、您的意见建议", "3、联系电话"]
    )
    for i in range(rows):
        sheet.append(
            [i + 1, "2026/11/20 10:00", "生态环境", f"第{i}条问卷意见：建议增加城市绿道。", ""]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suggestions", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--long", action="store_true", help="texts near the 2,000-character limit")
    args = parser.parse_args()
    engine = configure()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    rows = []
    try:
        from django.test import Client
        from django.urls import reverse

        from apps.accounts.models import User
        from apps.consultation import importing
        from apps.consultation.exporters import _render
        from apps.consultation.feedback import notice_data
        from apps.consultation.models import Consultation
        from apps.demo.seed import seed_demo
        from apps.exports.exporters import RenderContext

        plan = seed_demo()
        coordinator = User.objects.get(username="planner")
        consultation = Consultation.objects.get(document=plan.outline)
        started = time.perf_counter()
        _fill(consultation, coordinator, args.suggestions, args.long)
        filled = time.perf_counter() - started
        doc, pk = plan.outline.pk, consultation.pk
        pages = [
            ("收到的意见 (first page)", reverse("suggestion_list", args=[doc, pk])),
            (
                "收到的意见 (by people, filtered, page 40)",
                reverse("suggestion_list", args=[doc, pk]) + "?order=people&state=open&page=40",
            ),
            ("统计", reverse("consultation_statistics", args=[doc, pk])),
            ("采纳情况反馈 (preview)", reverse("consultation_feedback", args=[doc, pk])),
            (
                "一条意见",
                reverse("suggestion_detail", args=[doc, pk, consultation.suggestions.first().pk]),
            ),
        ]
        client = Client()
        client.force_login(coordinator)
        for name, url in pages:
            client.get(url)
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (name, response.status_code)
            rows.append((name, statistics.median(times), max(times), len(queries)))

        # The notice published, then the public page (its first page of answers).
        consultation.feedback = notice_data(consultation)
        consultation.feedback["published_on"] = "2026-11-30"
        consultation.save(update_fields=["feedback"])
        Consultation.objects.filter(pk=pk).update(feedback_published_at="2026-11-30T10:00Z")
        public = Client()
        url = reverse("public_feedback", args=[pk])
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = public.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        rows.append(("采纳情况反馈 (public)", statistics.median(times), max(times), None))

        # The questionnaire import at the row limit: read and preview, then apply.
        data = _questionnaire(settings.SHEET_IMPORT_MAX_ROWS)
        start = time.perf_counter()
        result = importing.read_questionnaire(data, "问卷.xlsx", consultation)
        read_ms = (time.perf_counter() - start) * 1000
        from apps.consultation.models import SuggestionImport

        record = SuggestionImport.objects.create(
            consultation=consultation, filename="问卷.xlsx", size=len(data), result=result
        )
        start = time.perf_counter()
        applied = importing.import_apply(record, actor=coordinator)
        apply_ms = (time.perf_counter() - start) * 1000

        # The PDF of a notice of the first 500 groups (what a county publishes).
        small = dict(consultation.feedback, items=consultation.feedback["items"][:500])
        Consultation.objects.filter(pk=pk).update(feedback=small)
        start = time.perf_counter()
        pdf = _render(plan.outline, {"consultation": pk}, lambda *a: None, RenderContext())
        pdf_s = time.perf_counter() - start
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(
        f"Engine: {engine}; {args.suggestions} suggestions"
        f"{' of ~2,000 characters' if args.long else ''} filled in {filled:.1f} s; "
        f"{args.repeat} requests per page; times in ms (server side)\n"
    )
    print("| page | median ms | max ms | queries |")
    print("|---|---:|---:|---:|")
    for name, median, worst, queries in rows:
        print(
            f"| {name} | {median:.1f} | {worst:.1f} | {queries if queries is not None else '—'} |"
        )
    print(
        f"\nQuestionnaire of {settings.SHEET_IMPORT_MAX_ROWS} rows ({len(data) // 1024} KB): "
        f"read and previewed in {read_ms:.0f} ms, {applied} stored in {apply_ms:.0f} ms."
    )
    print(f"Feedback notice PDF of 500 answers: {pdf.page_count} pages in {pdf_s:.1f} s.")


if __name__ == "__main__":
    main()
