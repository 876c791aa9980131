from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.exports.render import RenderError, render_pdf
from apps.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Render a plan's outline synchronously, through the same code as the export "
        "worker: a PDF, or a Word file when the output ends in .docx."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument(
            "-o", "--output", required=True, help="file to write: .pdf, or .docx for Word"
        )
        parser.add_argument(
            "--html", help="also write the print HTML (its stylesheet linked by file URL)"
        )
        parser.add_argument(
            "--duplex", action="store_true", help="booklet printing: body on a right-hand page"
        )

    def handle(self, *args, plan_id: int, output: str, html: str | None, duplex: bool, **options):
        suffix = Path(output).suffix.lower()
        if suffix not in (".pdf", ".docx"):
            raise CommandError("The output must end in .pdf or .docx")
        try:
            plan = Plan.objects.select_related("county").get(pk=plan_id)
        except Plan.DoesNotExist:
            raise CommandError(f"No plan with id {plan_id}") from None
        if suffix == ".docx":
            from apps.exports.word.writer import render_docx

            content = render_docx(plan.outline)
            Path(output).write_bytes(content)
            self.stdout.write(f"{output}: Word, {len(content)} bytes")
            return
        try:
            result = render_pdf(plan.outline, duplex=duplex)
        except RenderError as exc:
            raise CommandError(str(exc)) from exc
        Path(output).write_bytes(result.pdf)
        if html:
            Path(html).write_text(result.html, encoding="utf-8")
        self.stdout.write(f"{output}: {result.page_count} pages, {len(result.pdf)} bytes")
