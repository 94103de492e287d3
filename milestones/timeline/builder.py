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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from milestones.dated_items import DatedItem, LateCounts, ProgrammeItems, programme_items
from milestones.extensions import lane_meetings
from milestones.meetings.duties import programme_reports
from milestones.timeline.holidays import Region, Shade, holiday_periods, shades
from milestones.timeline.marks import (
    Before,
    DateTexts,
    Mark,
    TimelineItem,
    layout_lane,
    status_labels,
)
from milestones.timeline.scale import (
    AXIS_HEIGHT,
    CHART_MARGIN,
    CHART_WIDTH,
    HOLIDAY_ROW_TOP,
    LANE_GAP,
    LANE_HEADER,
    MAX_DENSE_ROWS,
    MAX_LABEL_ROWS,
    ROW_HEIGHT,
    SCHOOL_HOLIDAY_YEARS,
    AxisCell,
    Scale,
    Zoom,
    add_months,
    axis,
    choose_window,
    shorten,
    text_width,
)
from phases.dates import Precision
from phases.models import Programme

__all__ = [
    "Before",
    "CHART_MARGIN",
    "CHART_WIDTH",
    "LANE_HEADER",
    "MAX_DENSE_ROWS",
    "MAX_LABEL_ROWS",
    "ROW_HEIGHT",
    "LaneMode",
    "Region",
    "Scale",
    "Timeline",
    "Zoom",
    "build_timeline",
    "choose_window",
    "holiday_periods",
]


class LaneMode(enum.StrEnum):
    PHASE = "phase"
    GROUP = "group"


@dataclass(frozen=True)
class Lane:
    key: str
    title: str
    subtitle: str
    y: float
    height: float
    marks: tuple[Mark, ...]
    period: tuple[float, float] | None = None  # x and width of a phase's own interval
    meetings: tuple[float, ...] = ()  # x of the group's meeting days (`lane_meetings`)

    @property
    def header_y(self) -> float:
        return self.y + 16

    @property
    def title_repeats(self) -> tuple[int, ...]:
        """Where the title repeats, for narrow screens that scroll the chart sideways."""
        end = 6 + text_width(self.title, 8) + text_width(self.subtitle, 6.5) + 40
        return tuple(x for x in range(480, CHART_WIDTH - 240, 480) if x > end)

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def slice_height(self) -> float:
        """The lane's own picture: the lane and the gap below it."""
        return round(self.height + LANE_GAP, 1)


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
    before: str = ""  # where the compared plan had it, when it moved since


@dataclass(frozen=True)
class Numbered:
    """A mark drawn with a number for want of room: the list beside the chart names it."""

    number: int
    key: str
    title: str
    lane: str
    dated: str  # the date as written, with its interval
    url: str = ""


@dataclass(frozen=True)
class Legend:
    """What the chart draws, so that the legend explains only that."""

    kinds: frozenset[str]  # shapes and statuses: "diamond", "days", "band", "flag", "square",
    # "done", "late", "cancelled"
    shades: frozenset[str]  # "school", "public", "note"

    def __contains__(self, name: str) -> bool:
        return name in self.kinds or name in self.shades


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
    late: LateCounts  # late items of the whole programme, by kind (the legend says how many)
    previous_start: datetime.date | None = None
    next_start: datetime.date | None = None
    school_holidays_known: bool = True
    moved: int = 0  # items drawn with the compared plan's position (a ghost and a connector)
    numbered: tuple[Numbered, ...] = ()
    legend: Legend = Legend(frozenset(), frozenset())

    @property
    def shade_top(self) -> int:
        return HOLIDAY_ROW_TOP

    @property
    def axis_height(self) -> int:
        """The axis's own picture, down to the first lane."""
        return AXIS_HEIGHT + LANE_GAP

    @property
    def shade_height(self) -> float:
        return round(self.height - HOLIDAY_ROW_TOP, 1)

    @property
    def has_marks(self) -> bool:
        return bool(self.lanes)


# -- reading the programme -----------------------------------------------------------------


