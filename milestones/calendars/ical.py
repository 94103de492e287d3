"""iCalendar (RFC 5545) for programmes, target groups and subscription feeds.

One builder over the querysets of a selection, like pretix's ``presale/ical.py``:

* `CalendarSelection` says what goes in (programmes the reader may see, one target group,
  phase / status / period filters) and answers the cheap `validators()` (ETag and
  Last-Modified) that conditional GETs are answered from;
* `collect_events()` turns milestones, gates, deliverable deadlines and meeting series into
  plain `CalendarEvent` values with a constant number of queries;
* `render_calendar()` writes them with the `icalendar` package.

Identity: UIDs are ``<kind>-<pk>[-<yyyymmdd>]@<domain>`` (the domain is the setting
``REGIE_CALENDAR_UID_DOMAIN``, default ``regie.invalid``; never the request's host), SEQUENCE
is the item's `version`, and DTSTAMP = LAST-MODIFIED = the item's latest history record
(RFC 5545 3.8.7.2: without METHOD, DTSTAMP is the time the information was last revised).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Max, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vText

from milestones.calendars.filters import CalendarFilters, Content
from milestones.meetings.duties import reports_due
from milestones.models import CalendarFeed, Involvement, Milestone, ReportingDuty
from milestones.versions import involvement_weight, total_row
from phases.dates import Precision
from phases.meetings import series_rule
from phases.models import (
    Deliverable,
    Gate,
    MeetingCancellation,
    MeetingSeries,
    Phase,
    Programme,
    WorkStatus,
)
from phases.presentation import format_isoweeks
from stakeholders.models import TargetGroup
from stakeholders.text import single_line

TIME_ZONE_NAME = "Europe/Amsterdam"
TIME_ZONE = ZoneInfo(TIME_ZONE_NAME)
PRODID = "-//Regie//Regie planning calendar//NL"
# Part of every ETag: bump it when the output changes shape, so clients fetch it anew.
FORMAT_VERSION = "1"
EXACT_PRECISIONS = frozenset({Precision.DAY.value, Precision.DAYS.value})
ONE_DAY = datetime.timedelta(days=1)
# An open-ended series gets a VTIMEZONE this many years past its first date.
OPEN_SERIES_YEARS = 10


def uid_domain() -> str:
    return getattr(settings, "REGIE_CALENDAR_UID_DOMAIN", "regie.invalid")


# -- what goes in ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Validators:
    etag: str  # unquoted
    last_modified: datetime.datetime | None


@dataclass(frozen=True)
class CalendarSelection:
    """What one calendar holds. `programmes` are already filtered by the access rule."""

    name: str
    programmes: tuple[Programme, ...]
    target_group: TargetGroup | None = None
    filters: CalendarFilters = field(default_factory=CalendarFilters)
    series_id: int | None = None  # one meeting series alone (its page's download)

    @property
    def programme_ids(self) -> list[int]:
        return [programme.pk for programme in self.programmes]

    # -- querysets (shared by the builder and the validators) --------------------------------
    @property
    def with_milestones(self) -> bool:
        """Milestones, gates and deliverables (everything but meetings) are in."""
        return self.filters.content != Content.MEETINGS and self.series_id is None

    @property
    def with_meetings(self) -> bool:
        return self.filters.content != Content.MILESTONES

    def _programme_ids(self, included: bool) -> list[int]:
        return self.programme_ids if included else []

    def milestones(self) -> QuerySet[Milestone]:
        ids = self._programme_ids(self.with_milestones)
        qs = Milestone.objects.filter(programme_id__in=ids).dated()
        if self.target_group is not None:
            # (milestone, target group) is unique, so this join never duplicates rows.
            qs = qs.filter(involvements__target_group=self.target_group)
        if self.filters.phase_id is not None:
            qs = qs.filter(phase_id=self.filters.phase_id)
        if self.filters.statuses:
            qs = qs.filter(status__in=self.filters.statuses)
        if self.filters.has_period:
            qs = qs.in_period(self.filters.period_start, self.filters.period_end)
        return qs

    def gates(self) -> QuerySet[Gate]:
        ids = self._programme_ids(self.with_milestones)
        qs = Gate.objects.filter(phase__programme_id__in=ids).dated()
        if self.target_group is not None:
            qs = qs.filter(decider=self.target_group)
        if self.filters.phase_id is not None:
            qs = qs.filter(phase_id=self.filters.phase_id)
        if self.filters.has_period:
            qs = qs.in_period(self.filters.period_start, self.filters.period_end)
        return qs

    def deliverables(self) -> QuerySet[Deliverable]:
        ids = self._programme_ids(self.with_milestones)
        qs = Deliverable.objects.filter(phase__programme_id__in=ids).dated()
        if self.target_group is not None:
            # A deliverable has no target group of its own: it belongs to the groups of the
            # milestones that discuss or decide it.
            linked = Milestone.objects.filter(
                programme_id__in=self.programme_ids, involvements__target_group=self.target_group
            ).values("deliverables")
            qs = qs.filter(pk__in=linked)
        if self.filters.phase_id is not None:
            qs = qs.filter(phase_id=self.filters.phase_id)
        if self.filters.statuses:
            qs = qs.filter(status__in=self.filters.statuses)
        if self.filters.has_period:
            # A deliverable is shown on its deadline alone.
            qs = qs.due_in(self.filters.period_start, self.filters.period_end)
        return qs

    def reporting_duties(self) -> QuerySet[ReportingDuty]:
        """Reporting duties go with the milestones: they are work, not meetings."""
        ids = self._programme_ids(self.with_milestones)
        qs = ReportingDuty.objects.filter(programme_id__in=ids)
        if self.target_group is not None:
            qs = qs.filter(body=self.target_group)
        return qs

    def meeting_series(self) -> QuerySet[MeetingSeries]:
        # Series without a frequency ("wisselend", "zelf invullen") have no dates to show.
        ids = self._programme_ids(self.with_meetings)
        qs = MeetingSeries.objects.filter(programme_id__in=ids).exclude(frequency="")
        if self.target_group is not None:
            qs = qs.filter(target_group=self.target_group)
        if self.series_id is not None:
            qs = qs.filter(pk=self.series_id)
        if self.filters.has_period:
            qs = qs.filter(first_date__lte=self.filters.period_end).exclude(
                last_date__lt=self.filters.period_start
            )
        return qs

    # -- conditional GET -------------------------------------------------------------------
    def validators(self) -> Validators:
        """ETag and Last-Modified from a few aggregate queries, without building anything.

        The ETag changes whenever an included item changes: count and sum of primary keys
        change when items enter or leave (keys are never reused), the sum of versions when
        one is saved; involvements (categories), cancellations and moves (EXDATE,
        RECURRENCE-ID), phase and target group names, the programmes the reader may see now
        (access), the selection itself, the language and the output format are part of it too.
        """
        ids = self.programme_ids
        parts: list[Any] = [
            FORMAT_VERSION,
            translation.get_language(),
            datetime.date.today().year,  # the fallback VTIMEZONE range of an empty calendar
            uid_domain(),
            self.name,
            self.target_group.pk if self.target_group else None,
            self.series_id,
            sorted(self.filters.to_json().items()),
            [(p.pk, p.version, p.name) for p in self.programmes],
        ]
        if ids:
            # One query for all totals: (kind, count, sum of keys, sum of versions) as text.
            totals = total_row(self.milestones(), "milestones").union(
                total_row(self.gates(), "gates"),
                total_row(self.deliverables(), "deliverables"),
                total_row(self.meeting_series(), "series"),
                total_row(self.reporting_duties(), "duties"),
                total_row(Phase.objects.filter(programme_id__in=ids), "phases"),
                total_row(
                    Involvement.objects.filter(milestone__programme_id__in=ids),
                    "involvements",
                    weight=involvement_weight(),
                ),
                all=True,
            )
            parts += [
                sorted(totals),
                list(
                    MeetingCancellation.objects.filter(series__in=self.meeting_series())
                    .order_by("pk")
                    .values_list("pk", "series_id", "date", "moved_to")
                ),
                list(TargetGroup.objects.order_by("pk").values_list("pk", "name")),
            ]
        etag = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        return Validators(etag=etag, last_modified=self.last_modified() if ids else None)

    def last_modified(self) -> datetime.datetime | None:
        """The latest recorded change (history, deletions included) in these programmes.

        Changes without history (involvements, cancellations, access) move the ETag only.
        """
        ids = self.programme_ids
        histories = [
            Programme.history.filter(id__in=ids),
            Phase.history.filter(programme_id__in=ids),
            Milestone.history.filter(programme_id__in=ids),
            Gate.history.filter(phase__programme_id__in=ids),
            Deliverable.history.filter(phase__programme_id__in=ids),
            MeetingSeries.history.filter(programme_id__in=ids),
            ReportingDuty.history.filter(programme_id__in=ids),
        ]
        latest = [_latest(qs, kind) for kind, qs in enumerate(histories)]
        dates = [last for _kind, last in latest[0].union(*latest[1:], all=True)]
        return max((d for d in dates if d is not None), default=None)


def _latest(qs: QuerySet, kind: int) -> QuerySet:
    """One row (kind, latest history date) over all of `qs`, for a UNION."""
    return (
        qs.order_by()
        .annotate(kind=Value(kind))
        .values_list("kind")
        .annotate(last=Max("history_date"))
    )


def selection_for_programme(
    *,
    programme: Programme,
    target_group: TargetGroup | None = None,
    filters: CalendarFilters | None = None,
) -> CalendarSelection:
    """A download of one programme (access already checked by the caller)."""
    name = f"{programme.name} – {target_group.name}" if target_group else programme.name
    return CalendarSelection(
        name=name,
        programmes=(programme,),
        target_group=target_group,
        filters=filters or CalendarFilters(),
    )


def selection_for_feed(feed: CalendarFeed) -> CalendarSelection:
    """What the feed's owner may see *now*: access is checked at every fetch."""
    programmes = Programme.objects.for_user(feed.user)
    if feed.programme_id is not None:
        programmes = programmes.filter(pk=feed.programme_id)
    return CalendarSelection(
        name=feed.name,
        programmes=tuple(programmes.order_by("pk")),
        target_group=feed.target_group,
        filters=CalendarFilters.from_json(feed.filters),
    )


