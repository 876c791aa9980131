"""Reference data: the main indicators of the national five-year plan outline.

The 20 indicators of the national 十四五 outline (专栏1, “十四五”时期经济社会发展主要
指标), with the categories, units, 2020 values, 2025 targets and attributes of the
official table. Values marked * in that table are 2019 data. A county starts its
own table from these and the self-check compares county targets with them.
"""

import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class NationalIndicator:
    code: str
    category: str
    name: str
    unit: str
    baseline: Decimal | None
    expression: str  # "level", "annual" or "cumulative", as Indicator.Expression
    attribute: str  # "expected" or "binding"
    target_value: Decimal | None = None
    target_operator: str = ""
    target_text: str = ""
    baseline_data_year: int | None = None


def _d(value: str) -> Decimal:
    return Decimal(value)


@dataclass(frozen=True)
class NationalTable:
    ordinal: int  # 14 for 十四五
    base_year: int
    indicators: tuple[NationalIndicator, ...]
    notes: tuple[str, ...]


FYP14 = NationalTable(
    ordinal=14,
    base_year=2020,
    indicators=(
        NationalIndicator(
            "CN14-01",
            "经济发展",
            "国内生产总值（GDP）增长",
            "%",
            _d("2.3"),
            "annual",
            "expected",
            target_text="保持在合理区间、各年度视情提出",
        ),
        NationalIndicator(
            "CN14-02",
            "经济发展",
            "全员劳动生产率增长",
            "%",
            _d("2.5"),
            "annual",
            "expected",
            target_text="高于GDP增长",
        ),
        NationalIndicator(
            "CN14-03",
            "经济发展",
            "常住人口城镇化率",
            "%",
            _d("60.6"),
            "level",
            "expected",
            target_value=_d("65"),
            baseline_data_year=2019,
        ),
        NationalIndicator(
            "CN14-04",
            "创新驱动",
            "全社会研发经费投入增长",
            "%",
            None,
            "annual",
            "expected",
            target_text=">7、力争投入强度高于“十三五”时期实际",
        ),
        NationalIndicator(
            "CN14-05",
            "创新驱动",
            "每万人口高价值发明专利拥有量",
            "件",
            _d("6.3"),
            "level",
            "expected",
            target_value=_d("12"),
        ),
        NationalIndicator(
            "CN14-06",
            "创新驱动",
            "数字经济核心产业增加值占GDP比重",
            "%",
            _d("7.8"),
            "level",
            "expected",
            target_value=_d("10"),
        ),
        NationalIndicator(
            "CN14-07",
            "民生福祉",
            "居民人均可支配收入增长",
            "%",
            _d("2.1"),
            "annual",
            "expected",
            target_text="与GDP增长基本同步",
        ),
        NationalIndicator(
            "CN14-08",
            "民生福祉",
            "城镇调查失业率",
            "%",
            _d("5.2"),
            "annual",
            "expected",
            target_value=_d("5.5"),
            target_operator="<",
        ),
        NationalIndicator(
            "CN14-09",
            "民生福祉",
            "劳动年龄人口平均受教育年限",
            "年",
            _d("10.8"),
            "level",
            "binding",
            target_value=_d("11.3"),
        ),
        NationalIndicator(
            "CN14-10",
            "民生福祉",
            "每千人口拥有执业（助理）医师数",
            "人",
            _d("2.9"),
            "level",
            "expected",
            target_value=_d("3.2"),
        ),
        NationalIndicator(
            "CN14-11",
            "民生福祉",
            "基本养老保险参保率",
            "%",
            _d("91"),
            "level",
            "expected",
            target_value=_d("95"),
        ),
        NationalIndicator(
            "CN14-12",
            "民生福祉",
            "每千人口拥有3岁以下婴幼儿托位数",
            "个",
            _d("1.8"),
            "level",
            "expected",
            target_value=_d("4.5"),
        ),
        NationalIndicator(
            "CN14-13",
            "民生福祉",
            "人均预期寿命",
            "岁",
            _d("77.3"),
            "cumulative",
            "expected",
            target_value=_d("1"),
            baseline_data_year=2019,
        ),
        NationalIndicator(
            "CN14-14",
            "绿色生态",
            "单位GDP能源消耗降低",
            "%",
            None,
            "cumulative",
            "binding",
            target_value=_d("13.5"),
        ),
        NationalIndicator(
            "CN14-15",
            "绿色生态",
            "单位GDP二氧化碳排放降低",
            "%",
            None,
            "cumulative",
            "binding",
            target_value=_d("18"),
        ),
        NationalIndicator(
            "CN14-16",
            "绿色生态",
            "地级及以上城市空气质量优良天数比率",
            "%",
            _d("87"),
            "level",
            "binding",
            target_value=_d("87.5"),
        ),
        NationalIndicator(
            "CN14-17",
            "绿色生态",
            "地表水达到或好于Ⅲ类水体比例",
            "%",
            _d("83.4"),
            "level",
            "binding",
            target_value=_d("85"),
        ),
        NationalIndicator(
            "CN14-18",
            "绿色生态",
            "森林覆盖率",
            "%",
            _d("23.2"),
            "level",
            "binding",
            target_value=_d("24.1"),
            baseline_data_year=2019,
        ),
        NationalIndicator(
            "CN14-19",
            "安全保障",
            "粮食综合生产能力",
            "亿吨",
            None,
            "level",
            "binding",
            target_value=_d("6.5"),
            target_operator=">",
        ),
        NationalIndicator(
            "CN14-20",
            "安全保障",
            "能源综合生产能力",
            "亿吨标准煤",
            None,
            "level",
            "binding",
            target_value=_d("46"),
            target_operator=">",
        ),
    ),
    notes=(
        "〔 〕内为五年累计数。",
        "带*的为2019年数据。",
        "能源综合生产能力为煤炭、石油、天然气和非化石能源生产能力之和。",
    ),
)

NATIONAL_TABLES: dict[int, NationalTable] = {FYP14.ordinal: FYP14}


def national_table_for(ordinal: int) -> NationalTable | None:
    return NATIONAL_TABLES.get(ordinal)


def national_indicator(code: str) -> NationalIndicator | None:
    for table in NATIONAL_TABLES.values():
        for indicator in table.indicators:
            if indicator.code == code:
                return indicator
    return None


# County tables say 地区生产总值 where the national one says 国内生产总值 or GDP, and
# drop the national table's 地级及以上城市 qualifier.
_NATIONAL_NAMES = (
    ("国内生产总值（GDP）", "地区生产总值"),
    ("国内生产总值", "地区生产总值"),
    ("GDP", "地区生产总值"),
    ("地级及以上城市", ""),
)


def _normal_name(name: str) -> str:
    for national, county in _NATIONAL_NAMES:
        name = name.replace(national, county)
    return re.sub(r"\s", "", name)


def national_match(indicator, ordinal: int) -> NationalIndicator | None:
    """The national reference indicator a county indicator corresponds to: the one
    it was imported from, or the one with the same name once 国内生产总值/GDP reads
    地区生产总值."""
    if indicator.national_code:
        return national_indicator(indicator.national_code)
    table = NATIONAL_TABLES.get(ordinal)
    if table is None:
        return None
    wanted = _normal_name(indicator.name)
    return next((ref for ref in table.indicators if _normal_name(ref.name) == wanted), None)
