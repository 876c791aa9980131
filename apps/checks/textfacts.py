"""Facts read out of a chapter's prose, for the checks that hold the text to the
tables: figures stated next to an indicator's name, the project count and total,
years, other periods' names and the county's 规范表述.

No dictionary or segmenter is needed here. The subjects a figure can belong to are
known in advance (the plan's indicator names), so they are found by one compiled
alternation over the sentence, longest name first; what lies between them is not
segmented. Every function is linear in the text: one pass of a few compiled
expressions per sentence, whatever the number of indicators.
"""

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from apps.core.numerals import five_year_plan_name

# A sentence ends at 。！？；, a line or a paragraph end.
_SENTENCE_RE = re.compile(r"[^。！？；!?;\n]+")
# A figure: a decimal number not glued to other digits (年份 like 2025 are numbers
# too; a figure is only ever compared when a unit follows it).
# Fifteen digits and six decimals at most: longer runs are no figure a plan states,
# and comparing them would overflow the decimal context.
_NUMBER_RE = re.compile(r"(?<![\d.])(\d{1,15}(?:\.\d{1,6})?)(?![\d.])")
_YEAR_RE = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年")
_YEAR_RANGE_RE = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*[—–\-~～至到]\s*(?:(?:19|20)\d{2})\s*年")
# Words before a figure that make it approximate; words after it.
APPROX_BEFORE = ("约", "近", "大约", "接近")
APPROX_AFTER = ("左右",)
# A figure introduced by 由/从 is where a change started (由47.5%提高到54.2%).
_FROM_WORDS = ("由", "从")
_REFERENCE_WORDS = ("由", "从", "比", "较")
# How far an approximate figure (约428亿元, 720亿元左右) may be from the table's.
APPROX_TOLERANCE = Decimal("0.03")
# How far a figure may stand after the name it is read with.
_SUBJECT_REACH = 40

# Other periods' names: 十一五 … 十九五.
_PERIOD_RE = re.compile(r"十[一二三四五六七八九]五")
# A base year named as such: 以2020年为基期, 基期（2020年）, 比2020年翻一番.
_BASE_YEAR_RE = re.compile(
    r"(?:以|按)\s*((?:19|20)\d{2})\s*年\s*(?:为|作为)\s*(?:基期|基准年|基年)"
    r"|基期[（(]?\s*((?:19|20)\d{2})\s*年"
    r"|比\s*((?:19|20)\d{2})\s*年\s*(?:翻|增长|提高|下降|降低|减少|增加)"
)
# The horizons national strategy names beyond any county plan's vision year
# (本世纪中叶, 碳中和): a forward-looking chapter may cite them.
NATIONAL_HORIZONS = frozenset({2049, 2050, 2060})

# What the text says about the plan's projects as a whole: a count right after a
# word that makes it the plan's (本规划, 规划期内, 共) and nothing but verbs between,
# so that 全县交通重点项目25个 (a sector's) or a 专栏's 重点项目12个 do not count.
_WHOLE = r"(?:本规划|本纲要|规划期内|规划期间|共)(?:共|计|安排|实施|谋划|布局|储备|列入|了)*"
_PROJECT_COUNT_RE = re.compile(
    _WHOLE + r"(?:重大|重点)(?:工程)?项目\s*(\d{1,6})\s*(?:个|项)"
    r"|" + _WHOLE + r"(\d{1,6})\s*(?:个|项)(?:重大|重点)(?:工程)?项目"
)
_AMOUNT = r"\s*(约|近|超过|超|逾)?\s*(\d{1,12}(?:\.\d{1,4})?)\s*(亿元|万元)(左右|以上)?"
_TOTAL_RE = re.compile(r"总投资" + _AMOUNT)
_PERIOD_INVESTMENT_RE = re.compile(r"(?:期内|期间)[^，,。；]{0,12}?投资" + _AMOUNT)
_AT_LEAST = frozenset({"超过", "超", "逾", "以上"})

# What an item name may end with that says what kind of item it is, not which one.
NAME_SUFFIXES = ("建设工程", "建设项目", "工程", "项目", "行动", "计划")


# Full-width digits, letters, ％ and ． as ASCII, one character for one, so that
# offsets stay those of the text and the Chinese punctuation quoted in a message
# stays Chinese (NFKC would turn ， into ,).
_HALF_WIDTH = str.maketrans(
    {
        **{chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)},
        **{chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)},
        **{chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)},
        "％": "%",
        "．": ".",
    }
)