# -- feeds -----------------------------------------------------------------------------------

# A feed's last fetch is recorded at most this often: clients poll every few minutes.
FETCH_RECORD_INTERVAL = datetime.timedelta(minutes=15)


def default_feed_name(programme: Programme | None, target_group: TargetGroup | None) -> str:
    name = programme.name if programme else _("All my programmes")
    return f"{name} – {target_group.name}" if target_group else name


def create_feed(
    *,
    user,
    programme: Programme | None,
    target_group: TargetGroup | None = None,
    filters: CalendarFilters | None = None,
    name: str = "",
) -> CalendarFeed:
    """A new secret feed URL for `user`; any member of `programme` (viewer and up) may."""
    if programme is not None and not programme.allows(user):
        raise PermissionDenied
    return CalendarFeed.objects.create(
        user=user,
        programme=programme,
        target_group=target_group,
        filters=(filters or CalendarFilters()).to_json(),
        name=name.strip() or default_feed_name(programme, target_group),
    )


def renew_feed_link(*, feed: CalendarFeed) -> str:
    """A new secret for `feed` (returned, shown once); the old link answers 404 from now."""
    token = feed.new_token()
    feed.save(update_fields=["token_hash"])
    return token


def revoke_feed(*, feed: CalendarFeed) -> None:
    """From now on the feed's URL answers 404; revoking twice keeps the first date."""
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])


