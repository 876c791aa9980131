"""The text checks over a table of sentences as county outlines write them.

Each row is a chapter's text, where it stands (a chapter reviewing the last period
or one looking ahead) and what the checks must say about it: nothing, or the check
and a phrase of its message. The table is run against one indicator table and one
project table, without a database, and the false positives (a finding where none
is expected) and misses are counted: both must stay at zero.
"""

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest

from apps.checks.data import NodeText, PlanData
from apps.checks.registry import registry
from apps.checks.rules.text import PER_NODE
from apps.checks.textfacts import agrees, core_name, normalise
from apps.delivery.models import MajorProject
from apps.plans.models import OutlineNode, Plan
from apps.targets.models import Indicator

LEVEL, ANNUAL, CUMULATIVE = (
    Indicator.Expression.LEVEL,
    Indicator.Expression.ANNUAL,
    Indicator.Expression.CUMULATIVE,
)


def _indicator(pk, name, unit, base, target, vision=None, expression=LEVEL, op=""):
    def number(value):
        return None if value is None else Decimal(value)

    return Indicator(
        pk=pk,
        name=name,
        unit=unit,
        baseline_value=number(base),
        target_value=number(target),
        vision_value=number(vision),
        expression=expression,
        target_operator=op,
    )


INDICATORS = [
    _indicator(1, "地区生产总值", "亿元", "318.5", "430", "720", op="≥"),
    _indicator(2, "地区生产总值增长", "%", "3.6", "6.5", expression=ANNUAL),
    _indicator(3, "人均地区生产总值", "万元", "6.06", "8.1", "13.5"),
    _indicator(4, "常住人口城镇化率", "%", "54.2", "60", "70"),
    _indicator(5, "一般公共预算收入", "亿元", "21.8", "28.5"),
    _indicator(6, "单位地区生产总值能源消耗降低", "%", None, "14", expression=CUMULATIVE),
    _indicator(7, "每千人口拥有3岁以下婴幼儿托位数", "个", "1.2", "4.5"),
    _indicator(8, "森林覆盖率", "%", "31", "32.5"),
]
PROJECTS = [
    MajorProject(
        pk=1,
        name="县域医共体能力提升工程",
        total_investment=Decimal("180000"),
        period_investment=Decimal("180000"),
    ),
    MajorProject(
        pk=2,
        name="东湖流域综合治理项目",
        total_investment=Decimal("250000"),
        period_investment=Decimal("200000"),
    ),
    MajorProject(
        pk=3,
        name="城际铁路示范站",
        total_investment=Decimal("70000"),
        period_investment=Decimal("70000"),
    ),
]
# 50亿元 in all, 3 projects.


@dataclass(frozen=True)
class Row:
    text: str
    expect: tuple[tuple[str, str], ...] = ()  # (check id, phrase of its message)
    looks_back: bool = False


TEXT_CHECKS = [c for c in registry.all() if c.id.startswith("text-")]

