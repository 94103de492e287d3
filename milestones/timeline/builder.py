"""The timeline of a programme: lanes of marks on a time axis, with every position computed here.

`build_timeline()` reads a programme's phases, gates, deliverables, milestones and calendar notes
(a fixed number of queries, whatever the number of milestones) and returns frozen dataclasses
whose coordinates are SVG user units on a chart `CHART_WIDTH` wide; the template only loops.

Shapes carry the meaning, colour only repeats it: a milestone on one day is a diamond at its
deadline, separate days ("10 / 17 mei") a diamond per day, a continuous exact range ("25-26-mrt")
two diamonds joined by a line, an imprecise date ("eind sep/begin okt") a band over its interval;
a gate is a flag, a deliverable a square at its deadline.
"""

from __future__ import annotations

import datetime
import enum
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import holidays
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext

from milestones.models import CalendarNote, Involvement, Milestone
from phases.dates import Precision
from phases.models import Deliverable, Gate, Phase, Programme, WorkStatus

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
MAX_LABEL_ROWS = 18  # per lane; beyond this, marks go without a visible label (title on hover)
MAX_DENSE_ROWS = 24  # rows of marks without labels, below the labelled rows
DENSE_ROW_HEIGHT = 16
LABEL_CHARS = 40  # labels are packed at this length, and lengthened where the row has room
LONG_LABEL_CHARS = 90
LABEL_FONT_WIDTH = 6.3  # estimated average glyph width at 11 px (no measuring server-side)
INNER_FONT_WIDTH = 5.7  # at 10 px, inside bands
GAP = 6
DIAMOND = 6  # half diagonal
SQUARE = 5  # half side
BAND = 7  # half height
SCHOOL_HOLIDAY_YEARS = range(2014, 2031)  # what the `holidays` package knows for NL


class Zoom(enum.StrEnum):
    MONTH = "month"  # three months, week columns
    QUARTER = "quarter"  # four quarters
    YEAR = "year"  # the programme's whole span


class LaneMode(enum.StrEnum):
    PHASE = "phase"
    GROUP = "group"


class Region(enum.StrEnum):
    NORTH = "noord"
    MIDDLE = "midden"
    SOUTH = "zuid"

    @property
    def subdivision(self) -> str:
        return self.value.capitalize()


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


@dataclass(frozen=True)
class Shade:
    """A shaded period behind the lanes: a school or public holiday, or a note from a schedule."""

    kind: str  # "school" | "public" | "note"
    title: str
    start: datetime.date
    end: datetime.date  # inclusive
    x: float
    width: float
    label: str  # the name when it fits in the holiday row, else ""

    @property
    def text_x(self) -> float:
        return round(self.x + 2, 1)


@dataclass(frozen=True)
class Mark:
    """One drawn item in one lane (a milestone in two group lanes has two marks)."""

    key: str  # "milestone-12", "gate-3", "deliverable-7", "phase-2"
    kind: str  # "milestone" | "gate" | "deliverable" | "phase"
    shape: str  # "diamond" | "days" | "range" | "band" | "flag" | "square"
    css: str
    d: str  # SVG path data
    window_d: str  # a thin line over the period before an imprecise deadline, or ""
    x1: float  # drawn extent of the shape (not the label)
    x2: float
    y: float  # centre line of the row
    text_y: float  # baseline of the label and the inner text
    tooltip: str
    label: str = ""
    label_x: float = 0
    label_anchor: str = "start"
    inner: str = ""  # the date text as written, inside a band when it fits
    inner_x: float = 0
    url: str = ""


@dataclass(frozen=True)
class Lane:
    key: str
    title: str
    subtitle: str
    y: float
    height: float
    marks: tuple[Mark, ...]
    period: tuple[float, float] | None = None  # x and width of a phase's own interval

    @property
    def header_y(self) -> float:
        return self.y + 16

    @property
    def title_repeats(self) -> tuple[int, ...]:
        """Where the title repeats, for narrow screens that scroll the chart sideways."""
        end = 6 + _text_width(self.title, 8) + _text_width(self.subtitle, 6.5) + 40
        return tuple(x for x in range(480, CHART_WIDTH - 240, 480) if x > end)

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class TableRow:
    """The accessible fallback: every item of the period once, as written and as read."""

    key: str
    kind: str
    title: str
    lanes: str
    date_text: str
    interval: str
    weeks: str
    status: str
    url: str = ""


