"""Workbook values read by python-calamine where that is safe, by openpyxl elsewhere: the
same rows either way, and no sheet that would make calamine hold billions of cells."""

import datetime
import io
import re
import zipfile

import openpyxl
import pytest
from django.utils import translation
from openpyxl.styles import Font

from milestones.importing import readers, xlsx_values
from milestones.importing.readers import AsideText, XlsxSheet, open_source
from milestones.importing.xlsx_values import CompactSheet
from tests.support.schedules import SAMPLES


def saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(data: bytes) -> tuple[list[type], list[list], str]:
    """The kinds of the sheets, their rows and the document's title."""
    source = open_source(data=data, file_name="plan.xlsx")
    try:
        kinds = [type(sheet) for sheet in source.sheets]
        rows = [
            [(n, values, [type(v) for v in values]) for n, values in s.rows()]
            for s in source.sheets
        ]
        return kinds, rows, source.title
    finally:
        source.close()


def read_by_openpyxl(data: bytes, monkeypatch) -> tuple[list[type], list[list], str]:
    with monkeypatch.context() as patch:
        patch.setattr(xlsx_values, "open_compact", lambda *args: None)
        return read(data)


def varied() -> openpyxl.Workbook:
    """Every kind of value a schedule holds, a table that does not start at A1, notes set
    in italics and in small text, a formula, a title, and a second sheet."""
    workbook = openpyxl.Workbook()
    workbook.properties.title = "  Routekaart 2025 "
    sheet = workbook.active
    sheet.title = "Planning"
    sheet["C2"] = "Mijlpalen fase 1"
    sheet["C2"].font = Font(italic=True)
    rows = [
        ["Datum", "Mijlpaal", "Week", "Klaar", "Tijd", "Opmerking"],
        [datetime.datetime(2025, 3, 1), "Start", 35.0, True, datetime.time(9, 15), " 'tekst "],
        [datetime.datetime(2025, 3, 8, 14, 30), "Vervolg", 36, False, None, "'=SOM(A1)"],
        ["eind sep/begin okt", "Besluit <b>&amp;</b>", 0.25, None, None, "  "],
        [None, "Onder voorbehoud"],
        ["wk 47", "Evaluatie", "=1+2"],
        [None, None, None, None, None, "kleine noot"],
    ]
    for offset, values in enumerate(rows, start=4):
        for column, value in enumerate(values, start=3):
            if value is not None:
                sheet.cell(row=offset, column=column, value=value)
    for column in range(3, 9):
        sheet.cell(row=5, column=column).font = Font(size=11)
    sheet["D8"].font = Font(italic=True)
    sheet["H10"].font = Font(size=8)
    sheet["J10"].font = Font(bold=True)  # styled, without a value: the row ends before it
    second = workbook.create_sheet("Overleggen")
    second.append(["Datum", "Overleg"])
    second.append([datetime.date(2025, 5, 1), "Stuurgroep"])
    return workbook


def test_a_varied_workbook_is_read_by_calamine_as_openpyxl_reads_it(monkeypatch):
    data = saved(varied())
    kinds, rows, title = read(data)
    assert kinds == [CompactSheet, CompactSheet]
    assert read_by_openpyxl(data, monkeypatch) == ([XlsxSheet, XlsxSheet], rows, title)
    assert title == "Routekaart 2025"
    planning = {n: values for n, values, _types in rows[0]}
    assert planning[2] == (None, None, AsideText("Mijlpalen fase 1"))
    assert isinstance(planning[8][3], AsideText)  # "Onder voorbehoud", in italics
    assert isinstance(planning[10][7], AsideText)  # "kleine noot", smaller than the table
    assert planning[5][:5] == (None, None, datetime.datetime(2025, 3, 1), "Start", 35)
    assert len(planning[7]) == 5  # "  " is no text: the row ends at its last value


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.xlsx")), ids=lambda p: p.name)
def test_the_sample_workbooks_are_read_alike_by_both(sample, monkeypatch):
    data = sample.read_bytes()
    kinds, *read_fast = read(data)
    assert set(kinds) == {CompactSheet}
    assert read_fast == list(read_by_openpyxl(data, monkeypatch)[1:])


