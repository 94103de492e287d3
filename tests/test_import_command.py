"""`manage.py import_schedule`: summary, exit codes 0/1/2, and nothing written on failure."""

import hashlib

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import translation

from milestones.importing import commit, commit_import, readers
from milestones.models import ImportRecord, Involvement, Milestone
from phases.models import Programme
from tests.support.factories import ProgrammeFactory
from tests.support.schedules import csv_file, plan, run, snapshot, xlsx

pytestmark = pytest.mark.django_db

GOOD = [
    ["Einddatum", "Mijlpaal", "Doelgroep"],
    ["1-mrt", "Overzicht betrokkenen aanleggen", "Regievoerders"],
    ["25-26-mrt", "Webinar", "Colleges, raden en staten"],
    ["eind sep/begin okt", "Einddocumenten ter besluitvorming", "Gezamenlijk AB"],
]


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "fase1.xlsx"
    path.write_bytes(xlsx(("Mijlpalen fase 1", [["Mijlpalen fase 1"], [], *GOOD])))
    return path


def test_a_good_file_is_imported_with_a_summary_and_an_import_record(good_file):
    code, out, err = run("import_schedule", str(good_file), "--programme", "od", "--year", "2024")
    assert (code, err) == (0, "")
    record = ImportRecord.objects.get()
    assert out.splitlines() == [
        "fase1.xlsx → new programme “Mijlpalen fase 1” (od), year context 2024",
        "Milestones: 3 created, 0 updated, 0 unchanged (0 of them undated); 5 warnings.",
        "Phases: 1 new. Deliverables: 0 new, 0 updated. Calendar notes: 0 new, 0 updated.",
        "New phases: Fase 1.",
        "New target groups: Regievoerders, Colleges, Raden, Staten, Gezamenlijk AB.",
        "Warnings:",
        *[
            f'  Mijlpalen fase 1 row {row}, column Doelgroep: new target group "{name}": it is '
            "not in the catalogue and will be created."
            for row, name in [
                (4, "Regievoerders"),
                (5, "Colleges"),
                (5, "Raden"),
                (5, "Staten"),
                (6, "Gezamenlijk AB"),
            ]
        ],
        f"Imported (import record {record.pk}).",
    ]
    programme = Programme.objects.get(slug="od")
    assert (programme.name, programme.year, programme.version) == ("Mijlpalen fase 1", 2024, 1)
    assert (
        record.programme,
        record.file_name,
        record.sha256,
        record.size,
        record.year,
        record.created,
        record.updated,
        record.unchanged,
        record.undated,
        record.problems,
        len(record.warnings),
    ) == (
        programme,
        "fase1.xlsx",
        hashlib.sha256(good_file.read_bytes()).hexdigest(),
        good_file.stat().st_size,
        2024,
        3,
        0,
        0,
        0,
        [],
        5,
    )
    assert list(Milestone.objects.values_list("source_file", "source_sheet", "source_row")) == [
        ("fase1.xlsx", "Mijlpalen fase 1", 4),
        ("fase1.xlsx", "Mijlpalen fase 1", 5),
        ("fase1.xlsx", "Mijlpalen fase 1", 6),
    ]
    assert set(Milestone.objects.values_list("import_record", "version")) == {(record.pk, 1)}
    assert Milestone.history.filter(history_type="+").count() == 3
    assert Involvement.objects.count() == 5


def test_the_command_speaks_dutch_and_leaves_the_callers_language_alone(good_file, capsys):
    with translation.override("en"):
        call_command("import_schedule", str(good_file), "--programme", "od", "--year", "2024")
        assert translation.get_language() == "en"
    assert "Nieuwe doelgroepen: Regievoerders, Colleges, Raden, Staten, Gezamenlijk AB." in (
        capsys.readouterr().out
    )