@dataclass(frozen=True)
class Timeline:
    """One programme's timeline for one period, zoom, lane mode and holiday region."""

    zoom: Zoom
    lane_mode: LaneMode
    region: Region
    first: datetime.date
    last: datetime.date  # inclusive
    width: int
    height: float
    years: tuple[AxisCell, ...]
    months: tuple[AxisCell, ...]
    weeks: tuple[AxisCell, ...]
    week_lines: tuple[float, ...]
    month_lines: tuple[float, ...]
    shades: tuple[Shade, ...]
    lanes: tuple[Lane, ...]
    rows: tuple[TableRow, ...]
    today: datetime.date
    today_x: float | None
    empty_lanes: tuple[str, ...]  # lanes with nothing in this period (not drawn)
    crowded: int  # marks drawn over others in crowded lanes (zoom in to separate them)
    undated: int  # items without a readable date (in the table, not on the chart)
    outside: int  # items outside this period
    previous_start: datetime.date | None = None
    next_start: datetime.date | None = None
    school_holidays_known: bool = True

    @property
    def shade_top(self) -> int:
        return HOLIDAY_ROW_TOP

    @property
    def shade_height(self) -> float:
        return round(self.height - HOLIDAY_ROW_TOP, 1)

    @property
    def has_marks(self) -> bool:
        return bool(self.lanes)


# -- dates and scales ----------------------------------------------------------------------


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

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def day_width(self) -> float:
        return (self.width - 2 * CHART_MARGIN) / self.days

    def x(self, day: datetime.date) -> float:
        """Left edge of `day`'s column, clamped to the chart."""
        offset = min(max((day - self.first).days, 0), self.days)
        return round(CHART_MARGIN + offset * self.day_width, 1)

    def centre(self, day: datetime.date) -> float:
        return round(CHART_MARGIN + ((day - self.first).days + 0.5) * self.day_width, 1)

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
    """The period shown: the whole span (padded to whole months) or a window of the zoom.

    Without an explicit `start`, a window centres on today when today lies in the span, and
    opens at the span's beginning otherwise.
    """
    first, last = span[0].replace(day=1), month_end(span[1])
    if zoom is Zoom.YEAR:
        if add_months(first, 3) > last:  # at least three months, so a short plan stays legible
            last = month_end(add_months(first, 2))
        return first, last
    in_span = span[0] <= today <= span[1]
    if zoom is Zoom.MONTH:
        if start is not None:
            begin = start.replace(day=1)
        elif in_span:
            begin = add_months(today, -1)
        else:
            begin = first
        return begin, month_end(add_months(begin, 2))
    if start is not None:
        begin = quarter_start(start)
    elif in_span:
        begin = add_months(quarter_start(today), -3)
    else:
        begin = quarter_start(first)
    return begin, month_end(add_months(begin, 11))


def iso_weeks(start: datetime.date, end: datetime.date, *, week: str | None = None) -> str:
    """ "wk 12", "wk 12–14" or "wk 52 2024–wk 1 2025" for an inclusive interval."""
    a, b = start.isocalendar(), end.isocalendar()
    week = week or gettext("wk")
    if (a.year, a.week) == (b.year, b.week):
        return f"{week} {a.week}"
    if a.year == b.year:
        return f"{week} {a.week}–{b.week}"
    return f"{week} {a.week} {a.year}–{week} {b.week} {b.year}"


def format_day(day: datetime.date) -> str:
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


def format_interval(start: datetime.date, end: datetime.date) -> str:
    if start == end:
        return format_day(start)
    return f"{format_day(start)} – {format_day(end)}"


def _text_width(text: str, per_char: float = LABEL_FONT_WIDTH) -> float:
    return len(text) * per_char


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- axis and holidays ---------------------------------------------------------------------


