"""Layouts the importer understands, built in memory in the shapes of the seeds and beyond."""

import datetime

import pytest

from milestones.importing.layout import RowKind, read_row
from milestones.models import CalendarNote, Milestone
from phases.models import Deliverable, Phase
from stakeholders.models import TargetGroup, TargetGroupAlias
from tests.support.schedules import csv_file, load, plan, texts, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date


def rows_of(result) -> list[tuple]:
    """(row, title, date text, start, end, phase, groups) of the milestones a plan creates."""
    return [
        (
            d.row,
            d.title,
            d.date.text if d.date else None,
            d.date.reading.start if d.date and d.date.reading else None,
            d.date.reading.end if d.date and d.date.reading else None,
            d.phase.name if d.phase else None,
            [g.name + (f" ({g.raci})" if g.raci else "") for g in d.groups or ()],
        )
        for d in result.creates
    ]


def test_title_rows_above_the_header_and_a_repeated_header_further_down():
    data = xlsx(
        (
            "Blad1",
            [
                ["Planning OD van de toekomst"],
                [None, "versie 3, concept"],
                [],
                ["Einddatum", "Mijlpaal", "Doelgroep"],
                ["1-mrt", "Overzicht betrokkenen", "Regievoerders"],
                ["Einddatum", "Mijlpaal", "Doelgroep"],  # the header again, as on a new page
                ["20-mrt", "Uitvraag werkgroepen", "Regievoerders"],
            ],
        )
    )
    result = plan(data, year=2024)
    assert rows_of(result) == [
        (
            5,
            "Overzicht betrokkenen",
            "1-mrt",
            D(2024, 3, 1),
            D(2024, 3, 1),
            None,
            ["Regievoerders"],
        ),
        (
            7,
            "Uitvraag werkgroepen",
            "20-mrt",
            D(2024, 3, 20),
            D(2024, 3, 20),
            None,
            ["Regievoerders"],
        ),
    ]
    assert result.new_programme.name == "Planning OD van de toekomst"


def test_a_header_with_other_columns_further_down_switches_the_layout():
    data = xlsx(
        (
            "Planning",
            [
                ["Week", "Actie", "Verantwoordelijk", "GS"],
                ["35", "Overleg PH", "TL", "X"],
                ["Week", "Actie", "Opmerking", "Verantwoordelijk", "GS"],
                ["36", "Concept", "eerst intern", "PI", "x"],
            ],
        )
    )
    result = plan(data, year=2007)
    assert rows_of(result) == [
        (2, "Overleg PH", "35", D(2007, 8, 27), D(2007, 9, 2), None, ["GS"]),
        (4, "Concept", "36", D(2007, 9, 3), D(2007, 9, 9), None, ["GS"]),
    ]
    assert [(d.fields["lead"], d.fields.get("notes")) for d in result.creates] == [
        ("TL", None),  # no notes column yet: the notes are left alone
        ("PI", "eerst intern"),
    ]


@pytest.mark.parametrize(
    "header",
    [
        ["Date", "Title", "Target groups", "Lead", "Status"],
        ["Wanneer", "Activiteit", "Gremium", "Trekker", "Status"],
        ["Deadline", "Actie", "Doelgroepen", "Eigenaar", "status"],
        ["Datum gereed", "Product", "doelgroep", "Wie (lead)", "STATUS"],
    ],
)
def test_columns_are_found_by_dutch_and_english_names(header):
    data = csv_file([header, ["1-mrt", "Kick-off", "BOR", "Projectleider", "gereed"]])
    result = plan(data, "p.csv", year=2025)
    assert rows_of(result) == [
        (2, "Kick-off", "1-mrt", D(2025, 3, 1), D(2025, 3, 1), None, ["BOR"])
    ]
    assert (result.creates[0].fields["lead"], result.creates[0].fields["status"]) == (
        "Projectleider",
        "done",
    )