def normalise(text: str) -> str:
    return text.translate(_HALF_WIDTH)


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) for each sentence of ``text``."""
    for match in _SENTENCE_RE.finditer(text):
        if match.group().strip():
            yield match.start(), match.group()


def excerpt(text: str, start: int, end: int, reach: int = 16) -> str:
    """The words around ``text[start:end]``, for a message: “……2025年达到450亿元……”."""
    left = max(0, start - reach)
    right = min(len(text), end + reach)
    return (
        ("……" if left else "")
        + text[left:right].replace("\n", " ")
        + ("……" if right < len(text) else "")
    )


def decimal(raw: str) -> Decimal | None:
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def agrees(stated: Decimal, actual: Decimal, *, approximate: bool) -> bool:
    """Does a figure in the text state ``actual``? Exactly: the table's value rounded
    to the text's decimals (318.5 for 318.48). Approximately (约, 左右): within
    APPROX_TOLERANCE of it."""
    if approximate:
        if actual == 0:
            return stated == 0
        return abs(stated - actual) <= abs(actual) * APPROX_TOLERANCE
    places = -stated.as_tuple().exponent if stated.as_tuple().exponent < 0 else 0
    try:
        return actual.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == stated
    except InvalidOperation:  # more digits than the context holds: not the table's
        return False


def is_approximate(sentence: str, start: int, end: int) -> bool:
    before = sentence[max(0, start - 2) : start]
    after = sentence[end : end + 2]
    return any(before.endswith(w) for w in APPROX_BEFORE) or any(
        after.startswith(w) for w in APPROX_AFTER
    )


# Figures next to a subject ------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """A name figures are read with (an indicator's name, or a variant of it), and
    the items it may stand for."""

    text: str
    items: tuple
    loose: bool = False


@dataclass(frozen=True)
class Figure:
    """A number and what follows it, read with the nearest subject before it whose
    unit the text uses."""

    item: object
    subject: str
    value: Decimal
    approximate: bool
    year: int | None  # the last year named before it in the sentence
    annual: bool  # 年均 / 每年 between the subject and the figure
    offset: int  # in the node's text
    end: int
    between: str = ""  # the words between the subject and the figure
    clause: str = ""  # the clause up to the figure (for 力争 / 确保)


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def _unit_follows(after: str, unit: str) -> bool:
    """The unit is written after the number: 430亿元, or 430亿 for 亿元 when the
    word ends there (not 430亿美元)."""
    if not unit:
        return False
    if after.startswith(unit):
        return True
    short = unit[:-1]
    return (
        unit.endswith("元")
        and bool(short)
        and after.startswith(short)
        and (
            len(after) == len(short)
            or not _is_cjk(after[len(short)])
            or after[len(short)] in "以左"
        )
    )


# A figure after these words is not the subject's own value: an increment
# (比2020年增加111.5亿元), a sum over years (五年累计), or a part of it
# (地区生产总值中，第二产业…; 占地区生产总值的…).
CHANGE_RE = re.compile(
    r"(?:增加|净增|增长|新增|提高|下降|降低|减少)(?:了|约|近)?\s*$|累计|合计|共计"
)
_PART_RE = re.compile(r"^中|其中|占")


class SubjectIndex:
    """Every subject of a plan in one compiled alternation, longest first, so that
    人均地区生产总值 is read as itself and not as 地区生产总值."""

    def __init__(self, subjects: Iterable[Subject]):
        by_text: dict[str, list] = {}
        # Names that must stand as a word of their own (a shortened name is not
        # read inside a longer word: 业增加值增长 in 第三产业增加值增长).
        self.loose: set[str] = set()
        for subject in subjects:
            if len(subject.text) >= 2:
                by_text.setdefault(subject.text, []).extend(subject.items)
                if subject.loose:
                    self.loose.add(subject.text)
        self.items = {text: tuple(dict.fromkeys(items)) for text, items in by_text.items()}
        names = sorted(self.items, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, names))) if names else None

    def find(self, sentence: str) -> list[tuple[int, int, str]]:
        if self.pattern is None:
            return []
        return [(m.start(), m.end(), m.group()) for m in self.pattern.finditer(sentence)]


def figures(text: str, index: SubjectIndex, unit_of) -> Iterator[Figure]:
    """The figures of ``text`` read with a subject of ``index``. ``unit_of(item)``
    gives an item's unit; a number is read with the nearest subject before it (in
    the same sentence, at most _SUBJECT_REACH characters away) one of whose items
    has the unit written after the number. A figure introduced by 由/从 is a
    starting point, not a claim about the plan's years, and is skipped."""
    for offset, sentence in sentences(text):
        found = index.find(sentence)
        if not found:
            continue
        # The year a figure is of: the last named before it, except a year it is
        # compared with (比2020年翻一番) or starts from (由2015年的…).
        years = [
            (m.start(), int(m.group(1)))
            for m in _YEAR_RE.finditer(sentence)
            if sentence[max(0, m.start() - 1) : m.start()] not in _REFERENCE_WORDS
        ]
        claimed: set[tuple[int, str]] = set()
        for number in _NUMBER_RE.finditer(sentence):
            start, end = number.span()
            if sentence[end : end + 1] == "年":
                continue  # a year, not a figure
            if sentence[max(0, start - 1) : start] in _FROM_WORDS:
                continue
            after = sentence[end : end + 8].lstrip()
            item = subject = None
            for s_start, s_end, name in reversed(found):
                if s_end > start or start - s_end > _SUBJECT_REACH:
                    continue
                if name in index.loose and s_start and _is_cjk(sentence[s_start - 1]):
                    continue
                if _PART_RE.search(sentence[s_end:start]):
                    break  # the figure is of a part of the subject
                item = next(
                    (i for i in index.items[name] if _unit_follows(after, unit_of(i))),
                    None,
                )
                if item is not None:
                    subject = (s_start, s_end, name)
                    break
            # A name owns the first figure in its unit after it, not the figures of
            # other subjects the sentence goes on to (…增长8%，研发投入强度2.2%).
            if item is None or (subject[0], unit_of(item)) in claimed:
                continue
            claimed.add((subject[0], unit_of(item)))
            value = decimal(number.group(1))
            if value is None:
                continue
            between = sentence[subject[1] : start]
            year = next((y for pos, y in reversed(years) if pos < start), None)
            clause_start = max(sentence.rfind(c, 0, start) for c in "，,：:")
            yield Figure(
                item=item,
                subject=subject[2],
                value=value,
                approximate=is_approximate(sentence, start, end),
                year=year,
                annual=any(w in between or w in subject[2] for w in ("年均", "每年")),
                offset=offset + start,
                end=offset + end + len(unit_of(item)),
                between=between,
                clause=sentence[clause_start + 1 : start],
            )


