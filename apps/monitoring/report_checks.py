"""What an evaluation report still lacks, from the monitoring behind it: the
report's own self-check (报告自查), shown on the report's overview page.

- an indicator without an accepted value for the latest monitored year: its row
  in the report's table would print “—”;
- a binding indicator that lags, not named anywhere in the report's text: the
  report must explain it (the 人大常委会 asks about exactly these);
- no monitoring at all: the tables can only print the targets.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.text import html_to_text
from apps.monitoring.models import MonitoringYear
from apps.monitoring.summary import indicator_board
from apps.plans.parts import register_document_check
from apps.plans.report_templates import INDICATOR_PROGRESS

# Indicators named in the one line about missing values; the rest are counted.
MAX_NAMES = 8


@dataclass(frozen=True)
class Gap:
    message: str
    url: str = ""
    severity: str = "warning"  # or "error"


def report_gaps(document) -> list[Gap]:
    if not document.is_report:
        return []
    plan = document.plan
    last = MonitoringYear.objects.filter(plan=plan).order_by("-year").first()
    dashboard = reverse("monitoring_dashboard", args=[plan.pk])
    if last is None:
        return [
            Gap(
                _("还没有开展年度监测：报告中的主要指标表只能列出目标值。"),
                dashboard,
                "error",
            )
        ]
    board = indicator_board(plan, accepted_only=True)
    year_url = reverse("monitoring_year", args=[plan.pk, last.year]) + "?show=all"
    gaps = []
    missing = [
        line.indicator.name
        for line in board.lines
        if not line.cells or line.cells[-1].row is None or not line.cells[-1].row.filled
    ]
    if missing:
        names = "、".join(f"“{name}”" for name in missing[:MAX_NAMES])
        gaps.append(
            Gap(
                _("%(n)s项指标缺少%(year)s年已审核的实际值：%(names)s%(more)s。")
                % {
                    "n": len(missing),
                    "year": last.year,
                    "names": names,
                    "more": _("等") if len(missing) > MAX_NAMES else "",
                },
                year_url,
            )
        )
    nodes = list(document.nodes.only("id", "key", "body"))
    text = "\n".join(html_to_text(n.body) for n in nodes if n.body)
    target = next((n for n in nodes if n.key == INDICATOR_PROGRESS), None)
    node_url = (
        reverse("node_edit", args=[document.pk, target.pk]) if target is not None else dashboard
    )
    for line in board.warnings:
        if line.indicator.name not in text:
            gaps.append(
                Gap(
                    _(
                        "约束性指标“%(name)s”%(year)s年滞后于时序进度，报告正文还没有说明原因和措施。"
                    )
                    % {"name": line.indicator.name, "year": line.latest.year},
                    node_url,
                    "error",
                )
            )
    # What must be fixed first, first.
    return sorted(gaps, key=lambda gap: gap.severity != "error")


register_document_check(report_gaps)
