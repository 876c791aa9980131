"""Kinds of document with an outline: each has its templates and its stage chain.

A plan's outline (规划纲要) is the first kind. An evaluation report or a special
plan is added here — a label, the stages it moves through, the templates it can
start from, how its default title reads — and every page, the review, the
versions and the exports work for it as they do for the outline.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.plans.models import Document, Plan
from apps.plans.outline_templates import PLAN_TEMPLATES, PlanTemplate
from apps.plans.report_templates import FINAL_TEMPLATES, MIDTERM_TEMPLATES

Stage = Document.Stage


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str
    # The stages in order; a document moves one step at a time, forward or back.
    stages: tuple[str, ...]
    templates: dict[str, PlanTemplate]
    default_title: Callable[[Plan], str]
    # The stage at which the document is adopted, and the stages at which its text
    # is the approved one (no draft marks). The outline is adopted at 审议通过 and
    # stays adopted while it is adjusted; its 调整稿 is a draft again.
    adopted_stage: str = ""
    final_stages: frozenset[str] = frozenset()
    # What the 人大 (or its standing committee) does with it, printed under the
    # cover title: 批准 an outline, 审议 a report.
    approval_verb: str = gettext_lazy("批准")
    # The outline of the plan must be adopted before a document of this kind is
    # started (an evaluation evaluates the adopted plan).
    needs_adopted_outline: bool = False

    def neighbours(self, stage: str) -> list[str]:
        index = self.stages.index(stage)
        return [s for i, s in enumerate(self.stages) if abs(i - index) == 1]

    def next_stage(self, stage: str) -> str | None:
        index = self.stages.index(stage)
        return self.stages[index + 1] if index + 1 < len(self.stages) else None

    @property
    def is_report(self) -> bool:
        return self.key != Document.Kind.OUTLINE


def _outline_title(plan: Plan) -> str:
    return Plan.default_title(plan.county.name, plan.target_year, plan.vision_year)


def _midterm_title(plan: Plan) -> str:
    return _("%(county)s“%(period)s”规划纲要实施中期评估报告") % {
        "county": plan.county.name,
        "period": plan.period_name,
    }


def _final_title(plan: Plan) -> str:
    return _("%(county)s“%(period)s”规划纲要实施总结评估报告") % {
        "county": plan.county.name,
        "period": plan.period_name,
    }


# What a county 发改局 does with an evaluation report: drafts it, asks the
# departments (会签 and 征求意见), sends it to the county government
# (送审稿), and the government reports it to the 人大常委会.
REPORT_STAGES = (Stage.REPORT_DRAFT, Stage.CONSULTATION, Stage.SUBMISSION, Stage.REPORTED)

KINDS: dict[str, DocumentKind] = {
    Document.Kind.OUTLINE: DocumentKind(
        key=Document.Kind.OUTLINE,
        label=str(Document.Kind.OUTLINE.label),
        stages=(
            Stage.RESEARCH,
            Stage.APPROACH,
            Stage.OUTLINE_DRAFT,
            Stage.CONSULTATION,
            Stage.SUBMISSION,
            Stage.ADOPTED,
            # 规划调整, after the mid-term evaluation when it is needed.
            Stage.ADJUSTMENT,
            Stage.ADJUSTED,
        ),
        templates=PLAN_TEMPLATES,
        default_title=_outline_title,
        adopted_stage=Stage.ADOPTED,
        final_stages=frozenset({Stage.ADOPTED, Stage.ADJUSTED}),
    ),
    Document.Kind.MIDTERM: DocumentKind(
        key=Document.Kind.MIDTERM,
        label=str(Document.Kind.MIDTERM.label),
        stages=REPORT_STAGES,
        templates=MIDTERM_TEMPLATES,
        default_title=_midterm_title,
        adopted_stage=Stage.REPORTED,
        final_stages=frozenset({Stage.REPORTED}),
        approval_verb=gettext_lazy("审议"),
        needs_adopted_outline=True,
    ),
    Document.Kind.FINAL: DocumentKind(
        key=Document.Kind.FINAL,
        label=str(Document.Kind.FINAL.label),
        stages=REPORT_STAGES,
        templates=FINAL_TEMPLATES,
        default_title=_final_title,
        adopted_stage=Stage.REPORTED,
        final_stages=frozenset({Stage.REPORTED}),
        approval_verb=gettext_lazy("审议"),
        needs_adopted_outline=True,
    ),
}


def kind_of(document: Document) -> DocumentKind:
    return KINDS[document.kind]
