"""Word documents (.docx): their tables go through the same import as a spreadsheet's.

The seed documents (tests/samples/seed_00N.docx, made by tests/samples/make_seed_documents.py
from the seed texts) are compared with the demo data typed in from the same seeds; where the
demo's typist read more into a cell than the table says, the difference is named here.
"""

import datetime
import io
import zipfile

import docx
import pytest
from django.core.management import call_command
from django.utils import translation
from docx.shared import Pt

from milestones.demo import load_catalogue, load_programme, read_toml
from milestones.importing import UnreadableFile, plan_import
from milestones.importing.docx_reader import open_docx
from milestones.models import CalendarNote, ImportRecord, Milestone
from phases.models import Deliverable, Phase, Programme
from tests.support.schedules import (
    CATALOGUE,
    SAMPLES,
    load,
    milestones,
    plan,
    run,
    snapshot,
    texts,
    xlsx,
)

pytestmark = pytest.mark.django_db
D = datetime.date
DEMO = CATALOGUE.parent
FIELDS = (
    "title",
    "description",
    "result",
    "is_optional",
    "lead",
    "date_text",
    "start",
    "end",
    "precision",
    "dates",
    "work_form",
    "work_form_notes",
    "duration",
    "sessions",
    "participants",
    "notes",
)
SEEDS = [("seed_001.docx", 2025), ("seed_002.docx", 2019), ("seed_003.docx", 2007)]


@pytest.fixture
def catalogue():
    load_catalogue(path=CATALOGUE)


def demo(name: str) -> str:
    data = read_toml(path=DEMO / name)
    load_programme(data=data, name=name)
    return data["programme"]["slug"]


def values(slug: str) -> list[dict]:
    rows = Milestone.objects.filter(programme__slug=slug).order_by("source_row", "pk")
    return list(rows.values(*FIELDS))


