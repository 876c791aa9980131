"""The main-indicators table as a plan outline prints it."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from apps.targets.models import Indicator, IndicatorCategory


@dataclass
class CategoryGroup:
    category: IndicatorCategory
    rows: list[tuple[int, Indicator]] = field(default_factory=list)


def indicator_table(plan, *, extra_notes: list[str] = ()) -> dict:
    """Rows grouped by category, numbered 1…N across the whole table, with the
    notes a real table carries under it: cumulative brackets, * data years, each
    indicator's own note, then the ``extra_notes`` the coordinator wrote."""
    groups = [CategoryGroup(c) for c in IndicatorCategory.objects.filter(plan=plan)]
    by_id = {g.category.pk: g for g in groups}
    indicators = Indicator.objects.filter(plan=plan).order_by(
        "category__position", "position", "id"
    )
    flagged_years: set[int] = set()
    has_cumulative = False
    own_notes = []
    for seq, indicator in enumerate(indicators, start=1):
        indicator.plan = plan  # avoid one query per row for the * flag
        by_id[indicator.category_id].rows.append((seq, indicator))
        if indicator.baseline_flagged:
            flagged_years.add(indicator.baseline_data_year)
        has_cumulative |= indicator.expression == Indicator.Expression.CUMULATIVE
        if indicator.note.strip():
            own_notes.append(
                _("%(name)s：%(note)s") % {"name": indicator.name, "note": indicator.note.strip()}
            )
    notes = []
    if has_cumulative:
        notes.append(_("〔 〕内为五年累计数。"))
    if flagged_years:
        years = "、".join(str(y) for y in sorted(flagged_years))
        notes.append(_("带*的为%(years)s年数据。") % {"years": years})
    notes.extend(own_notes)
    notes.extend(note.strip() for note in extra_notes if note.strip())
    return {"indicator_groups": [g for g in groups if g.rows], "indicator_notes": notes}
