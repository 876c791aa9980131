"""The text against the tables: one plan, one set of facts.

A county outline states its figures twice, in the prose and in the tables, and is
written by many hands over a year. These checks read the outline's text
(PlanData.texts) for what proofreaders look for: a figure next to an indicator's
name that is not the indicator's, project counts and totals that are not the
project table's, years and period names of another plan, a 〔累计〕 target written
as a yearly rate, phrasings the county has agreed to word otherwise, and a project
called by another name than the table's. Each finding quotes the words and links
to the chapter.
"""

from collections import defaultdict
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.checks.data import NodeText, PlanData
from apps.checks.registry import Finding, Severity, Thinking, check
from apps.checks.textfacts import (
    CHANGE_RE,
    NATIONAL_HORIZONS,
    PhraseIndex,
    Subject,
    SubjectIndex,
    agrees,
    base_years,
    excerpt,
    figures,
    name_variants,
    normalise,
    other_periods,
    project_statements,
    renamed,
    total_agrees,
    years,
)
from apps.core.text import quotable
from apps.targets.models import Indicator, format_number

# A chapter of 200,000 characters repeating one slip would give thousands of
# findings: a check lists this many per chapter and counts the rest.
PER_NODE = 10


class _Findings:
    """One check's findings, PER_NODE at most a chapter (a repeated message once),
    the rest counted in one more finding for that chapter."""

    def __init__(self, data: PlanData):
        self.data = data
        self.listed: list[Finding] = []
        self.seen: set[tuple[int, str]] = set()
        self.counts: dict[int, int] = {}  # found, per chapter
        self.shown: dict[int, int] = {}  # listed, per chapter
        self.entries: dict[int, NodeText] = {}

    def add(self, entry: NodeText, message: str, *, at=None, **values) -> None:
        """``message % values``, with ``node`` (the chapter) and, given ``at`` =
        (start, end) in the text, ``words`` (the words quoted). Formatted only
        while the chapter has room; a value given as a callable is called then."""
        pk = entry.node.pk
        self.counts[pk] = self.counts.get(pk, 0) + 1
        self.entries[pk] = entry
        if self.shown.get(pk, 0) >= PER_NODE or self.counts[pk] > 5 * PER_NODE:
            return  # room used up, or repeats of what is listed: counted only
        values = {k: v() if callable(v) else v for k, v in values.items()}
        values["node"] = _where(entry)
        if at is not None:
            values["words"] = _words(entry.text, *at)
        text = message % values
        if (pk, text) in self.seen:
            return
        self.seen.add((pk, text))
        self.shown[pk] = self.shown.get(pk, 0) + 1
        self.listed.append(_at(self.data, entry, text))

    def all(self) -> list[Finding]:
        return self.listed + [
            _at(
                self.data,
                self.entries[pk],
                _("“%(node)s”另有%(n)s处同类问题未列出，改正以上各处后再次体检。")
                % {"node": _where(self.entries[pk]), "n": count - self.shown[pk]},
            )
            for pk, count in self.counts.items()
            if count > self.shown[pk]
        ]


def _at(data: PlanData, entry: NodeText, message: str) -> Finding:
    node = entry.node
    return Finding(message, reverse("node_edit", args=[node.document_id, node.pk]), node.pk)


def _where(entry: NodeText) -> str:
    return quotable(entry.node.title)


def _words(text: str, start: int, end: int, reach: int = 16) -> str:
    return quotable(excerpt(text, start, end, reach))


def _unit(indicator: Indicator) -> str:
    # Read for every number next to a name: normalised once per indicator.
    unit = getattr(indicator, "_text_unit", None)
    if unit is None:
        unit = indicator._text_unit = normalise(indicator.unit or "")
    return unit


def _figures(data: PlanData) -> list[tuple[NodeText, list]]:
    """The figures of every chapter read with the indicators' names: shared by
    the checks of values and of 〔累计〕 wording."""
    if "figures" not in data.memo:
        index = _subjects(data)
        data.memo["figures"] = [
            (entry, list(figures(entry.text, index, _unit)) if index.pattern else [])
            for entry in data.texts
        ]
    return data.memo["figures"]


