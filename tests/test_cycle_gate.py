"""plan_gate (JSON and summary), the route on the gate page and planning it there, and the
procedure milestones in the body's calendar feed with stable UIDs."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from cycle.models import GatePlan, ProcedureStep
from cycle.procedure import plan_gate, recompute
from milestones.calendars.ical import create_feed
from phases.models import AccessLevel
from tests.support.cycle import council_year, every, raad_gate
from tests.support.factories import MembershipFactory, ProgrammeFactory, UserFactory

D = datetime.date


@pytest.fixture
def gate(db):
    programme = ProgrammeFactory(slug="kader", year=2026)
    return raad_gate(programme, council_year(programme))


@pytest.fixture
def today(monkeypatch):
    day = D(2026, 3, 2)
    for module in ("cycle.management.commands.plan_gate", "cycle.views"):
        monkeypatch.setattr(f"{module}.local_today", lambda: day)
    return day


def command(*args):
    out = io.StringIO()
    call_command("plan_gate", *args, stdout=out)
    return out.getvalue()


def test_plan_gate_prints_the_chain_as_json(gate, today):
    steps = json.loads(command(str(gate.pk), "--meeting", "2026-07-02", "--json"))
    assert [(s["body"], s["date"], s["kind"]) for s in steps] == [
        ("College", "2026-06-02", "meeting"),
        ("Griffie", "2026-06-12", "deadline"),
        ("Commissie MO", "2026-06-24", "meeting"),
        ("Raad", "2026-07-02", "meeting"),
    ]
    assert all(s["rule"] for s in steps)
    assert GatePlan.objects.get(gate=gate).target == D(2026, 7, 2)


def test_plan_gate_earliest_and_a_dutch_summary(gate, today):
    with translation.override("nl"):
        text = command(str(gate.pk), "--earliest", "--preparation", "105")
    # Ready 15 June: the first Raad that can be reached is after the summer recess.
    assert "Vaststellen kaderbrief" in text and "24 september 2026" in text
    assert "7 jul 2026" in text and "18 weken" in text  # College 7 July: 18 weeks and 1 day
    assert "nog" in text or "left" in text


def test_plan_gate_refuses_a_day_the_body_does_not_meet(gate, today):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        command(str(gate.pk), "--meeting", "2026-07-03")


def test_the_gate_page_shows_the_route_and_editors_plan_it(client, gate, today):
    editor = UserFactory(username="redacteur")
    MembershipFactory(user=editor, programme=gate.phase.programme, level=AccessLevel.EDITOR)
    viewer = UserFactory(username="lezer")
    MembershipFactory(user=viewer, programme=gate.phase.programme, level=AccessLevel.VIEWER)
    client.force_login(editor)
    page = client.get(gate.get_absolute_url()).content.decode()
    assert "decision-route" in page and 'name="meeting"' in page
    response = client.post(
        reverse("cycle:gate-plan-edit", args=[gate.pk]), {"meeting": "2026-07-02"}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-kind="meeting"') == 3 and page.count('data-kind="deadline"') == 1
    assert "Commissie MO" in page
    client.force_login(viewer)
    page = client.get(gate.get_absolute_url()).content.decode()
    assert "decision-route" in page and 'name="meeting"' not in page
    response = client.post(reverse("cycle:gate-plan-edit", args=[gate.pk]), {"meeting": "earliest"})
    assert response.status_code == 403
    assert GatePlan.objects.get(gate=gate).target == D(2026, 7, 2)


def _events(client, feed):
    from icalendar import Calendar

    body = client.get(reverse("calendar:feed", args=[feed.token])).content
    calendar = Calendar.from_ical(body)
    return {
        str(event["UID"]): (event.decoded("DTSTART"), int(event.get("SEQUENCE", 0)))
        for event in calendar.walk("VEVENT")
        if "Commissie MO" in str(event["SUMMARY"])
    }


def test_procedure_milestones_in_the_bodys_feed_keep_their_uid_and_raise_sequence(
    client, gate, today
):
    owner = UserFactory(username="secretaris", is_staff=True)
    plan_gate(gate=gate, today=today, target=D(2026, 7, 2))
    commissie = ProcedureStep.objects.get(plan__gate=gate, index=2).milestone.target_groups.get()
    feed = create_feed(user=owner, programme=None, target_group=commissie, name="Commissie MO")
    [(uid, (day, sequence))] = _events(client, feed).items()
    assert day == D(2026, 6, 24)
    commissie.meetings.filter(date=D(2026, 6, 24)).update(cancelled=True)
    recompute([GatePlan.objects.get(gate=gate)], today=today, reason="vergadering vervallen")
    [(uid_after, (day_after, sequence_after))] = _events(client, feed).items()
    assert uid_after == uid and day_after == D(2026, 5, 27) and sequence_after > sequence


def test_the_timeline_marks_the_bodys_meetings_on_its_lane_and_shows_the_steps(gate, today):
    from milestones.timeline.builder import LaneMode, build_timeline
    from milestones.timeline.scale import Zoom

    plan_gate(gate=gate, today=today, target=D(2026, 7, 2))
    timeline = build_timeline(
        programme=gate.phase.programme,
        zoom=Zoom.YEAR,  # the whole programme: every step of the route in view
        lanes=LaneMode.GROUP,
        today=today,
    )
    lanes = {lane.title: lane for lane in timeline.lanes}
    window = (timeline.first, timeline.last)
    for name, first in (("Raad", D(2026, 1, 15)), ("Commissie MO", D(2026, 1, 7))):
        expected = [
            day
            for day in every(first, 4, D(2026, 12, 31))
            if window[0] <= day <= window[1] and not D(2026, 7, 11) <= day <= D(2026, 8, 30)
        ]
        assert expected and len(lanes[name].meetings) == len(expected)
    assert any("Commissie MO" in mark.tooltip for mark in lanes["Commissie MO"].marks)
    page_table = [row.title for row in timeline.rows]
    assert sum("Vaststellen kaderbrief" in title for title in page_table) == 5  # gate + 4 steps