def seed(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


# -- the seed documents ---------------------------------------------------------------------


def test_seed_001_activity_table_gives_the_demo_milestones(catalogue):
    result = load(seed("seed_001.docx"), "seed_001.docx", year=2025)
    assert texts(result.warnings) == []
    assert result.new_programme.name == "Voorbeeld aanpak en planning"  # the document title
    expected = values(demo("001_routekaart_financiele_zorgen.toml"))
    for row in expected:
        # A bare "Fysiek" is the work form itself: the importer keeps no note for it
        # (test_import_layouts pins this); the demo's typist copied the word into the notes.
        if row["work_form_notes"] == "Fysiek":
            row["work_form_notes"] = ""
    communication, implementation = expected[7], expected[11]
    # The example lies in the "Gewenste inzet van" cell of the document; the demo's typist
    # moved it to the notes.
    communication["participants"] += "\n\nVoorbeeld: Format communicatieplan (docx)"
    communication["notes"] = ""
    # "Teams meetings / Eindresultaat in een fysieke sessie": the first work form named is
    # Teams (online); the demo's typist judged the whole hybrid.  And a line that starts with
    # a digit continues the one above (columns.one_line), where the typist wrote a full stop.
    implementation["work_form"] = "online"
    implementation["duration"] = "1x per twee weken 1 uur Teams 1x eindsessie van 2 uur"
    assert values("test") == expected
    assert values("test")[1]["description"] == (
        "· kennismaking\n· doel en aanpak\n· afspraken en werkvormen\n· doorlooptijden"
    )
    assert values("test")[1]["dates"] == ["2025-05-10", "2025-05-17"]


def test_seed_002_every_bullet_of_the_planning_is_a_milestone_with_its_rows_date(catalogue):
    result = load(seed("seed_002.docx"), "seed_002.docx")  # no year: the first date names it
    assert result.year == 2019
    slug = demo("002_bestuursopdracht_jeugd_en_gezin.toml")
    imported, expected = milestones("test"), milestones(slug)
    # The planning table names no target groups; the demo's typist took them from the
    # activities' words ("Vaststellen bestuursopdracht College" -> College).
    assert [row[:5] for row in imported] == [row[:5] for row in expected]
    assert [row[5] for row in imported] == [[] for _ in expected]
    assert len(imported) == 15
    assert imported[1] == (
        "Informeren Commissie MO over bestuursopdracht, daarna gedurende de hele looptijd "
        "periodiek informeren",
        "Maart '19",
        D(2019, 3, 1),
        D(2019, 3, 31),
        "Fase 1 – Zoektocht en eerste schets",
        [],
    )
    assert list(Phase.objects.filter(programme__slug="test").values_list("order", "name")) == list(
        Phase.objects.filter(programme__slug=slug).values_list("order", "name")
    )
    # The bullets of one cell share its table row.
    rows = Milestone.objects.filter(programme__slug="test").values_list("source_row", flat=True)
    assert sorted(set(rows)) == [3, 4, 6, 8, 10, 11, 12]
    assert set(rows.values_list("source_sheet", flat=True)) == {"Tabel 1"}


def test_seed_003_week_planning_gives_the_demo_milestones_groups_and_leads(catalogue):
    result = load(seed("seed_003.docx"), "seed_003.docx", year=2007)
    slug = demo("003_sociale_agenda_2009_2012.toml")
    order = ("source_row", "pk")
    leads = list(
        Milestone.objects.filter(programme__slug=slug).order_by(*order).values_list("lead")
    )
    expected = [
        # The document has no "Fase 4" heading (the demo adds it from 2.2.2), so weeks 29-36
        # stay in Fase 3.
        (*row[:4], "Fase 3" if row[4] == "Fase 4" else row[4], row[5], *lead)
        for row, lead in zip(milestones(slug), leads, strict=True)
    ]
    got_leads = Milestone.objects.filter(programme__slug="test").order_by(*order)
    got = [
        (*row, lead)
        for row, lead in zip(
            milestones("test"), got_leads.values_list("lead", flat=True), strict=True
        )
    ]
    assert got == expected
    assert len(got) == 63
    # "Schoolvakantie" in the column the table grew is a calendar note of its week; the
    # demo's typist wrote it in the milestones' notes.
    assert (
        list(
            Milestone.objects.filter(programme__slug=slug)
            .exclude(notes="")
            .values_list("notes", flat=True)
        )
        == ["Schoolvakantie"] * 4
    )
    assert not Milestone.objects.filter(programme__slug="test").exclude(notes="").exists()
    assert list(
        CalendarNote.objects.filter(programme__slug="test")
        .order_by("start")
        .values_list("title", "date_text", "start")
    ) == [
        ("Herfstvakantie", "42", D(2007, 10, 15)),
        ("Kerstvakantie", "52", D(2007, 12, 24)),
        ("Kerstvakantie", "1", D(2007, 12, 31)),
        ("Schoolvakantie", "29", D(2008, 7, 14)),
        ("Schoolvakantie", "30", D(2008, 7, 21)),
        ("Schoolvakantie", "31", D(2008, 7, 28)),
        ("Schoolvakantie", "32", D(2008, 8, 4)),
        ("Kerstvakantie", "52", D(2008, 12, 22)),
    ]
    # "Resultaat: …" paragraphs between the parts of the table are the phases' results.
    assert list(
        Phase.objects.filter(programme__slug="test").values_list("order", "name", "result")
    ) == [
        (1, "Fase 1", "Bestuursopdracht"),
        (2, "Fase 2", "Document Provinciale ambities"),
        (3, "Fase 3", "Concept Sociale Agenda 2009-2012 + 12 Sociale allianties"),
        (5, "Fase 5", "Sociale Agenda 2009-2012 + 12 allianties"),
    ]
    assert Deliverable.objects.filter(phase__programme__slug="test").count() == 4
    warnings = texts(result.warnings)
    # The other tables (costs, project organisation, meetings, staffing) are no schedule.
    assert warnings[:6] == [
        f"Tabel {n}: no header row found in its first rows; the sheet is skipped."
        for n in (1, 2, 3, 4, 6, 7)
    ]
    assert warnings[6] == (
        'Tabel 5 row 58, column Actie: "tie" is read as a footnote, not as a milestone.'
    )
    # Weeks 29-36 and Fase 5 lie in the part of the table that grew a column after "Actie".
    assert len(warnings) == 20
    assert all("one cell more than the header" in w for w in warnings[7:])
    assert result.sheets == ["Tabel 5"]


def deliverables(slug: str) -> list[tuple]:
    return list(
        Deliverable.objects.filter(phase__programme__slug=slug)
        .order_by("phase__order", "pk")
        .values_list("phase__order", "phase__name", "title", "date_text", "description")
    )


def test_seed_004_result_areas_and_their_bullets_are_the_demo_phases_and_deliverables(
    catalogue, tmp_path
):
    path = tmp_path / "seed_004.docx"
    path.write_bytes(seed("seed_004.docx"))
    arguments = ("import_schedule", str(path), "--programme", "oo", "--year", "2024")
    code, out, err = run(*arguments, "--dry-run")
    assert (code, err) == (0, "")
    assert "Dry run: nothing was saved." in out
    assert not Programme.objects.exists()

    code, out, err = run(*arguments)
    assert (code, err) == (0, "")
    slug = demo("004_ontwikkelopgave_regionale_samenwerking.toml")
    expected = deliverables(slug)
    assert len(expected) == 5
    assert deliverables("oo") == expected
    assert list(Phase.objects.filter(programme__slug="oo").values_list("order", "name")) == list(
        Phase.objects.filter(programme__slug=slug).values_list("order", "name")
    )
    # The import has no column for a phase's goal: the "Doel:" text is not imported.
    assert set(Phase.objects.filter(programme__slug="oo").values_list("goal", flat=True)) == {""}
    assert not Milestone.objects.filter(programme__slug="oo").exists()
    assert Deliverable.objects.filter(phase__programme__slug="oo", date_text="eind 2024")[
        0
    ].start == D(2024, 9, 1)
    before = snapshot()

    code, out, err = run(*arguments)
    assert (code, err) == (0, "")
    assert "Deliverables: 0 new, 0 updated." in out
    assert out.splitlines()[-1].startswith("This import changes nothing: all ")
    assert snapshot() == before  # not even an empty import record


@pytest.mark.parametrize(("name", "year"), SEEDS)
def test_import_schedule_of_each_seed_document_then_again_changes_nothing(
    catalogue, tmp_path, name, year
):
    path = tmp_path / name
    path.write_bytes(seed(name))
    code, out, err = run("import_schedule", str(path), "--programme", "seed", "--dry-run")
    assert (code, err) == (0, "")
    assert "Dry run: nothing was saved." in out
    assert not Programme.objects.exists()

    code, out, err = run("import_schedule", str(path), "--programme", "seed", "--year", str(year))
    assert (code, err) == (0, "")
    created = Milestone.objects.count()
    assert created == {"seed_001.docx": 12, "seed_002.docx": 15, "seed_003.docx": 63}[name]
    before = snapshot()

    code, out, err = run("import_schedule", str(path), "--programme", "seed")
    assert (code, err) == (0, "")
    assert f"Milestones: 0 created, 0 updated, {created} unchanged" in out
    assert out.splitlines()[-1].startswith("This import changes nothing: all ")
    assert snapshot() == before  # not even an empty import record
    record = ImportRecord.objects.get()
    assert (record.file_name, record.created) == (name, created)


# -- the reader -----------------------------------------------------------------------------


def word(build) -> bytes:
    """A .docx made by ``build(document)``."""
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def table(document, rows: list[list[str]]):
    made = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    for row, cells in zip(made.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=False):
            cell.text = text
    return made


def rows_of(data: bytes, index: int = 0) -> list[tuple]:
    with translation.override("en"):
        return list(open_docx(data, "plan.docx").sheets[index].rows())


def test_merged_cells_hold_their_text_once_where_they_start_as_in_a_spreadsheet():
    def build(document):
        made = table(
            document,
            [
                ["Wanneer", "Activiteit", "Wie"],
                ["mei", "Kick-off", "PL"],
                ["", "Sessie", "PL"],
                ["Fase 2: Uitwerking", "", ""],
            ],
        )
        made.cell(1, 0).merge(made.cell(2, 0))  # vertical: "mei" for two rows
        made.cell(3, 0).merge(made.cell(3, 2))  # horizontal: a phase row across the table

    assert rows_of(word(build)) == [
        (1, ("Wanneer", "Activiteit", "Wie")),
        (2, ("mei", "Kick-off", "PL")),
        (3, (None, "Sessie", "PL")),
        (4, ("Fase 2: Uitwerking", None, None)),
    ]


def test_line_breaks_list_items_and_nested_tables_are_lines_of_the_cell():
    def build(document):
        made = table(document, [["Activiteit", "Wanneer"], ["", "juni"]])
        cell = made.cell(1, 0)
        cell.paragraphs[0].add_run("Kick-off").add_break()
        cell.paragraphs[0].add_run("met het team")
        cell.add_paragraph("kennismaking", style="List Bullet")
        inner = cell.add_table(rows=1, cols=2)
        inner.cell(0, 0).text, inner.cell(0, 1).text = "Wie", "Projectleider"

    assert rows_of(word(build))[1] == (
        2,
        ("Kick-off\nmet het team\n· kennismaking\nWie | Projectleider", "juni"),
    )


def test_tables_nested_deeper_than_the_limit_are_refused():
    def build(document):
        cell = table(document, [["Activiteit", "Wanneer"]]).cell(0, 0)
        for _ in range(3):
            cell = cell.add_table(rows=1, cols=1).cell(0, 0)
        cell.text = "diep"

    with pytest.raises(UnreadableFile) as refused, translation.override("en"):
        open_docx(word(build), "plan.docx")
    assert str(refused.value) == (
        "plan.docx has tables inside tables more than 3 deep; Regie reads tables up to that."
    )


def test_a_phase_heading_above_a_table_and_a_result_below_it_belong_to_the_plan():
    def build(document):
        document.add_heading("Fase 1 Verkenning", level=2)
        table(document, [["Activiteit", "Wanneer"], ["Interviews", "mrt"]])
        document.add_paragraph("Resultaat: Verkenningsrapport")
        document.add_paragraph("Toelichting bij de planning.")
        document.add_heading("Fase 2: Ontwerp", level=2)
        table(document, [["Activiteit", "Wanneer"], ["Schetsontwerp", "jun"]])

    data = word(build)
    assert [len(rows_of(data, i)) for i in (0, 1)] == [4, 3]
    load(data, "plan.docx", year=2025)
    assert list(Phase.objects.values_list("order", "name", "result")) == [
        (1, "Verkenning", "Verkenningsrapport"),
        (2, "Ontwerp", ""),
    ]
    assert milestones() == [
        ("Interviews", "mrt", D(2025, 3, 1), D(2025, 3, 31), "Verkenning", []),
        ("Schetsontwerp", "jun", D(2025, 6, 1), D(2025, 6, 30), "Ontwerp", []),
    ]
    assert list(Deliverable.objects.values_list("title", "phase__name")) == [
        ("Verkenningsrapport", "Verkenning")
    ]


def test_a_table_split_by_a_phase_line_continues_and_problems_name_table_row_and_column():
    def build(document):
        document.add_paragraph("Inleiding.")
        table(document, [["Naam", "Rol"], ["Anna", "Projectleider"]])
        document.add_heading("Planning", level=1)
        table(document, [["Activiteit", "Wanneer"], ["Start", "jan"], ["Fase 2", ""]])
        document.add_paragraph("Fase 3")
        table(document, [["Besluit", "n.t.b."]])

    data = word(build)
    with translation.override("en"):
        source = open_docx(data, "plan.docx")
        labels = [sheet.label() for sheet in source.sheets]  # translated when called
    assert labels == [
        "Table 1 of 2: Inleiding. — 2 columns, 2 rows",
        "Table 2 of 2: Planning — 2 columns, 5 rows",
    ]
    result = plan(data, "plan.docx", year=2025)
    assert texts(result.problems) == [
        'Tabel 2 row 5, column Wanneer: "n.t.b." is not a date Regie understands: "n" is '
        "not a month or a date word."
    ]
    with translation.override("nl"):
        assert str(result.problems[0]).startswith("Tabel 2 rij 5, kolom Wanneer: ")
    assert [p.name for p in result.phases] == ["Fase 2", "Fase 3"]


def test_an_italic_or_small_line_without_a_date_under_the_table_is_a_note():
    def build(document):
        made = table(
            document,
            [["Activiteit", "Wanneer"], ["Start", "jan"], ["", ""], ["Onder voorbehoud", ""]],
        )
        made.cell(3, 0).paragraphs[0].runs[0].italic = True
        made.add_row().cells[0].text = "Bron: het projectplan"
        made.rows[4].cells[0].paragraphs[0].runs[0].font.size = Pt(8)

    result = plan(word(build), "plan.docx", year=2025)
    assert [d.title for d in result.creates] == ["Start"]
    assert texts(result.warnings) == [
        'Tabel 1 row 4, column Activiteit: "Onder voorbehoud" is read as a footnote, not as '
        "a milestone.",
        'Tabel 1 row 5, column Activiteit: "Bron: het projectplan" is read as a footnote, not '
        "as a milestone.",
    ]


def broken(data: bytes) -> bytes:
    return data[: len(data) // 2]


def zip_with(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            lambda: broken(seed("seed_001.docx")),
            "plan.docx is not a Word document Regie can read (a damaged zip file). Open it in "
            "Word and save it again as .docx (Word document).",
        ),
        (
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "plan.docx is an old Word document (.doc). Open it in Word and save it as .docx "
            "(Word document), then import that file.",
        ),
        (
            lambda: zip_with("content.xml"),  # an OpenDocument text, say
            "plan.docx is not a Word document Regie can read (a zip file, but not a Word "
            "document). Open it in Word and save it again as .docx (Word document).",
        ),
        (
            lambda: word(lambda document: document.add_paragraph("Alleen tekst.")),
            "plan.docx has no tables. Regie imports the schedule in a Word document's table "
            "(a row per activity, with columns such as Activiteit and Wanneer).",
        ),
    ],
)
def test_what_is_no_readable_word_document_is_refused(data, message):
    with pytest.raises(UnreadableFile) as refused, translation.override("en"):
        plan(data(), "plan.docx")
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (lambda: broken(seed("seed_001.docx")), "kapot.docx"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "oud.doc"),
        (lambda: word(lambda d: d.add_paragraph("Alleen tekst.")), "geen_tabel.docx"),
    ],
)
def test_the_command_exits_2_with_the_message_in_dutch_and_writes_nothing(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data())
    with translation.override("nl"), pytest.raises(UnreadableFile) as refused:
        plan_import(data=data(), file_name=name, programme="nieuw")
    before = snapshot()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:  # the command speaks LANGUAGE_CODE, Dutch
        call_command("import_schedule", str(path), "--programme", "nieuw", stdout=out, stderr=err)
    assert exited.value.code == 2
    assert err.getvalue() == f"{refused.value}\n"
    assert snapshot() == before


