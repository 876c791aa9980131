"""Kinds of document with an outline: each has its templates and its stage chain.

A plan's outline (规划纲要) is the first kind. An evaluation report or a special
plan is added here — a label, the stages it moves through, the templates it can
start from, how its default title reads — and every page, the review, the
versions and the exports work for it as they do for the outline.
"""

from collections.abc import Callable
from dataclasses import dataclass

from apps.plans.models import Document, Plan
from apps.plans.outline_templates import PLAN_TEMPLATES, PlanTemplate


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str
    # The stages in order; a document moves one step at a time, forward or back.
    stages: tuple[str, ...]
    templates: dict[str, PlanTemplate]
    default_title: Callable[[Plan], str]

    def neighbours(self, stage: str) -> list[str]:
        index = self.stages.index(stage)
        return [s for i, s in enumerate(self.stages) if abs(i - index) == 1]

    def next_stage(self, stage: str) -> str | None:
        index = self.stages.index(stage)
        return self.stages[index + 1] if index + 1 < len(self.stages) else None


def _outline_title(plan: Plan) -> str:
    return Plan.default_title(plan.county.name, plan.target_year, plan.vision_year)


KINDS: dict[str, DocumentKind] = {
    Document.Kind.OUTLINE: DocumentKind(
        key=Document.Kind.OUTLINE,
        label=str(Document.Kind.OUTLINE.label),
        stages=(
            Document.Stage.RESEARCH,
            Document.Stage.APPROACH,
            Document.Stage.OUTLINE_DRAFT,
            Document.Stage.CONSULTATION,
            Document.Stage.SUBMISSION,
            Document.Stage.ADOPTED,
        ),
        templates=PLAN_TEMPLATES,
        default_title=_outline_title,
    ),
}


def kind_of(document: Document) -> DocumentKind:
    return KINDS[document.kind]