def test_dry_run_reports_and_writes_nothing(good_file):
    before = snapshot()
    code, out, err = run(
        "import_schedule", str(good_file), "--programme", "od", "--year", "2024", "--dry-run"
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == (
        "Milestones: 3 created, 0 updated, 0 unchanged (0 of them undated); 5 warnings."
    )
    assert out.splitlines()[-1] == "Dry run: nothing was saved."
    assert snapshot() == before


def test_row_problems_exit_1_list_every_problem_and_write_nothing(tmp_path):
    path = tmp_path / "fouten.csv"
    path.write_bytes(
        csv_file([*GOOD, ["n.t.b.", "Ronde langs de raden", "Raden"], ["1-mrt", "", "BOR"]])
    )
    before = snapshot()
    code, out, err = run("import_schedule", str(path), "--programme", "nieuw", "--year", "2024")
    assert code == 1
    assert err.splitlines() == [
        'fouten.csv row 5, column Einddatum: "n.t.b." is not a date Regie understands: "n" is '
        "not a month or a date word.",
        'fouten.csv row 6, column Mijlpaal: the row has no title (it holds "1-mrt", "BOR").',
        "Nothing was imported: the file has 2 problems.",
    ]
    assert out.splitlines()[1] == (
        "Milestones: 5 created, 0 updated, 0 unchanged (1 of them undated); 6 warnings."
    )
    assert snapshot() == before
    assert not Programme.objects.filter(slug="nieuw").exists()


def test_allow_undated_imports_them_and_records_what_was_kept(tmp_path):
    path = tmp_path / "fouten.csv"
    path.write_bytes(csv_file([*GOOD, ["n.t.b.", "Ronde langs de raden", "Raden"]]))
    code, out, err = run(
        "import_schedule", str(path), "--programme", "od", "--year", "2024", "--allow-undated"
    )
    assert (code, err) == (0, "")
    record = ImportRecord.objects.get()
    assert (record.created, record.undated) == (4, 1)
    assert record.problems == [
        'fouten.csv row 5, column Einddatum: "n.t.b." is not a date Regie understands: "n" is '
        "not a month or a date word. It is kept undated, with the text as written."
    ]
    assert Milestone.objects.needing_date_attention().get().date_text == "n.t.b."


def broken(tmp_path, name: str, data: bytes) -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_bytes(data)
    return run("import_schedule", str(path), "--programme", "nieuw", "--year", "2024")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "foto.jpg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01",
            "foto.jpg is not a spreadsheet Regie can read (not a text file in UTF-8 or "
            "Windows-1252). Save it as .xlsx (Excel workbook) or .csv.",
        ),
        ("leeg.xlsx", xlsx(("Blad1", [])), "leeg.xlsx is empty: there is no value in any cell."),
        ("leeg.csv", b"", "leeg.csv is empty."),
        (
            "geen-kop.xlsx",
            xlsx(("Blad1", [["Dit is een brief"], ["met tekst", "en meer tekst"]])),
            "geen-kop.xlsx: no header row found. Regie looks in the first rows of each sheet for "
            "a row that names a title column (Mijlpaal, Activiteit, Actie, Product) and at least "
            "one other column (Datum, Wanneer, Week, Doelgroep, Wie, …).",
        ),
    ],
)
def test_files_that_cannot_be_read_exit_2_with_a_message(tmp_path, name, data, message):
    before = snapshot()
    assert broken(tmp_path, name, data) == (2, "", message + "\n")
    assert snapshot() == before


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "groot.xlsx"
    with path.open("wb") as handle:
        handle.truncate(25 * 1024 * 1024)  # sparse: nothing is really written
    code, out, err = run("import_schedule", str(path), "--programme", "nieuw")
    assert (code, out, err) == (
        2,
        "",
        "groot.xlsx is 25.0\xa0MB; Regie imports files up to 20.0\xa0MB.\n",
    )


def test_a_file_with_too_many_rows_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_ROWS", 3)
    code, out, err = broken(tmp_path, "lang.csv", csv_file(GOOD + GOOD))
    assert (code, err) == (2, "lang.csv has more than 3 rows; split it into smaller files.\n")
    assert not Programme.objects.exists()


def test_a_missing_file_and_wrong_arguments_exit_2(tmp_path, good_file):
    assert run("import_schedule", str(tmp_path / "weg.xlsx"), "--programme", "x")[::2] == (
        2,
        f"{tmp_path / 'weg.xlsx'} does not exist.\n",
    )
    assert run("import_schedule", str(good_file), "--programme", "geen slug!")[::2] == (
        2,
        "“geen slug!” is not a valid programme slug (letters, digits, - and _).\n",
    )
    assert run("import_schedule", str(good_file), "--programme", "x", "--year", "1850")[::2] == (
        2,
        "The year must lie between 1900 and 2200.\n",
    )
    assert run("import_schedule", str(good_file), "--programme", "x", "--sheet", "Blad9")[::2] == (
        2,
        'fase1.xlsx has no sheet "Blad9"; its sheets are: "Mijlpalen fase 1".\n',
    )


def test_sheet_limits_the_import_to_one_sheet(tmp_path):
    path = tmp_path / "fasen.xlsx"
    path.write_bytes(
        xlsx(
            ("Fase 1", [["Datum", "Mijlpaal"], ["1-mrt", "A"]]),
            ("Fase 2", [["Datum", "Mijlpaal"], ["1-jun", "B"]]),
        )
    )
    code, _out, err = run(
        "import_schedule", str(path), "--programme", "p", "--year", "2024", "--sheet", "fase 2"
    )
    assert (code, err) == (0, "")
    assert list(Milestone.objects.values_list("title", "phase__name")) == [("B", "Fase 2")]
    assert ImportRecord.objects.get().sheet == "fase 2"


