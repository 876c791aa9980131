"""Small helpers for the server-side SVG charts.

Charts are computed in Python (coordinates, labels) and drawn by Django templates
that emit inline ``<svg>``: the same markup shows in the browser and goes through
WeasyPrint into the PDF, with Chinese labels set in the page's CJK font. No
JavaScript charting library is involved.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

# Muted colours that print well and stay apart in greyscale order.
PALETTE = (
    "#b5473a",
    "#d08a3c",
    "#b59a3a",
    "#6a9a58",
    "#3f8a7e",
    "#3e7cb1",
    "#5a5fa8",
    "#8a5aa0",
    "#b0607e",
    "#7d6b5d",
    "#5f7f8f",
    "#9a9a9a",
)

# The CJK fonts the project installs (fonts-noto-cjk), then whatever the reader has.
FONT_FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"


@dataclass(frozen=True)
class Scale:
    """Maps a value in [lo, hi] onto pixels [start, end] (end may be < start)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value) -> float:
        span = self.hi - self.lo
        share = 0.5 if span == 0 else (float(value) - self.lo) / span
        return round(self.start + share * (self.end - self.start), 1)


def padded_range(values, pad: float = 0.12) -> tuple[float, float]:
    """A domain around ``values`` with some air, so no point sits on the frame."""
    numbers = [float(v) for v in values if v is not None]
    lo, hi = min(numbers), max(numbers)
    if lo == hi:
        spread = abs(lo) * 0.1 or 1.0
        return lo - spread, hi + spread
    air = (hi - lo) * pad
    return lo - air, hi + air


def nice_step(maximum: float, ticks: int = 4) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10ⁿ) giving about ``ticks`` steps to ``maximum``."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def format_amount(value, digits: int = 1) -> str:
    """12.50 → 12.5, 3.0 → 3: a chart label, without trailing zeros."""
    text = f"{float(value):.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def wan_to_yi(value: Decimal) -> float:
    """万元 → 亿元."""
    return float(value) / 10000