def _subjects(data: PlanData, *, short: bool = False) -> SubjectIndex:
    """The indicators' names and their 年均 variants; with ``short``, also the
    shorter names a text may use for one (城镇化率 for 常住人口城镇化率): the endings
    of four characters or more, at least half the name, that are no other
    indicator's name (平均浓度 is too little of 细颗粒物（PM2.5）平均浓度 to say)."""
    subjects = []
    for indicator in data.indicators:
        for text in name_variants(normalise(indicator.name)):
            subjects.append(Subject(text, (indicator,)))
    if short:
        full = {s.text for s in subjects}
        for indicator in data.indicators:
            name = normalise(indicator.name)
            for cut in range(1, min(len(name) - 3, len(name) // 2 + 1)):
                ending = name[cut:]
                if ending not in full:
                    subjects.append(Subject(ending, (indicator,), loose=True))
    index = SubjectIndex(subjects)
    # A longer subject also stands for the indicators whose names begin it: the
    # 430亿元 after 地区生产总值年均增长6.5%左右，… is 地区生产总值's.
    for text, items in list(index.items.items()):
        extra = [
            item for length in range(2, len(text)) for item in index.items.get(text[:length], ())
        ]
        if extra:
            index.items[text] = tuple(dict.fromkeys((*items, *extra)))
    return index


def _values(indicator: Indicator, data: PlanData) -> list[tuple[Decimal, int | None]]:
    """(value, year) of what the table gives the indicator."""
    plan = data.plan
    values = []
    if indicator.baseline_value is not None:
        values.append((indicator.baseline_value, indicator.baseline_data_year or plan.base_year))
    if indicator.target_value is not None:
        values.append((indicator.target_value, plan.target_year))
    if indicator.vision_value is not None:
        values.append((indicator.vision_value, plan.vision_year))
    return values


@check(
    "text-indicator-figures",
    thinking=Thinking.SCIENTIFIC,
    section="四.2",
    severity=Severity.ERROR,
    title=_("正文中的指标数值与指标表一致"),
)
def text_indicator_figures(data: PlanData) -> list[Finding]:
    """A figure written after an indicator's name, in the indicator's unit, must be
    one of the table's values for it: the baseline, the target or the 2035 value.
    A figure of another year (2015年…) or one introduced by 由/从 is history and is
    not compared; a 年均 rate of a cumulative indicator is the next check's."""
    plan_years = {data.plan.base_year, data.plan.target_year, data.plan.vision_year}
    message = _("“%(node)s”写“%(words)s”，而指标表中“%(name)s”为%(table)s%(unit)s。")
    found = _Findings(data)
    for entry, in_text in _figures(data):
        for figure in in_text:
            indicator = figure.item
            values = _values(indicator, data)
            if not values or (figure.year is not None and figure.year not in plan_years):
                continue
            if figure.annual and indicator.expression == Indicator.Expression.CUMULATIVE:
                continue
            if indicator.expression == Indicator.Expression.LEVEL and CHANGE_RE.search(
                figure.between
            ):
                continue  # an increment or a sum, not the level
            if figure.year is not None:
                dated = [v for v, y in values if y == figure.year]
                values = [(v, y) for v, y in values if not dated or v in dated]
            if any(agrees(figure.value, v, approximate=figure.approximate) for v, _y in values):
                continue
            if _within_tiers(figure, indicator):
                continue
            found.add(
                entry,
                message,
                at=(figure.offset, figure.end),
                name=indicator.name,
                table=lambda i=indicator: "、".join(_described(i, data)),
                unit=indicator.unit,
            )
    return found.all()


def _within_tiers(figure, indicator: Indicator) -> bool:
    """Targets are often written in two tiers, 确保6%以上、力争6.5%: a figure the
    text strives for (力争) may exceed the table's target, a floor it guarantees
    (确保) may stay below it."""
    target = indicator.target_value
    if target is None:
        return False
    if "力争" in figure.clause and figure.value >= target:
        return True
    return "确保" in figure.clause and figure.value <= target


def _described(indicator: Indicator, data: PlanData) -> list[str]:
    plan = data.plan
    years = (
        (indicator.baseline_value, indicator.baseline_data_year or plan.base_year),
        (indicator.target_value, plan.target_year),
        (indicator.vision_value, plan.vision_year),
    )
    return [
        _("%(y)s年%(v)s")
        % {
            "y": year,
            "v": indicator.target_display() if year == plan.target_year else format_number(value),
        }
        for value, year in years
        if value is not None
    ]


@check(
    "text-cumulative-as-annual",
    thinking=Thinking.SCIENTIFIC,
    section="四.2",
    severity=Severity.WARNING,
    title=_("五年累计〔 〕指标在正文中不写成年均"),
)
def text_cumulative_as_annual(data: PlanData) -> list[Finding]:
    found = _Findings(data)
    for entry, in_text in _figures(data):
        for figure in in_text:
            indicator = figure.item
            if figure.annual and indicator.expression == Indicator.Expression.CUMULATIVE:
                found.add(
                    entry,
                    _(
                        "“%(node)s”写“%(words)s”，但“%(name)s”在指标表中是五年累计目标"
                        "%(target)s，不是年均值。"
                    ),
                    at=(figure.offset, figure.end),
                    name=indicator.name,
                    target=indicator.target_display(),
                )
    return found.all()


@check(
    "text-project-totals",
    thinking=Thinking.SCIENTIFIC,
    section="六.4",
    severity=Severity.ERROR,
    title=_("正文中的项目个数和总投资与项目表一致"),
)
def text_project_totals(data: PlanData) -> list[Finding]:
    """“本规划共安排重大项目60个，总投资约428亿元”: the count is the table's, the
    total is the table's rounded to the 亿 written (with 约, within 3 %)."""
    actual = {
        "count": Decimal(len(data.projects)),
        "total": sum((p.total_investment for p in data.projects), Decimal(0)),
        "period": sum((p.period_investment for p in data.projects), Decimal(0)),
    }
    labels = {"count": _("项目个数"), "total": _("总投资"), "period": _("期内投资")}
    found = _Findings(data)
    for entry in data.texts:
        for statement in project_statements(entry.text):
            value = actual[statement.kind]
            if statement.kind == "count":
                if statement.value == value:
                    continue
                table = _("%(n)s个") % {"n": len(data.projects)}
            else:
                if total_agrees(statement, value):
                    continue
                yi = (value / 10000).quantize(Decimal("0.01"))
                table = _("%(v)s亿元") % {"v": format_number(yi)}
            found.add(
                entry,
                _("“%(node)s”写“%(words)s”，而项目表的%(what)s为%(table)s。"),
                at=(statement.offset, statement.end),
                what=labels[statement.kind],
                table=table,
            )
    return found.all()


@check(
    "text-years",
    thinking=Thinking.SCIENTIFIC,
    section="四.2",
    severity=Severity.WARNING,
    title=_("展望部分的年份在规划的基期至远景年之内"),
)
def text_years(data: PlanData) -> list[Finding]:
    """Outside the chapters that review the last period, a year before the base
    year or after the vision year is most often a paragraph carried over from an
    older plan. The national horizons (2050, 2060) may be cited."""
    first, last = data.plan.base_year, data.plan.vision_year
    found = _Findings(data)
    for entry in data.texts:
        if entry.looks_back:
            continue
        seen = set()
        for year, mention, compared in years(entry.text):
            if first <= year <= last or year in NATIONAL_HORIZONS or year in seen:
                continue
            if compared and year >= first - 5:
                continue  # 比2020年翻一番: the 2035 vision's own measure
            seen.add(year)
            found.add(
                entry,
                _("“%(node)s”写“%(words)s”，%(y)s年不在本规划%(a)s—%(b)s年之内。"),
                at=(mention.offset, mention.end),
                y=year,
                a=first,
                b=last,
            )
    return found.all()


@check(
    "text-period-words",
    thinking=Thinking.ITERATIVE,
    section="二.1",
    severity=Severity.WARNING,
    title=_("展望部分没有沿用上一时期的提法"),
)
def text_period_words(data: PlanData) -> list[Finding]:
    """“十三五期间” in a chapter of a 十四五 plan that is not reviewing the past, or
    another year named as the base (以2015年为基期)."""
    plan = data.plan
    found = _Findings(data)
    for entry in data.texts:
        if entry.looks_back:
            continue
        for mention in other_periods(entry.text, target_year=plan.target_year):
            found.add(
                entry,
                _("“%(node)s”写“%(words)s”：本规划是“%(own)s”规划，请核对是否沿用了旧稿。"),
                at=(mention.offset, mention.end),
                own=plan.period_name,
            )
        for year, mention in base_years(entry.text, vision_year=plan.vision_year):
            if year != plan.base_year:
                found.add(
                    entry,
                    _("“%(node)s”写“%(words)s”，本规划的基期是%(base)s年。"),
                    at=(mention.offset, mention.end),
                    base=plan.base_year,
                )
    return found.all()


@check(
    "text-wording",
    thinking=Thinking.SYSTEMIC,
    section=_("规范表述"),
    severity=Severity.WARNING,
    title=_("使用本县确定的规范表述"),
)
def text_wording(data: PlanData) -> list[Finding]:
    """Each chapter's uses of a discouraged phrasing (its title included), once per
    phrasing with the number of uses, the agreed wording and the reason."""
    if not data.wording:
        return []
    rules = {normalise(w.discouraged).casefold(): w for w in data.wording}
    index = PhraseIndex(list(rules))
    found = _Findings(data)
    for entry in data.texts:
        text = normalise(entry.node.title) + "\n" + entry.text
        uses = defaultdict(list)
        for mention in index.uses(text):
            uses[mention.text.casefold()].append(mention)
        for phrase, mentions in uses.items():
            rule = rules[phrase]
            first = mentions[0]
            found.add(
                entry,
                _(
                    "“%(node)s”%(n)s处使用“%(bad)s”（如“%(words)s”），规范表述为“%(good)s”"
                    "%(reason)s"
                ),
                n=len(mentions),
                bad=rule.discouraged,
                words=_words(text, first.offset, first.end, reach=10),
                good=rule.preferred,
                reason=f"：{rule.reason}" if rule.reason else "。",
            )
    return found.all()


@check(
    "text-names",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.HINT,
    title=_("正文、专栏与表格对同一指标、项目的称呼一致"),
)
def text_names(data: PlanData) -> list[Finding]:
    """An indicator given a shorter name next to its own figure (城镇化率达到60% for
    常住人口城镇化率), and a project whose distinctive name the text writes with
    another ending (…提升项目 where the table says …提升工程)."""
    index = _subjects(data, short=True)
    full = {text for i in data.indicators for text in name_variants(normalise(i.name))}
    found = _Findings(data)
    for entry in data.texts:
        reported = set()
        for figure in figures(entry.text, index, _unit) if index.pattern else ():
            indicator, used = figure.item, figure.subject
            if used in full or not normalise(indicator.name).endswith(used):
                continue
            if (used, indicator.pk) in reported or not any(
                agrees(figure.value, v, approximate=figure.approximate)
                for v, _y in _values(indicator, data)
            ):
                continue
            reported.add((used, indicator.pk))
            found.add(
                entry,
                _("“%(node)s”称“%(used)s”，指标表中为“%(name)s”，请统一名称。"),
                used=used,
                name=indicator.name,
            )
        for project in data.projects:
            for mention in renamed(entry.text, normalise(project.name)):
                if (mention.text, project.pk) not in reported:
                    reported.add((mention.text, project.pk))
                    found.add(
                        entry,
                        _("“%(node)s”称“%(used)s”，项目表中为“%(name)s”，请统一名称。"),
                        used=mention.text,
                        name=project.name,
                    )
    return found.all()