def test_an_existing_programme_keeps_its_year_unless_year_is_given(good_file):
    ProgrammeFactory(slug="od", year=2025, name="OD")
    assert run("import_schedule", str(good_file), "--programme", "od")[0] == 0
    assert Milestone.objects.get(date_text="1-mrt").start.year == 2025
    assert Programme.objects.get(slug="od").year == 2025


def test_a_failure_halfway_through_the_write_leaves_the_database_as_it_was(good_file, monkeypatch):
    before = snapshot()

    def fail(*args, **kwargs):
        raise DatabaseError("disk I/O error")

    # Milestones and their history are written by then; the involvements fail.
    monkeypatch.setattr(commit, "bulk_set_target_groups", fail)
    code, _out, err = run("import_schedule", str(good_file), "--programme", "od", "--year", "2024")
    assert (code, err) == (
        1,
        "The import failed while saving, and nothing was saved: disk I/O error\n",
    )
    assert snapshot() == before
    assert not Programme.objects.filter(slug="od").exists()


def test_a_failure_halfway_through_a_reimport_keeps_the_earlier_import(good_file, monkeypatch):
    assert run("import_schedule", str(good_file), "--programme", "od", "--year", "2024")[0] == 0
    changed = good_file.with_name("fase1-v2.csv")
    changed.write_bytes(
        csv_file(
            [
                *GOOD[:2],
                ["1-apr", "Webinar", "Colleges, raden en staten"],
                ["1-jun", "Nieuw", "BOR"],
            ]
        )
    )
    result = plan(changed.read_bytes(), "fase1-v2.csv", programme="od")
    assert (len(result.creates), len(result.updates)) == (1, 1)
    before = snapshot()

    def fail(*args, **kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(commit, "bulk_set_target_groups", fail)
    with pytest.raises(DatabaseError):
        commit_import(plan=result)
    assert snapshot() == before


def test_the_import_record_is_readable_in_the_admin(good_file, admin_client):
    from django.urls import reverse

    run("import_schedule", str(good_file), "--programme", "od", "--year", "2024")
    record = ImportRecord.objects.get()
    page = admin_client.get(reverse("admin:milestones_importrecord_change", args=[record.pk]))
    assert page.status_code == 200
    assert (
        "<li>Mijlpalen fase 1 row 4, column Doelgroep: new target group &quot;Regievoerders&quot;: "
        "it is not in the catalogue and will be created.</li>"
    ) in page.content.decode()
    assert record.sha256 in page.content.decode()


def test_a_second_import_reports_what_changed(tmp_path):
    path = tmp_path / "fase1.csv"
    path.write_bytes(csv_file(GOOD))
    assert run("import_schedule", str(path), "--programme", "od", "--year", "2024")[0] == 0
    path.write_bytes(csv_file([*GOOD[:2], ["26-27-mrt", *GOOD[2][1:]], GOOD[3]]))
    code, out, err = run("import_schedule", str(path), "--programme", "od")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[1] == (
        "Milestones: 0 created, 1 updated, 2 unchanged (0 of them undated); 0 warnings."
    )
    assert lines[-3:-1] == [
        "Changes:",
        "  fase1.csv row 3 (Webinar): date (as written): 25-26-mrt (25 – 26 mar 2024) "
        "→ 26-27-mrt (26 – 27 mar 2024)",
    ]


def test_the_same_file_again_records_no_empty_import(tmp_path):
    path = tmp_path / "fase1.csv"
    path.write_bytes(csv_file(GOOD))
    assert run("import_schedule", str(path), "--programme", "od", "--year", "2024")[0] == 0
    code, out, err = run("import_schedule", str(path), "--programme", "od")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == (
        "This import changes nothing: all 3 rows are already so in Regie."
    )
    assert ImportRecord.objects.count() == 1


def test_a_sheet_without_a_date_column_points_to_allow_undated(tmp_path):
    path = tmp_path / "lijst.xlsx"
    path.write_bytes(xlsx(("Lijst", [["Mijlpaal", "Doelgroep"], ["Start", "BOR"]])))
    code, _out, err = run("import_schedule", str(path), "--programme", "l", "--year", "2024")
    assert code == 1
    assert err.splitlines()[0] == (
        "Lijst: the sheet has no date column, so its milestones have no dates. "
        "Use --allow-undated to import them without dates."
    )
    code, _out, err = run(
        "import_schedule", str(path), "--programme", "l", "--year", "2024", "--allow-undated"
    )
    assert (code, err) == (0, "")
    assert Milestone.objects.get().start is None