def _axis(scale: Scale) -> tuple[tuple[AxisCell, ...], ...]:
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
    longest = max(_text_width(full, 6.8) for full, _ in names.values())
    use_full = narrowest >= longest + 12
    for month, x1, width in cells:
        full, short = names[month.month]
        text = full if use_full else short
        fits = width >= _text_width(text, 6.8) + 4
        months.append(AxisCell(x1, round(width, 1), text if fits else ""))
    monday = scale.first - datetime.timedelta(days=scale.first.weekday())
    week_width = 7 * scale.day_width
    step = 1
    while week_width * step < 16:  # label every week, or every 2nd/4th… when weeks are narrow
        step *= 2
    prefix = gettext("wk")
    while monday <= scale.last:
        number = monday.isocalendar().week
        x1 = scale.x(monday)
        x2 = scale.x(monday + datetime.timedelta(days=7))
        if x2 - x1 >= week_width / 2 and (number - 1) % step == 0:
            label = f"{prefix} {number}" if week_width >= 44 else str(number)
        else:
            label = ""
        weeks.append(AxisCell(x1, round(x2 - x1, 1), label))
        monday += datetime.timedelta(days=7)
    return tuple(years), tuple(months), tuple(weeks)


def _holiday_language() -> str:
    return "nl" if (get_language() or "nl").startswith("nl") else "en_US"


def _periods(days: Iterable[tuple[datetime.date, str]]) -> list[tuple]:
    """Consecutive days with the same name joined into periods (start, end, name)."""
    periods: list[list] = []
    one = datetime.timedelta(days=1)
    for day, name in sorted(days):
        if periods and periods[-1][2] == name and periods[-1][1] + one == day:
            periods[-1][1] = day
        else:
            periods.append([day, day, name])
    return [tuple(p) for p in periods]


def holiday_periods(
    *, first: datetime.date, last: datetime.date, region: Region
) -> list[tuple[str, datetime.date, datetime.date, str]]:
    """Dutch public holidays and the region's school holidays overlapping [first, last].

    Returns (kind, start, end, name) with kind "public" or "school"; names in the user's
    language (Dutch, or English).
    """
    years = range(first.year - 1, last.year + 2)  # a Christmas break crosses the new year
    language = _holiday_language()
    public = holidays.country_holidays("NL", years=years, categories=("public",), language=language)
    school = holidays.country_holidays(
        "NL",
        subdiv=region.subdivision,
        years=[y for y in years if y in SCHOOL_HOLIDAY_YEARS],
        categories=("school",),
        language=language,
    )
    found = []
    for kind, calendar in (("school", school), ("public", public)):
        for start, end, name in _periods(calendar.items()):
            if start <= last and end >= first:
                found.append((kind, start, end, name))
    return found


def _shades(
    scale: Scale, region: Region, notes: Iterable[tuple[str, datetime.date, datetime.date]]
) -> tuple[Shade, ...]:
    periods = holiday_periods(first=scale.first, last=scale.last, region=region)
    periods += [("note", start, end, title) for title, start, end in notes]
    shades = []
    for kind, start, end, name in periods:
        if not scale.overlaps(start, end):
            continue
        x1, x2 = scale.x(start), scale.x(end + datetime.timedelta(days=1))
        width = round(max(x2 - x1, 1.5), 1)
        fits = kind != "public" and width >= _text_width(name, 5.2) + 4
        shades.append(Shade(kind, name, start, end, x1, width, name if fits else ""))
    order = {"school": 0, "note": 1, "public": 2}  # public holidays on top: they are one day wide
    return tuple(sorted(shades, key=lambda s: (order[s.kind], s.start)))


# -- items -----------------------------------------------------------------------------------


@dataclass
class _Item:
    """A dated thing before layout, independent of the model it came from."""

    key: str
    kind: str
    title: str
    date_text: str
    start: datetime.date | None
    end: datetime.date | None
    precision: str
    dates: list[str]
    status: str  # a WorkStatus value, or a gate outcome
    status_label: str
    late: bool = False
    label: str = ""
    url: str = ""
    lanes: list[str] = field(default_factory=list)  # lane titles, for the table
    shape: str = field(init=False)
    interval: str = field(init=False)
    visible: bool = False  # in the window shown

    def __post_init__(self) -> None:
        self.shape = _shape(self)
        self.interval = format_interval(self.start, self.end) if self.start else ""