def stem(name: str) -> str:
    """An indicator's name without the verb of change at its end (能源消耗降低 →
    能源消耗), so the annual wording 能源消耗年均降低 can be recognised."""
    for verb in ("增长", "降低", "下降", "提高", "减少", "增加"):
        if name.endswith(verb) and len(name) > len(verb) + 1:
            return name[: -len(verb)]
    return ""


def name_variants(name: str) -> list[str]:
    """The ways a growth or reduction indicator is commonly written: 地区生产总值增长
    → 地区生产总值年均增长, 地区生产总值每年增长."""
    base = stem(name)
    if not base:
        return [name]
    verb = name[len(base) :]
    return [name, f"{base}年均{verb}", f"{base}每年{verb}"]


# Project totals ----------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """A count or an amount the text states about all the plan's projects."""

    kind: str  # "count", "total" or "period"
    value: Decimal  # a count, or 万元
    approximate: bool
    offset: int
    end: int
    at_least: bool = False  # 超过45亿元, 45亿元以上: the table's may be more


def _wan(value: Decimal, unit: str) -> Decimal:
    return value * 10000 if unit == "亿元" else value


def project_statements(text: str) -> Iterator[Statement]:
    """Counts and totals of the plan's projects (“本规划共安排重大项目60个，总投资约
    428亿元，其中期内完成投资约398亿元”). Only a sentence that states a count and
    says it is the whole (共, 合计, 全县, 本规划) speaks for the table: a 专栏's own
    “重点项目12个” does not."""
    for offset, sentence in sentences(text):
        count = _PROJECT_COUNT_RE.search(sentence)
        if count is None:
            continue
        raw = count.group(1) or count.group(2)
        yield Statement("count", Decimal(raw), False, offset + count.start(), offset + count.end())
        for kind, pattern in (("total", _TOTAL_RE), ("period", _PERIOD_INVESTMENT_RE)):
            match = pattern.search(sentence)
            if match is None or (kind == "total" and _is_period(sentence, match.start())):
                continue
            value = decimal(match.group(2))
            if value is None:
                continue
            yield Statement(
                kind,
                _wan(value, match.group(3)),
                match.group(1) in {"约", "近"} or match.group(4) == "左右",
                offset + match.start(),
                offset + match.end(),
                at_least=match.group(1) in _AT_LEAST or match.group(4) in _AT_LEAST,
            )


def _is_period(sentence: str, start: int) -> bool:
    clause_start = max(sentence.rfind(c, 0, start) for c in "，,")
    return any(w in sentence[clause_start + 1 : start] for w in ("期内", "期间"))


