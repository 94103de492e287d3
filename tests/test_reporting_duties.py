"""Reporting duties: when they fall due, in the feeds and on the dashboard."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from milestones.calendars.ical import CalendarFilters, Content, selection_for_programme
from milestones.dashboard import build_dashboard
from milestones.meetings.duties import programme_reports
from milestones.meetings.models import ReportingDuty
from tests.support.access import as_user
from tests.support.calendars import events_of, export
from tests.support.factories import PhaseFactory, ProgrammeFactory, TargetGroupFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Jeugd en gezin", slug="jeugd", year=2025)


def duty(programme, rhythm, date_text="", body="Commissie MO", **kwargs):
    group = TargetGroupFactory(name=body)
    return ReportingDuty.objects.create(
        programme=programme, body=group, title=f"Informeren {body}", rhythm=rhythm,
        date_text=date_text, **kwargs,
    )  # fmt: skip


def ends(programme) -> list[D]:
    return [report.end for report in programme_reports(programme)]


def test_monthly_and_quarterly_fall_due_at_the_end_of_each_period(programme):
    duty(programme, "monthly", "sep t/m nov 2025")
    assert ends(programme) == [D(2025, 9, 30), D(2025, 10, 31), D(2025, 11, 30)]
    ReportingDuty.objects.all().delete()
    duty(programme, "quarterly", "nov 2025 t/m mrt 2026")
    reports = programme_reports(programme)
    assert [(r.start, r.end) for r in reports] == [
        (D(2025, 10, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), D(2026, 3, 31)),
    ]
    assert [r.since for r in reports] == [None, D(2025, 12, 31)]
    assert reports[1].report_url == "/programmes/jeugd/report.docx?since=2025-12-31"


def test_after_each_phase_follows_the_phases_and_once_its_own_date(programme):
    PhaseFactory(programme=programme, order=1, date_text="sep 2025")
    PhaseFactory(programme=programme, order=2, date_text="okt t/m dec 2025")
    duty(programme, "after_phase", body="GS")
    duty(programme, "once", "februari 2026", body="PS", form="presentation")
    reports = programme_reports(programme)
    assert [(r.body, r.start, r.end) for r in reports] == [
        ("GS", D(2025, 10, 1), D(2025, 10, 1)),
        ("GS", D(2026, 1, 1), D(2026, 1, 1)),
        ("PS", D(2026, 2, 1), D(2026, 2, 28)),
    ]
    phase = programme.phases.get(order=1)
    phase.date_text = "sep t/m okt 2025"
    phase.save()
    assert ends(programme)[0] == D(2025, 11, 1)  # the duty moves with the phase


def test_duties_are_in_the_feeds_with_the_report_since_the_previous_time(programme):
    duty(programme, "quarterly", "jul 2025 t/m dec 2025", form="letter")
    with translation.override("en"):
        events = events_of(export(programme))
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events] == [
        ("Informeren Commissie MO (letter)", D(2025, 9, 30)),
        ("Informeren Commissie MO (letter)", D(2025, 12, 31)),
    ]
    description = str(events[1]["DESCRIPTION"])
    assert "https://regie.example.org/programmes/jeugd/report.docx?since=2025-09-30" in description
    assert (
        str(events[1]["UID"]) == f"report-{ReportingDuty.objects.get().pk}-20251231@regie.invalid"
    )
    assert events_of(export(programme, filters=CalendarFilters(content=Content.MEETINGS))) == []
    assert len(events_of(export(programme, filters=CalendarFilters(content="milestones")))) == 2
    group = ReportingDuty.objects.get().body
    assert len(events_of(export(programme, target_group=group))) == 2
    assert events_of(export(programme, target_group=TargetGroupFactory(name="Raad"))) == []


def test_saving_a_duty_moves_the_etag(programme):
    item = duty(programme, "monthly", "sep 2025")
    selection = selection_for_programme(programme=programme)
    before = selection.validators().etag
    item.date_text = "okt 2025"
    item.save()
    assert selection.validators().etag != before


def test_dashboard_lists_duties_due_in_its_horizon_with_the_report_link(client, programme):
    PhaseFactory(programme=programme, order=1, date_text="2025")
    duty(programme, "monthly", "sep t/m dec 2025")
    board = build_dashboard(programme=programme, today=D(2025, 10, 15), horizon=30)
    assert [r.end for r in board.reports] == [D(2025, 10, 31), D(2025, 11, 30)]
    as_user(client, "viewer", programme)
    page = client.get(
        reverse("milestones:dashboard", args=[programme.slug]),
        {"date": "2025-10-15"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert 'href="/programmes/jeugd/report.docx?since=2025-09-30"' in page
    assert "progress report since 30 sep 2025" in page


@pytest.mark.parametrize("lanes", ["phase", "group"])
def test_timeline_has_a_lane_of_reporting_duties_linked_to_the_report(programme, lanes):
    from milestones.timeline.builder import LaneMode, build_timeline
    from milestones.timeline.scale import Zoom

    PhaseFactory(programme=programme, order=1, date_text="2025")
    duty(programme, "quarterly", "2025", form="letter")
    with translation.override("en"):
        timeline = build_timeline(
            programme=programme, zoom=Zoom.YEAR, lanes=LaneMode(lanes), today=D(2025, 6, 1)
        )
    (lane,) = [lane for lane in timeline.lanes if lane.key == "reports"]
    assert lane.title == "Reporting duties"
    assert [mark.kind for mark in lane.marks] == ["report"] * 4
    assert lane.marks[1].url == "/programmes/jeugd/report.docx?since=2025-03-31"
    rows = [row for row in timeline.rows if row.kind == "Reporting duty"]
    assert [row.title for row in rows] == ["Informeren Commissie MO (letter)"] * 4
    assert rows[0].status == "Commissie MO"