def test_a_document_over_the_row_limit_is_refused(monkeypatch):
    from milestones.importing import readers

    monkeypatch.setattr(readers, "MAX_ROWS", 12)  # the spreadsheets' limit holds for documents
    with pytest.raises(UnreadableFile) as refused, translation.override("en"):
        open_docx(seed("seed_001.docx"), "plan.docx")  # 13 rows
    assert str(refused.value) == "plan.docx has more than 12 rows; split it into smaller files."
    assert len(rows_of(seed("seed_002.docx"))) == 12  # up to it


def test_import_schedule_takes_one_table_of_a_document(catalogue, tmp_path):
    path = tmp_path / "seed_003.docx"
    path.write_bytes(seed("seed_003.docx"))
    code, out, err = run(
        "import_schedule", str(path), "--programme", "sa", "--sheet", "Tabel 5", "--dry-run"
    )
    assert (code, err) == (0, "")
    assert "Milestones: 63 created" in out
    assert "no header row" not in out  # the other tables are not read
    code, out, err = run("import_schedule", str(path), "--programme", "sa", "--sheet", "Tabel 8")
    assert code == 2
    assert err.startswith('seed_003.docx has no sheet "Tabel 8"; its sheets are: "Tabel 1",')


def test_the_kind_of_file_is_decided_by_its_content_not_its_name(catalogue):
    workbook = xlsx(("Planning", [["Mijlpaal", "Datum"], ["Start", "1 mrt"]]))
    assert [d.title for d in plan(workbook, "planning.docx", year=2025).creates] == ["Start"]
    document = seed("seed_002.docx")
    assert len(plan(document, "planning.xlsx").creates) == 15


