"""Reading files into rows: CSV dialects and encodings, xlsx cells, and what is refused."""

import codecs
import datetime
import io
import re
import zipfile

import pytest
from django.utils import translation

from milestones.importing import readers
from milestones.importing.readers import UnreadableFile, open_source
from tests.support.schedules import SAMPLES, csv_file, xlsx


def rows(data: bytes, name: str = "planning.csv", sheet: int = 0) -> list:
    source = open_source(data=data, file_name=name)
    try:
        return list(source.sheets[sheet].rows())
    finally:
        source.close()


def refusal(data: bytes, name: str) -> str:
    with translation.override("en"), pytest.raises(UnreadableFile) as caught:
        rows(data, name)
    return str(caught.value)


def test_semicolon_separated_windows_1252_as_dutch_excel_writes_it():
    data = "Einddatum;Mijlpaal;Doelgroep\r\n1-mrt;Overleg café – vóór;BOR\r\n".encode("cp1252")
    assert rows(data) == [
        (1, ("Einddatum", "Mijlpaal", "Doelgroep")),
        (2, ("1-mrt", "Overleg café – vóór", "BOR")),
    ]


def test_utf8_with_bom_and_commas_keeps_line_numbers_of_multi_line_cells():
    text = (
        'Datum,Titel,Doelgroep\n1-mrt,"Kick-off\nprojectteam","Colleges, raden"\n\n'
        "4-apr,Sessie,BOR\n"
    )
    data = codecs.BOM_UTF8 + text.encode()
    assert rows(data) == [
        (1, ("Datum", "Titel", "Doelgroep")),
        (2, ("1-mrt", "Kick-off\nprojectteam", "Colleges, raden")),  # the record starts on line 2
        (5, ("4-apr", "Sessie", "BOR")),  # line 4 is empty
    ]


def test_tab_separated_utf16_as_excel_saves_unicode_text():
    data = "Week\tActie\tGS\r\n35\tOverleg PH\tX\r\n".encode("utf-16")
    assert rows(data, "planning.txt") == [
        (1, ("Week", "Actie", "GS")),
        (2, ("35", "Overleg PH", "X")),
    ]


def test_a_single_column_file_is_read_too():
    assert rows(b"Mijlpaal\nKick-off\n") == [(1, ("Mijlpaal",)), (2, ("Kick-off",))]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ('\'=HYPERLINK("x")', '=HYPERLINK("x")'),
        ("'+31 6 1234", "+31 6 1234"),
        ("'-5 graden", "-5 graden"),
        ("'@home", "@home"),
        ("Maart '19", "Maart '19"),
        ("'19 was een goed jaar", "'19 was een goed jaar"),
        ("  spaties  ", "spaties"),
        ("   ", None),
    ],
)
def test_cells_are_cleaned_and_the_export_apostrophe_is_undone(written, read):
    assert rows(csv_file([["Titel"], [written]]))[1:] == ([(2, (read,))] if read else [])


def test_xlsx_rows_are_numbered_as_excel_shows_them_with_date_and_number_cells():
    data = xlsx(
        (
            "Planning",
            [
                ["Mijlpalen fase 1"],
                [],
                ["Datum", "Mijlpaal", "Week"],
                [datetime.datetime(2025, 3, 1), "Start", 35.0],
                [datetime.date(2025, 3, 8), "Vervolg", 36],
            ],
        )
    )
    assert rows(data, "p.xlsx") == [
        (1, ("Mijlpalen fase 1",)),
        (3, ("Datum", "Mijlpaal", "Week")),
        (4, (datetime.datetime(2025, 3, 1), "Start", 35)),
        (5, (datetime.datetime(2025, 3, 8), "Vervolg", 36)),
    ]


def test_xlsx_with_wrong_stored_dimensions_is_read_completely():
    data = xlsx(
        ("Planning", [["Datum", "Mijlpaal", None, None, "Extra"], ["1-mrt", "A", None, None, "x"]])
    )
    # Some programs write <dimension ref="A1"/> whatever the sheet holds.
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as original, zipfile.ZipFile(buffer, "w") as copy:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', content)
            copy.writestr(item, content)
    assert rows(buffer.getvalue(), "p.xlsx") == [
        (1, ("Datum", "Mijlpaal", None, None, "Extra")),
        (2, ("1-mrt", "A", None, None, "x")),
    ]


