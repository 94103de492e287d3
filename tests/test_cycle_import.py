"""manage.py import_meetings: a body's meetings from .ics (recurring events expanded,
cancelled ones marked), .xlsx and .csv lists; bad rows exit 1 naming the row, nothing written;
an unreadable file exits 2."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command

from cycle.models import BodyMeeting
from stakeholders.models import TargetGroup

D = datetime.date

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//iBabs//NL
BEGIN:VEVENT
UID:raad-2026@example.org
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Amsterdam:20260115T193000
DTEND;TZID=Europe/Amsterdam:20260115T230000
RRULE:FREQ=WEEKLY;INTERVAL=4;COUNT=6
EXDATE;TZID=Europe/Amsterdam:20260212T193000
SUMMARY:Gemeenteraad
END:VEVENT
BEGIN:VEVENT
UID:raad-extra@example.org
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20260702
SUMMARY:Raad (extra)
END:VEVENT
BEGIN:VEVENT
UID:raad-cancelled@example.org
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20260709
STATUS:CANCELLED
SUMMARY:Raad
END:VEVENT
END:VCALENDAR
"""


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_meetings", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def dates(body="Raad"):
    return list(
        BodyMeeting.objects.filter(body__name=body, cancelled=False).values_list("date", flat=True)
    )


@pytest.mark.django_db
def test_an_ics_export_loads_the_meetings_with_recurrences_expanded(tmp_path):
    path = tmp_path / "raad.ics"
    path.write_text(ICS, encoding="utf-8")
    code, out, _err = run(str(path), "--body", "Raad")
    assert code == 0, _err
    assert dates() == [
        D(2026, 1, 15),  # 12 February is excluded
        D(2026, 3, 12),
        D(2026, 4, 9),
        D(2026, 5, 7),
        D(2026, 6, 4),
        D(2026, 7, 2),
    ]
    assert TargetGroup.objects.get(name="Raad")
    assert "6" in out
    # The same file again adds nothing; a cancelled event marks a known meeting cancelled.
    BodyMeeting.objects.create(body=TargetGroup.objects.get(name="Raad"), date=D(2026, 7, 9))
    code, _out, _err = run(str(path), "--body", "raad")
    assert code == 0
    assert BodyMeeting.objects.filter(body__name="Raad").count() == 7
    assert BodyMeeting.objects.get(date=D(2026, 7, 9)).cancelled


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_an_xlsx_vergaderschema_loads(tmp_path):
    path = tmp_path / "schema.xlsx"
    path.write_bytes(
        _xlsx(
            [
                ["Datum", "Vergadering"],
                [datetime.datetime(2026, 9, 24), "Raad"],
                ["22-10-2026", "Raad"],
                [None, None],
                ["19 november 2026", "Begrotingsraad"],
            ]
        )
    )
    code, _out, err = run(str(path), "--body", "Raad")
    assert code == 0, err
    assert dates() == [D(2026, 9, 24), D(2026, 10, 22), D(2026, 11, 19)]
    assert BodyMeeting.objects.get(date=D(2026, 11, 19)).title == "Begrotingsraad"


@pytest.mark.django_db
@pytest.mark.usefixtures("dutch")
def test_bad_rows_exit_1_naming_each_row_and_nothing_is_written(tmp_path):
    path = tmp_path / "schema.csv"
    path.write_text("Datum;Wat\n24-9-2026;Raad\nn.t.b.;Raad\noktober;Raad\n", encoding="utf-8")
    code, _out, err = run(str(path), "--body", "Raad")
    assert code == 1
    assert "rij 3: “n.t.b.”" in err and "rij 4: “oktober”" in err
    assert not BodyMeeting.objects.exists()


@pytest.mark.django_db
def test_an_unreadable_file_exits_2(tmp_path):
    path = tmp_path / "raad.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:gisteren\r\n")
    assert run(str(path), "--body", "Raad")[0] == 2
    assert run(str(tmp_path / "missing.xlsx"), "--body", "Raad")[0] == 2
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert run(str(old), "--body", "Raad")[0] == 2
    assert not BodyMeeting.objects.exists()


@pytest.mark.django_db
def test_an_imported_cancellation_moves_the_chains_through_that_body(tmp_path, monkeypatch):
    from cycle.models import ProcedureStep
    from cycle.procedure import plan_gate
    from tests.support.cycle import council_year, raad_gate
    from tests.support.factories import ProgrammeFactory

    monkeypatch.setattr("cycle.procedure.local_today", lambda: D(2026, 3, 2))
    programme = ProgrammeFactory(slug="kader", year=2026)
    gate = raad_gate(programme, council_year(programme))
    plan_gate(gate=gate, today=D(2026, 3, 2), target=D(2026, 7, 2))
    path = tmp_path / "commissie.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//x//NL\nBEGIN:VEVENT\nUID:c@x\n"
        "DTSTAMP:20260101T000000Z\nDTSTART;VALUE=DATE:20260624\nSTATUS:CANCELLED\n"
        "SUMMARY:Commissie MO\nEND:VEVENT\nEND:VCALENDAR\n",
        encoding="utf-8",
    )
    assert run(str(path), "--body", "Commissie MO")[0] == 0
    step = ProcedureStep.objects.get(plan__gate=gate, index=2)
    assert step.milestone.end == D(2026, 5, 27)