def test_the_seed_001_layout_multi_line_cells_results_options_work_form_and_sessions():
    data = xlsx(
        (
            "Aanpak",
            [
                ["Voorbeeld aanpak en planning"],
                [
                    "Activiteit",
                    "Wie (lead)",
                    "Wanneer",
                    "Werkvorm",
                    "Duur \nSessies \nexcl. organisatie en voor-bereiding",
                    "Gewenste inzet van",
                ],
                ["Plan van aanpak", "Projectleider", "April/mei", None, None, None],
                [
                    "Kick-off projectteam \n· kennismaking\n· doel en aanpak\n \nResultaat: "
                    "gezamenlijk startpunt",
                    "Projectleider en procesbegeleiders",
                    "10 / 17 mei",
                    "Fysiek",
                    "1 sessie van 2 uur",
                    "Projectteam",
                ],
                [
                    "Optie: Toetsing bij inwoners \n \nDe routekaart toetsen bij inwoners",
                    "Projectleider",
                    "Juni/juli",
                    "Fysiek \nDit kan ook online",
                    "2 sessies  \nvan 3 uur",
                    "Projectteam + inwoners",
                ],
            ],
        )
    )
    load(data, year=2025)
    got = list(
        Milestone.objects.order_by("source_row").values(
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
        )
    )
    assert got == [
        {
            "title": "Plan van aanpak",
            "description": "",
            "result": "",
            "is_optional": False,
            "lead": "Projectleider",
            "date_text": "April/mei",
            "start": D(2025, 4, 1),
            "end": D(2025, 5, 31),
            "precision": "multiple",
            "dates": [],
            "work_form": "",
            "work_form_notes": "",
            "duration": "",
            "sessions": None,
            "participants": "",
        },
        {
            "title": "Kick-off projectteam",
            "description": "· kennismaking\n· doel en aanpak",
            "result": "gezamenlijk startpunt",
            "is_optional": False,
            "lead": "Projectleider en procesbegeleiders",
            "date_text": "10 / 17 mei",
            "start": D(2025, 5, 10),
            "end": D(2025, 5, 17),
            "precision": "days",
            "dates": ["2025-05-10", "2025-05-17"],
            "work_form": "physical",
            "work_form_notes": "",
            "duration": "1 sessie van 2 uur",
            "sessions": 1,
            "participants": "Projectteam",
        },
        {
            "title": "Toetsing bij inwoners",
            "description": "De routekaart toetsen bij inwoners",
            "result": "",
            "is_optional": True,
            "lead": "Projectleider",
            "date_text": "Juni/juli",
            "start": D(2025, 6, 1),
            "end": D(2025, 7, 31),
            "precision": "multiple",
            "dates": [],
            "work_form": "physical",
            "work_form_notes": "Fysiek. Dit kan ook online",
            "duration": "2 sessies van 3 uur",
            "sessions": 2,
            "participants": "Projectteam + inwoners",
        },
    ]


def test_the_seed_002_layout_phase_rows_with_names_and_years_in_the_text():
    data = xlsx(
        (
            "Planning",
            [
                ["Maand", "Activiteit"],
                ["Fase 1", "Zoektocht en eerste schets"],
                ["Maart '19", "Vaststellen bestuursopdracht College"],
                ["Maart-mei '19", "Besluitvorming door College voor starten volgende fase"],
                ["Fase 2", "Uitwerking op hoofdlijnen"],
                ["Juni-juli '19", "Starten gezamenlijke ontwikkeling"],
                ["Fase 4: Start en doorontwikkeling"],
                ["Jan '20", "Start uitvoering nieuwe werkwijze"],
                ["2020", "Verder optimaliseren backoffice"],
            ],
        )
    )
    result = load(data)  # a new programme: its year context comes from the first date
    assert result.year == 2019
    assert list(Phase.objects.values_list("order", "name")) == [
        (1, "Fase 1 – Zoektocht en eerste schets"),
        (2, "Fase 2 – Uitwerking op hoofdlijnen"),
        (4, "Fase 4: Start en doorontwikkeling"),
    ]
    assert [row[1:] for row in rows_of(result)] == [
        (
            "Vaststellen bestuursopdracht College",
            "Maart '19",
            D(2019, 3, 1),
            D(2019, 3, 31),
            "Fase 1 – Zoektocht en eerste schets",
            [],
        ),
        (
            "Besluitvorming door College voor starten volgende fase",
            "Maart-mei '19",
            D(2019, 3, 1),
            D(2019, 5, 31),
            "Fase 1 – Zoektocht en eerste schets",
            [],
        ),
        (
            "Starten gezamenlijke ontwikkeling",
            "Juni-juli '19",
            D(2019, 6, 1),
            D(2019, 7, 31),
            "Fase 2 – Uitwerking op hoofdlijnen",
            [],
        ),
        (
            "Start uitvoering nieuwe werkwijze",
            "Jan '20",
            D(2020, 1, 1),
            D(2020, 1, 31),
            "Fase 4: Start en doorontwikkeling",
            [],
        ),
        (
            "Verder optimaliseren backoffice",
            "2020",
            D(2020, 1, 1),
            D(2020, 12, 31),
            "Fase 4: Start en doorontwikkeling",
            [],
        ),
    ]