def _status_labels() -> dict[str, str]:
    labels = {value: str(label) for value, label in WorkStatus.choices}
    labels.update({f"gate:{value}": str(label) for value, label in Gate.Outcome.choices})
    labels.update({f"phase:{value}": str(label) for value, label in Phase.Status.choices})
    return labels


def _shape(item: _Item) -> str:
    if item.kind == "gate":
        return "flag"
    if item.kind == "deliverable":
        return "square"
    if item.kind == "phase":
        return "band"
    if item.precision == Precision.DAY:
        return "diamond"
    if item.precision == Precision.DAYS:
        return "days" if len(item.dates) > 1 else "range"
    return "band"


def _has_window(item: _Item) -> bool:
    """An imprecise gate or deliverable date: its deadline comes with a period before it."""
    return item.start is not None and item.start < item.end and not item.dates


def _diamond(x: float, y: float) -> str:
    return f"M{x} {y - DIAMOND}l{DIAMOND} {DIAMOND}l{-DIAMOND} {DIAMOND}l{-DIAMOND} {-DIAMOND}z"


@dataclass
class _Placed:
    item: _Item
    shape: str
    x1: float
    x2: float
    label: str
    label_width: float
    inner: str


def _measure(item: _Item, scale: Scale) -> _Placed:
    shape = item.shape
    start, end = item.start, item.end
    inner = ""
    label = _shorten(item.label or item.title)
    if shape in ("diamond", "flag", "square"):
        c = scale.centre(end)
        x1, x2 = c - DIAMOND, c + DIAMOND + (4 if shape == "flag" else 0)
        if shape != "diamond" and _has_window(item):
            x1 = min(x1, scale.x(start))  # a thin line shows the period before the deadline
    elif shape == "days":
        days = [datetime.date.fromisoformat(d) for d in item.dates]
        days = [d for d in days if scale.contains(d)] or [end]
        x1, x2 = scale.centre(min(days)) - DIAMOND, scale.centre(max(days)) + DIAMOND
    elif shape == "range":
        x1, x2 = scale.centre(start) - DIAMOND, scale.centre(end) + DIAMOND
    else:
        x1, x2 = scale.x(start), scale.x(end + datetime.timedelta(days=1))
        if x2 - x1 < 4:
            x1, x2 = x1 - 2, x1 + 2
        room = x2 - x1 - 6
        text = item.date_text.strip()
        suffix = f" · {text}" if text and item.kind != "phase" else ""
        chars = int((room - _text_width(suffix, INNER_FONT_WIDTH)) / INNER_FONT_WIDTH)
        full = _shorten(item.label or item.title, min(max(chars, LABEL_CHARS), LONG_LABEL_CHARS))
        if _text_width(full + suffix, INNER_FONT_WIDTH) <= room:
            inner, label = full + suffix, ""  # everything fits inside the band
        elif text and _text_width(text, INNER_FONT_WIDTH) <= room:
            inner = text
    return _Placed(item, shape, round(x1, 1), round(x2, 1), label, _text_width(label), inner)


def _path(placed: _Placed, scale: Scale, y: float) -> str:
    item, shape = placed.item, placed.shape
    if shape == "diamond":
        return _diamond(scale.centre(item.end), y)
    if shape == "square":
        c = scale.centre(item.end)
        return f"M{c - SQUARE} {y - SQUARE}h{2 * SQUARE}v{2 * SQUARE}h{-2 * SQUARE}z"
    if shape == "flag":
        c = scale.centre(item.end)
        return f"M{c} {y + 9}V{y - 9}l11 4l-11 4z"
    if shape == "days":
        days = [datetime.date.fromisoformat(d) for d in item.dates]
        xs = [scale.centre(d) for d in days if scale.contains(d)]
        line = f"M{min(xs)} {y}H{max(xs)}" if len(xs) > 1 else ""
        return line + "".join(_diamond(x, y) for x in xs)
    if shape == "range":
        a, b = scale.centre(item.start), scale.centre(item.end)
        return f"M{a} {y - 1.5}H{b}v3H{a}z" + _diamond(a, y) + _diamond(b, y)
    x1, x2 = placed.x1, placed.x2
    return f"M{x1} {y - BAND}H{x2}v{2 * BAND}H{x1}z"