def rewritten(data: bytes, change) -> bytes:
    """``data`` with its first worksheet's XML changed by ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(info.filename, content)
    return buffer.getvalue()


def one_sheet(*cells: tuple[str, str]) -> bytes:
    workbook = openpyxl.Workbook()
    for place, value in cells:
        workbook.active[place] = value
    return saved(workbook)


@pytest.mark.parametrize(
    "places",
    [
        ("A1", "AAA1"),  # a column past Excel's first 702: a rectangle of thousands
        ("A1", "GS1"),  # the 201st column
        ("A1", "B100000"),  # a six-digit row
        ("A1", "AB10000"),  # wide and long together
    ],
)
def test_a_sheet_whose_cells_lie_far_apart_is_streamed_by_openpyxl(places):
    data = one_sheet(*((place, "x") for place in places))
    source = open_source(data=data, file_name="ver.xlsx")
    assert [type(sheet) for sheet in source.sheets] == [XlsxSheet]
    source.close()


@pytest.mark.parametrize("places", [("A1", "Z99999"), ("A1", "GR9999"), ("C3", "E5")])
def test_a_compact_sheet_is_read_by_calamine(places):
    data = one_sheet(*((place, "x") for place in places))
    source = open_source(data=data, file_name="dicht.xlsx")
    assert [type(sheet) for sheet in source.sheets] == [CompactSheet]
    last = int(re.sub(r"[A-Z]", "", places[1]))
    assert [number for number, _values in source.sheets[0].rows()][-1] == last
    source.close()


def test_cells_that_do_not_name_their_place_are_read_by_openpyxl_alike(monkeypatch):
    data = rewritten(
        saved(varied()), lambda xml: re.sub(rb'(<c|<row)([^>]*?) r="[A-Z]*\d+"', rb"\1\2", xml)
    )
    kinds, *rows = read(data)
    assert kinds == [XlsxSheet, XlsxSheet]  # one workbook, one reader
    assert rows == list(read_by_openpyxl(data, monkeypatch)[1:])


def test_a_sheet_read_in_small_pieces_is_judged_whole(monkeypatch):
    monkeypatch.setattr(xlsx_values, "CHUNK", 7)
    data = one_sheet(("A1", "x"), ("GS1", "y"))
    source = open_source(data=data, file_name="ver.xlsx")
    assert [type(sheet) for sheet in source.sheets] == [XlsxSheet]
    source.close()


def test_too_many_rows_are_refused_by_calamine_too(monkeypatch):
    monkeypatch.setattr(readers, "MAX_ROWS", 3)
    workbook = openpyxl.Workbook()
    for number in range(5):
        workbook.active.append([f"rij {number}"])
    source = open_source(data=saved(workbook), file_name="lang.xlsx")
    assert type(source.sheets[0]) is CompactSheet
    with translation.override("en"), pytest.raises(readers.UnreadableFile, match="than 3 rows"):
        list(source.sheets[0].rows())
    source.close()


def test_column_letters():
    assert [xlsx_values.letters(n) for n in (0, 25, 26, 51, 52, 701, 702)] == [
        b"A",
        b"Z",
        b"AA",
        b"AZ",
        b"BA",
        b"ZZ",
        b"AAA",
    ]


def test_the_styles_give_each_cell_style_its_font():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "cursief"
    workbook.active["A1"].font = Font(italic=True, size=9)
    workbook.active["A2"] = "gewoon"
    data = saved(workbook)
    archive = readers.GuardedZipFile(io.BytesIO(data), file_name="s.xlsx")
    styles = xlsx_values.read_styles(archive, "xl/styles.xml")
    places = xlsx_values.CellPlaces(archive.read("xl/worksheets/sheet1.xml"), styles)
    assert places.font(1, 0) == (True, 9.0)
    assert places.font(2, 0) == (False, 11.0)
    assert places.font(7, 3) == (False, 11.0)  # no such cell: the default style