def record_fetch(*, feed: CalendarFeed, base_url: str = "") -> None:
    """Note that a client fetched the feed, and from which address (written at most every
    FETCH_RECORD_INTERVAL, and when the address changed)."""
    now = timezone.now()
    base_url = base_url[:200] or feed.fetched_from
    stale = feed.last_fetched_at is None or now - feed.last_fetched_at >= FETCH_RECORD_INTERVAL
    if stale or base_url != feed.fetched_from:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now, fetched_from=base_url)
        feed.last_fetched_at, feed.fetched_from = now, base_url


# -- events ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One VEVENT. All-day when `start` is a date; then `end` is exclusive (the day after)."""

    uid: str
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime | None
    sequence: int
    changed_at: datetime.datetime  # DTSTAMP and LAST-MODIFIED
    status: str = "CONFIRMED"
    description: str = ""
    categories: tuple[str, ...] = ()
    url: str = ""
    location: str = ""
    transparent: bool = True
    rrule: Mapping[str, Any] | None = None
    exdates: tuple[datetime.date | datetime.datetime, ...] = ()
    recurrence_id: datetime.date | datetime.datetime | None = None  # one moved occurrence
    last_day: datetime.date | None = None  # for the VTIMEZONE range; None = open-ended


def _latest_history(model) -> Subquery:
    return Subquery(
        model.history.filter(id=OuterRef("pk")).order_by("-history_date").values("history_date")[:1]
    )