def test_an_x_matrix_with_a_week_column_result_rows_holidays_and_continuation_rows():
    header = ["Week", "Actie", "Verantwoordelijk", "Projectteam", "GS", "ECWH/Pr."]
    data = xlsx(
        (
            "Planning",
            [
                ["PLANNING SOCIALE AGENDA"],
                header,
                ["Fase 1"],
                [35, "Overleg PH", "TL SB, pl.", "X", "x", None],
                [None, "Financieel hoofdstuk", "PI", "✓", None, "R"],
                ["Resultaat : Bestuursopdracht"],
                ["Fase 2"],
                ["52", "Kerstvakantie"],
                [None, "Eerste concept", "PI", "X", None, None],
                ["1", "Kerstvakantie"],
                ["2", "Alliantiebijeenkomst", "Gc", "X", "X", "a"],
                [None, "Resultaat: Document Provinciale ambities"],
            ],
        )
    )
    result = load(data, year=2007)
    assert rows_of(result) == [
        (4, "Overleg PH", "35", D(2007, 8, 27), D(2007, 9, 2), "Fase 1", ["Projectteam", "GS"]),
        (
            5,
            "Financieel hoofdstuk",
            "35",
            D(2007, 8, 27),
            D(2007, 9, 2),
            "Fase 1",
            ["Projectteam", "ECWH/Pr. (R)"],
        ),
        (9, "Eerste concept", "52", D(2007, 12, 24), D(2007, 12, 30), "Fase 2", ["Projectteam"]),
        (
            11,
            "Alliantiebijeenkomst",
            "2",
            D(2008, 1, 7),
            D(2008, 1, 13),
            "Fase 2",
            ["Projectteam", "GS", "ECWH/Pr. (A)"],
        ),
    ]
    assert list(Phase.objects.values_list("order", "name", "result")) == [
        (1, "Fase 1", "Bestuursopdracht"),
        (2, "Fase 2", "Document Provinciale ambities"),
    ]
    assert list(Deliverable.objects.values_list("phase__name", "title", "date_text", "start")) == [
        ("Fase 1", "Bestuursopdracht", "35", D(2007, 8, 27)),
        ("Fase 2", "Document Provinciale ambities", "2", D(2008, 1, 7)),
    ]
    assert list(CalendarNote.objects.values_list("title", "date_text", "start", "end")) == [
        ("Kerstvakantie", "52", D(2007, 12, 24), D(2007, 12, 30)),
        ("Kerstvakantie", "1", D(2007, 12, 31), D(2008, 1, 6)),
    ]
    assert sorted(TargetGroup.objects.values_list("name", flat=True)) == [
        "ECWH/Pr.",
        "GS",
        "Projectteam",
    ]
    assert Milestone.objects.get(title="Financieel hoofdstuk").precision == "week"


