from decimal import Decimal as D

import pytest

from apps.targets.backcast import (
    PathInput,
    PathKind,
    check_path,
    implied_annual_growth,
    implied_value,
    path_kind_for_unit,
)


def _input(**kwargs):
    base = {
        "unit": "亿元",
        "expression": "level",
        "baseline": D("100"),
        "vision": D("200"),
        "target": None,
        "baseline_year": 2020,
        "target_year": 2025,
        "vision_year": 2035,
        "tolerance_pct": D("10"),
    }
    base.update(kwargs)
    return PathInput(**base)


def test_quantities_grow_at_a_constant_rate():
    # Doubling over 15 years: a third of the way is 2 ** (1/3) ≈ 1.2599.
    assert implied_value(D("100"), D("200"), 2020, 2025, 2035, PathKind.COMPOUND) == D("125.99")


def test_rates_and_shares_move_in_a_straight_line():
    assert implied_value(D("60.6"), D("75"), 2020, 2025, 2035, PathKind.LINEAR) == D("65.40")


def test_percent_units_take_the_straight_line():
    assert path_kind_for_unit("%") == PathKind.LINEAR
    assert path_kind_for_unit("‰") == PathKind.LINEAR
    assert path_kind_for_unit("亿元") == PathKind.COMPOUND


def test_a_baseline_from_an_earlier_year_shifts_the_path():
    # Data from 2019 (the * of real tables): six of sixteen years by 2025.
    assert implied_value(D("100"), D("200"), 2019, 2025, 2035, PathKind.LINEAR) == D("137.50")


def test_no_compound_path_through_zero():
    assert implied_value(D("0"), D("50"), 2020, 2025, 2035, PathKind.COMPOUND) is None


def test_a_target_on_the_path_is_not_flagged():
    result = check_path(_input(target=D("126")))
    assert result.implied == D("125.99")
    assert not result.off_path


def test_a_target_off_the_path_beyond_the_tolerance_is_flagged():
    result = check_path(_input(target=D("150")))
    assert result.off_path
    assert result.deviation_pct == D("19.1")


def test_the_tolerance_is_the_plans_setting():
    assert not check_path(_input(target=D("150"), tolerance_pct=D("20"))).off_path


def test_annual_growth_is_compared_with_the_growth_the_path_implies():
    assert implied_annual_growth(D("100"), D("200"), 2020, 2035) == D("4.73")
    assert not check_path(_input(expression="annual", target=D("4.8"))).off_path
    assert check_path(_input(expression="annual", target=D("7"))).off_path


def test_cumulative_figures_and_missing_values_have_no_path():
    assert not check_path(_input(expression="cumulative", target=D("13.5"))).computable
    missing = check_path(_input(vision=None))
    assert not missing.computable
    assert "远景年值" in missing.reason


@pytest.mark.parametrize("years", [(2025, 2025, 2020), (2020, 2040, 2035)])
def test_impossible_year_orders_give_no_value(years):
    base, target, vision = years
    assert implied_value(D("1"), D("2"), base, target, vision, PathKind.LINEAR) is None