def _milestone_path_template() -> str:
    """The milestone page's path with ``{pk}``; reversed once, not once per event."""
    sentinel = 987654321
    try:
        path = reverse("milestones:detail", args=[sentinel])
    except NoReverseMatch:
        return "/milestones/{pk}/"
    return path.replace(str(sentinel), "{pk}")


def _summary(row: Mapping[str, Any], title: str | None = None, *, weeks=format_isoweeks) -> str:
    """The title verbatim; the date as written when it is not one single day.

    A week reads as the presentation module writes weeks ("wk 37"): a schedule's Week column
    holds a bare "37", which in a calendar title would be any number.
    """
    title = row["title"] if title is None else title
    text = row["date_text"]
    if row["precision"] == Precision.WEEK:
        text = weeks(row["start"], row["end"])
    return title if row["start"] == row["end"] or not text else f"{title} ({text})"


def _status(precision: str, cancelled: bool = False) -> str:
    if cancelled:
        return "CANCELLED"
    return "CONFIRMED" if precision in EXACT_PRECISIONS else "TENTATIVE"


def _lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class _Context:
    """What every event of one build shares: read once, not once per event."""

    domain: str
    base: str  # where Regie runs, without the trailing slash
    link: str  # the milestone page, absolute, with {pk}
    created: Mapping[int, datetime.datetime]  # per programme: DTSTAMP without history
    phases: Mapping[int, str]
    labels: Mapping[str, str]


def collect_events(selection: CalendarSelection, *, base_url: str) -> list[CalendarEvent]:
    """Every event of `selection`, in a constant number of queries."""
    ids = selection.programme_ids
    if not ids:
        return []
    context = _Context(
        domain=uid_domain(),
        base=base_url.rstrip("/"),
        link=base_url.rstrip("/") + _milestone_path_template(),
        created={p.pk: p.created_at for p in selection.programmes},
        phases=dict(Phase.objects.filter(programme_id__in=ids).values_list("pk", "name")),
        labels={
            "phase": _("Phase: %(name)s"),
            "groups": _("Target groups: %(names)s"),
            "lead": _("Lead: %(name)s"),
            "result": _("Result: %(text)s"),
            "gate": _("Decision point: %(title)s"),
            "decider": _("Decided by: %(name)s"),
            "outcome": _("Outcome: %(outcome)s"),
            "deadline": _("Deliverable deadline: %(title)s"),
            "owner": _("Owner: %(name)s"),
            "rhythm": _("Rhythm: %(text)s"),
            "group": _("Target group: %(name)s"),
            "report": _("%(title)s (%(form)s)"),
            "report_since": _("Progress report since the previous time: %(url)s"),
        },
    )
    return [
        *_milestone_events(selection, context),
        *_gate_events(selection, context),
        *_deliverable_events(selection, context),
        *_series_events(selection, context),
        *_report_events(selection, context),
    ]


DATED_FIELDS = ("pk", "title", "date_text", "start", "end", "precision", "version", "changed_at")


def _phase_line(context: _Context, phase_id: int | None) -> str:
    name = context.phases.get(phase_id)
    return context.labels["phase"] % {"name": name} if name else ""


