"""A council's year 2026 for the meeting-cycle tests: College weekly on Tuesday (a meeting
series), Commissie MO every four weeks on Wednesday and the Raad eight days later (imported
meetings), a zomerreces from 11 July to 30 August, and the route College → griffie →
Commissie MO → Raad."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cycle.models import BodyMeeting, Recess, Route, RouteStep
from phases.models import Gate, MeetingSeries, Programme
from stakeholders.models import TargetGroup
from tests.support.factories import GateFactory, MeetingSeriesFactory, PhaseFactory

D = datetime.date


def every(first: datetime.date, weeks: int, until: datetime.date) -> list[datetime.date]:
    days, day = [], first
    while day <= until:
        days.append(day)
        day += datetime.timedelta(weeks=weeks)
    return days


@dataclass
class Council:
    college: TargetGroup
    griffie: TargetGroup
    commissie: TargetGroup
    raad: TargetGroup
    route: Route
    series: MeetingSeries


def council_year(programme: Programme) -> Council:
    groups = {
        name: TargetGroup.objects.get_or_create(name=name)[0]
        for name in ("College", "Griffie", "Commissie MO", "Raad")
    }
    series = MeetingSeriesFactory(
        programme=programme,
        name="Collegevergadering",
        target_group=groups["College"],
        frequency=MeetingSeries.Frequency.WEEKLY,
        interval=1,
        weekday=MeetingSeries.Weekday.TUESDAY,
        first_date=D(2026, 1, 6),
        last_date=D(2026, 12, 29),
    )
    for name, first in (("Commissie MO", D(2026, 1, 7)), ("Raad", D(2026, 1, 15))):
        BodyMeeting.objects.bulk_create(
            BodyMeeting(body=groups[name], date=day, source=BodyMeeting.Source.IMPORT)
            for day in every(first, 4, D(2026, 12, 31))
        )
    for name in ("College", "Commissie MO", "Raad"):
        Recess.objects.create(
            body=groups[name], name="zomerreces", start=D(2026, 7, 11), end=D(2026, 8, 30)
        )
    route = Route.objects.create(name="Raadsbesluit via commissie")
    for order, name, kind, days, anchor in (
        (1, "College", "meeting", 21, 3),
        (2, "Griffie", "deadline", 10, None),
        (3, "Commissie MO", "meeting", 7, None),
        (4, "Raad", "meeting", 0, None),
    ):
        RouteStep.objects.create(
            route=route, order=order, body=groups[name], kind=kind, days_before=days, anchor=anchor
        )
    return Council(
        groups["College"], groups["Griffie"], groups["Commissie MO"], groups["Raad"], route, series
    )


def raad_gate(programme: Programme, council: Council) -> Gate:
    phase = PhaseFactory(programme=programme, order=1, name="Verkenning", date_text="jan-jun 2026")
    return GateFactory(
        phase=phase, title="Vaststellen kaderbrief", decider=council.raad, date_text="jul 2026"
    )