def total_agrees(stated: Statement, actual: Decimal) -> bool:
    """A total in 亿元 without 约 must be the table's total rounded to the 亿 (or to
    the decimals written); with 约 within APPROX_TOLERANCE."""
    if stated.at_least and actual >= stated.value:
        return True
    if stated.approximate:
        return agrees(stated.value, actual, approximate=True)
    # Written in 亿元: compare in 亿元 at the precision written.
    yi = stated.value / 10000
    return agrees(yi.normalize(), actual / 10000, approximate=False) or stated.value == actual


# Years and periods -----------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    text: str
    offset: int
    end: int


def years(text: str) -> Iterator[tuple[int, Mention, bool]]:
    """Four-digit years written with 年 (and the first year of a range 2016—2020年)
    that state when something is to happen, with whether the year is one compared
    with (比2020年翻一番). Not: a year something has run since (自2018年…以来, 于2019年
    启动) or the year of a document cited (《…》（2019年）, 2019年版). Read sentence by
    sentence, so that looking around a year costs the sentence, not the chapter."""
    for offset, sentence in sentences(text):
        for pattern in (_YEAR_RE, _YEAR_RANGE_RE):
            for match in pattern.finditer(sentence):
                start, end = match.span()
                before = sentence[start - 1 : start]
                clause_end = min(
                    (i for i in (sentence.find(c, end) for c in "，,") if i != -1),
                    default=len(sentence),
                )
                if before in {"自", "从", "于"} or "以来" in sentence[end:clause_end]:
                    continue
                if sentence.rfind("（", 0, start) > sentence.rfind("）", 0, start) or (
                    sentence.rfind("《", 0, start) > sentence.rfind("》", 0, start)
                ):
                    continue
                if sentence[end : end + 1] == "版" or sentence[end : end + 2] in {"修订", "修正"}:
                    continue
                mention = Mention(match.group(), offset + start, offset + end)
                yield int(match.group(1)), mention, before in {"比", "较"}


def other_periods(text: str, *, target_year: int) -> Iterator[Mention]:
    """Names of earlier five-year periods (十三五 in a 十四五 plan). The next period's
    name is not flagged: a plan may look ahead to it."""
    own = five_year_plan_name(target_year)
    following = five_year_plan_name(target_year + 5)
    for match in _PERIOD_RE.finditer(text):
        if match.group() not in {own, following}:
            yield Mention(match.group(), match.start(), match.end())


def base_years(text: str, *, vision_year: int) -> Iterator[tuple[int, Mention]]:
    """Years named as a base (以2015年为基期, 比2015年翻一番). A comparison in a
    sentence about the vision year is the vision's own measure (到2035年…比2020年
    翻一番, the national wording) and is not the plan's base."""
    for offset, sentence in sentences(text):
        for match in _BASE_YEAR_RE.finditer(sentence):
            if match.group(3) and f"{vision_year}年" in sentence:
                continue
            year = int(next(g for g in match.groups() if g))
            yield year, Mention(match.group(), offset + match.start(), offset + match.end())


# Standard wording ------------------------------------------------------------------


class PhraseIndex:
    """The discouraged phrases of a glossary, longest first: 单位GDP能耗 is one use
    of its own rule, not also a use of GDP."""

    def __init__(self, phrases: Sequence[str]):
        names = sorted({normalise(p) for p in phrases if p.strip()}, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, names)), re.IGNORECASE) if names else None

    def uses(self, text: str) -> Iterator[Mention]:
        if self.pattern is None:
            return
        for match in self.pattern.finditer(text):
            yield Mention(match.group(), match.start(), match.end())


# Names used consistently -----------------------------------------------------------


def core_name(name: str) -> tuple[str, str]:
    """(the distinctive part, the generic suffix) of an item's name:
    县域医共体能力提升工程 → (县域医共体能力提升, 工程)."""
    for suffix in NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 4:
            return name[: -len(suffix)], suffix
    return name, ""


def renamed(text: str, name: str) -> Iterator[Mention]:
    """Places where ``text`` writes a project's distinctive name with another generic
    suffix (…提升项目 for …提升工程)."""
    core, suffix = core_name(name)
    if not suffix:
        return
    start = text.find(core)
    while start != -1:
        end = start + len(core)
        if not text.startswith(suffix, end):
            other = next((s for s in NAME_SUFFIXES if text.startswith(s, end)), None)
            if other is not None and not suffix.endswith(other):
                yield Mention(text[start : end + len(other)], start, end + len(other))
        start = text.find(core, end)