def test_several_sheets_in_workbook_order():
    source = open_source(data=xlsx(("Fase 1", [["a"]]), ("Fase 2", [["b"]])), file_name="p.xlsx")
    assert source.sheet_names == ["Fase 1", "Fase 2"]
    assert [list(sheet.rows()) for sheet in source.sheets] == [[(1, ("a",))], [(1, ("b",))]]
    source.close()


def zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "leeg.csv", "leeg.csv is empty."),
        (b"  \r\n ", "leeg.csv", "leeg.csv is empty."),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "oud.xls",
            "oud.xls is an old Excel file (.xls) or another Office document. Open it in Excel "
            "and save it as .xlsx (Excel workbook) or .csv.",
        ),
        (
            b"PK\x03\x04 this is not really a zip",
            "kapot.xlsx",
            "kapot.xlsx is not a spreadsheet Regie can read (a damaged zip file). Save it as "
            ".xlsx (Excel workbook) or .csv.",
        ),
        (
            zip_without_workbook(),
            "brief.docx",
            # A Word document is read for its tables (docx_reader); this one is damaged.
            "brief.docx is not a Word document Regie can read (a damaged Word document). "
            "Open it in Word and save it again as .docx (Word document).",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "foto.png",
            "foto.png is not a spreadsheet Regie can read (not a text file in UTF-8 or "
            "Windows-1252). Save it as .xlsx (Excel workbook) or .csv.",
        ),
    ],
)
def test_what_is_not_a_spreadsheet_is_refused_with_a_message(data, name, message):
    assert refusal(data, name) == message


def test_files_over_the_size_limit_are_refused(monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_SIZE", 1000)
    assert refusal(b"x" * 1001, "groot.csv") == (
        "groot.csv is 1001\xa0bytes; Regie imports files up to 1000\xa0bytes."
    )


def test_too_many_rows_are_refused_while_streaming(monkeypatch):
    monkeypatch.setattr(readers, "MAX_ROWS", 5)
    data = csv_file([["Titel"]] + [[f"rij {n}"] for n in range(10)])
    assert (
        refusal(data, "lang.csv") == "lang.csv has more than 5 rows; split it into smaller files."
    )
    xlsx_data = xlsx(("Blad1", [[f"rij {n}"] for n in range(10)]))
    assert refusal(xlsx_data, "lang.xlsx") == (
        "lang.xlsx has more than 5 rows; split it into smaller files."
    )


def test_too_many_columns_are_refused(monkeypatch):
    monkeypatch.setattr(readers, "MAX_COLUMNS", 3)
    assert refusal(csv_file([["a", "b", "c", "d"]]), "breed.csv") == (
        "breed.csv has more than 3 columns; Regie reads schedules up to that."
    )
    # Empty cells beyond the limit are no reason to refuse.
    assert rows(csv_file([["a", "b", "c", "", ""]])) == [(1, ("a", "b", "c"))]


def test_a_damaged_workbook_is_refused_not_a_traceback():
    data = bytearray(
        xlsx(("Planning", [["Datum", "Mijlpaal"], *[["1-mrt", f"rij {n}"] for n in range(50)]]))
    )
    start = data.index(b"xl/worksheets/sheet1.xml") + 40  # inside the compressed sheet
    data[start : start + 30] = bytes(30)
    assert refusal(bytes(data), "kapot.xlsx") == (
        "kapot.xlsx is not a spreadsheet Regie can read (a damaged Excel workbook). Save it "
        "as .xlsx (Excel workbook) or .csv."
    )
    truncated = (SAMPLES / "sociale_agenda_weekplanning.xlsx").read_bytes()[:5000]
    assert refusal(truncated, "half.xlsx") == (
        "half.xlsx is not a spreadsheet Regie can read (a damaged zip file). Save it as .xlsx "
        "(Excel workbook) or .csv."
    )