def _window_path(placed: _Placed, scale: Scale, y: float, *, after: float = 0) -> str:
    """The period before an imprecise gate's or deliverable's deadline, as a thin line.

    `after`: where a label written over the period ends; the line starts behind it.
    """
    item = placed.item
    if placed.shape not in ("square", "flag") or not _has_window(item):
        return ""
    a, c = max(scale.x(item.start), after), scale.centre(item.end)
    return f"M{round(a, 1)} {y}H{c}" if a < c else ""


def _lengthen_label(placed: _Placed, anchor: str, *, room_until: float) -> None:
    """Show more of a shortened label when nothing follows it closely in its row."""
    if anchor != "start" or not placed.label.endswith("…"):
        return
    chars = min(LONG_LABEL_CHARS, int((room_until - placed.x2 - 4) / LABEL_FONT_WIDTH))
    if chars > len(placed.label):
        placed.label = _shorten(placed.item.label or placed.item.title, chars)


def _layout_lane(
    items: list[_Item], scale: Scale, top: float
) -> tuple[tuple[Mark, ...], float, int]:
    """Pack a lane's items into rows so that shapes and labels never overlap.

    Greedy interval packing in order of left edge; labels sit right of their shape, or left of
    it near the chart's right edge. Past MAX_LABEL_ROWS an item is drawn without its label (the
    title stays on hover and in the table) in narrower rows; past MAX_DENSE_ROWS of those, a
    crowded lane overlaps marks rather than growing without end (returns how many).
    """
    placed = [_measure(item, scale) for item in items]
    slots = []
    for p in placed:
        if p.label:
            if p.x2 + 4 + p.label_width <= scale.width:
                left, right, anchor = p.x1, p.x2 + 4 + p.label_width, "start"
            elif p.x1 - 4 - p.label_width >= 0:
                left, right, anchor = p.x1 - 4 - p.label_width, p.x2, "end"
            else:  # a long period: the label goes over its band or line
                p.inner = ""
                left, right, anchor = p.x1, max(p.x2, p.x1 + 4 + p.label_width), "over"
        else:
            left, right, anchor = p.x1, p.x2, "start"
        slots.append((left, right, anchor, p))
    slots.sort(key=lambda s: (s[0], s[1]))
    label_rows: list[float] = []  # right end of what each row holds so far
    dense_rows: list[float] = []
    rows: list[tuple[float, _Placed, str]] = []
    crowded = 0
    last: list[tuple[_Placed, str]] = []  # the rightmost item of each labelled row
    for left, right, anchor, p in slots:
        row = next((r for r, e in enumerate(label_rows) if e + GAP <= left), None)
        if row is None and len(label_rows) < MAX_LABEL_ROWS:
            row = len(label_rows)
            label_rows.append(right)
            last.append((p, anchor))
        if row is not None:
            _lengthen_label(*last[row], room_until=left - GAP)
            label_rows[row] = right
            last[row] = (p, anchor)
            rows.append((row * ROW_HEIGHT + ROW_HEIGHT / 2, p, anchor))
            continue
        # No room for a label: the mark alone, in narrower rows below the labelled ones.
        row = next((r for r, e in enumerate(dense_rows) if e + 2 <= p.x1), None)
        if row is None and len(dense_rows) < MAX_DENSE_ROWS:
            row = len(dense_rows)
            dense_rows.append(p.x2)
        elif row is None:  # a crowded lane: overlap where the least is drawn yet
            row = min(range(len(dense_rows)), key=dense_rows.__getitem__)
            crowded += 1
        dense_rows[row] = max(dense_rows[row], p.x2)
        p.inner = ""  # text would run into the marks beside it
        rows.append((-1 - row, p, "none"))
    for p, anchor in last:
        _lengthen_label(p, anchor, room_until=scale.width)
    dense_top = max(1, len(label_rows)) * ROW_HEIGHT
    marks = []
    for offset, p, anchor in rows:
        if offset < 0:  # a dense row
            offset = dense_top + (-1 - offset) * DENSE_ROW_HEIGHT + DENSE_ROW_HEIGHT / 2
        y = top + LANE_HEADER + offset
        item = p.item
        label, label_x, label_end = p.label, 0.0, 0.0
        if anchor == "start":
            label_x = p.x2 + 4
        elif anchor == "end":
            label_x = p.x1 - 4
        elif anchor == "over":
            label_x, anchor = p.x1 + 4, "start"
            label_end = label_x + p.label_width + 4
        else:
            label, anchor = "", "start"
        css = f"tl-{item.kind} tl-{p.shape} tl-s-{item.status}" + (" tl-late" if item.late else "")
        marks.append(
            Mark(
                key=item.key,
                kind=item.kind,
                shape=p.shape,
                css=css,
                d=_path(p, scale, y),
                window_d=_window_path(p, scale, y, after=label_end),
                x1=p.x1,
                x2=p.x2,
                y=y,
                text_y=y + 4,
                tooltip=_tooltip(item),
                label=label,
                label_x=round(label_x, 1),
                label_anchor=anchor,
                inner=p.inner,
                inner_x=round(p.x1 + 3, 1),
                url=item.url,
            )
        )
    height = LANE_HEADER + dense_top + len(dense_rows) * DENSE_ROW_HEIGHT + LANE_PADDING
    return tuple(marks), height, crowded


