"""Numbers, money, dates and durations as each language writes them: the one place they are
formatted for a person.

The symbols come from CLDR (through babel, which fluent.runtime brings), so a language added
as a folder of `.ftl` files formats its numbers without a line of code here: English groups
digits with a comma (`12,345.5`), Russian with a no-break space and a decimal comma
(`12 345,5`); durations are said in CLDR's words for their unit. Dates are
left ISO (`2026-11-01`) in every language, as `date.isoformat()` writes them: it is how
periods are typed to the bot and how the tracker writes them.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from functools import cache

from babel.dates import format_timedelta
from babel.numbers import get_decimal_symbol, get_group_symbol


@cache
def _symbols(lang: str) -> tuple[str, str]:
    """(group, decimal) symbols of `lang`'s numbers."""
    return get_group_symbol(lang), get_decimal_symbol(lang)


def number(value: float | Decimal, lang: str, *, decimals: int | None = None) -> str:
    """`value` with digits grouped as `lang` does (`12,345` / `12 345`); `decimals` fixes the
    digits after the point, else an integer has none and a fraction keeps up to three."""
    group, point = _symbols(lang)
    if decimals is None:
        if float(value).is_integer():
            text = f"{int(value):,}"
        else:
            text = f"{float(value):,.3f}".rstrip("0").rstrip(".")
    else:
        text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\0").replace(".", point).replace("\0", group)


def money(value: float | Decimal, lang: str) -> str:
    """An amount with two decimals (`1,234.50` / `1 234,50`)."""
    return number(value, lang, decimals=2)


def duration(seconds: float, lang: str) -> str:
    """A time span in words, in its largest whole unit, as CLDR says it in `lang` with the
    plural form its number takes (`30 minutes`, `1 hour`, `21 минута`, `2 часа`)."""
    return format_timedelta(timedelta(seconds=seconds), threshold=1, format="long",
                            locale=lang)
