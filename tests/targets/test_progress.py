"""The 时序进度 classification: one table, every expression kind, each standing.

A 2020-based plan to 2025, a tolerance of 5 percentage points of the planned
change (relative to the target for growth rates)."""

from decimal import Decimal

import pytest

from apps.targets.progress import ProgressInput, Standing, judge

D = Decimal
S = Standing


def _input(expression="level", unit="%", operator="", target=None, baseline=None, text=""):
    return ProgressInput(
        unit=unit,
        expression=expression,
        operator=operator,
        target=None if target is None else D(str(target)),
        target_text=text,
        baseline=None if baseline is None else D(str(baseline)),
        base_year=2020,
        target_year=2025,
        tolerance=D(5),
    )


def _series(*values) -> dict[int, Decimal]:
    return {2021 + i: D(str(v)) for i, v in enumerate(values) if v is not None}


CASES = [
    # (what, input, actuals from 2021, year, standing)
    # A rate moving in a straight line: 城镇化率 60 → 65, 1 point a year.
    ("level rate on the path", _input(target=65, baseline=60), _series(61, 62.1), 2022, S.ON_TRACK),
    ("level rate ahead", _input(target=65, baseline=60), _series(61, 63), 2022, S.FASTER),
    ("level rate behind", _input(target=65, baseline=60), _series(60.5, 61.2), 2022, S.LAGGING),
    (
        "level rate reached early",
        _input(target=65, baseline=60),
        _series(62, 65.2),
        2022,
        S.ACHIEVED,
    ),
    (
        "level rate reached in the last year",
        _input(target=65, baseline=60),
        _series(61, 62, 63, 64, 65),
        2025,
        S.ON_TRACK,
    ),
    # A quantity on a constant growth rate: GDP 300 → 441 (8% a year); 2022's
    # path is 349.92.
    (
        "level quantity on the compound path",
        _input(unit="亿元", target=441, baseline=300),
        _series(324, 350),
        2022,
        S.ON_TRACK,
    ),
    (
        "level quantity behind the compound path",
        _input(unit="亿元", target=441, baseline=300),
        _series(310, 330),
        2022,
        S.LAGGING,
    ),
    # A falling level: PM2.5 40 → 35 μg/m³ is a target below the baseline.
    (
        "falling level on the path",
        _input(unit="微克/立方米", target=35, baseline=40),
        _series(39, 38),
        2022,
        S.ON_TRACK,
    ),
    (
        "falling level rising instead",
        _input(unit="微克/立方米", target=35, baseline=40),
        _series(41, 40),
        2022,
        S.LAGGING,
    ),
    # A ceiling the baseline keeps: 城镇调查失业率 <5.5.
    (
        "ceiling held",
        _input(operator="<", target=5.5, baseline=5.1),
        _series(5.2, 5.4),
        2022,
        S.ON_TRACK,
    ),
    (
        "ceiling crossed",
        _input(operator="<", target=5.5, baseline=5.1),
        _series(5.2, 5.6),
        2022,
        S.LAGGING,
    ),
    # A floor the baseline keeps: 粮食产量 ≥ 30 万吨.
    (
        "floor held",
        _input(unit="万吨", operator="≥", target=30, baseline=31),
        _series(30.5),
        2021,
        S.ON_TRACK,
    ),
    (
        "floor broken",
        _input(unit="万吨", operator="≥", target=30, baseline=31),
        _series(29.8),
        2021,
        S.LAGGING,
    ),
    # A floor the baseline does not keep yet is a level target towards it.
    (
        "floor to reach, reached early",
        _input(operator="≥", target=70, baseline=60),
        _series(66, 71),
        2022,
        S.ACHIEVED,
    ),
    (
        "floor to reach, behind",
        _input(operator="≥", target=70, baseline=60),
        _series(61, 62),
        2022,
        S.LAGGING,
    ),
    # Average annual growth of a quantity: 年均增长 6.5%.
    (
        "annual growth on target",
        _input("annual", "亿元", target=6.5),
        _series(6.8, 6.3),
        2022,
        S.ON_TRACK,
    ),
    (
        "annual growth faster",
        _input("annual", "亿元", target=6.5),
        _series(8.0, 7.6),
        2022,
        S.FASTER,
    ),
    (
        "annual growth lagging",
        _input("annual", "亿元", target=6.5),
        _series(5.0, 5.5),
        2022,
        S.LAGGING,
    ),
    (
        "annual growth: five years' worth in four",
        _input("annual", "亿元", target=2),
        _series(3, 3, 3, 2),
        2024,
        S.ACHIEVED,
    ),
    (
        "annual growth floor kept though below the band",
        _input("annual", "亿元", "≥", target=6.5),
        _series(6.5, 6.5),
        2022,
        S.ON_TRACK,
    ),
    (
        "annual growth ceiling kept",
        _input("annual", "%", "≤", target=3),
        _series(2.5, 3.2),
        2022,
        S.ON_TRACK,
    ),
    (
        "annual growth ceiling crossed",
        _input("annual", "%", "≤", target=3),
        _series(3.5, 3.2),
        2022,
        S.LAGGING,
    ),
    # A cumulative reduction compounds: 〔13.5〕% over five years; the path is
    # 5.64% after two years. Two years of 3% are 5.91%.
    (
        "cumulative reduction on the path",
        _input("cumulative", "%", target=13.5),
        _series(3, 3),
        2022,
        S.ON_TRACK,
    ),
    (
        "cumulative reduction lagging",
        _input("cumulative", "%", target=13.5),
        _series(1.5, 1.0),
        2022,
        S.LAGGING,
    ),
    (
        "cumulative reduction already done",
        _input("cumulative", "%", target=13.5),
        _series(5, 5, 5),
        2023,
        S.ACHIEVED,
    ),
    # A cumulative count is summed: 〔4〕万人 new jobs, 0.8 a year on the path.
    (
        "cumulative count on the path",
        _input("cumulative", "万人", target=4),
        _series(0.8, 0.85),
        2022,
        S.ON_TRACK,
    ),
    (
        "cumulative count faster",
        _input("cumulative", "万人", target=4),
        _series(1.2, 1.3),
        2022,
        S.FASTER,
    ),
    (
        "cumulative count lagging",
        _input("cumulative", "万人", target=4),
        _series(0.5, 0.5),
        2022,
        S.LAGGING,
    ),
    # Text targets are a person's call; no value, no judgement.
    ("text target", _input(text="与经济增长基本同步"), _series(7), 2021, S.MANUAL),
    ("no value for the year", _input(target=65, baseline=60), _series(61), 2022, S.UNKNOWN),
    (
        "a year missing in a growth series",
        _input("annual", "亿元", target=6.5),
        _series(None, 6.0),
        2022,
        S.UNKNOWN,
    ),
    ("a year outside the period", _input(target=65, baseline=60), _series(61), 2026, S.UNKNOWN),
]


@pytest.mark.parametrize(
    ("data", "actuals", "year", "standing"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_the_standing_of_every_kind_of_target(data, actuals, year, standing):
    assert judge(data, actuals, year).standing == standing


def test_the_figures_behind_a_judgement_are_given():
    result = judge(_input("cumulative", "%", target=13.5), _series(3, 3), 2022)
    assert (result.achieved, result.expected) == (D("5.91"), D("5.64"))
    assert result.schedule_pct == D("41.75") and result.progress_pct == D("43.78")
    assert result.label == "基本符合预期"
    level = judge(_input(target=65, baseline=60), _series(60.5, 61.2), 2022)
    assert (level.progress_pct, level.schedule_pct) == (D("24.00"), D("40.00"))
    assert level.lagging and level.label == "滞后"
    missing = judge(_input("annual", "亿元", target=6.5), _series(None, 6.0, None), 2023)
    assert missing.reason == "缺少2021、2023年的实际值。"
    crossed = judge(_input(operator="<", target=5.5, baseline=5.1), _series(5.6), 2021)
    assert crossed.reason == "实际值越过了目标界限 <5.5。"
