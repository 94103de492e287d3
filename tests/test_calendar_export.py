"""`manage.py export_calendar` on the demo data: seed 000's milestones, seed 003's meetings."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.core.management import CommandError, call_command
from django.utils import translation

from milestones.models import Milestone
from tests.support.calendars import by_uid, events_of, parse_calendar

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
D = datetime.date

# Seed 000 ("Mijlpalen fase 1", year context 2024): summary, first day, day after the last.
SEED_000 = [
    ("Overzicht betrokkenen aanleggen", D(2024, 3, 1), D(2024, 3, 2)),
    ("Uitvraag samenstellen werkgroepen", D(2024, 3, 20), D(2024, 3, 21)),
    (
        "Webinar: Doel en proces fase 1 en OD van de toekomst (25-26-mrt)",
        D(2024, 3, 25),
        D(2024, 3, 27),
    ),
    ("Projectorganisatie en projectplannen", D(2024, 3, 27), D(2024, 3, 28)),
    ("Projectorganisatie en projectplannen", D(2024, 4, 4), D(2024, 4, 5)),
    ("Proces naar uitgangspunten bespreken", D(2024, 4, 9), D(2024, 4, 10)),
    ("Voorstel uitgangspunten akkoord voor bestuurlijke sessies", D(2024, 4, 25), D(2024, 4, 26)),
    ("Voorstel uitgangspunten bespreken", D(2024, 5, 8), D(2024, 5, 9)),
    ("Voorstel uitgangspunten bespreken", D(2024, 5, 16), D(2024, 5, 17)),
    (
        "Voorstel uitgangspunten missie, visie, huisvesting, facilitair, inkoop, communicatie, "
        "informatievoorziening bespreken",
        D(2024, 5, 13),
        D(2024, 5, 14),
    ),
    (
        "Voorstel uitgangspunten core-business en contracten, organisatie, personeel bespreken",
        D(2024, 5, 15),
        D(2024, 5, 16),
    ),
    ("Voorstel uitgangspunten juridisch en financieel bespreken", D(2024, 5, 17), D(2024, 5, 18)),
    ("Uitgangspunten komen tot keuzes (gezamenlijk)", D(2024, 5, 22), D(2024, 5, 23)),
    ("Uitkomst bestuurlijke sessies uitgangspunten", D(2024, 5, 22), D(2024, 5, 23)),
    ("Uitkomst bestuurlijke sessies uitgangspunten", D(2024, 5, 28), D(2024, 5, 29)),
    ("Uitkomst bestuurlijke sessies uitgangspunten", D(2024, 6, 6), D(2024, 6, 7)),
    ("Concept producten akkoord voor verzending", D(2024, 6, 13), D(2024, 6, 14)),
    (
        "Fysiek bijeenkomst: Resultaten uitgangspunten en rol raadsleden en statenleden",
        D(2024, 6, 17),
        D(2024, 6, 18),
    ),
    (
        "Webinar: Resultaten uitgangspunten en rol raadsleden en statenleden",
        D(2024, 6, 18),
        D(2024, 6, 19),
    ),
    ("Concept producten ter bespreking", D(2024, 6, 13), D(2024, 6, 14)),
    ("Concept producten ter bespreking", D(2024, 6, 27), D(2024, 6, 28)),
    ("Concept producten ter bespreking", D(2024, 7, 9), D(2024, 7, 10)),
    ("Concept oplegnotitie, producten en collegevoorstel", D(2024, 8, 27), D(2024, 8, 28)),
    ("Concept oplegnotitie, producten en collegevoorstel", D(2024, 8, 27), D(2024, 8, 28)),
    ("Concept oplegnotitie, producten en collegevoorstel", D(2024, 9, 6), D(2024, 9, 7)),
    ("Einddocumenten ter bespreking", D(2024, 9, 16), D(2024, 9, 17)),
    (
        "Einddocumenten ter besluitvorming (eind sep/begin okt)",
        D(2024, 9, 21),
        D(2024, 10, 11),
    ),
    (
        "Documenten ter besluitvorming naar colleges en raden/staten (begin okt)",
        D(2024, 10, 1),
        D(2024, 10, 11),
    ),
    ("Ronde langs de raden (okt-nov-dec)", D(2024, 10, 1), D(2025, 1, 1)),
]


@pytest.fixture
def demo(db):
    call_command("load_demo")


def run_export(tmp_path, *args: str, name: str = "out.ics") -> bytes:
    target = tmp_path / name
    with translation.override("en"):
        call_command("export_calendar", *args, "-o", str(target))
    return target.read_bytes()


def test_seed_000_milestones_are_all_day_events_on_the_right_days(demo, tmp_path):
    body = run_export(tmp_path, "--programme", "mijlpalen-fase-1")
    events = events_of(body)
    got = sorted((str(e["SUMMARY"]), e["DTSTART"].dt, e["DTEND"].dt) for e in events)
    assert got == sorted(SEED_000)
    assert body.count(b"DTSTART;VALUE=DATE:") == 29
    assert body.count(b"DTEND;VALUE=DATE:") == 29
    assert {str(e["TRANSP"]) for e in events} == {"TRANSPARENT"}
    tentative = sorted(str(e["SUMMARY"]) for e in events if str(e["STATUS"]) == "TENTATIVE")
    assert tentative == [
        "Documenten ter besluitvorming naar colleges en raden/staten (begin okt)",
        "Einddocumenten ter besluitvorming (eind sep/begin okt)",
        "Ronde langs de raden (okt-nov-dec)",
    ]


def test_seed_003_projectgroep_is_a_correct_recurring_event(demo, tmp_path):
    body = run_export(
        tmp_path, "--programme", "sociale-agenda-2009-2012", "--group", "Projectgroep"
    )
    calendar = parse_calendar(body)
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Projectgroep"]

    assert event["DTSTART"].dt == datetime.datetime(2007, 9, 6, 12, tzinfo=AMSTERDAM)
    assert event["DTEND"].dt == datetime.datetime(2007, 9, 6, 13, tzinfo=AMSTERDAM)
    assert b"RRULE:FREQ=WEEKLY;UNTIL=20081231T110000Z;INTERVAL=2;BYDAY=TH\r\n" in body
    assert str(event["DESCRIPTION"]).startswith("Rhythm: 1x 2 weken, Donderdag 1200 -1300 uur")

    meetings = [
        o
        for o in recurring_ical_events.of(calendar).between(D(2007, 1, 1), D(2009, 1, 1))
        if str(o["SUMMARY"]) == "Projectgroep"
    ]
    starts = [o["DTSTART"].dt for o in meetings]
    assert len(starts) == 35
    assert starts[0] == datetime.datetime(2007, 9, 6, 12, tzinfo=AMSTERDAM)
    assert starts[-1] == datetime.datetime(2008, 12, 25, 12, tzinfo=AMSTERDAM)
    assert {s.weekday() for s in starts} == {3}
    assert {(s.hour, s.minute) for s in starts} == {(12, 0)}
    assert {e - s for s, e in zip(starts, [o["DTEND"].dt for o in meetings], strict=True)} == {
        datetime.timedelta(hours=1)
    }
    # Across both changes of 2007/2008 the wall clock stays at 12:00.
    around_october = [s for s in starts if D(2007, 10, 15) <= s.date() <= D(2007, 11, 10)]
    assert [(s.date(), s.utcoffset()) for s in around_october] == [
        (D(2007, 10, 18), datetime.timedelta(hours=2)),
        (D(2007, 11, 1), datetime.timedelta(hours=1)),
    ]
    around_march = [s for s in starts if D(2008, 3, 15) <= s.date() <= D(2008, 4, 15)]
    assert [(s.date(), s.utcoffset()) for s in around_march] == [
        (D(2008, 3, 20), datetime.timedelta(hours=1)),
        (D(2008, 4, 3), datetime.timedelta(hours=2)),
    ]


def test_group_export_holds_nothing_for_bor_only(demo, tmp_path):
    body = run_export(tmp_path, "--programme", "mijlpalen-fase-1", "--group", "klankbord")
    calendar = parse_calendar(body)
    assert str(calendar["X-WR-CALNAME"]) == (
        "OD van de toekomst – mijlpalen fase 1 – Klankbordgroep"
    )
    bor_only = Milestone.objects.filter(
        programme__slug="mijlpalen-fase-1", involvements__target_group__name="BOR"
    ).exclude(involvements__target_group__name="Klankbordgroep")
    assert bor_only.count() == 4
    uids = set(by_uid(body))
    assert not {f"milestone-{m.pk}@regie.invalid" for m in bor_only} & uids
    assert sorted((e["DTSTART"].dt, str(e["SUMMARY"])) for e in calendar.walk("VEVENT")) == [
        (D(2024, 4, 4), "Projectorganisatie en projectplannen"),
        (D(2024, 5, 8), "Voorstel uitgangspunten bespreken"),
        (D(2024, 5, 16), "Voorstel uitgangspunten bespreken"),
        (D(2024, 6, 6), "Uitkomst bestuurlijke sessies uitgangspunten"),
        (D(2024, 6, 13), "Concept producten ter bespreking"),
        (D(2024, 9, 6), "Concept oplegnotitie, producten en collegevoorstel"),
        (D(2024, 9, 16), "Einddocumenten ter bespreking"),
    ]


def test_two_exports_are_identical_and_keep_their_uids(demo, tmp_path):
    first = run_export(tmp_path, "--programme", "sociale-agenda-2009-2012", name="a.ics")
    second = run_export(tmp_path, "--programme", "sociale-agenda-2009-2012", name="b.ics")
    assert first == second
    assert len(by_uid(first)) == len(events_of(first))  # no UID twice


def test_links_use_the_base_url_option_or_environment(demo, tmp_path, monkeypatch):
    milestone = Milestone.objects.filter(programme__slug="mijlpalen-fase-1").first()
    uid = f"milestone-{milestone.pk}@regie.invalid"

    default = by_uid(run_export(tmp_path, "--programme", "mijlpalen-fase-1"))
    assert str(default[uid]["URL"]) == f"http://127.0.0.1:8000/milestones/{milestone.pk}/"

    monkeypatch.setenv("REGIE_BASE_URL", "https://regie.gemeente.example")
    from_env = by_uid(run_export(tmp_path, "--programme", "mijlpalen-fase-1"))
    assert str(from_env[uid]["URL"]) == f"https://regie.gemeente.example/milestones/{milestone.pk}/"

    option = by_uid(
        run_export(
            tmp_path, "--programme", "mijlpalen-fase-1", "--base-url", "https://intra.example/"
        )
    )
    assert str(option[uid]["URL"]) == f"https://intra.example/milestones/{milestone.pk}/"


def test_export_reports_what_it_wrote(demo, tmp_path, capsys):
    run_export(tmp_path, "--programme", "mijlpalen-fase-1", "--group", "BOR")
    assert capsys.readouterr().out == (
        "Wrote 4 events of “OD van de toekomst – mijlpalen fase 1 – BOR” to "
        f"{tmp_path / 'out.ics'}.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--programme", "bestaat-niet"], "There is no programme “bestaat-niet”."),
        (
            ["--programme", "mijlpalen-fase-1", "--group", "Gemeenteraad Atlantis"],
            "There is no target group called “Gemeenteraad Atlantis” (name or alias).",
        ),
        (
            ["--programme", "mijlpalen-fase-1", "--base-url", "regie.example"],
            "The base URL must start with http:// or https://, not “regie.example”.",
        ),
    ],
)
def test_export_errors_are_clear(demo, tmp_path, args, message):
    with pytest.raises(CommandError) as error, translation.override("en"):
        call_command("export_calendar", *args, "-o", str(tmp_path / "x.ics"))
    assert str(error.value) == message
    assert not (tmp_path / "x.ics").exists()


def test_unwritable_file_is_a_clear_error(demo, tmp_path):
    target = tmp_path / "missing-folder" / "x.ics"
    with pytest.raises(CommandError) as error, translation.override("en"):
        call_command("export_calendar", "--programme", "mijlpalen-fase-1", "-o", str(target))
    assert str(error.value) == f"Cannot write “{target}”: No such file or directory"
