"""Reading values from a query string: a value that makes no sense is no value.

Pages take ids, days and months from `?phase=`, `?date=`, `?since=`, `?start=`; people
edit URLs and links get mangled, so a bad value is ignored (the page shows its default)
rather than raising. Days are kept within the years the date parser knows, so that a page
counting weeks or months from them never leaves the calendar (`?date=9999-12-31`).
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from phases.dates import MAX_YEAR, MIN_YEAR

BIGGEST_ID = 2**63 - 1  # a bigint; beyond it the database fails instead of finding nothing


def int_from_query(value: str | None) -> int | None:
    """A positive id from the query string, or None."""
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number <= BIGGEST_ID else None


def day_from_query(value: str | None) -> datetime.date | None:
    """A `YYYY-MM-DD` day within the years Regie knows, or None."""
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


def local_url(request: HttpRequest, candidate: str | None) -> str | None:
    """`candidate` (a `?next=`) if it is a path on this site, else None.

    Only absolute paths: `redirect()` reads anything else without a slash ("-1") as the
    name of a view, and fails.
    """
    if not candidate or not candidate.startswith("/"):
        return None
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else None