def _tooltip(item: _Item) -> str:
    parts = [item.title]
    if item.date_text and item.start:
        parts.append(f"{item.date_text} ({item.interval})")
    parts.append(item.status_label)
    return " — ".join(parts)


# -- reading the programme -----------------------------------------------------------------


def _programme_items(
    programme: Programme, today: datetime.date, milestone_url: Callable[[int], str] | None
) -> tuple[list[dict], list[_Item], list[_Item], dict[int, list[tuple[int, str]]], list[tuple]]:
    """Everything the timeline shows, in a fixed number of queries."""
    labels = _status_labels()
    late = f", {gettext('late')}"
    closed = {WorkStatus.DONE, WorkStatus.CANCELLED}
    phases = list(
        Phase.objects.filter(programme=programme)
        .order_by("order")
        .values("id", "order", "name", "date_text", "start", "end", "precision", "status")
    )
    phase_items: list[_Item] = []
    for ph in phases:
        phase_items.append(
            _Item(
                key=f"phase-{ph['id']}",
                kind="phase",
                title=ph["name"],
                date_text=ph["date_text"],
                start=ph["start"],
                end=ph["end"],
                precision=ph["precision"],
                dates=[],
                status=ph["status"],
                status_label=labels[f"phase:{ph['status']}"],
            )
        )
    other: list[_Item] = []  # gates and deliverables, each with its phase id in `lanes`
    for gate in Gate.objects.filter(phase__programme=programme).values(
        "id", "phase_id", "title", "date_text", "start", "end", "precision", "dates", "outcome",
        "decider__name",
    ):  # fmt: skip
        outcome = labels[f"gate:{gate['outcome']}"]
        decider = gate["decider__name"] or ""
        prefix = f"{decider}, {outcome}" if decider else outcome
        item = _Item(
            key=f"gate-{gate['id']}",
            kind="gate",
            title=gate["title"],
            date_text=gate["date_text"],
            start=gate["start"],
            end=gate["end"],
            precision=gate["precision"],
            dates=gate["dates"] or [],
            status=gate["outcome"],
            status_label=f"{gettext('decided by')} {decider}: {outcome}" if decider else outcome,
            label=f"{prefix}: {gate['title']}",
        )
        item.lanes = [gate["phase_id"]]
        other.append(item)
    for deliv in Deliverable.objects.filter(phase__programme=programme).values(
        "id", "phase_id", "title", "date_text", "start", "end", "precision", "dates", "status"
    ):
        item = _Item(
            key=f"deliverable-{deliv['id']}",
            kind="deliverable",
            title=deliv["title"],
            date_text=deliv["date_text"],
            start=deliv["start"],
            end=deliv["end"],
            precision=deliv["precision"],
            dates=deliv["dates"] or [],
            status=deliv["status"],
            status_label=labels[deliv["status"]],
            late=bool(deliv["end"]) and deliv["end"] < today and deliv["status"] not in closed,
        )
        if item.late:
            item.status_label += late
        item.lanes = [deliv["phase_id"]]
        other.append(item)
    milestones: list[_Item] = []
    # Separate days are rare: read the JSON of those rows only (decoding every row costs).
    rows = (
        Milestone.objects.filter(programme=programme)
        .annotate(days_json=Cast("dates", TextField()))
        .values_list(
            "id", "phase_id", "title", "date_text", "start", "end", "precision", "days_json",
            "status",
        )
    )  # fmt: skip
    for pk, phase_id, title, text, start, end, precision, days_json, status in rows:
        dates = json.loads(days_json) if precision == Precision.DAYS and days_json else []
        item = _Item(
            key=f"milestone-{pk}",
            kind="milestone",
            title=title,
            date_text=text,
            start=start,
            end=end,
            precision=precision,
            dates=dates,
            status=status,
            status_label=labels[status],
            late=end is not None and end < today and status not in closed,
            url=milestone_url(pk) if milestone_url else "",
        )
        if item.late:
            item.status_label += late
        item.lanes = [phase_id]
        milestones.append(item)
    groups: dict[int, list[tuple[int, str]]] = {}
    for milestone_id, group_id, name in (
        Involvement.objects.filter(milestone__programme=programme)
        .order_by("target_group__name")
        .values_list("milestone_id", "target_group_id", "target_group__name")
    ):
        groups.setdefault(milestone_id, []).append((group_id, name))
    notes = [
        (title, start, end)
        for title, start, end in CalendarNote.objects.filter(
            programme=programme, start__isnull=False
        ).values_list("title", "start", "end")
    ]
    return phases, phase_items, other + milestones, groups, notes


