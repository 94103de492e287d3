"""When a reporting duty falls due: its occurrences, each with the progress report since the
one before.

Monthly and quarterly duties fall due at the end of each month or quarter of the duty's
period; "after each phase" the day after each phase of the programme ends (its own end, else
the last deadline of its work, as on the dashboard; within the duty's period, when it has
one); "once" on the duty's own date. Occurrences are computed, never stored: when a phase
moves, the duty moves with it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from milestones.dated_items import phase_ends, programme_items
from milestones.meetings.models import ReportingDuty
from phases.fuzzy import local_today
from phases.models import Programme
from phases.presentation import format_interval

ONE_DAY = datetime.timedelta(days=1)
Rhythm = ReportingDuty.Rhythm


@dataclass(frozen=True)
class ReportDue:
    """One occurrence of a reporting duty: inform `body` in `form` by `end`."""

    duty_id: int
    programme_slug: str
    title: str
    body: str
    form: str  # the form's label ("brief")
    start: datetime.date
    end: datetime.date  # the deadline
    since: datetime.date | None  # the previous occurrence's deadline: what the report covers
    version: int = 0

    @property
    def key(self) -> str:
        return f"report-{self.duty_id}-{self.end:%Y%m%d}"

    @property
    def when(self) -> str:
        return format_interval(self.start, self.end)

    @property
    def report_url(self) -> str:
        """The progress report since the previous occurrence (else since the last steering
        meeting: the report's own default)."""
        url = reverse("milestones:report", args=[self.programme_slug])
        return f"{url}?since={self.since.isoformat()}" if self.since else url


def _months(start: datetime.date, end: datetime.date, step: int) -> Iterable[tuple]:
    """(first day, last day) of each period of `step` months that overlaps start..end; quarters
    are calendar quarters."""
    month = (start.month - 1) // step * step + 1
    first = datetime.date(start.year, month, 1)
    while first <= end:
        year, month = divmod(first.month - 1 + step, 12)
        following = datetime.date(first.year + year, month + 1, 1)
        yield first, following - ONE_DAY
        first = following


def due_periods(
    duty: ReportingDuty, phase_ends: Sequence[datetime.date]
) -> list[tuple[datetime.date, datetime.date]]:
    """The (start, deadline) of each occurrence of `duty`, in order."""
    if duty.rhythm == Rhythm.AFTER_PHASE:
        days = sorted(
            end + ONE_DAY
            for end in phase_ends
            if duty.start is None or duty.start <= end + ONE_DAY <= duty.end
        )
        return [(day, day) for day in days]
    if duty.start is None:
        return []
    if duty.rhythm == Rhythm.ONCE:
        return [(duty.start, duty.end)]
    step = 3 if duty.rhythm == Rhythm.QUARTERLY else 1
    return list(_months(duty.start, duty.end, step))


def duties_of(programmes: Iterable[int]) -> QuerySet[ReportingDuty]:
    return ReportingDuty.objects.filter(programme_id__in=list(programmes)).select_related(
        "body", "programme"
    )


def reports_due(duties: Iterable[ReportingDuty]) -> list[ReportDue]:
    """Every occurrence of `duties`, by deadline. "After each phase" reads the programme's
    dated items for the phases' ends (a phase without its own date ends with its work)."""
    duties = list(duties)
    ends: dict[int, list[datetime.date]] = {}
    for programme in {
        d.programme_id: d.programme for d in duties if d.rhythm == Rhythm.AFTER_PHASE
    }.values():
        items = programme_items(programme=programme, today=local_today())
        ends[programme.pk] = phase_ends(items)
    found = []
    forms = dict(ReportingDuty.Form.choices)
    for duty in duties:
        previous = None
        for start, end in due_periods(duty, ends.get(duty.programme_id, [])):
            found.append(
                ReportDue(
                    duty_id=duty.pk,
                    programme_slug=duty.programme.slug,
                    title=duty.title,
                    body=duty.body.name,
                    form=str(forms.get(duty.form, duty.form)),
                    start=start,
                    end=end,
                    since=previous,
                    version=duty.version,
                )
            )
            previous = end
    return sorted(found, key=lambda r: (r.end, r.title))


def programme_reports(programme: Programme) -> list[ReportDue]:
    return reports_due(duties_of([programme.pk]))


def reports_between(
    reports: Iterable[ReportDue], start: datetime.date, end: datetime.date
) -> list[ReportDue]:
    return [r for r in reports if r.end >= start and r.start <= end]