def _milestone_events(selection: CalendarSelection, context: _Context) -> Iterator[CalendarEvent]:
    milestones = selection.milestones()
    groups: dict[int, list[str]] = defaultdict(list)
    for milestone_id, name in (
        Involvement.objects.filter(milestone__in=milestones.values("pk"))
        .order_by("target_group__name")
        .values_list("milestone_id", "target_group__name")
    ):
        groups[milestone_id].append(name)
    labels = context.labels
    weeks = functools.lru_cache(maxsize=None)(format_isoweeks)  # per build: one language
    rows = (
        milestones.annotate(
            changed_at=_latest_history(Milestone), days_json=Cast("dates", TextField())
        )
        .order_by("start", "pk")
        .values(*DATED_FIELDS, "programme_id", "phase_id", "days_json", "status", "lead", "result")
    )
    for row in rows.iterator(chunk_size=2000):
        pk, names = row["pk"], groups.get(row["pk"], ())
        url = context.link.format(pk=pk)
        # Separate days are rare: decode the JSON of those rows only.
        days = json.loads(row["days_json"]) if row["days_json"] not in (None, "[]") else []
        common = {
            "summary": _summary(row, weeks=weeks),
            "sequence": row["version"],
            "changed_at": row["changed_at"] or context.created[row["programme_id"]],
            "status": _status(row["precision"], cancelled=row["status"] == WorkStatus.CANCELLED),
            "description": _lines(
                _phase_line(context, row["phase_id"]),
                labels["groups"] % {"names": ", ".join(names)} if names else "",
                labels["lead"] % {"name": row["lead"]} if row["lead"] else "",
                labels["result"] % {"text": row["result"]} if row["result"] else "",
                url,
            ),
            "categories": tuple(names),
            "url": url,
        }
        if len(days) > 1:  # "10 / 17 mei": one event per day, the day in the UID
            for day in map(datetime.date.fromisoformat, days):
                yield CalendarEvent(
                    uid=f"milestone-{pk}-{day:%Y%m%d}@{context.domain}",
                    start=day,
                    end=day + ONE_DAY,  # DTEND of an all-day event is exclusive
                    last_day=day,
                    **common,
                )
        else:
            yield CalendarEvent(
                uid=f"milestone-{pk}@{context.domain}",
                start=row["start"],
                end=row["end"] + ONE_DAY,  # DTEND is exclusive: the day after the last day
                last_day=row["end"],
                **common,
            )


def _gate_events(selection: CalendarSelection, context: _Context) -> Iterator[CalendarEvent]:
    labels = context.labels
    outcomes = {value: str(label) for value, label in Gate.Outcome.choices}
    rows = (
        selection.gates()
        .annotate(changed_at=_latest_history(Gate))
        .order_by("start", "pk")
        .values(
            *DATED_FIELDS,
            "phase__programme_id",
            "phase_id",
            "decider__name",
            "outcome",
            "decided_on",
        )
    )
    for row in rows:
        outcome, decider = outcomes[row["outcome"]], row["decider__name"]
        if row["decided_on"]:
            outcome = f"{outcome} ({row['decided_on']:%d-%m-%Y})"
        yield CalendarEvent(
            uid=f"gate-{row['pk']}@{context.domain}",
            summary=_summary(row, labels["gate"] % {"title": row["title"]}),
            start=row["start"],
            end=row["end"] + ONE_DAY,  # exclusive
            last_day=row["end"],
            sequence=row["version"],
            changed_at=row["changed_at"] or context.created[row["phase__programme_id"]],
            status=_status(row["precision"]),
            description=_lines(
                _phase_line(context, row["phase_id"]),
                labels["decider"] % {"name": decider} if decider else "",
                labels["outcome"] % {"outcome": outcome},
            ),
            categories=(decider,) if decider else (),
        )