def _timeline_item(
    item: DatedItem, labels: dict[str, str], texts: DateTexts, url: str = "", *, label: str = ""
) -> TimelineItem:
    """A dated item as the timeline draws it; the late rule was applied by the selector."""
    if item.kind == "gate":
        outcome = labels[f"gate:{item.status}"]
        status_label = (
            f"{gettext('decided by')} {item.decider}: {outcome}" if item.decider else outcome
        )
    elif item.kind == "phase":
        status_label = labels[f"phase:{item.status}"]
    else:
        status_label = labels[item.status]
    if item.late:
        status_label += labels[":late"]
    return TimelineItem(
        key=item.key,
        kind=item.kind,
        title=item.title,
        date_text=item.date_text,
        start=item.start,
        end=item.end,
        precision=item.precision,
        dates=item.dates,
        status=item.status,
        status_label=status_label,
        late=item.late,
        label=label,
        url=url,
        phase_id=item.phase_id if item.kind != "phase" else None,
        interval=texts.interval(item.start, item.end),
        dated=texts.dated(item.date_text, item.start, item.end),
    )


def _gate_label(gate: DatedItem, labels: dict[str, str]) -> str:
    outcome = labels[f"gate:{gate.status}"]
    prefix = f"{gate.decider}, {outcome}" if gate.decider else outcome
    return f"{prefix}: {gate.title}"


def _read(
    items: ProgrammeItems, milestone_url: Callable[[int], str] | None, texts: DateTexts
) -> tuple[list[TimelineItem], list[TimelineItem]]:
    """The phases and the work (gates, deliverables, milestones) as timeline items."""
    labels = status_labels()
    phases = [_timeline_item(phase, labels, texts) for phase in items.phases]
    work = [_timeline_item(g, labels, texts, label=_gate_label(g, labels)) for g in items.gates]
    work += [_timeline_item(d, labels, texts) for d in items.deliverables]
    work += [
        _timeline_item(m, labels, texts, milestone_url(m.pk) if milestone_url else "")
        for m in items.milestones
    ]
    return phases, work


def _report_items(programme: Programme, texts: DateTexts) -> list[TimelineItem]:
    """Each time a reporting duty falls due: a mark at its deadline, linked to the progress
    report since the previous time, in a lane of its own."""
    lane = gettext("Reporting duties")
    return [
        TimelineItem(
            key=report.key,
            kind="report",
            title=f"{report.title} ({report.form})",
            date_text="",
            start=report.end,
            end=report.end,
            precision=Precision.DAY,
            dates=(),
            status="",
            status_label=report.body,
            late=False,
            url=report.report_url,
            lanes=(lane,),
            interval=texts.interval(report.end, report.end),
            dated=texts.dated("", report.end, report.end),
        )
        for report in programme_reports(programme)
    ]


def _span(items: Iterable[TimelineItem], fallback_year: int) -> tuple[datetime.date, datetime.date]:
    """From the first start to the last end, the compared plan's positions included."""
    items = list(items)
    starts = [i.start for i in items if i.start] + [i.before.start for i in items if i.before]
    ends = [i.end for i in items if i.end] + [i.before.end for i in items if i.before]
    if not starts:
        return datetime.date(fallback_year, 1, 1), datetime.date(fallback_year, 12, 31)
    return min(starts), max(ends)


def _mark_moves(items: Iterable[TimelineItem], before: Mapping[str, Before]) -> int:
    """Give each item the compared plan's position when it has moved since; how many did."""
    moved = 0
    for item in items:
        old = before.get(item.key)
        if old is None or item.start is None or (old.start, old.end) == (item.start, item.end):
            continue
        item.before = old
        moved += 1
    return moved


def _in_window(item: TimelineItem, scale: Scale) -> bool:
    if item.start is None:
        return False
    if item.shape == "days":
        return any(scale.contains(datetime.date.fromisoformat(d)) for d in item.dates)
    return scale.overlaps(item.start, item.end)


# -- lanes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _LaneSpec:
    key: str
    title: str
    subtitle: str
    members: list[TimelineItem]
    period: tuple[datetime.date, datetime.date] | None = None
    group_id: int | None = None


def _phase_lanes(
    items: ProgrammeItems, phase_items: list[TimelineItem], work: list[TimelineItem]
) -> list[_LaneSpec]:
    """A lane per phase (its own interval as a band behind it), and one for work without one."""
    titles = {phase.pk: phase.title for phase in items.phases}
    by_phase: dict[int | None, list[TimelineItem]] = {pk: [] for pk in titles}
    for item in work:
        phase_id = item.phase_id if item.phase_id in titles else None
        by_phase.setdefault(phase_id, []).append(item)
    specs = []
    for phase, phase_item in zip(items.phases, phase_items, strict=True):
        subtitle = " · ".join(t for t in (phase.date_text, phase_item.status_label) if t)
        period = (phase.start, phase.end) if phase.start else None
        specs.append(_LaneSpec(phase_item.key, phase.title, subtitle, by_phase[phase.pk], period))
    if by_phase.get(None):
        specs.append(_LaneSpec("phase-none", gettext("Without phase"), "", by_phase[None]))
    without = (gettext("Without phase"),)
    lanes = {pk: (title,) if title else without for pk, title in titles.items()}
    for item in work:
        item.lanes = lanes.get(item.phase_id, without)
    return specs