ROWS = [
    # Figures that are the table's: nothing to say.
    Row("2025年地区生产总值达到430亿元以上，年均增长6.5%左右。"),
    Row("地区生产总值年均增长6.5%左右，2025年达到430亿元以上；一般公共预算收入达到28.5亿元。"),
    Row("2020年地区生产总值达到318.5亿元，人均地区生产总值6.06万元。", looks_back=True),
    Row(
        "到2035年，地区生产总值达到720亿元左右，比2020年翻一番以上，人均地区生产总值达到13.5万元。"
    ),
    Row("常住人口城镇化率由47.5%提高到54.2%。", looks_back=True),
    Row("2015年地区生产总值为210亿元。", looks_back=True),
    Row("地区生产总值约425亿元。"),  # 约: within 3 % of 430
    Row("常住人口城镇化率达到６０％。"),  # full-width digits
    Row("每千人口拥有3岁以下婴幼儿托位数达到4.5个。"),
    Row("地区生产总值年均增长6.5%，研发经费投入强度达到2.2%，数字经济占比7%。"),
    Row("智能装备产业产值突破300亿元，森林覆盖率提高到32.5%。"),
    Row("单位地区生产总值能源消耗降低14%，五年累计完成。"),
    Row("本规划共安排重大项目3个，总投资约50亿元。"),
    Row("专栏：重点项目12个，总投资8亿元。"),  # a box's own count: not the table's
    Row("实施县域医共体能力提升工程和东湖流域综合治理项目。"),
    Row("为2030年前碳达峰、2060年前碳中和作出贡献，到本世纪中叶全面建成。"),
    Row("“十三五”时期，全县新建中小学12所。", looks_back=True),
    Row("为“十五五”时期发展打下坚实基础。"),
    Row("2021—2025年，全县新增就业2.5万人。"),
    # Found by review as false positives, kept here so they stay quiet.
    Row("确保地区生产总值年均增长6%以上，力争达到6.5%。"),
    Row("力争地区生产总值达到450亿元。"),
    Row("2025年地区生产总值力争突破450亿元。"),
    Row("地区生产总值比2020年增加111.5亿元。"),
    Row("与2020年相比，地区生产总值增加111.5亿元。"),
    Row("地区生产总值较2020年净增111.5亿元。"),
    Row("一般公共预算收入五年累计达到125亿元。"),
    Row("2021年至2025年，一般公共预算收入累计达到120亿元。"),
    Row("地区生产总值中，第二产业增加值达到180亿元。"),
    Row("全县交通重点项目2个，总投资9亿元。"),
    Row("全县共谋划实施交通重点项目25个，总投资120亿元。"),
    Row("本规划共安排重大项目3个，总投资超过45亿元。"),
    Row("自2018年启动国家全域旅游示范区创建以来，游客量稳步增长。"),
    Row("贯彻《关于推进县城城镇化建设的意见》（2019年），补齐短板。"),
    Row("第三产业增加值增长8%，农村居民人均可支配收入增长7%。"),
    Row("到2035年，全县经济总量和城乡居民人均收入比2020年翻一番以上。"),
    Row("地区生产总值达到430.000000000000000000000000000亿元。"),
    Row("地区生产总值达到0.0000000000000000000000000000001亿元。"),
    # Figures that are not.
    Row(
        "地区生产总值年均增长6.5%左右，2025年达到450亿元以上。",
        (("text-indicator-figures", "450亿元"),),
    ),
    Row("2025年人均地区生产总值达到9万元。", (("text-indicator-figures", "9万元"),)),
    Row("地区生产总值约400亿元。", (("text-indicator-figures", "400亿元"),)),
    Row(
        "单位地区生产总值能源消耗年均降低14%。",
        (("text-cumulative-as-annual", "五年累计目标"),),
    ),
    Row(
        "本规划共安排重大项目5个，总投资62亿元。",
        (("text-project-totals", "项目个数为3个"), ("text-project-totals", "总投资为50亿元")),
    ),
    Row("到2040年建成千亿级产业集群。", (("text-years", "2040年不在本规划"),)),
    Row("“十三五”期间新建中小学5所。", (("text-period-words", "‘十三五’期间"),)),
    Row("以2015年为基期测算。", (("text-period-words", "基期是2020年"), ("text-years", "2015年"))),
    Row("单位GDP能耗稳步下降。", (("text-wording", "单位地区生产总值能耗"),)),
    Row("实施县域医共体能力提升项目。", (("text-names", "项目表中为“县域医共体能力提升工程”"),)),
    Row("到2025年，城镇化率达到60%。", (("text-names", "指标表中为“常住人口城镇化率”"),)),
    Row("2025年地区生产总值达到450亿。", (("text-indicator-figures", "450亿"),)),
    Row("全县gdp年均增长6.5%。", (("text-wording", "使用“GDP”"),)),
    Row("规划期内共安排重大项目4个。", (("text-project-totals", "项目个数为3个"),)),
]


