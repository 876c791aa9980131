"""Running every check over a plan: the scorecard (体检结果)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache

from apps.checks.data import PlanData, load_plan_data, text_stamp
from apps.checks.registry import Check, Finding, Severity, Thinking, registry
from apps.plans.models import Plan
from apps.plans.stamp import content_stamp


@dataclass
class CheckResult:
    check: Check
    findings: list[Finding]

    @property
    def passed(self) -> bool:
        return not self.findings


@dataclass
class ThinkingSummary:
    thinking: Thinking
    results: list[CheckResult] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.passed)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def failing(self) -> list[CheckResult]:
        return [r for r in self.results if not r.passed]


@dataclass
class Scorecard:
    """The results only, not the snapshot they came from: small to cache."""

    results: list[CheckResult]

    @property
    def by_thinking(self) -> list[ThinkingSummary]:
        groups = {t: ThinkingSummary(t) for t in Thinking}
        for result in self.results:
            groups[result.check.thinking].results.append(result)
        return [g for g in groups.values() if g.results]

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.passed)

    @property
    def total(self) -> int:
        return len(self.results)

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for result in self.results:
            if not result.passed:
                counts[result.check.severity] += 1
        return counts

    def for_node(self, node_id: int) -> list[tuple[Check, Finding]]:
        return [
            (r.check, finding)
            for r in self.results
            for finding in r.findings
            if finding.node_id == node_id
        ]

    def summary(self) -> dict:
        """What an export records: enough to show the draft getting better."""
        return {
            "passed": self.passed,
            "total": self.total,
            "failing": self.counts(),
            "thinking": {
                s.thinking.value: {"passed": s.passed, "total": s.total} for s in self.by_thinking
            },
            "findings": [
                {
                    "check": r.check.id,
                    "title": str(r.check.title),
                    "severity": r.check.severity.value,
                    "thinking": r.check.thinking.value,
                    "messages": [f.message for f in r.findings],
                }
                for r in self.results
                if not r.passed
            ],
        }


# A scorecard depends only on what content_stamp and text_stamp fingerprint, so it
# is cached under them: pages that show findings (overview, every chapter, the
# scorecard) pay three small queries instead of loading the plan, until something
# the checks read changes. No invalidation is needed; stale keys just expire.
CACHE_SECONDS = 3600


def run_checks(plan: Plan, data: PlanData | None = None) -> Scorecard:
    if data is not None:
        return _run(data)
    key = f"checks:{plan.pk}:{content_stamp(plan)}:{text_stamp(plan)}:{registry.signature()}"
    card = cache.get(key)
    if card is None:
        card = _run(load_plan_data(plan))
        cache.set(key, card, CACHE_SECONDS)
    return card


def _run(data: PlanData) -> Scorecard:
    results = [CheckResult(c, c.run(data)) for c in registry.all()]
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.HINT: 2}
    results.sort(key=lambda r: (r.passed, order[r.check.severity]))
    return Scorecard(results)


def findings_by_node(scorecard: Scorecard) -> dict[int, list]:
    grouped = defaultdict(list)
    for result in scorecard.results:
        for finding in result.findings:
            if finding.node_id is not None:
                grouped[finding.node_id].append((result.check, finding))
    return grouped