def _group_lanes(
    items: ProgrammeItems, phase_items: list[TimelineItem], work: list[TimelineItem]
) -> list[_LaneSpec]:
    """One lane of phases, gates and deliverables; then a lane per target group."""
    phase_titles = {phase.pk: phase.title for phase in items.phases}
    overview = phase_items + [i for i in work if i.kind != "milestone"]
    for item in overview:
        if item.kind != "phase":
            item.lanes = (phase_titles.get(item.phase_id, ""),)
    specs = [_LaneSpec("phases", gettext("Phases, gates and deliverables"), "", overview)]
    by_group: dict[int | None, list[TimelineItem]] = {}
    names: dict[int | None, str] = {}
    groups = {m.key: m.groups for m in items.milestones}
    for item in (i for i in work if i.kind == "milestone"):
        involved = [(g.pk, g.name) for g in groups[item.key]]
        involved = involved or [(None, gettext("Without target group"))]
        item.lanes = tuple(name for _, name in involved)
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
        specs.append(_LaneSpec(key, names[group_id], count, members, group_id=group_id))
    return specs


def _place_lanes(
    specs: list[_LaneSpec], scale: Scale, meetings: Mapping[int, list[datetime.date]]
) -> tuple[tuple[Lane, ...], tuple[str, ...], int, float]:
    """Lay the lanes out from top to bottom: (lanes, titles of empty lanes, crowded, height).

    Marks without room for their title are numbered on from lane to lane."""
    built: list[Lane] = []
    empty: list[str] = []
    crowded = 0
    number = 1
    y = float(AXIS_HEIGHT + LANE_GAP)
    for spec in specs:
        visible = [i for i in spec.members if i.visible]
        if not visible:
            if spec.members or spec.key.startswith("phase-"):
                empty.append(spec.title)
            continue
        marks, height, overlapping = layout_lane(visible, scale, y, first_number=number)
        number += sum(1 for mark in marks if mark.number)
        crowded += overlapping
        band = None
        if spec.period and scale.overlaps(*spec.period):
            x1 = scale.x(spec.period[0])
            x2 = scale.x(spec.period[1] + datetime.timedelta(days=1))
            band = (x1, round(x2 - x1, 1))
        days = meetings.get(spec.group_id, ()) if spec.group_id is not None else ()
        ticks = tuple(scale.centre(day) for day in days if scale.contains(day))
        title = shorten(spec.title, 90)
        built.append(Lane(spec.key, title, spec.subtitle, y, height, marks, band, ticks))
        y += height + LANE_GAP
    return tuple(built), tuple(empty), crowded, y


def _numbered(lanes: tuple[Lane, ...], items: Iterable[TimelineItem]) -> tuple[Numbered, ...]:
    by_key = {item.key: item for item in items}
    found = []
    for lane in lanes:
        for mark in lane.marks:
            if mark.number:
                item = by_key[mark.key]
                found.append(
                    Numbered(mark.number, mark.key, item.title, lane.title, item.dated, mark.url)
                )
    return tuple(sorted(found, key=lambda n: n.number))


def _legend(lanes: tuple[Lane, ...], shaded: Iterable[Shade]) -> Legend:
    kinds = set()
    for kind, shape, css in {(m.kind, m.shape, m.css) for lane in lanes for m in lane.marks}:
        if kind == "phase":
            kinds.add("phase")
        else:
            kinds.add("days" if shape == "range" else shape)
        kinds.update(c for c in ("done", "cancelled") if f"tl-s-{c}" in css)
        if "tl-late" in css:
            kinds.add("late")
    return Legend(frozenset(kinds), frozenset(shade.kind for shade in shaded))


class _Joined(dict[tuple[str, ...], str]):
    """Lane titles as the table lists them; items share their lanes, so each list is made once."""

    def __missing__(self, lanes: tuple[str, ...]) -> str:
        self[lanes] = joined = ", ".join(str(lane) for lane in lanes if lane)
        return joined