def _data(rows: list[Row]) -> PlanData:
    plan = Plan(pk=1, base_year=2020, target_year=2025, vision_year=2035)
    texts = [
        NodeText(
            OutlineNode(pk=n + 1, document_id=1, title=f"第{n + 1}节"),
            normalise(row.text),
            row.looks_back,
        )
        for n, row in enumerate(rows)
    ]
    for indicator in INDICATORS:
        indicator.plan = plan
    lists = (
        "categories",
        "visions",
        "targets",
        "advantages",
        "regional_links",
        "tasks",
        "policy_tools",
        "risks",
        "linkages",
        "measures",
        "research",
    )
    maps = ("task_indicator_ids", "task_advantage_ids", "task_dependencies", "tool_task_ids")
    data = PlanData(
        plan=plan,
        nodes={},
        nodes_by_key={},
        indicators=INDICATORS,
        projects=PROJECTS,
        texts=texts,
        wording=[
            SimpleNamespace(
                discouraged="单位GDP能耗", preferred="单位地区生产总值能耗", reason="规范名称"
            ),
            SimpleNamespace(discouraged="GDP", preferred="地区生产总值", reason=""),
        ],
        **{name: [] for name in lists},
        **{name: {} for name in maps},
    )
    return data


def _found(rows):
    data = _data(rows)
    found = []
    for check in TEXT_CHECKS:
        for finding in check.run(data):
            found.append((finding.node_id - 1, check.id, finding.message))
    return found


def test_the_table_gives_exactly_the_expected_findings():
    found = _found(ROWS)
    false_positives = [
        (ROWS[row].text, check, message)
        for row, check, message in found
        if not any(check == c and phrase in message for c, phrase in ROWS[row].expect)
    ]
    misses = [
        (row.text, check, phrase)
        for n, row in enumerate(ROWS)
        for check, phrase in row.expect
        if not any(r == n and c == check and phrase in m for r, c, m in found)
    ]
    print(
        f"{len(ROWS)} sentences, {len(found)} findings, "
        f"{len(false_positives)} false positives, {len(misses)} misses"
    )
    assert false_positives == []
    assert misses == []


@pytest.mark.parametrize(
    ("stated", "actual", "approximate", "expected"),
    [
        ("318.5", "318.48", False, True),  # rounded to the decimals written
        ("318", "318.5", False, False),
        ("428", "427.73", True, True),  # 约: within 3 %
        ("445", "427.73", True, False),
        ("0", "0", True, True),
    ],
)
def test_agreement_of_a_stated_figure(stated, actual, approximate, expected):
    assert agrees(Decimal(stated), Decimal(actual), approximate=approximate) is expected


def test_core_name_leaves_a_short_name_whole():
    assert core_name("县域医共体能力提升工程") == ("县域医共体能力提升", "工程")
    assert core_name("物流园项目") == ("物流园项目", "")


def test_a_huge_chapter_lists_a_bounded_number_of_findings():
    """200,000 characters repeating the same slips: each check lists a repeated
    finding once and one line counting the rest (the time it takes:
    benchmarks/checks.py)."""
    sentence = "地区生产总值年均增长6.5%左右，2025年达到450亿元以上，“十三五”期间开工。"
    found = _found([Row(sentence * (200_000 // len(sentence)))])
    by_check = {}
    for _row, check, message in found:
        by_check.setdefault(check, []).append(message)
    assert set(by_check) == {"text-indicator-figures", "text-period-words"}
    # The sentence is the same throughout: its finding once, the rest counted.
    repeats = 200_000 // len(sentence)
    for messages in by_check.values():
        assert len(messages) == 2
        assert f"另有{repeats - 1}处同类问题未列出" in messages[-1]


def test_a_chapter_lists_ten_different_findings_and_counts_the_rest():
    text = "".join(f"2025年地区生产总值达到{500 + n}亿元。" for n in range(30))
    found = [m for _r, check, m in _found([Row(text)]) if check == "text-indicator-figures"]
    assert len(found) == PER_NODE + 1
    assert f"另有{30 - PER_NODE}处同类问题未列出" in found[-1]