def test_a_row_with_one_cell_more_than_the_header_is_read_one_column_to_the_left():
    header = ["Week", "Actie", "Verantwoordelijk", "Projectteam", "GS", "Anderen"]
    data = xlsx(
        (
            "Planning",
            [
                header,
                ["29", "Reacties van werkveld", "Schoolvakantie", "PI", "X", None, "X"],
                ["33", "Verwerken reacties", None, "PI, gc", "X", "X"],
                ["1", "Beëindiging projectorganisatie", "PI", "X"],
            ],
        )
    )
    result = plan(data, year=2008)
    assert [(d.title, d.fields["lead"], [g.name for g in d.groups]) for d in result.creates] == [
        ("Reacties van werkveld", "PI", ["Projectteam", "Anderen"]),
        ("Verwerken reacties", "PI, gc", ["Projectteam", "GS"]),
        ("Beëindiging projectorganisatie", "PI", ["Projectteam"]),
    ]
    assert [(n.title, n.date.text, n.date.reading.start) for n in result.notes] == [
        ("Schoolvakantie", "29", D(2008, 7, 14))
    ]
    new_group = 'new target group "%s": it is not in the catalogue and will be created.'
    assert texts(result.warnings) == [
        "Planning row 2, column Verantwoordelijk: the row has one cell more than the header "
        '("Schoolvakantie"); the cells from here on are read one column to the left.',
        "Planning row 2, column Projectteam: " + new_group % "Projectteam",
        "Planning row 2, column Anderen: " + new_group % "Anderen",
        "Planning row 3, column Verantwoordelijk: the row has one cell more than the header "
        "(an empty cell); the cells from here on are read one column to the left.",
        "Planning row 3, column GS: " + new_group % "GS",
    ]


def test_other_text_in_a_target_group_column_is_kept_in_the_notes():
    data = csv_file([["Datum", "Mijlpaal", "Kosten", "GS"], ["1-mrt", "Start", "€ 5.000", "X"]])
    result = plan(data, "p.csv", year=2025)
    draft = result.creates[0]
    assert ([g.name for g in draft.groups], draft.fields["notes"]) == (["GS"], "Kosten: € 5.000")


def test_footnotes_are_reported_and_not_imported():
    data = csv_file(
        [
            ["Datum", "Mijlpaal", "Wie"],
            ["1-mrt", "Start", "PL"],
            ["", "", "tie"],
            ["", "* Data onder voorbehoud", ""],
            ["", "N.B. Vakanties regio Noord", ""],
        ]
    )
    result = plan(data, "p.csv", year=2025)
    assert [d.title for d in result.creates] == ["Start"]
    assert texts(result.warnings) == [
        'p.csv row 3, column Mijlpaal: "tie" is read as a footnote, not as a milestone.',
        'p.csv row 4, column Mijlpaal: "* Data onder voorbehoud" is read as a footnote, not as '
        "a milestone.",
        'p.csv row 5, column Mijlpaal: "N.B. Vakanties regio Noord" is read as a footnote, not '
        "as a milestone.",
    ]


def test_a_row_without_title_but_with_content_is_a_problem():
    data = csv_file([["Datum", "Mijlpaal", "Wie"], ["1-mrt", "", "PL"]])
    assert texts(plan(data, "p.csv", year=2025).problems) == [
        'p.csv row 2, column Mijlpaal: the row has no title (it holds "1-mrt", "PL").'
    ]


def test_a_workbook_with_a_sheet_per_phase_and_the_cursor_running_on_across_sheets():
    data = xlsx(
        ("Toelichting", [["Deze planning is een concept."]]),
        ("Verkenning", [["Datum", "Mijlpaal"], ["eind nov", "Start"], ["dec", "Verkennen"]]),
        ("Uitwerking", [["Datum", "Mijlpaal"], ["jan", "Uitwerken"], ["begin mrt", "Besluit"]]),
    )
    result = load(data, year=2024)
    assert [row[1:] for row in rows_of(result)] == [
        ("Start", "eind nov", D(2024, 11, 21), D(2024, 11, 30), "Verkenning", []),
        ("Verkennen", "dec", D(2024, 12, 1), D(2024, 12, 31), "Verkenning", []),
        ("Uitwerken", "jan", D(2025, 1, 1), D(2025, 1, 31), "Uitwerking", []),
        ("Besluit", "begin mrt", D(2025, 3, 1), D(2025, 3, 10), "Uitwerking", []),
    ]
    assert list(Phase.objects.values_list("order", "name")) == [
        (1, "Verkenning"),
        (2, "Uitwerking"),
    ]
    assert texts(result.warnings) == [
        "Toelichting: no header row found in its first rows; the sheet is skipped."
    ]
    assert Milestone.objects.get(title="Besluit").source_sheet == "Uitwerking"


