"""Calendar arithmetic shared by the overview, the contact filter and the review."""

from __future__ import annotations

import datetime as dt

from kontakt.errors import KontaktError

# «bekreftet siste N måneder»: a century is more than any contact list keeps.
MAX_MONTHS = 1200


def months_ago(months: int, today: dt.date | None = None) -> dt.date:
    """The date ``months`` calendar months before today (day clipped to the month's end).

    Raises:
        KontaktError: ``months`` is not between 0 and :data:`MAX_MONTHS`.
    """
    if not 0 <= months <= MAX_MONTHS:
        raise KontaktError(f"Antall måneder må være mellom 0 og {MAX_MONTHS}, ikke {months}.")
    today = today or dt.date.today()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in (today.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
