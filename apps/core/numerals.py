"""Chinese numerals as they are printed in plan outlines.

Headings count with 一、二、…、十一 (第十一章); years are written digit by digit with
〇 (二〇三五年). Both are needed wherever a plan's numbers or years are shown, so
nothing in the product hard-codes a period such as “十四五” or a year such as 2035.
"""

DIGITS = "〇一二三四五六七八九"


def chinese_count(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 20 → 二十, 105 → 一百零五 (n from 0 to 9999)."""
    if n < 0 or n > 9999:
        raise ValueError(f"out of range for chinese_count: {n}")
    if n == 0:
        return "零"
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out = []
    pending_zero = False
    for value, name in units:
        digit = (n // value) % 10
        if digit == 0:
            if out:
                pending_zero = True
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(DIGITS[digit] + name)
    return "".join(out)


def chinese_year(year: int) -> str:
    """2035 → 二〇三五 (digit by digit, as on a cover or in a title)."""
    return "".join(DIGITS[int(d)] for d in str(year))


def five_year_plan_ordinal(target_year: int) -> int:
    """The five-year plan that ends in target_year: 2025 → 14 (十四五), 2030 → 15."""
    return (target_year - 1955) // 5


def five_year_plan_name(target_year: int) -> str:
    """2025 → 十四五, 2030 → 十五五: the short name used in quotes (“十四五”)."""
    return chinese_count(five_year_plan_ordinal(target_year)) + "五"
