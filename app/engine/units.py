"""Units of measure: which dimension a unit measures and its size there.

A closed class of facts (a foot is 0.3048 m), used to read a number's unit
(``app.engine.frames``) and to compare two numbers (``app.engine.values``).
"""

from __future__ import annotations

from app.lexicon import CURRENCY_SIGNS

# unit word -> (dimension, factor to the dimension's base unit).  Facts, not
# rules for a story: a foot is 0.3048 m wherever it is reported.
UNITS: dict[str, tuple[str, float]] = {
    **dict.fromkeys(("%", "percent", "pct", "percentage", "per cent"), ("percent", 1.0)),
    **dict.fromkeys(("m", "metre", "meter"), ("length", 1.0)),
    **dict.fromkeys(("km", "kilometre", "kilometer"), ("length", 1000.0)),
    **dict.fromkeys(("mile", "mi"), ("length", 1609.344)),
    **dict.fromkeys(("foot", "feet", "ft"), ("length", 0.3048)),
    "yard": ("length", 0.9144),
    "inch": ("length", 0.0254),
    **dict.fromkeys(("cm", "centimetre", "centimeter"), ("length", 0.01)),
    "mm": ("length", 0.001),
    **dict.fromkeys(("kg", "kilogram"), ("mass", 1.0)),
    **dict.fromkeys(("tonne", "ton"), ("mass", 1000.0)),
    **dict.fromkeys(("lb", "pound-weight"), ("mass", 0.4536)),
    "gram": ("mass", 0.001),
    "acre": ("area", 4046.86),
    "hectare": ("area", 10000.0),
    **dict.fromkeys(("mph",), ("speed", 1.609344)),
    **dict.fromkeys(("kph", "km/h"), ("speed", 1.0)),
    "knot": ("speed", 1.852),
    "second": ("duration", 1 / 86400),
    "minute": ("duration", 1 / 1440),
    "hour": ("duration", 1 / 24),
    "day": ("duration", 1.0),
    "week": ("duration", 7.0),
    "month": ("duration", 30.44),
    "year": ("duration", 365.25),
    **dict.fromkeys(("degree", "°"), ("temperature", 1.0)),
    **dict.fromkeys(("magnitude", "richter"), ("magnitude", 1.0)),
    "age": ("age", 1.0),
    "rank": ("rank", 1.0),
    **dict.fromkeys(("dollar", "usd"), ("money:$", 1.0)),
    **{sign: (currency, 1.0) for sign, currency in CURRENCY_SIGNS.items()},
    **dict.fromkeys(("€", "euro", "eur"), ("money:€", 1.0)),
    **dict.fromkeys(("£", "pound", "gbp", "sterling"), ("money:£", 1.0)),
    **dict.fromkeys(("yen",), ("money:¥", 1.0)),
    **dict.fromkeys(("rupee", "rupees"), ("money:₹", 1.0)),
}
# Converted figures are rounded by the writer: allow this much on conversion.
CONVERSION_SLACK = 0.04


def dimension(unit: str) -> str:
    return UNITS[unit][0] if unit in UNITS else unit