def _deliverable_events(selection: CalendarSelection, context: _Context) -> Iterator[CalendarEvent]:
    labels = context.labels
    rows = (
        selection.deliverables()
        .annotate(changed_at=_latest_history(Deliverable))
        .order_by("end", "pk")
        .values(*DATED_FIELDS, "phase__programme_id", "phase_id", "description", "owner", "status")
    )
    for row in rows:
        yield CalendarEvent(
            uid=f"deliverable-{row['pk']}@{context.domain}",
            summary=_summary(row, labels["deadline"] % {"title": row["title"]}),
            start=row["end"],  # the deadline is one day: `end`
            end=row["end"] + ONE_DAY,  # exclusive
            last_day=row["end"],
            sequence=row["version"],
            changed_at=row["changed_at"] or context.created[row["phase__programme_id"]],
            status=_status(row["precision"], cancelled=row["status"] == WorkStatus.CANCELLED),
            description=_lines(
                _phase_line(context, row["phase_id"]),
                labels["owner"] % {"name": row["owner"]} if row["owner"] else "",
                row["description"],
            ),
        )


def _series_events(selection: CalendarSelection, context: _Context) -> Iterator[CalendarEvent]:
    """One event with an RRULE per series; a cancelled meeting is an EXDATE, a moved one an
    event of its own with the series' UID and RECURRENCE-ID (the day it was planned), so that
    clients replace that one occurrence (RFC 5545 3.8.4.4)."""
    labels = context.labels
    series_qs = selection.meeting_series()
    exceptions: dict[int, list[MeetingCancellation]] = defaultdict(list)
    for exception in MeetingCancellation.objects.filter(series__in=series_qs.values("pk")).order_by(
        "date"
    ):
        exceptions[exception.series_id].append(exception)
    for series in (
        series_qs.select_related("target_group")
        .annotate(changed_at=_latest_history(MeetingSeries))
        .order_by("first_date", "pk")
    ):
        rule = series_rule(series)
        if rule is None:
            continue
        first, parts = rule
        skipped = [e.date for e in exceptions[series.pk] if e.moved_to is None]
        if series.last_date is not None:
            # RFC 5545 3.3.10: with a local DTSTART, UNTIL is in UTC. The last meeting
            # may start on the last date itself (UNTIL is inclusive).
            last = _meeting_start(series, series.last_date)
            parts["until"] = last.astimezone(datetime.UTC) if series.start_time else last
        group = series.target_group.name if series.target_group else ""
        common = {
            "uid": f"meeting-{series.pk}@{context.domain}",
            "summary": series.name,
            "sequence": series.version,
            "changed_at": series.changed_at or context.created[series.programme_id],
            "description": _lines(
                labels["rhythm"] % {"text": series.rhythm_text} if series.rhythm_text else "",
                labels["group"] % {"name": group} if group else "",
                series.notes,
            ),
            "categories": (group,) if group else (),
            "location": series.location,
            "transparent": series.start_time is None,
        }
        yield CalendarEvent(
            start=_meeting_start(series, first),
            end=_meeting_end(series, first),
            last_day=series.last_date,
            rrule=parts,
            exdates=tuple(_meeting_start(series, day) for day in skipped),
            **common,
        )
        for moved in (e for e in exceptions[series.pk] if e.moved_to is not None):
            yield CalendarEvent(
                start=_meeting_start(series, moved.moved_to),
                end=_meeting_end(series, moved.moved_to),
                last_day=max(moved.moved_to, moved.date),
                recurrence_id=_meeting_start(series, moved.date),
                **common,
            )


def _report_events(selection: CalendarSelection, context: _Context) -> Iterator[CalendarEvent]:
    """Each time a reporting duty falls due: an all-day event on its deadline."""
    labels = context.labels
    duties = list(
        selection.reporting_duties()
        .select_related("body", "programme")
        .annotate(changed_at=_latest_history(ReportingDuty))
    )
    changed = {duty.pk: duty.changed_at or context.created[duty.programme_id] for duty in duties}
    for due in reports_due(duties):
        yield CalendarEvent(
            uid=f"{due.key}@{context.domain}",
            summary=labels["report"] % {"title": due.title, "form": due.form},
            start=due.end,
            end=due.end + ONE_DAY,  # exclusive
            last_day=due.end,
            sequence=due.version,
            changed_at=changed[due.duty_id],
            description=_lines(
                labels["group"] % {"name": due.body},
                labels["report_since"] % {"url": context.base + due.report_url},
            ),
            categories=(due.body,),
        )


