"""Reading a body's meeting dates from a file: an .ics calendar (an export from iBabs,
NotuBiz or Outlook; recurring events expanded) or an .xlsx/.csv list of dates (the yearly
vergaderschema of a griffie), and writing them in one transaction.

Every row is checked first; a file with problems ("rij 4: …") writes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import recurring_ical_events
from django.db import transaction
from django.utils.translation import gettext
from icalendar import Calendar

from cycle.calendars import horizon
from cycle.models import BodyMeeting
from cycle.procedure import recompute_for_body
from milestones.importing.readers import MAX_FILE_SIZE, UnreadableFile, open_source
from phases.dates import FuzzyDateError, Precision, parse_fuzzy_date
from stakeholders.models import Organisation, TargetGroup

ICAL_MAGIC = b"BEGIN:VCALENDAR"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TITLE_LIMIT = BodyMeeting._meta.get_field("title").max_length


@dataclass(frozen=True)
class Problem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"{gettext('row %(row)s') % {'row': self.row}}: {self.message}"


@dataclass
class MeetingList:
    """The meetings a file holds (day → title), and the problems of its rows."""

    file_name: str
    meetings: dict[datetime.date, str] = field(default_factory=dict)
    cancelled: set[datetime.date] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


def read_path(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_SIZE:
            raise UnreadableFile(gettext("%(file)s is too large.") % {"file": path.name})
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(
            gettext("%(file)s cannot be read: %(error)s")
            % {"file": path, "error": exc.strerror or exc}
        ) from exc


def read_meetings(*, data: bytes, file_name: str, today: datetime.date) -> MeetingList:
    """The meetings in `data`; UnreadableFile when it is no calendar and no list of dates."""
    if data.lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(ICAL_MAGIC):
        return _read_ical(data, file_name, today)
    return _read_list(data, file_name, today)


def _read_ical(data: bytes, file_name: str, today: datetime.date) -> MeetingList:
    try:
        calendar = Calendar.from_ical(data)
        first, last = horizon(today)
        events = recurring_ical_events.of(calendar).between(first, last + datetime.timedelta(1))
    except (ValueError, KeyError, TypeError) as exc:
        raise UnreadableFile(
            gettext("%(file)s is no readable calendar: %(error)s")
            % {"file": file_name, "error": exc}
        ) from exc
    found = MeetingList(file_name)
    for event in events:
        start = event.get("DTSTART")
        if start is None:
            continue
        day = start.dt
        if isinstance(day, datetime.datetime):
            day = day.astimezone(AMSTERDAM).date() if day.tzinfo else day.date()
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            found.cancelled.add(day)
        else:
            found.meetings.setdefault(day, str(event.get("SUMMARY", ""))[:TITLE_LIMIT])
    return found


def _read_list(data: bytes, file_name: str, today: datetime.date) -> MeetingList:
    """A list of dates: the first cell of a row holding a date is the meeting, the first text
    after it its title. A first row without a date is a heading."""
    source = open_source(data=data, file_name=file_name)
    found = MeetingList(file_name)
    try:
        sheet = source.sheets[0]
        for number, values in sheet.rows():
            day, title, problem = _read_row(values, today.year)
            if problem and not (number == 1 and day is None):
                found.problems.append(Problem(number, problem))
            elif day is not None:
                found.meetings.setdefault(day, title[:TITLE_LIMIT])
    finally:
        source.close()
    if not found.meetings and not found.problems:
        raise UnreadableFile(gettext("%(file)s holds no dates.") % {"file": file_name})
    return found


def _read_row(values, year: int) -> tuple[datetime.date | None, str, str]:
    """(day, title, problem) of one row."""
    cells = [value for value in values if value is not None]
    if not cells:
        return None, "", ""
    first, rest = cells[0], cells[1:]
    title = next((str(value) for value in rest if isinstance(value, str)), "")
    if isinstance(first, datetime.datetime):
        return first.date(), title, ""
    if isinstance(first, datetime.date):
        return first, title, ""
    try:
        reading = parse_fuzzy_date(str(first), year)
    except FuzzyDateError:
        return None, "", gettext("“%(text)s” is no date.") % {"text": first}
    if reading.precision != Precision.DAY:
        return None, "", gettext("“%(text)s” is not one day.") % {"text": first}
    return reading.start, title, ""


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def save_meetings(
    meetings: MeetingList, *, body: TargetGroup, organisation: Organisation | None = None
) -> ImportResult:
    """Write the meetings of a file without problems: new days added, cancelled ones marked,
    days already known kept (their title follows the file)."""
    assert not meetings.problems, "a file with problems is never written"
    with transaction.atomic():
        existing = {
            row.date: row
            for row in BodyMeeting.objects.select_for_update().filter(
                body=body, organisation=organisation
            )
        }
        new, changed = [], []
        for day, title in sorted(meetings.meetings.items()):
            row = existing.get(day)
            if row is None:
                new.append(
                    BodyMeeting(
                        body=body,
                        organisation=organisation,
                        date=day,
                        title=title,
                        source=BodyMeeting.Source.IMPORT,
                        source_file=meetings.file_name[:255],
                    )
                )
            elif row.title != title or row.cancelled:
                row.title, row.cancelled = title, False
                changed.append(row)
        for day in meetings.cancelled - set(meetings.meetings):
            row = existing.get(day)
            if row is not None and not row.cancelled:
                row.cancelled = True
                changed.append(row)
        BodyMeeting.objects.bulk_create(new)
        BodyMeeting.objects.bulk_update(changed, ["title", "cancelled"])
        if new or changed:  # bulk writes send no signals: chains through this body follow
            recompute_for_body(body.pk)
    return ImportResult(created=len(new), updated=len(changed))