def test_a_phase_named_in_a_title_row():
    data = xlsx(("Blad1", [["Mijlpalen fase 2"], ["Einddatum", "Mijlpaal"], ["1-mrt", "Start"]]))
    load(data, year=2024)
    assert list(Phase.objects.values_list("order", "name")) == [(2, "Fase 2")]
    assert Milestone.objects.get().phase.name == "Fase 2"


def test_mixed_excel_date_cells_and_text_dates_follow_the_schedule_cursor():
    data = xlsx(
        (
            "Blad1",
            [
                ["Datum", "Mijlpaal"],
                ["nov", "A"],
                [datetime.datetime(2024, 12, 12), "B"],
                ["22-mei", "C"],  # six months after December: May of the next year
                ["15-mei", "D"],  # slightly out of order: stays in that year
                [datetime.date(2026, 2, 1), "E"],
                ["mrt", "F"],
                ["Q3", "G"],  # July 2025 would be over six months before March 2026
            ],
        )
    )
    result = plan(data, year=2024)
    assert [
        (d.title, d.date.text, d.date.reading.start, d.date.reading.end) for d in result.creates
    ] == [
        ("A", "nov", D(2024, 11, 1), D(2024, 11, 30)),
        ("B", "2024-12-12", D(2024, 12, 12), D(2024, 12, 12)),
        ("C", "22-mei", D(2025, 5, 22), D(2025, 5, 22)),
        ("D", "15-mei", D(2025, 5, 15), D(2025, 5, 15)),
        ("E", "2026-02-01", D(2026, 2, 1), D(2026, 2, 1)),
        ("F", "mrt", D(2026, 3, 1), D(2026, 3, 31)),
        ("G", "Q3", D(2026, 7, 1), D(2026, 9, 30)),
    ]


def test_dates_that_cannot_be_read_are_problems_with_row_and_column():
    data = csv_file(
        [
            ["Einddatum", "Mijlpaal"],
            ["1-mrt", "Start"],
            ["n.t.b.", "Later"],
            ["", "Daarna"],  # continues the unreadable date: said once, pointing back
            ["31 feb", "Nooit"],
            ["week 53", "Te laat"],
        ]
    )
    result = plan(data, "planning.csv", year=2025)
    assert texts(result.problems) == [
        'planning.csv row 3, column Einddatum: "n.t.b." is not a date Regie understands: '
        '"n" is not a month or a date word.',
        "planning.csv row 4, column Einddatum: the row continues the date of row 3, which "
        "cannot be read.",
        'planning.csv row 5, column Einddatum: "31 feb": February has no day 31.',
        'planning.csv row 6, column Einddatum: "week 53": 2025 has no ISO week 53.',
    ]
    assert len(result.creates) == 5


def test_allow_undated_keeps_the_text_and_flags_it_for_attention():
    data = csv_file([["Einddatum", "Mijlpaal"], ["1-mrt", "Start"], ["n.t.b.", "Later"]])
    result = load(data, "planning.csv", year=2025, allow_undated=True)
    later = Milestone.objects.get(title="Later")
    assert (later.date_text, later.start, later.needs_date_attention) == ("n.t.b.", None, True)
    assert list(Milestone.objects.needing_date_attention()) == [later]
    assert texts(result.kept_undated) == [
        'planning.csv row 3, column Einddatum: "n.t.b." is not a date Regie understands: "n" is '
        "not a month or a date word. It is kept undated, with the text as written."
    ]
    assert result.undated == 1


