"""The registry of plan checks (体检).

A check is one small function of the plan's data returning findings; registering
it with ``@check(...)`` gives it an id, the way of thinking and the paper section
it comes from, and a severity. Adding a check is adding one function and a test.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Thinking(StrEnum):
    SCIENTIFIC = "scientific"
    INNOVATIVE = "innovative"
    ITERATIVE = "iterative"
    OPEN = "open"
    STRATEGIC = "strategic"
    SYSTEMIC = "systemic"

    @property
    def label(self) -> str:
        return str(THINKING_LABELS[self])


THINKING_LABELS = {
    Thinking.SCIENTIFIC: _("科学思维"),
    Thinking.INNOVATIVE: _("创新思维"),
    Thinking.ITERATIVE: _("迭代思维"),
    Thinking.OPEN: _("开放思维"),
    Thinking.STRATEGIC: _("战略思维"),
    Thinking.SYSTEMIC: _("系统思维"),
}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    HINT = "hint"

    @property
    def label(self) -> str:
        return str({"error": _("错误"), "warning": _("警示"), "hint": _("提示")}[self.value])


@dataclass(frozen=True)
class Finding:
    """Something a check found wrong or missing, and where to fix it."""

    message: str
    url: str = ""
    node_id: int | None = None


@dataclass(frozen=True)
class Check:
    id: str
    thinking: Thinking
    section: str  # where in the seed paper the idea comes from, e.g. "四.2"
    severity: Severity
    title: str
    run: Callable[..., list[Finding]]


@dataclass
class Registry:
    checks: dict[str, Check] = field(default_factory=dict)

    def all(self) -> list[Check]:
        return list(self.checks.values())

    def signature(self) -> str:
        """Changes when checks are added or removed (part of the cache key)."""
        return hashlib.sha256(",".join(self.checks).encode()).hexdigest()[:8]


registry = Registry()


def check(id: str, *, thinking: Thinking, section: str, severity: Severity, title):
    def register(func: Callable[..., list[Finding]]) -> Callable[..., list[Finding]]:
        if id in registry.checks:
            raise ValueError(f"check {id} registered twice")
        registry.checks[id] = Check(id, thinking, section, severity, title, func)
        return func

    return register
