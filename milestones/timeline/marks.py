"""Marks: how an item is drawn (its shape and label) and how a lane packs them into rows."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext

from milestones.timeline.scale import (
    BAND,
    DENSE_ROW_HEIGHT,
    DIAMOND,
    GAP,
    INNER_FONT_WIDTH,
    LABEL_CHARS,
    LABEL_FONT_WIDTH,
    LANE_HEADER,
    LANE_PADDING,
    LONG_LABEL_CHARS,
    MAX_DENSE_ROWS,
    MAX_LABEL_ROWS,
    NUMBER_FONT_WIDTH,
    ROW_HEIGHT,
    SQUARE,
    Scale,
    shorten,
    text_width,
)
from phases.dates import Precision
from phases.models import Gate, Phase, WorkStatus
from phases.presentation import format_dated, format_interval, format_span


@dataclass(frozen=True)
class Mark:
    """One drawn item in one lane (a milestone in two group lanes has two marks)."""

    key: str  # "milestone-12", "gate-3", "deliverable-7", "phase-2"
    kind: str  # "milestone" | "gate" | "deliverable" | "phase" | "report"
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
    ghost_d: str = ""  # where a compared plan had the item: a faint outline of its old shape
    link_d: str = ""  # a connector from the old position to the new one
    number: int = 0  # no room for its title: the mark carries this number, listed by the chart

    @property
    def name(self) -> str:
        """The accessible name: the numbered list's number, then what the tooltip says."""
        return f"{self.number}. {self.tooltip}" if self.number else self.tooltip


@dataclass(frozen=True)
class Before:
    """Where a compared plan (a baseline, a past day) had an item that has moved since."""

    date_text: str
    start: datetime.date
    end: datetime.date


# -- items -----------------------------------------------------------------------------------


@dataclass
class TimelineItem:
    """A dated thing before layout, independent of the model it came from."""

    key: str
    kind: str
    title: str
    date_text: str
    start: datetime.date | None
    end: datetime.date | None
    precision: str
    dates: tuple[str, ...]
    status: str  # a WorkStatus value, or a gate outcome
    status_label: str
    late: bool = False
    label: str = ""
    url: str = ""
    phase_id: int | None = None
    lanes: tuple[str, ...] = ()  # lane titles, for the table
    before: Before | None = None  # the compared plan's position, when the item moved since
    interval: str = ""  # `DateTexts.interval`, for the table
    dated: str = ""  # `DateTexts.dated`: the date as written with its interval
    shape: str = field(init=False)
    css: str = field(init=False)  # the classes of its marks
    tooltip: str = field(init=False, default="")  # made once, shared by the item's marks
    visible: bool = False  # in the window shown

    def __post_init__(self) -> None:
        self.shape = _shape(self)
        late = " tl-late" if self.late else ""
        self.css = f"tl-{self.kind} tl-{self.shape} tl-s-{self.status}{late}"


@dataclass(frozen=True)
class DateTexts:
    """What a timeline writes of dates (`phases.presentation`), each distinct text made once per
    build: a large programme has thousands of items on a few hundred days. Make one per build
    (the texts are in the active language)."""

    interval: Callable[[datetime.date | None, datetime.date | None], str] = field(
        default_factory=lambda: functools.cache(format_interval)
    )
    dated: Callable[[str, datetime.date | None, datetime.date | None], str] = field(
        default_factory=lambda: functools.cache(format_dated)
    )
    span: Callable[[datetime.date | None, datetime.date | None, str], str] = field(
        default_factory=lambda: functools.cache(format_span)
    )


def status_labels() -> dict[str, str]:
    labels = {value: str(label) for value, label in WorkStatus.choices}
    labels.update({f"gate:{value}": str(label) for value, label in Gate.Outcome.choices})
    labels.update({f"phase:{value}": str(label) for value, label in Phase.Status.choices})
    labels[":late"] = f", {gettext('late')}"  # after a late item's status
    return labels


def _shape(item: TimelineItem) -> str:
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


