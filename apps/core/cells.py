"""What a cell from a county's spreadsheet means, however it was typed.

Departments fill templates by hand, copy from other sheets and paste from Word:
numbers arrive as text, with thousands separators or full-width digits, money
with its own unit (“1.2亿”), year spans as one cell (“2021—2025”), names with
trailing blanks. Each function here turns one cell into what the form expects, or
raises ``CellError`` with a message in Chinese that names the problem; an amount
is never rescaled without a note saying so.
"""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from apps.core.text import clean_input


class CellError(ValueError):
    """A cell that cannot be read; the message is shown next to its column."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Money units as a factor of 万元, the unit every amount is stored in.
MONEY_UNITS = {"亿元": Decimal(10000), "亿": Decimal(10000), "万元": Decimal(1), "万": Decimal(1)}
_SMALL_UNITS = ("千元", "元")
_BLANKS_RE = re.compile(r"[\s\u3000\u00a0]+")
_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_AMOUNT_RE = re.compile(r"^(?P<number>.+?)(?P<unit>亿元|亿|万元|万|千元|元)$")
_YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|2100)(?!\d)")
_SPAN_SEPARATORS = "-－—–~～至到"
_HEADER_UNIT_RE = re.compile(r"[（(]\s*(亿元|万元|元|千元)\s*[）)]")


def blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not _BLANKS_RE.sub("", cell))


def text(cell) -> str:
    """A text cell as stored: control characters dropped, blanks at either end
    (including the ideographic space and no-break space) removed."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    return clean_input(str(cell)).strip(" \t\r\n\u3000\u00a0")


def _ascii(value: str) -> str:
    # Full-width digits, signs and separators (１，２００．５) become ASCII;
    # NFKC is applied only to what is meant as a number, never to prose.
    return _BLANKS_RE.sub("", unicodedata.normalize("NFKC", value))


def number(cell) -> Decimal | None:
    """A plain number: 1200, 1200.0, “1,200”, “１２００”, “ 1200 ”. None when blank."""
    if blank(cell):
        return None
    if isinstance(cell, bool):
        raise CellError(_("应填写数字，这里是“%(v)s”。") % {"v": text(cell)})
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        # The shortest repr is what the person typed (0.1, not 0.1000000000000000055…).
        return Decimal(repr(cell))
    if isinstance(cell, Decimal):
        return cell
    raw = _ascii(text(cell))
    if raw.endswith("%"):
        raw = raw[:-1]
    if _THOUSANDS_RE.match(raw):
        raw = raw.replace(",", "")
    if not _NUMBER_RE.match(raw):
        raise CellError(_("“%(v)s”不是数字。") % {"v": text(cell)[:40]})
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise CellError(_("“%(v)s”不是数字。") % {"v": text(cell)[:40]}) from exc


def number_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    result = format(value.normalize(), "f")
    return "0" if result == "-0" else result


def header_unit(header: str) -> str:
    """The money unit a header states, “总投资（亿元）” → 亿元; empty when none."""
    match = _HEADER_UNIT_RE.search(unicodedata.normalize("NFKC", header).replace("(", "（"))
    if not match:
        match = _HEADER_UNIT_RE.search(header)
    return match.group(1) if match else ""


def amount(cell, *, sheet_unit: str = "") -> tuple[Decimal | None, str]:
    """An amount in 万元 and, when it was converted, a note saying from what.

    A unit written in the cell (“1.2亿”, “3500万元”) is taken at its word; a bare
    number is in the column's unit, the header's (``sheet_unit``) when the sheet
    states one, else 万元. Amounts in 元 or 千元 are refused: at that scale a
    misplaced digit is easy and dividing by ten thousand hides it."""
    if blank(cell):
        return None, ""
    unit = sheet_unit or "万元"
    value = None
    if isinstance(cell, str):
        raw = _ascii(text(cell))
        match = _AMOUNT_RE.match(raw)
        if match:
            unit = match.group("unit")
            value = number(match.group("number"))
    if value is None:
        value = number(cell)
    if unit in _SMALL_UNITS:
        raise CellError(
            _("金额“%(v)s”以%(unit)s计：本表金额以万元计，请换算为万元后填写。")
            % {"v": text(cell)[:40], "unit": unit}
        )
    factor = MONEY_UNITS[unit]
    if factor == 1:
        return value, ""
    converted = value * factor
    return converted, _("“%(v)s”按%(unit)s换算为 %(n)s 万元") % {
        "v": text(cell)[:40],
        "unit": "亿元" if unit == "亿" else unit,
        "n": number_text(converted),
    }


def year(cell) -> int | None:
    """A year: 2021, 2021.0, “2021年”, a date cell. None when blank."""
    if blank(cell):
        return None
    if isinstance(cell, (datetime.date, datetime.datetime)):
        return cell.year
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and float(cell).is_integer():
        return int(cell)
    found = _YEAR_RE.findall(_ascii(text(cell)))
    if len(found) == 1:
        return int(found[0])
    raise CellError(_("“%(v)s”不是年份，请填写四位数年份，如2023。") % {"v": text(cell)[:40]})


def year_span(cell) -> tuple[int | None, int | None]:
    """Start and end year from one cell: “2021-2025”, “2021—2025”, “2021年至2025年”,
    “2021.3-2023.12”; a single year is a project of that year."""
    if blank(cell):
        return None, None
    if not isinstance(cell, str):
        single = year(cell)
        return single, single
    raw = _ascii(text(cell))
    for separator in _SPAN_SEPARATORS:
        raw = raw.replace(unicodedata.normalize("NFKC", separator), "-")
    found = _YEAR_RE.findall(raw)
    if len(found) == 1 and "-" not in raw.strip("-"):
        return int(found[0]), int(found[0])
    if len(found) == 2 and "-" in raw:
        return int(found[0]), int(found[1])
    raise CellError(_("建设起止年限“%(v)s”无法识别，请写作“2021-2025”。") % {"v": text(cell)[:40]})
