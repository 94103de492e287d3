"""Build the Word documents of seeds 001-004 (tests/samples/seed_00N.docx) from their texts.

    python tests/samples/make_seed_documents.py [--seeds DIR] [--out DIR]

The seed texts (tests/samples/seeds/) are the planning documents Regie was designed from,
as text: a table is written either as tab-separated lines (seeds 002 and 003) or as one
line per cell starting with a tab, rows separated by an empty line (seed 001).  This script
turns each back into a .docx with python-docx, tables as the text has them:

* a line of a cell is a paragraph of the cell; "· …" lines and the items of an HTML list
  ("<ul …> - a - b") are Word list items (style List Bullet), as they were in Word;
* "<b>…</b>" and "**…**" are bold, "<sup>e</sup>" a superscript "e" (the space the text
  extraction put before it is dropped: "2 <sup>e</sup> fase" was "2ᵉ fase");
* "#…" lines and short lines (up to 40 characters, no closing punctuation, seeds 002-004)
  are headings; other lines are paragraphs;
* in a table whose rows have different numbers of cells, the grid is the widest row and
  shorter rows end with empty cells.  One exception, seed 003's week planning: a part of
  that table grew a column after "Actie" (its header row has an empty cell there); a row of
  that part with text in the new column and an empty last cell was typed before the column
  was added, so its Actie cell spans the new column (the text extraction lost the merge).

The documents are deterministic (fixed core properties), so running the script again
gives the same tables; commit the script and the documents together.
"""

from __future__ import annotations

import argparse
import datetime
import re
from pathlib import Path

import docx
from docx.document import Document
from docx.table import _Cell

HERE = Path(__file__).resolve().parent
TITLES = {
    "001": "Voorbeeld aanpak en planning",
    "002": "Bestuursopdracht transformatie in de kijk op zorg en hulp voor jeugd en gezin",
    "003": "Projectvoorstel sociale agenda 2009-2012",
    "004": "Ontwikkelopgave MGZ-VG Samen-en-Anders",
}
MOMENT = datetime.datetime(2025, 1, 1, 12, 0)
INLINE_RE = re.compile(r"(<b>|</b>|\*\*|\s*<sup>(.*?)</sup>)")
UL_RE = re.compile(r"^<ul[^>]*>\s*-\s*(.*)$")
HOLIDAY_RE = re.compile(r"vakantie", re.IGNORECASE)


def add_text(paragraph, text: str) -> None:
    """Runs of ``text`` with <b>, ** and <sup> as formatting."""
    bold = False
    position = 0
    for match in INLINE_RE.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()]).bold = bold or None
        token = match.group(1)
        if token in ("<b>", "</b>", "**"):
            bold = token == "<b>" or (token == "**" and not bold)
        else:
            run = paragraph.add_run(match.group(2))
            run.font.superscript = True
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:]).bold = bold or None


def fill_cell(cell: _Cell, lines: list[str]) -> None:
    """The lines of a cell as its paragraphs (the first one exists already)."""
    items: list[tuple[str, bool]] = []
    for line in lines:
        if match := UL_RE.match(line.strip()):
            items += [(item, True) for item in re.split(r"\s+-\s+", match.group(1).strip())]
        elif line.lstrip().startswith("· "):
            items.append((line.lstrip()[2:], True))
        else:
            items.append((line, False))
    for index, (text, bullet) in enumerate(items):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if bullet:
            paragraph.style = "List Bullet"
        add_text(paragraph, text)


def add_table(document: Document, rows: list[list[list[str]]]) -> None:
    """A table of rows of cells of lines (see the module docstring for the grid)."""
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    grew = any(
        len(row) == width and row[1:2] == [["Actie"]] and not "".join(row[2][0:1]).strip()
        for row in rows
    )
    for row, cells in zip(table.rows, rows, strict=True):
        values = list(cells) + [[""]] * (width - len(cells))
        merge = (
            grew
            and width > 3
            and "".join(values[2]).strip()
            and not HOLIDAY_RE.search("".join(values[2]))
            and not "".join(values[-1]).strip()
        )
        if merge:  # typed before the column was added: Actie spans it
            values = [values[0], values[1], *values[2:-1]]
            row.cells[1].merge(row.cells[2])
            targets = [row.cells[0], row.cells[1], *row.cells[3:]]
        else:
            targets = list(row.cells)
        for cell, lines in zip(targets, values, strict=False):
            fill_cell(cell, lines)


def add_paragraph(document: Document, line: str) -> None:
    stripped = line.strip()
    if heading := re.match(r"^(#{1,6})\s*(.*)$", stripped):
        level = min(len(heading.group(1)), 4)
        add_text(document.add_heading("", level=level), heading.group(2).strip("* "))
        return
    if len(stripped) <= 40 and not stripped.endswith((".", ":", ",", ";")) and "*" not in line:
        add_text(document.add_heading("", level=2), stripped)  # "Planning", "Aanleiding"
        return
    paragraph = document.add_paragraph()
    if stripped.startswith("- "):
        paragraph.style = "List Bullet"
        stripped = stripped[2:]
    add_text(paragraph, stripped)


def tabbed_document(document: Document, text: str) -> None:
    """Seeds 002-004: a line with a tab is a table row; other text closes the table."""
    table: list[list[list[str]]] = []
    for line in text.splitlines():
        if "\t" in line:
            table.append([[cell] for cell in line.split("\t")])
            continue
        if not line.strip():
            continue  # an empty line inside a table is a page break of the extraction
        if table:
            add_table(document, table)
            table = []
        add_paragraph(document, line)
    if table:
        add_table(document, table)


def cell_per_line_document(document: Document, text: str) -> None:
    """Seed 001: paragraphs, then a table of one line per cell (a tab starts a cell)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("\t"))
    for line in lines[:start]:
        if line.strip():
            add_paragraph(document, line.replace("[bookmark: _GoBack]", ""))
    rows: list[list[list[str]]] = []
    row: list[list[str]] = []
    for line in lines[start:]:
        if line == "":
            if row:
                rows.append(row)
            row = []
        elif line.startswith("\t"):
            row.append([line[1:]])
        elif row:
            row[-1].append(line)
    if row:
        rows.append(row)
    add_table(document, rows)


def build(seed: Path, out: Path) -> Path:
    number = seed.name[:3]
    document = docx.Document()
    properties = document.core_properties
    properties.title = TITLES[number]
    properties.author = "Regie"
    properties.created = properties.modified = MOMENT
    properties.revision = 1
    text = seed.read_text(encoding="utf-8")
    if number == "001":
        cell_per_line_document(document, text)
    else:
        tabbed_document(document, text)
    target = out / f"seed_{number}.docx"
    document.save(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=HERE / "seeds")
    parser.add_argument("--out", type=Path, default=HERE)
    arguments = parser.parse_args()
    for seed in sorted(arguments.seeds.glob("00[1-4]_*.txt")):
        print(build(seed, arguments.out))


if __name__ == "__main__":
    main()