def _has_window(item: TimelineItem) -> bool:
    """An imprecise gate or deliverable date: its deadline comes with a period before it."""
    return item.start is not None and item.start < item.end and not item.dates


_DIAMOND_SIDES = f"l{DIAMOND} {DIAMOND}l{-DIAMOND} {DIAMOND}l{-DIAMOND} {-DIAMOND}z"


def _diamond(x: float, y: float, scale: Scale) -> str:
    return f"M{scale.written(x)} {scale.written(y - DIAMOND)}{_DIAMOND_SIDES}"


@dataclass
class _Placed:
    item: TimelineItem
    shape: str
    x1: float
    x2: float
    label: str
    label_width: float
    inner: str
    ghost: _Placed | None = None  # the old position's shape, when a compared plan is drawn
    link: tuple[float, float] | None = None  # the connector from the old deadline to the new
    number: int = 0  # set when the title has no room: the label is this number
    # What is drawn without the label: the shape, its ghost and connector (`compare`).
    left: float = 0
    right: float = 0

    def compare(self, ghost: _Placed | None, link: tuple[float, float] | None) -> None:
        """Draw the compared plan's position too: the ghost and the connector widen the mark."""
        self.ghost, self.link = ghost, link
        self.left = min(self.x1, *(link or ()), ghost.x1 if ghost else self.x1)
        self.right = max(self.x2, *(link or ()), ghost.x2 if ghost else self.x2)


def _ghost(
    item: TimelineItem, before: Before, scale: Scale
) -> tuple[_Placed | None, tuple[float, float] | None]:
    """The item as the compared plan had it (`before`: same kind, old interval) and the
    connector from its old deadline to the new one; the ghost only where it falls in the window,
    the connector from the chart's edge when the old position lies outside it."""
    old = TimelineItem(
        key=item.key,
        kind=item.kind,
        title=item.title,
        date_text=before.date_text,
        start=before.start,
        end=before.end,
        precision=Precision.DAY if before.start == before.end else Precision.MONTH,
        dates=(),
        status=item.status,
        status_label="",
    )
    ghost = _measure(old, scale) if scale.overlaps(before.start, before.end) else None
    if ghost is not None:
        ghost.label, ghost.label_width, ghost.inner = "", 0, ""
    edge = (scale.x(scale.first), scale.x(scale.last + datetime.timedelta(days=1)))
    a = min(max(scale.centre(before.end), edge[0]), edge[1])
    b = scale.centre(item.end)
    if abs(b - a) <= 2 * DIAMOND + 2:
        return ghost, None  # next to each other: the ghost alone shows the move
    step = DIAMOND if b > a else -DIAMOND
    return ghost, (round(a + step, 1), round(b - step - (2 if b > a else -2), 1))


def _measure(item: TimelineItem, scale: Scale) -> _Placed:
    shape = item.shape
    start, end = item.start, item.end
    inner = ""
    label = shorten(item.label or item.title)
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
        chars = int((room - text_width(suffix, INNER_FONT_WIDTH)) / INNER_FONT_WIDTH)
        full = shorten(item.label or item.title, min(max(chars, LABEL_CHARS), LONG_LABEL_CHARS))
        if text_width(full + suffix, INNER_FONT_WIDTH) <= room:
            inner, label = full + suffix, ""  # everything fits inside the band
        elif text and text_width(text, INNER_FONT_WIDTH) <= room:
            inner = text
    x1, x2 = scale.rounded[x1], scale.rounded[x2]
    placed = _Placed(item, shape, x1, x2, label, text_width(label), inner, left=x1, right=x2)
    if item.before is not None:
        placed.compare(*_ghost(item, item.before, scale))
    return placed


