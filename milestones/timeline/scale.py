"""The time axis of the timeline: its geometry, windows, scale, axis cells and labels' sizes."""

from __future__ import annotations

import datetime
import enum
import functools
from dataclasses import dataclass

from django.utils.dates import MONTHS, MONTHS_3
from django.utils.text import capfirst

from phases.presentation import format_isoweeks

CHART_WIDTH = 1400
CHART_MARGIN = 8  # left and right, so that a diamond on the first or last day shows whole
# The axis: rows of years (0-16), months (16-34), ISO weeks (34-50) and holiday names (50-64);
# the template writes the text baselines of these rows.
HOLIDAY_ROW_TOP = 50
AXIS_HEIGHT = 64
LANE_GAP = 6
LANE_HEADER = 24
ROW_HEIGHT = 20
LANE_PADDING = 6
MAX_LABEL_ROWS = 24  # per lane; beyond this, a mark carries a number (listed beside the chart)
MAX_DENSE_ROWS = 16  # rows of numbered marks, below the labelled rows
DENSE_ROW_HEIGHT = 16
LABEL_CHARS = 40  # labels are packed at this length, and lengthened where the row has room
LONG_LABEL_CHARS = 90
LABEL_FONT_WIDTH = 6.3  # estimated average glyph width at 11 px (no measuring server-side)
INNER_FONT_WIDTH = 5.7  # at 10 px, inside bands
NUMBER_FONT_WIDTH = 6.2  # digits at 10 px, bold: a numbered mark's label
GAP = 6
DIAMOND = 6  # half diagonal
SQUARE = 5  # half side
BAND = 7  # half height
SCHOOL_HOLIDAY_YEARS = range(2014, 2031)  # what the `holidays` package knows for NL


class Rounded(dict[float, float]):
    """`round(x, 1)` of a float, remembered: a chart's positions repeat (a few hundred days, a
    few dozen rows), and rounding a float costs as much as writing it. `rounded[x]`."""

    def __missing__(self, x: float) -> float:
        value = round(x, 1)
        if x:  # 0.0 and -0.0 are one key, but round apart
            self[x] = value
        return value


class Written(dict[float, str]):
    """How a coordinate is written (`str()`, never localised), each distinct float once.
    Call it: 4 and 4.0 are one key but are written apart, so only floats are remembered."""

    def __missing__(self, x: float) -> str:
        text = str(x)
        if x:  # 0.0 and -0.0 are one key, but are written apart
            self[x] = text
        return text

    def __call__(self, x: object) -> str:
        return self[x] if type(x) is float else str(x)


class Zoom(enum.StrEnum):
    MONTH = "month"  # one calendar month, day and week columns
    QUARTER = "quarter"  # one calendar quarter, week columns
    YEAR = "year"  # the programme's whole span


@dataclass(frozen=True)
class AxisCell:
    x: float
    width: float
    label: str

    @property
    def mid(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def text_x(self) -> float:
        return round(self.x + 4, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(day: datetime.date) -> datetime.date:
    return add_months(day, 1) - datetime.timedelta(days=1)


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


@dataclass(frozen=True)
class Scale:
    first: datetime.date
    last: datetime.date  # inclusive
    width: int = CHART_WIDTH

    # Cached: a large timeline asks for thousands of positions.
    @functools.cached_property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @functools.cached_property
    def day_width(self) -> float:
        return (self.width - 2 * CHART_MARGIN) / self.days

    def x(self, day: datetime.date) -> float:
        """Left edge of `day`'s column, clamped to the chart."""
        offset = min(max((day - self.first).days, 0), self.days)
        return self.rounded[CHART_MARGIN + offset * self.day_width]

    def centre(self, day: datetime.date) -> float:
        return self.rounded[CHART_MARGIN + ((day - self.first).days + 0.5) * self.day_width]

    # What a chart on this scale computes again and again, remembered while it is drawn.
    @functools.cached_property
    def rounded(self) -> Rounded:
        return Rounded()

    @functools.cached_property
    def written(self) -> Written:
        return Written()

    def contains(self, day: datetime.date) -> bool:
        return self.first <= day <= self.last

    def overlaps(self, start: datetime.date, end: datetime.date) -> bool:
        return start <= self.last and end >= self.first


def choose_window(
    *,
    zoom: Zoom,
    span: tuple[datetime.date, datetime.date],
    today: datetime.date,
    start: datetime.date | None = None,
) -> tuple[datetime.date, datetime.date]:
    """The period shown: the whole span (padded to whole months), or one calendar month or
    quarter.

    Without an explicit `start`, a month or quarter window is the one holding today when today
    lies in the span, and the span's first otherwise.
    """
    first, last = span[0].replace(day=1), month_end(span[1])
    if zoom is Zoom.YEAR:
        if add_months(first, 3) > last:  # at least three months, so a short plan stays legible
            last = month_end(add_months(first, 2))
        return first, last
    in_span = span[0] <= today <= span[1]
    anchor = start or (today if in_span else span[0])
    if zoom is Zoom.MONTH:
        begin = anchor.replace(day=1)
        return begin, month_end(begin)
    begin = quarter_start(anchor)
    return begin, month_end(add_months(begin, 2))


def text_width(text: str, per_char: float = LABEL_FONT_WIDTH) -> float:
    return len(text) * per_char


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def axis(scale: Scale) -> tuple[tuple[AxisCell, ...], ...]:
    years, months, weeks = [], [], []
    for year in range(scale.first.year, scale.last.year + 1):
        a = max(scale.first, datetime.date(year, 1, 1))
        b = min(scale.last, datetime.date(year, 12, 31))
        x1, x2 = scale.x(a), scale.x(b + datetime.timedelta(days=1))
        years.append(AxisCell(x1, round(x2 - x1, 1), str(year) if x2 - x1 >= 34 else ""))
    cells = []
    month = scale.first.replace(day=1)
    while month <= scale.last:
        following = add_months(month, 1)
        x1 = scale.x(max(month, scale.first))
        x2 = scale.x(min(following, scale.last + datetime.timedelta(days=1)))
        cells.append((month, x1, x2 - x1))
        month = following
    # One style for every month: full names only when the longest fits in the narrowest month.
    names = {m: (str(MONTHS[m]), capfirst(str(MONTHS_3[m]))) for m in {c[0].month for c in cells}}
    whole = cells[1:-1] if len(cells) > 2 else cells  # edge months may be cut off
    narrowest = min(width for _, _, width in whole)
    longest = max(text_width(full, 6.8) for full, _ in names.values())
    use_full = narrowest >= longest + 12
    for month, x1, width in cells:
        full, short = names[month.month]
        text = full if use_full else short
        fits = width >= text_width(text, 6.8) + 4
        months.append(AxisCell(x1, round(width, 1), text if fits else ""))
    monday = scale.first - datetime.timedelta(days=scale.first.weekday())
    week_width = 7 * scale.day_width
    step = 1
    while week_width * step < 16:  # label every week, or every 2nd/4th… when weeks are narrow
        step *= 2
    while monday <= scale.last:
        number = monday.isocalendar().week
        x1 = scale.x(monday)
        x2 = scale.x(monday + datetime.timedelta(days=7))
        if x2 - x1 >= week_width / 2 and (number - 1) % step == 0:
            label = format_isoweeks(monday, monday) if week_width >= 44 else str(number)
        else:
            label = ""
        weeks.append(AxisCell(x1, round(x2 - x1, 1), label))
        monday += datetime.timedelta(days=7)
    return tuple(years), tuple(months), tuple(weeks)
