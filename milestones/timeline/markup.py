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
from collections.abc import Iterable

from django.conf import settings
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from milestones.timeline.builder import Lane, Timeline
from milestones.timeline.marks import Mark

# What followed each item in the template's loops: a new line and the loop's indentation.
MARK_SEPARATOR = "\n        "
ROW_SEPARATOR = "\n        "
LIST_SEPARATOR = "\n    "


def _e(value: object) -> str:
    """Autoescaping's rule (`conditional_escape`) without its lazy-string wrapper, which cost
    more than the escaping itself: text already marked safe as it is, anything else escaped."""
    if type(value) is str:
        return html.escape(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def mark_markup(m: Mark) -> str:
    """One mark: its compared plan's ghost and connector, then the focusable link or item with
    its accessible name, tooltip, shape, inner text and label."""
    parts = []
    if m.ghost_d or m.link_d:
        parts.append(f'<g class="tl-was" data-was="{_e(m.key)}" aria-hidden="true">')
        if m.link_d:
            parts.append(f'<path class="tl-link" d="{_e(m.link_d)}" marker-end="url(#tl-arrow)"/>')
        if m.ghost_d:
            parts.append(f'<path class="tl-ghost" d="{_e(m.ghost_d)}"/>')
        parts.append("</g>")
    name = _e(m.name)
    parts.append(
        f'<a class="tl-item {_e(m.css)}" data-key="{_e(m.key)}" data-x1="{m.x1}" data-x2="{m.x2}"'
    )
    if m.number:
        parts.append(f' data-number="{m.number}"')
    parts.append(f' href="{_e(m.url)}"' if m.url else ' tabindex="0"')
    parts.append(f' aria-label="{name}"><title>{name}</title>')
    if m.window_d:
        parts.append(f'<path class="tl-window" d="{_e(m.window_d)}"/>')
    parts.append(f'<path class="tl-mark" d="{_e(m.d)}"/>')
    if m.inner:
        parts.append(f'<text class="tl-inner" x="{m.inner_x}" y="{m.text_y}">{_e(m.inner)}</text>')
    if m.label:
        number = " tl-number" if m.number else ""
        parts.append(
            f'<text class="tl-label{number}" x="{m.label_x}" y="{m.text_y}"'
            f' text-anchor="{_e(m.label_anchor)}">{_e(m.label)}</text>'
        )
    parts.append("</a>")
    return "".join(parts)


def lane_marks(lane: Lane) -> SafeString:
    """A lane's marks, each followed by the separator the template's loop wrote."""
    return mark_safe("".join(mark_markup(m) + MARK_SEPARATOR for m in lane.marks))


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
    for row in timeline.rows:
        title = _e(row.title)
        if row.url:
            title = f'<a href="{_e(row.url)}">{title}</a>'
        before = f"<td data-before>{_e(row.before)}</td>" if compared_with else ""
        out.append(
            f'<tr data-key="{_e(row.key)}"><td>{_e(row.kind)}</td><td>{title}</td>'
            f'<td>{_e(row.lanes)}</td><td class="date-text">{_e(row.date_text)}</td>'
            f'<td class="text-nowrap">{_e(row.interval or "—")}</td>{before}'
            f'<td class="text-nowrap">{_e(row.weeks)}</td><td>{_e(row.status)}</td></tr>'
            + ROW_SEPARATOR
        )
    return mark_safe("".join(out))


def numbered_items(timeline: Timeline) -> SafeString:
    """The list of marks drawn with a number for want of room, each with its title."""
    out = []
    number = localize if settings.USE_THOUSAND_SEPARATOR else str  # what `{{ n.number }}` wrote
    for n in timeline.numbered:
        title = _e(n.title)
        if n.url:
            title = f'<a href="{_e(n.url)}">{title}</a>'
        out.append(
            f'<li value="{_e(number(n.number))}" data-key="{_e(n.key)}">{title}'
            f' <span class="tl-numbered-date">{_e(n.dated)} · {_e(n.lane)}</span></li>'
            + LIST_SEPARATOR
        )
    return mark_safe("".join(out))