def _path(placed: _Placed, scale: Scale, y: float) -> str:
    item, shape = placed.item, placed.shape
    if shape == "diamond":
        return _diamond(scale.centre(item.end), y, scale)
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
        return line + "".join(_diamond(x, y, scale) for x in xs)
    if shape == "range":
        a, b = scale.centre(item.start), scale.centre(item.end)
        return f"M{a} {y - 1.5}H{b}v3H{a}z" + _diamond(a, y, scale) + _diamond(b, y, scale)
    x1, x2, written = placed.x1, placed.x2, scale.written
    return f"M{written(x1)} {written(y - BAND)}H{written(x2)}v{2 * BAND}H{written(x1)}z"


_WINDOWED = ("square", "flag")  # the shapes that may have a window (`_has_window`)


def _window_path(placed: _Placed, scale: Scale, y: float, *, after: float = 0) -> str:
    """The period before an imprecise gate's or deliverable's deadline, as a thin line.

    `after`: where a label written over the period ends; the line starts behind it.
    """
    item = placed.item
    if placed.shape not in _WINDOWED or not _has_window(item):
        return ""
    a, c = max(scale.x(item.start), after), scale.centre(item.end)
    return f"M{round(a, 1)} {y}H{c}" if a < c else ""


def _lengthen_label(placed: _Placed, anchor: str, *, room_until: float) -> None:
    """Show more of a shortened label when nothing follows it closely in its row."""
    if anchor != "start" or not placed.label.endswith("…"):
        return
    chars = min(LONG_LABEL_CHARS, int((room_until - placed.right - 4) / LABEL_FONT_WIDTH))
    if chars > len(placed.label):
        placed.label = shorten(placed.item.label or placed.item.title, chars)


def _slot(p: _Placed, scale: Scale) -> tuple[float, float, str, _Placed]:
    """The extent a mark needs with its label: right of the shape, else left, else over it."""
    left, right = p.left, p.right
    if not p.label:
        return left, right, "start", p
    if right + 4 + p.label_width <= scale.width:
        return left, right + 4 + p.label_width, "start", p
    if left - 4 - p.label_width >= 0:
        return left - 4 - p.label_width, right, "end", p
    p.inner = ""  # a long period: the label goes over its band or line
    return left, max(right, left + 4 + p.label_width), "over", p


@dataclass
class _Rows:
    """Rows of a lane as they fill: labelled rows first, then narrow rows of numbered marks."""

    label_rows: list[float] = field(default_factory=list)  # right end of each row so far
    dense_rows: list[float] = field(default_factory=list)
    placed: list[tuple[float, _Placed, str]] = field(default_factory=list)
    last: list[tuple[_Placed, str]] = field(default_factory=list)  # rightmost of each row
    crowded: int = 0
    numbered: list[_Placed] = field(default_factory=list)

    def add_labelled(self, left: float, right: float, anchor: str, p: _Placed) -> bool:
        # The first row with room; `min` first, since in a crowded lane most marks find none.
        if self.label_rows and min(self.label_rows) + GAP <= left:
            row = next(r for r, e in enumerate(self.label_rows) if e + GAP <= left)
        elif len(self.label_rows) < MAX_LABEL_ROWS:
            row = len(self.label_rows)
            self.label_rows.append(right)
            self.last.append((p, anchor))
        else:
            return False
        _lengthen_label(*self.last[row], room_until=left - GAP)
        self.label_rows[row] = right
        self.last[row] = (p, anchor)
        self.placed.append((row * ROW_HEIGHT + ROW_HEIGHT / 2, p, anchor))
        return True

    def add_numbered(self, p: _Placed, number: int, scale: Scale) -> None:
        """No room for the title: the mark with its number (the list by the chart names it), in
        narrower rows below the labelled ones."""
        p.number, p.label, p.inner = number, str(number), ""
        p.label_width = text_width(p.label, NUMBER_FONT_WIDTH)
        left, right, anchor, _ = _slot(p, scale)
        least = min(self.dense_rows, default=left)
        if self.dense_rows and least + 2 <= left:
            row = next(r for r, e in enumerate(self.dense_rows) if e + 2 <= left)
        elif len(self.dense_rows) < MAX_DENSE_ROWS:
            row = len(self.dense_rows)
            self.dense_rows.append(right)
        else:  # a crowded lane: overlap where the least is drawn yet
            row = self.dense_rows.index(least)
            self.crowded += 1
        self.dense_rows[row] = max(self.dense_rows[row], right)
        self.numbered.append(p)
        self.placed.append((-1 - row, p, anchor))


