"""The checks: the seed paper's six ways of thinking turned into questions a draft
must answer, one module per part of the paper. Each function reads the PlanData
snapshot and returns findings, each with a link to where it is fixed. Importing
this package registers them, in the scorecard's order."""

import importlib

ORDER = (
    "backcast",
    "advantages",
    "tasks",
    "projects",
    "risks",
    "systems",
    "participation",
    "national",
    "text",
)
for _module in ORDER:
    importlib.import_module(f"apps.checks.rules.{_module}")

from apps.checks.rules.national import national_comparison  # noqa: E402
from apps.checks.rules.projects import public_money_in_period  # noqa: E402

__all__ = ["national_comparison", "public_money_in_period"]