def test_combined_groups_aliases_and_names_with_separators_against_the_catalogue():
    klankbord = TargetGroup.objects.create(name="Klankbordgroep")
    TargetGroupAlias.objects.create(target_group=klankbord, name="Klankbord")
    TargetGroup.objects.create(name="OR/GO")
    TargetGroup.objects.create(name="Colleges")
    data = csv_file(
        [
            ["Datum", "Mijlpaal", "Doelgroep"],
            ["1-mrt", "A", "Colleges, raden en staten"],
            ["2-mrt", "B", "KLANKBORD en experts"],
            ["3-mrt", "C", "OR/GO & colleges"],
            ["4-mrt", "D", "raden/staten"],
            ["5-mrt", "E", "Stuurgroep (A), BOR (i)"],
        ]
    )
    result = load(data, "p.csv", year=2025)
    assert [(d.title, [g.name for g in d.groups]) for d in result.creates] == [
        ("A", ["Colleges", "Raden", "Staten"]),
        ("B", ["Klankbordgroep", "Experts"]),
        ("C", ["OR/GO", "Colleges"]),
        ("D", ["Raden", "Staten"]),
        ("E", ["Stuurgroep", "BOR"]),
    ]
    assert [g.raci for g in result.creates[-1].groups] == ["A", "I"]
    assert texts(result.warnings) == [
        f'p.csv row {row}, column Doelgroep: new target group "{name}": it is not in the '
        "catalogue and will be created."
        for row, name in [
            (2, "Raden"),
            (2, "Staten"),
            (3, "Experts"),
            (6, "Stuurgroep"),
            (6, "BOR"),
        ]
    ]
    assert sorted(TargetGroup.objects.values_list("name", flat=True)) == [
        "BOR",
        "Colleges",
        "Experts",
        "Klankbordgroep",
        "OR/GO",
        "Raden",
        "Staten",
        "Stuurgroep",
    ]


def test_cells_that_do_not_fit_are_problems():
    data = csv_file(
        [
            ["Datum", "Mijlpaal", "Status", "Wie"],
            ["1-mrt", "A" * 501, "gepland", "PL"],
            ["2-mrt", "B", "misschien", "PL"],
            ["3-mrt", "C", "", "W" * 201],
        ]
    )
    assert texts(plan(data, "p.csv", year=2025).problems) == [
        f'p.csv row 2, column Mijlpaal: "{"A" * 40}…" is 501 characters long; at most 500 fit.',
        'p.csv row 3, column Status: "misschien" is not a status Regie knows (planned, in '
        "progress, done, cancelled).",
        f'p.csv row 4, column Wie: "{"W" * 40}…" is 201 characters long; at most 200 fit.',
    ]


def test_a_new_programme_without_any_year_reads_from_this_year_and_says_so():
    result = plan(csv_file([["Datum", "Mijlpaal"], ["1-mrt", "Start"]]), "p.csv")
    year = datetime.date.today().year
    assert result.year == year
    assert texts(result.warnings) == [
        f"p.csv: no year context was given and the schedule names no year; it is read from "
        f"1 January {year}. Use --year to choose another year."
    ]


def test_read_row_kinds_directly():
    from milestones.importing.columns import synonym_table
    from milestones.importing.layout import detect_header

    header = detect_header(("Week", "Actie", "Wie", "GS"), 1, synonym_table())
    kinds = {
        ("Fase 3",): RowKind.PHASE,
        (None, "Fase 2: Uitwerking op hoofdlijnen"): RowKind.PHASE,
        ("41", "Fase 2 trajectbespreking in Briefing", "PI", "X"): RowKind.MILESTONE,
        (None, "Resultaat: Bestuursopdracht"): RowKind.RESULT,
        ("42", "Herfstvakantie"): RowKind.NOTE,
        ("43",): RowKind.DATE_ONLY,
        (None, None, "tie"): RowKind.FOOTNOTE,
    }
    assert {values: read_row("S", 2, values, header).kind for values in kinds} == kinds
    assert read_row("S", 2, (None, None, None), header) is None