def _span(items: Iterable[_Item], fallback_year: int) -> tuple[datetime.date, datetime.date]:
    starts = [i.start for i in items if i.start]
    ends = [i.end for i in items if i.end]
    if not starts:
        return datetime.date(fallback_year, 1, 1), datetime.date(fallback_year, 12, 31)
    return min(starts), max(ends)


def _in_window(item: _Item, scale: Scale) -> bool:
    if item.start is None:
        return False
    if item.shape == "days":
        return any(scale.contains(datetime.date.fromisoformat(d)) for d in item.dates)
    return scale.overlaps(item.start, item.end)


def build_timeline(
    *,
    programme: Programme,
    zoom: Zoom = Zoom.YEAR,
    lanes: LaneMode = LaneMode.PHASE,
    region: Region = Region.MIDDLE,
    today: datetime.date,
    start: datetime.date | None = None,
    milestone_url: Callable[[int], str] | None = None,
) -> Timeline:
    """The timeline of `programme` for one zoom, lane mode and school-holiday region.

    `start` opens a month or quarter window at that month (ignored for the whole-span zoom);
    `milestone_url(pk)` gives each milestone mark a link.
    """
    phases, phase_items, items, groups, notes = _programme_items(programme, today, milestone_url)
    milestone_items = [i for i in items if i.kind == "milestone"]
    first, last = choose_window(
        zoom=zoom, span=_span(phase_items + items, programme.year), today=today, start=start
    )
    scale = Scale(first, last)
    for item in phase_items + items:
        item.visible = _in_window(item, scale)

    # Lanes: (key, title, subtitle, items, period)
    lane_specs: list[tuple[str, str, str, list[_Item], tuple[datetime.date, datetime.date] | None]]
    lane_specs = []
    if lanes is LaneMode.PHASE:
        by_phase: dict[int | None, list[_Item]] = {ph["id"]: [] for ph in phases}
        titles = {ph["id"]: ph["name"] for ph in phases}
        for item in items:
            phase_id = item.lanes[0] if item.lanes[0] in titles else None
            by_phase.setdefault(phase_id, []).append(item)
        for ph, ph_item in zip(phases, phase_items, strict=True):
            subtitle = " · ".join(t for t in (ph["date_text"], ph_item.status_label) if t)
            period = (ph["start"], ph["end"]) if ph["start"] else None
            members = by_phase[ph["id"]]
            lane_specs.append((f"phase-{ph['id']}", ph["name"], subtitle, members, period))
        if by_phase.get(None):
            lane_specs.append(("phase-none", gettext("Without phase"), "", by_phase[None], None))
        for item in items:
            item.lanes = [titles.get(item.lanes[0]) or gettext("Without phase")]
    else:
        phase_titles = {ph["id"]: ph["name"] for ph in phases}
        overview = phase_items + [i for i in items if i.kind != "milestone"]
        for item in overview:
            if item.kind != "phase":
                item.lanes = [phase_titles.get(item.lanes[0], "")]
        lane_specs.append(("phases", gettext("Phases, gates and deliverables"), "", overview, None))
        by_group: dict[int | None, list[_Item]] = {}
        names: dict[int | None, str] = {}
        for item in milestone_items:
            pk = int(item.key.rsplit("-", 1)[1])
            involved = groups.get(pk) or [(None, gettext("Without target group"))]
            item.lanes = [name for _, name in involved]
            for group_id, name in involved:
                by_group.setdefault(group_id, []).append(item)
                names[group_id] = name
        ordered = sorted((k for k in by_group if k is not None), key=lambda k: names[k].casefold())
        if None in by_group:
            ordered.append(None)
        for group_id in ordered:
            members = by_group[group_id]
            key = f"group-{group_id}" if group_id is not None else "group-none"
            count = ngettext("%(count)d milestone", "%(count)d milestones", len(members)) % {
                "count": len(members)
            }
            lane_specs.append((key, names[group_id], count, members, None))

    built: list[Lane] = []
    empty: list[str] = []
    crowded = 0
    y = float(AXIS_HEIGHT + LANE_GAP)
    for key, title, subtitle, members, period in lane_specs:
        visible = [i for i in members if i.visible]
        if not visible:
            if members or key.startswith("phase-"):
                empty.append(title)
            continue
        marks, height, overlapping = _layout_lane(visible, scale, y)
        crowded += overlapping
        band = None
        if period and scale.overlaps(*period):
            x1, x2 = scale.x(period[0]), scale.x(period[1] + datetime.timedelta(days=1))
            band = (x1, round(x2 - x1, 1))
        built.append(Lane(key, _shorten(title, 90), subtitle, y, height, marks, band))
        y += height + LANE_GAP

    table_items = [i for i in phase_items if i.visible]
    table_items += [i for i in items if i.start is None or i.visible]
    table_items.sort(key=lambda i: (i.start is None, i.end or today, i.start or today, i.key))
    week = gettext("wk")
    kinds = {
        "phase": gettext("Phase"),
        "gate": gettext("Gate"),
        "deliverable": gettext("Deliverable"),
        "milestone": gettext("Milestone"),
    }
    rows = tuple(
        TableRow(
            key=i.key,
            kind=kinds[i.kind],
            title=i.title,
            lanes=", ".join(str(lane) for lane in i.lanes if lane),
            date_text=i.date_text,
            interval=i.interval,
            weeks=iso_weeks(i.start, i.end, week=week) if i.start else "",
            status=i.status_label,
            url=i.url,
        )
        for i in table_items
    )
    dated = [i for i in items if i.start is not None]
    years, months, weeks = _axis(scale)
    step_lines = scale.day_width * 7 >= 10
    previous_start = next_start = None
    if zoom is Zoom.MONTH:
        previous_start, next_start = add_months(first, -1), add_months(first, 1)
    elif zoom is Zoom.QUARTER:
        previous_start, next_start = add_months(first, -3), add_months(first, 3)
    return Timeline(
        zoom=zoom,
        lane_mode=lanes,
        region=region,
        first=first,
        last=last,
        width=CHART_WIDTH,
        height=round(y, 1),
        years=years,
        months=months,
        weeks=weeks,
        week_lines=tuple(w.x for w in weeks if w.x > 0) if step_lines else (),
        month_lines=tuple(m.x for m in months if m.x > 0),
        shades=_shades(scale, region, notes),
        lanes=tuple(built),
        rows=rows,
        today=today,
        today_x=scale.centre(today) if scale.contains(today) else None,
        empty_lanes=tuple(empty),
        crowded=crowded,
        undated=len(items) - len(dated),
        outside=sum(1 for i in dated if not i.visible),
        previous_start=previous_start,
        next_start=next_start,
        school_holidays_known=first.year in SCHOOL_HOLIDAY_YEARS
        or last.year in SCHOOL_HOLIDAY_YEARS,
    )