def _mark(p: _Placed, anchor: str, scale: Scale, y: float) -> Mark:
    item = p.item
    label, label_x, label_end = p.label, 0.0, 0.0
    if anchor == "start":
        label_x = p.right + 4
    elif anchor == "end":
        label_x = p.left - 4
    elif anchor == "over":
        label_x, anchor = p.x1 + 4, "start"
        label_end = label_x + p.label_width + 4
    else:
        label, anchor = "", "start"
    return Mark(
        key=item.key,
        kind=item.kind,
        shape=p.shape,
        css=item.css,
        d=_path(p, scale, y),
        window_d=_window_path(p, scale, y, after=label_end) if p.shape in _WINDOWED else "",
        x1=p.x1,
        x2=p.x2,
        y=y,
        text_y=y + 4,
        tooltip=item.tooltip or _tooltip(item),
        label=label,
        label_x=scale.rounded[label_x],
        label_anchor=anchor,
        inner=p.inner,
        inner_x=scale.rounded[p.x1 + 3],
        url=item.url,
        ghost_d=_path(p.ghost, scale, y) if p.ghost else "",
        link_d=f"M{p.link[0]} {y}H{p.link[1]}" if p.link else "",
        number=p.number,
    )


def _order(p: _Placed) -> tuple:
    """Rows fill in date order (and so read top to bottom by date), wherever a label sits."""
    item = p.item
    return (item.start or item.end, item.end, p.x1, item.key)


def layout_lane(
    items: list[TimelineItem], scale: Scale, top: float, *, first_number: int = 1
) -> tuple[tuple[Mark, ...], float, int]:
    """Pack a lane's items into rows so that shapes and labels never overlap.

    Greedy interval packing in date order; labels sit right of their shape, or left of it near
    the chart's right edge. Past MAX_LABEL_ROWS an item is drawn with a number instead of its
    title (`first_number` on, in date order; the list beside the chart names it) in narrower
    rows; past MAX_DENSE_ROWS of those, a crowded lane overlaps marks rather than growing
    without end (returns how many).
    """
    slots = [_slot(_measure(item, scale), scale) for item in items]
    slots.sort(key=lambda slot: _order(slot[3]))
    rows = _Rows()
    for left, right, anchor, p in slots:
        if not rows.add_labelled(left, right, anchor, p):
            rows.add_numbered(p, first_number + len(rows.numbered), scale)
    for p, anchor in rows.last:
        _lengthen_label(p, anchor, room_until=scale.width)
    dense_top = max(1, len(rows.label_rows)) * ROW_HEIGHT
    marks = []
    for offset, p, anchor in rows.placed:
        if offset < 0:  # a dense row
            offset = dense_top + (-1 - offset) * DENSE_ROW_HEIGHT + DENSE_ROW_HEIGHT / 2
        marks.append(_mark(p, anchor, scale, top + LANE_HEADER + offset))
    height = LANE_HEADER + dense_top + len(rows.dense_rows) * DENSE_ROW_HEIGHT + LANE_PADDING
    return tuple(marks), height, rows.crowded


def _tooltip(item: TimelineItem) -> str:
    """Title, date as written with its interval, status; a milestone in several group lanes
    has a mark in each, so the text is made once."""
    if not item.tooltip:
        parts = [item.title]
        if item.date_text and item.start:
            parts.append(item.dated)
        parts.append(item.status_label)
        if item.before is not None:
            before = format_dated(item.before.date_text, item.before.start, item.before.end)
            parts.append(gettext("planned before: %(dated)s") % {"dated": before})
        item.tooltip = " — ".join(parts)
    return item.tooltip