def test_a_phase_heading_after_a_table_heads_the_next_table_not_the_one_above():
    def build(document):
        table(document, [["Activiteit", "Wanneer"], ["Interviews", "mrt"]])
        document.add_heading("Fase 2 Ontwerp", level=2)
        document.add_paragraph("Resultaat: Schetsontwerp")  # under the heading: its result
        document.add_paragraph("De tweede fase begint na het besluit.")
        document.add_heading("Fase 3 Uitvoering", level=2)
        table(document, [["Activiteit", "Wanneer"], ["Bouw", "sep"]])

    data = word(build)
    assert [row[1] for row in rows_of(data, 0)] == [
        ("Activiteit", "Wanneer"),
        ("Interviews", "mrt"),
    ]
    assert rows_of(data, 1)[0] == (1, ("Fase 3 Uitvoering",))


def test_a_document_whose_text_unpacks_too_large_is_refused_before_it_is_parsed(monkeypatch):
    from milestones.importing import docx_reader

    data = seed("seed_003.docx")
    size = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").file_size
    monkeypatch.setattr(docx_reader, "MAX_DOCUMENT_XML", size - 1)
    monkeypatch.setattr(docx_reader.docx, "Document", None)  # never reached
    with pytest.raises(UnreadableFile) as refused, translation.override("en"):
        open_docx(data, "plan.docx")
    assert str(refused.value) == (
        "plan.docx holds a part that is 156.8\xa0KB when unpacked; Regie reads Word documents "
        "whose text stays below that. Is it a schedule?"
    )


