"""Bounded memory and size for imports (issue 16, item 4): parts and cells of an .xlsx
checked while streaming, every text within its field's length as a cell problem, CSV
sniffed on its first lines, a huge CSV field refused in our words, and a quota of
unfinished imports per user. The hostile files are made here, with zipfile."""

import time
import tracemalloc
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from milestones.importing import readers, wizard
from milestones.importing.columns import IMPORTED_TEXT_LIMIT
from milestones.importing.readers import UnreadableFile, open_source, sniff_delimiter
from milestones.models import PendingImport
from tests.support.access import member
from tests.support.factories import ProgrammeFactory
from tests.support.schedules import csv_file, plan, texts, xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MB = 1024 * 1024


PACKAGE = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets>'
        '<sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
    # A1 "Mijlpaal" (shared string 0), A2 shared string 1: the long one.
    "xl/worksheets/sheet1.xml": (
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>'
    ),
    "xl/sharedStrings.xml": (
        f'<sst xmlns="{MAIN}"><si><t>Mijlpaal</t></si><si><t>Start</t></si></sst>'
    ),
}


def workbook(name: str, head: str, filler: bytes, size: int, tail: str) -> bytes:
    """A small workbook whose part ``name`` is head + ``size`` bytes of filler + tail,
    written in chunks (the test never holds the inflated part in memory)."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part_name, text in PACKAGE.items():
            if part_name != name:
                target.writestr(part_name, text)
        with target.open(name, "w", force_zip64=True) as part:
            part.write(head.encode())
            chunk = filler * (MB // len(filler))
            for _ in range(size // len(chunk)):
                part.write(chunk)
            part.write(tail.encode())
    return out.getvalue()


def long_string(filler: bytes, size: int) -> bytes:
    head = f'<sst xmlns="{MAIN}"><si><t>Mijlpaal</t></si><si><t>'
    return workbook("xl/sharedStrings.xml", head, filler, size, "</t></si></sst>")


def refusal(data: bytes) -> str:
    with translation.override("en"), pytest.raises(UnreadableFile) as caught:
        source = open_source(data=data, file_name="bom.xlsx")
        try:
            for sheet in source.sheets:
                list(sheet.rows())
        finally:
            source.close()
    return str(caught.value)


def test_a_190_mb_shared_string_in_a_small_file_is_refused_at_once_without_inflating_it():
    data = long_string(b"A", 190 * MB)
    assert len(data) < 400 * 1024
    tracemalloc.start()
    began = time.perf_counter()
    message = refusal(data)
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert message.startswith("bom.xlsx holds a part that is 190.0")
    assert seconds < 1 and peak < 5 * MB


def test_a_huge_inline_cell_in_a_sheet_is_refused_while_streaming():
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>Mijlpaal</t></is></c></row><row r="2">'
        '<c r="A2" t="inlineStr"><is><t>'
    )
    tail = "</t></is></c></row></sheetData></worksheet>"
    data = workbook("xl/worksheets/sheet1.xml", sheet, b"x", 60 * MB, tail)
    tracemalloc.start()
    message = refusal(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert message == (
        "bom.xlsx has a cell with more text than Excel allows in one cell (32.767 characters); "
        "Regie does not read it."
    )
    assert peak < 10 * MB  # refused after the first run of text, not after the 60 MB


def test_a_long_cell_under_the_part_limit_is_refused_too():
    data = long_string(b"&amp;", 2 * MB)
    assert "more text than Excel allows" in refusal(data)


def test_the_package_of_these_tests_is_read():
    data = workbook("docProps/none.xml", "", b"x", 0, "")  # every part as in PACKAGE
    source = open_source(data=data, file_name="ok.xlsx")
    assert [values for _n, values in source.sheets[0].rows()] == [("Mijlpaal",), ("Start",)]
    source.close()


def test_the_longest_text_excel_allows_is_read():
    text = "&" * readers.MAX_CELL_CHARACTERS  # six bytes each in the XML
    source = open_source(data=xlsx(("Blad1", [["Mijlpaal"], [text]])), file_name="lang.xlsx")
    assert [values for _n, values in source.sheets[0].rows()][1] == (text,)
    source.close()


def test_a_part_read_in_pieces_counts_runs_across_pieces():
    part = readers.GuardedPart(BytesIO(b"<" + b"x" * (readers.MAX_CELL_XML + 1) + b"<"), "f")
    with pytest.raises(UnreadableFile):
        while part.read(1000):
            pass
    part = readers.GuardedPart(BytesIO(b"<" + b"x" * readers.MAX_CELL_XML + b"<"), "f")
    while part.read(1000):
        pass


@pytest.mark.django_db
def test_every_imported_text_is_limited_to_its_field_as_a_cell_problem():
    ProgrammeFactory(slug="test", year=2024)
    long = "lang " * (IMPORTED_TEXT_LIMIT // 5) + "!"
    result = plan(
        xlsx(
            (
                "Planning",
                [
                    ["Einddatum", "Mijlpaal", "Omschrijving", "Wie", "Opmerking"],
                    ["1-mrt", "Start", long, "PL", "kort"],
                    ["2-mrt", "Titel\n" + long, None, "x" * 201, long],
                    ["3-mrt", "Goed", "kort", "PL", None],
                ],
            )
        )
    )
    found = {(n.row, n.column) for n in result.problems}
    assert found == {(2, "Omschrijving"), (3, "Mijlpaal"), (3, "Wie"), (3, "Opmerking")}
    assert texts(result.problems)[0] == (
        f'Planning row 2, column Omschrijving: "{long[:40]}…" is {len(long)} characters '
        f"long; at most {IMPORTED_TEXT_LIMIT} fit."
    )


def test_a_10_mb_csv_field_is_refused_in_our_words():
    data = b'Einddatum;Mijlpaal\n1-mrt;"' + b"x" * (10 * MB) + b'"\n'
    with translation.override("en"), pytest.raises(UnreadableFile) as caught:
        list(open_source(data=data, file_name="groot.csv").sheets[0].rows())
    assert str(caught.value) == (
        "groot.csv has a cell of more than 131.072 characters (from line 2); Regie reads "
        "cells up to that. Is it a schedule?"
    )
    assert "field limit" not in str(caught.value)


def test_the_delimiter_is_sniffed_on_the_first_lines_only():
    text = "Einddatum;Mijlpaal\n" + "1-mrt;Overleg\n" * 1_000_000  # 14 MB
    tracemalloc.start()
    assert sniff_delimiter(text) == ";"
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < MB


def test_csv_rows_are_read_without_copying_the_text():
    data = csv_file([["Einddatum", "Mijlpaal"], *[["1-mrt", "Overleg"]] * 90_000])
    source = open_source(data=data, file_name="lang.csv")
    tracemalloc.start()
    count = sum(1 for _row in source.sheets[0].rows())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 90_001
    assert peak < len(data) // 2


@pytest.mark.django_db
def test_a_user_keeps_at_most_five_unfinished_imports(client):
    programme = ProgrammeFactory(slug="p", year=2024)
    user = member(programme, 30, "pl")
    other = member(programme, 30, "ander")
    data = csv_file([["Einddatum", "Mijlpaal"], ["1-mrt", "Start"]])
    for number in range(1, 6):
        wizard.start_import(
            programme=programme,
            user=user,
            upload=SimpleUploadedFile(f"plan{number}.csv", data),
        )
    wizard.start_import(programme=programme, user=other, upload=SimpleUploadedFile("x.csv", data))
    client.force_login(user)
    with translation.override("en"):
        response = client.post(
            reverse("milestones:import", args=[programme.slug]),
            {"file": SimpleUploadedFile("plan6.csv", data)},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    names = sorted(PendingImport.objects.owned_by(user).values_list("file_name", flat=True))
    assert names == ["plan2.csv", "plan3.csv", "plan4.csv", "plan5.csv", "plan6.csv"]
    assert PendingImport.objects.owned_by(other).count() == 1
    assert "the oldest, plan1.csv, was removed" in response.content.decode()
