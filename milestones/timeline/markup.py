"""The timeline's repeated markup written in Python: a lane's marks, the chart's background,
the rows of the table and of the numbered list.

A 5,000-milestone chart has some 100,000 attributes; one template node per attribute cost
about four fifths of the page (issue 14). These functions write the same markup as the
template loops they replaced (`tests/test_timeline_markup.py` compares them), every text
escaped as the template escaped it, so a title's `<`, `&` and quotes stay text. SVG
coordinates are written with `str()`, never localised ("12.5", not "12,5"), as
`{% localize off %}` wrote them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from milestones.timeline.builder import Lane, Timeline
from milestones.timeline.marks import Mark
from milestones.timeline.scale import Written

# What followed each item in the template's loops: a new line and the loop's indentation.
MARK_SEPARATOR = "\n        "
ROW_SEPARATOR = "\n        "
LIST_SEPARATOR = "\n    "


_SPECIAL = re.compile("[&<>\"']").search


def _e(value: object) -> str:
    """Autoescaping's rule (`conditional_escape`) without its lazy-string wrapper, which cost
    more than the escaping itself: text already marked safe as it is, anything else escaped."""
    if type(value) is str:
        return html.escape(value) if _SPECIAL(value) else value
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class _Escaped(dict[str, str]):
    """`_e` for texts that repeat (classes, labels, dates as written, a milestone's tooltip in
    each of its lanes): each distinct text escaped once. Call it, rather than index it: a text
    marked safe equals the same text unmarked, so only plain `str` is remembered."""

    def __missing__(self, text: str) -> str:
        self[text] = escaped = _e(text)
        return escaped

    def __call__(self, value: object) -> str:
        return self[value] if type(value) is str else _e(value)


def mark_markup(
    m: Mark, escaped: Callable[[object], str] = _e, written: Callable[[object], str] = str
) -> str:
    """One mark: its compared plan's ghost and connector, then the focusable link or item with
    its accessible name, tooltip, shape, inner text and label.

    `escaped` and `written`: how the texts and coordinates that repeat from mark to mark are
    escaped and written (`_Escaped`, `Written`)."""
    was = ""
    if m.ghost_d or m.link_d:
        link = f'<path class="tl-link" d="{_e(m.link_d)}" marker-end="url(#tl-arrow)"/>'
        ghost = f'<path class="tl-ghost" d="{_e(m.ghost_d)}"/>'
        was = (
            f'<g class="tl-was" data-was="{_e(m.key)}" aria-hidden="true">'
            f"{link if m.link_d else ''}{ghost if m.ghost_d else ''}</g>"
        )
    tooltip = escaped(m.tooltip)
    name = f"{m.number}. {tooltip}" if m.number else tooltip  # `Mark.name`: digits need none
    number = f' data-number="{m.number}"' if m.number else ""
    target = f' href="{_e(m.url)}"' if m.url else ' tabindex="0"'
    window = f'<path class="tl-window" d="{_e(m.window_d)}"/>' if m.window_d else ""
    inner = label = ""
    text_y = written(m.text_y) if m.inner or m.label else ""
    if m.inner:
        inner = (
            f'<text class="tl-inner" x="{written(m.inner_x)}" y="{text_y}">'
            f"{escaped(m.inner)}</text>"
        )
    if m.label:
        label = (
            f'<text class="tl-label{" tl-number" if m.number else ""}" x="{written(m.label_x)}"'
            f' y="{text_y}" text-anchor="{escaped(m.label_anchor)}">{escaped(m.label)}</text>'
        )
    return (
        f'{was}<a class="tl-item {escaped(m.css)}" data-key="{_e(m.key)}"'
        f' data-x1="{written(m.x1)}" data-x2="{written(m.x2)}"{number}{target}'
        f' aria-label="{name}"><title>{name}</title>{window}'
        f'<path class="tl-mark" d="{_e(m.d)}"/>{inner}{label}</a>'
    )


def lane_marks(lane: Lane) -> SafeString:
    """A lane's marks, each followed by the separator the template's loop wrote."""
    escaped, written = _Escaped(), Written()
    return mark_safe("".join(mark_markup(m, escaped, written) + MARK_SEPARATOR for m in lane.marks))


def _lines(css: str, xs: Iterable[float], y1: int, y2: float) -> str:
    return "".join(f'<line class="{css}" x1="{x}" x2="{x}" y1="{y1}" y2="{y2}"/>' for x in xs)


def background(timeline: Timeline) -> SafeString:
    """Holidays, week and month lines and today, behind the axis and every lane (each SVG's
    viewBox shows its own slice of the full height)."""
    top, height, bottom = timeline.shade_top, timeline.shade_height, timeline.height
    shades = "".join(
        f'<rect class="tl-shade tl-shade-{_e(s.kind)}" x="{s.x}" y="{top}" width="{s.width}"'
        f' height="{height}" data-start="{s.start.isoformat()}" data-end="{s.end.isoformat()}">'
        f"<title>{_e(s.title)}</title></rect>"
        for s in timeline.shades
    )
    today = ""
    if timeline.today_x is not None:
        today = _lines("tl-today", [timeline.today_x], 34, bottom)
    return mark_safe(
        '<g class="tl-background" aria-hidden="true">'
        + f"\n  {shades}"
        + f"\n  {_lines('tl-week-line', timeline.week_lines, 34, bottom)}"
        + f"\n  {_lines('tl-month-line', timeline.month_lines, 16, bottom)}"
        + f"\n  {today}\n</g>\n"
    )


def table_rows(timeline: Timeline, compared_with: str) -> SafeString:
    """The table's rows: every item of the period once; where the compared plan had it when a
    comparison is shown."""
    out = []
    escaped = _Escaped()
    for row in timeline.rows:
        title = escaped(row.title)
        if row.url:
            title = f'<a href="{_e(row.url)}">{title}</a>'
        before = f"<td data-before>{escaped(row.before)}</td>" if compared_with else ""
        out.append(
            f'<tr data-key="{_e(row.key)}"><td>{escaped(row.kind)}</td><td>{title}</td>'
            f'<td>{escaped(row.lanes)}</td><td class="date-text">{escaped(row.date_text)}</td>'
            f'<td class="text-nowrap">{escaped(row.interval or "—")}</td>{before}'
            f'<td class="text-nowrap">{escaped(row.weeks)}</td><td>{escaped(row.status)}</td>'
            "</tr>" + ROW_SEPARATOR
        )
    return mark_safe("".join(out))


def numbered_items(timeline: Timeline) -> SafeString:
    """The list of marks drawn with a number for want of room, each with its title."""
    out = []
    escaped = _Escaped()
    number = localize if settings.USE_THOUSAND_SEPARATOR else str  # what `{{ n.number }}` wrote
    for n in timeline.numbered:
        title = escaped(n.title)
        if n.url:
            title = f'<a href="{_e(n.url)}">{title}</a>'
        out.append(
            f'<li value="{_e(number(n.number))}" data-key="{_e(n.key)}">{title}'
            f' <span class="tl-numbered-date">{escaped(n.dated)} · {escaped(n.lane)}</span></li>'
            + LIST_SEPARATOR
        )
    return mark_safe("".join(out))