def _table_rows(
    phase_items: list[TimelineItem],
    work: list[TimelineItem],
    today: datetime.date,
    texts: DateTexts,
) -> tuple[TableRow, ...]:
    """Every item of the period once (undated work too), in date order."""
    table_items = [i for i in phase_items if i.visible]
    table_items += [i for i in work if i.start is None or i.visible]
    table_items.sort(key=lambda i: (i.start is None, i.end or today, i.start or today, i.key))
    kinds = {
        "phase": gettext("Phase"),
        "gate": gettext("Gate"),
        "deliverable": gettext("Deliverable"),
        "milestone": gettext("Milestone"),
        "report": gettext("Reporting duty"),
    }
    lanes = _Joined()
    return tuple(
        TableRow(
            key=i.key,
            kind=kinds[i.kind],
            title=i.title,
            lanes=lanes[i.lanes],
            date_text=i.date_text,
            interval=i.interval,
            weeks=texts.span(i.start, i.end, i.precision),
            status=i.status_label,
            url=i.url,
            before=texts.dated(i.before.date_text, i.before.start, i.before.end)
            if i.before
            else "",
        )
        for i in table_items
    )


def _neighbours(zoom: Zoom, first: datetime.date) -> tuple[datetime.date | None, ...]:
    """Where the "earlier" and "later" links open a month or quarter window."""
    months = {Zoom.MONTH: 1, Zoom.QUARTER: 3}.get(zoom)
    if months is None:
        return None, None
    return add_months(first, -months), add_months(first, months)


def build_timeline(
    *,
    programme: Programme,
    zoom: Zoom = Zoom.YEAR,
    lanes: LaneMode = LaneMode.PHASE,
    region: Region = Region.MIDDLE,
    today: datetime.date,
    start: datetime.date | None = None,
    milestone_url: Callable[[int], str] | None = None,
    before: Mapping[str, Before] | None = None,
) -> Timeline:
    """The timeline of `programme` for one zoom, lane mode and school-holiday region.

    `start` opens a month or quarter window at that month (ignored for the whole-span zoom);
    `milestone_url(pk)` gives each milestone mark a link; `before` (item key → position in a
    compared plan) overlays where moved items were: a ghost and a connector to the new place.
    """
    items = programme_items(programme=programme, today=today)
    texts = DateTexts()
    phase_items, work = _read(items, milestone_url, texts)
    moved = _mark_moves(phase_items + work, before) if before else 0
    reports = _report_items(programme, texts)
    span = _span(phase_items + work, programme.year)
    first, last = choose_window(zoom=zoom, span=span, today=today, start=start)
    scale = Scale(first, last)
    for item in phase_items + work + reports:
        item.visible = _in_window(item, scale)
    lane_specs = (_phase_lanes if lanes is LaneMode.PHASE else _group_lanes)(
        items, phase_items, work
    )
    if reports:
        lane_specs.append(_LaneSpec("reports", reports[0].lanes[0], "", reports))
    groups = [spec.group_id for spec in lane_specs if spec.group_id is not None]
    meetings = lane_meetings(programme, groups, first, last) if groups else {}
    built, empty, crowded, height = _place_lanes(lane_specs, scale, meetings)
    dated = [i for i in work if i.start is not None]
    years, months, weeks = axis(scale)
    step_lines = scale.day_width * 7 >= 10
    previous_start, next_start = _neighbours(zoom, first)
    notes = [(note.title, note.start, note.end) for note in items.notes]
    shaded = shades(scale, region, notes)
    return Timeline(
        zoom=zoom,
        lane_mode=lanes,
        region=region,
        first=first,
        last=last,
        width=CHART_WIDTH,
        height=round(height, 1),
        years=years,
        months=months,
        weeks=weeks,
        week_lines=tuple(w.x for w in weeks if w.x > 0) if step_lines else (),
        month_lines=tuple(m.x for m in months if m.x > 0),
        shades=shaded,
        lanes=built,
        rows=_table_rows(phase_items, work + reports, today, texts),
        today=today,
        today_x=scale.centre(today) if scale.contains(today) else None,
        empty_lanes=empty,
        crowded=crowded,
        undated=len(work) - len(dated),
        outside=sum(1 for i in dated if not i.visible),
        late=items.late_counts,
        previous_start=previous_start,
        next_start=next_start,
        school_holidays_known=first.year in SCHOOL_HOLIDAY_YEARS
        or last.year in SCHOOL_HOLIDAY_YEARS,
        moved=moved,
        numbered=_numbered(built, phase_items + work),
        legend=_legend(built, shaded),
    )