def _meeting_start(series: MeetingSeries, day: datetime.date) -> datetime.date | datetime.datetime:
    """A meeting's DTSTART (and EXDATE, RECURRENCE-ID): local time, or the day when untimed."""
    if series.start_time is None:
        return day
    return datetime.datetime.combine(day, series.start_time, tzinfo=TIME_ZONE)


def _meeting_end(series: MeetingSeries, day: datetime.date) -> datetime.date | datetime.datetime:
    if series.start_time is None:
        return day + ONE_DAY  # all day; DTEND is exclusive
    if series.end_time is None:
        return None  # no end time: an event without duration (RFC 5545 3.6.1)
    return datetime.datetime.combine(day, series.end_time, tzinfo=TIME_ZONE)


# -- writing ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def amsterdam_timezone(first_year: int, last_year: int) -> Timezone:
    """VTIMEZONE for Europe/Amsterdam from zoneinfo, 1 January `first_year` .. `last_year`."""
    return Timezone.from_tzinfo(
        TIME_ZONE,
        tzid=TIME_ZONE_NAME,
        first_date=datetime.date(first_year, 1, 1),
        last_date=datetime.date(last_year, 1, 1),
    )


def year_range(events: Sequence[CalendarEvent], fallback_year: int) -> tuple[int, int]:
    """The years the VTIMEZONE must cover: from the first event up to after the last one."""
    if not events:
        return fallback_year, fallback_year + 1
    first = min(_as_date(event.start).year for event in events)
    last = max(
        event.last_day.year
        if event.last_day is not None
        else _as_date(event.start).year + OPEN_SERIES_YEARS
        for event in events
    )
    return first, last + 1


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


class _Encoded(dict):
    """Property values as icalendar encodes them, once per value in a build: thousands of
    events share a day, a status, a sequence number or their target groups."""

    def __init__(self) -> None:
        super().__init__()
        self.scratch = Event()

    def __call__(self, name: str, value: Any) -> Any:
        return self[name, type(value), value]

    def __missing__(self, key: tuple[str, type, Any]) -> Any:
        name, _type, value = key
        if name == "categories":
            value = [single_line(category) for category in value]
        self.scratch.add(name, value)  # what add() makes of it (VALUE=DATE, …)
        encoded = self[key] = self.scratch.pop(name)
        return encoded


def render_calendar(
    *, name: str, events: Iterable[CalendarEvent], fallback_year: int | None = None
) -> bytes:
    events = list(events)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # Texts go in as vText, which escapes ; , \ and line breaks (RFC 5545 3.3.11); an
    # X- property would otherwise be written raw. Names, titles and places are one line.
    calendar.add("x-wr-calname", vText(single_line(name)))
    calendar.add("x-wr-timezone", TIME_ZONE_NAME)
    first_year, last_year = year_range(events, fallback_year or datetime.date.today().year)
    calendar.add_component(amsterdam_timezone(first_year, last_year))
    encoded = _Encoded()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", item.changed_at)
        event.add("last-modified", event["DTSTAMP"])  # the same moment, in UTC
        event.add("sequence", encoded("sequence", item.sequence))
        event.add("summary", vText(single_line(item.summary)))
        event.add("dtstart", encoded("dtstart", item.start))
        if item.end is not None:
            event.add("dtend", encoded("dtend", item.end))
        if item.rrule is not None:
            event.add("rrule", item.rrule)
        if item.exdates:
            event.add("exdate", list(item.exdates))
        if item.recurrence_id is not None:
            event.add("recurrence-id", item.recurrence_id)
        if item.location:
            event.add("location", vText(single_line(item.location)))
        if item.description:
            event.add("description", vText(item.description))
        if item.categories:
            event.add("categories", encoded("categories", item.categories))
        event.add("status", encoded("status", item.status))
        event.add("transp", encoded("transp", "TRANSPARENT" if item.transparent else "OPAQUE"))
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    return calendar.to_ical()


def build_calendar(selection: CalendarSelection, *, base_url: str) -> bytes:
    """The whole calendar of `selection`; links to milestone pages start with `base_url`."""
    events = collect_events(selection, base_url=base_url)
    years = [p.year for p in selection.programmes]
    return render_calendar(
        name=selection.name, events=events, fallback_year=min(years) if years else None
    )
