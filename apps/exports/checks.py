"""System checks: refuse to run without a Chinese font, warn without the fast subsetter."""

from django.core import checks

from apps.exports.render import CJK_FONT_HINT, cjk_fonts, harfbuzz_subsetter_available


@checks.register(checks.Tags.compatibility)
def check_fonts(app_configs=None, **kwargs):
    problems = []
    if not cjk_fonts():
        problems.append(
            checks.Error(
                "No CJK font is installed: PDF exports would print boxes instead of Chinese.",
                hint=f"Install Noto CJK: {CJK_FONT_HINT}",
                id="exports.E001",
            )
        )
    if not harfbuzz_subsetter_available():
        problems.append(
            checks.Warning(
                "HarfBuzz's subsetter (libharfbuzz-subset) is missing: WeasyPrint falls back "
                "to fontTools and PDF exports take about four times longer.",
                hint="apt-get install libharfbuzz-subset0",
                id="exports.W001",
            )
        )
    return problems
