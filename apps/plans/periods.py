"""Five-year periods as data: what a period's outline is called.

The 十四五 outlines carried the 2035 vision in their title (“…第十四个五年规划和
二〇三五年远景目标纲要”); from 十五五 on the central 建议 and the national outline
drop it (“…第十五个五年规划纲要”). A period not listed here takes the plain form.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from apps.core.numerals import chinese_count, chinese_year, five_year_plan_ordinal


@dataclass(frozen=True)
class Period:
    ordinal: int
    # The outline's title names the 远景 vision too.
    title_with_vision: bool = False


PERIODS: dict[int, Period] = {
    13: Period(13),
    14: Period(14, title_with_vision=True),
    15: Period(15),
}


def period_for(target_year: int) -> Period:
    ordinal = five_year_plan_ordinal(target_year)
    return PERIODS.get(ordinal, Period(ordinal))


def outline_title(county_name: str, target_year: int, vision_year: int) -> str:
    period = period_for(target_year)
    values = {
        "county": county_name,
        "ordinal": chinese_count(period.ordinal),
        "vision": chinese_year(vision_year),
    }
    if period.title_with_vision:
        return _(
            "%(county)s国民经济和社会发展第%(ordinal)s个五年规划和%(vision)s年远景目标纲要"
        ) % (values)
    return _("%(county)s国民经济和社会发展第%(ordinal)s个五年规划纲要") % values