def test_a_table_set_in_small_text_throughout_has_no_asides_for_that():
    def build(document):
        made = table(document, [["Activiteit", "Wanneer"], ["Start", "jan"], ["Vervolg", ""]])
        for row in made.rows:
            for cell in row.cells:
                for text_run in cell.paragraphs[0].runs:
                    text_run.font.size = Pt(8)

    result = plan(word(build), "plan.docx", year=2025)
    assert [(d.title, d.date.text) for d in result.creates] == [
        ("Start", "jan"),
        ("Vervolg", "jan"),  # continues the date above, as in a spreadsheet
    ]
    assert result.warnings == []


def test_a_document_without_tables_reads_headings_items_and_their_date_lines_as_one_sheet():
    def build(document):
        document.add_paragraph("Inleiding met een lijst die geen plan is:")
        document.add_paragraph("- losse opmerking")  # before any heading: prose
        document.add_heading("Aanleiding", level=2)
        document.add_paragraph("Geen resultaat", style="List Bullet")  # no date in its section
        document.add_heading("Werkpakket Communicatie", level=1)
        document.add_paragraph("Resultaten:")
        document.add_paragraph("• Een communicatieplan\nDeadline: 1 maart 2025")
        document.add_paragraph("Een nieuwsbrief", style="List Bullet")
        document.add_paragraph("Oplevering: Q2 2025")
        document.add_paragraph("Met de regio afgestemd.")
        document.add_paragraph(
            "Een website", style="List Bullet"
        )  # undated, as a deliverable may be
        document.add_paragraph("FASE 2 Uitvoering")
        document.add_paragraph("- Een evaluatie")
        document.add_heading("Korte termijn: eind 2025", level=2)  # a date line, not a heading

    data = word(build)
    source = open_docx(data, "plan.docx")
    assert [sheet.name for sheet in source.sheets] == ["Tekst"]
    assert rows_of(data) == [
        (1, ("Soort", "Fase", "Titel", "Wanneer", "Omschrijving")),
        (
            2,
            (
                "resultaat",
                "Werkpakket Communicatie",
                "Een communicatieplan",
                "1 maart 2025",
                "Deadline: 1 maart 2025",
            ),
        ),
        (
            4,
            (
                "resultaat",
                "Werkpakket Communicatie",
                "Een nieuwsbrief",
                "Q2 2025",
                "Oplevering: Q2 2025\nMet de regio afgestemd.",
            ),
        ),
        (6, ("resultaat", "Werkpakket Communicatie", "Een website", None, None)),
        (
            8,
            (
                "resultaat",
                "FASE 2 Uitvoering",
                "Een evaluatie",
                "eind 2025",
                "Korte termijn: eind 2025",
            ),
        ),
    ]
    # A blank row between the items: an item without a date line does not take the one above.
    result = plan(data, "plan.docx", year=2025)
    assert texts(result.problems) == []
    assert [(d.phase.name, d.title, d.date.text) for d in result.deliverables] == [
        ("Werkpakket Communicatie", "Een communicatieplan", "1 maart 2025"),
        ("Werkpakket Communicatie", "Een nieuwsbrief", "Q2 2025"),
        ("Werkpakket Communicatie", "Een website", ""),
        ("FASE 2 Uitvoering", "Een evaluatie", "eind 2025"),
    ]


def test_headings_and_bullets_without_any_date_line_are_no_plan():
    def build(document):
        document.add_heading("Aanleiding", level=2)
        document.add_paragraph("Een punt", style="List Bullet")
        document.add_paragraph("RESULTAATGEBIED Netwerk")
        document.add_paragraph("- Nog een punt")

    with pytest.raises(UnreadableFile) as refused, translation.override("en"):
        plan(word(build), "plan.docx")
    assert str(refused.value).startswith("plan.docx has no tables.")
