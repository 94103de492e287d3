"""A plan written as text: a Word document without tables read as one sheet, "Tekst".

Some plans have no table: result areas as headings, each with a list of results and, under
each result, the line that says when it is due (seed 004)::

    RESULTAATGEBIED Netwerkontwikkeling (OO1.1)
    Doel: …
    Tussen en eindresultaten:
    - Er is een ontwerpadvies gemaakt …
    Korte termijn: medio/eind 2024

This module turns such a document into the rows a spreadsheet with the columns Soort, Fase,
Titel, Wanneer and Omschrijving would have (the column registry's words), so the layout,
the reading and the commit are those of every other file:

* **Heading**: a paragraph in a Word heading style (Heading N, Kop N, Title), or one whose
  first word is in capitals (at least four letters: "RESULTAATGEBIED …", "FASE 2 …").  It
  names the phase of the items below it; a leading word in capitals is left off
  ("RESULTAATGEBIED Netwerkontwikkeling (OO1.1)" is phase "Netwerkontwikkeling (OO1.1)"),
  unless a number follows it ("FASE 2 Ontwerp" stays, so the phase number is read).  A
  heading that ends with ":" ("Tussen en eindresultaten:") is no heading.
* **Item**: a list paragraph (a bullet or number in Word) or one starting with "-", "–",
  "•" or "·" and a space.  Its text is the title of a deliverable of that phase.
* **Date line**: a paragraph (or the last line of the item itself) right after an item of
  the form "label: text", where the label's last word is a word of the date column
  ("termijn", "wanneer", "deadline", "datum", "oplevering", …).  The text after the colon
  is the date as written; the whole line is the deliverable's description.  Further
  paragraphs up to the next item or heading are added to the description.

Rows are numbered in the order of the sheet: the header is row 1, the items rows 2, 4, 6, …
with a blank row between them, so that an item without a date line does not take the date
of the one above (an empty date cell continues the date above only up to a blank row); such
an item is an undated deliverable, as in a table.

A section (a heading and what follows up to the next heading) is part of the plan when at
least one of its items has a date line; then every item of it is a row (an item without a
date is an undated deliverable).  Items before the
first heading, and sections without any dated item, are the document's prose.  Text above
the items of a section ("Doel: …") is not imported: the import has no column for a phase's
goal.  A document with no section of the plan has no tables, for the importer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from milestones.importing.columns import COLUMNS_BY_ID, normalise
from milestones.importing.docx_reader import (
    W_P,
    DocxTable,
    _is_heading,
    _is_list_item,
    _paragraph_text,
)
from milestones.importing.readers import Cell

SHEET_NAME = "Tekst"
HEADER: tuple[Cell, ...] = ("Soort", "Fase", "Titel", "Wanneer", "Omschrijving")
BLANK: tuple[Cell, ...] = (None,) * len(HEADER)
KIND = "resultaat"  # a deliverable (columns.KindColumn)
ITEM_RE = re.compile(r"^[-–•·]\s+(.*)$", re.DOTALL)
CAPITAL_WORD_RE = re.compile(r"^([A-ZÀ-Þ]{4,})\b\s*(.*)$", re.DOTALL)
LABELLED_RE = re.compile(r"^([^:\n]{1,40}):\s*(\S.*)$")


@dataclass
class _Item:
    title: str
    date_text: str = ""
    lines: list[str] = field(default_factory=list)  # the description


@dataclass
class _Section:
    phase: str
    items: list[_Item] = field(default_factory=list)


class TextTable(DocxTable):
    """The synthesized sheet: named "Tekst", not "Tabel N"."""

    @property
    def name(self) -> str:
        return SHEET_NAME


def text_plan(document, file_name: str) -> TextTable | None:
    """The plan of a document without tables, or None when it holds none."""
    sections: list[_Section] = []
    item: _Item | None = None  # the open item, whose date line may follow
    for block in document.element.body.iterchildren():
        if block.tag != W_P:
            continue
        text = _paragraph_text(block).strip()
        if not text:
            continue
        if item is not None and not item.date_text and _date_line(text):
            item.date_text = _date_line(text)
            item.lines.append(text)
            continue
        if phase := _heading(block, text):
            sections.append(_Section(phase))
            item = None
        elif sections and (title := _item_text(block, text)):
            item = _item(title)
            sections[-1].items.append(item)
        elif item is not None:
            item.lines.append(text)
    rows = [
        (KIND, section.phase, item.title, item.date_text, "\n".join(item.lines))
        for section in sections
        if any(item.date_text for item in section.items)
        for item in section.items
    ]
    if not rows:
        return None
    table = TextTable(number=1, caption=SHEET_NAME, file_name=file_name)
    # A blank row between items: an item without a date does not take the one above.
    table.lines = [HEADER]
    for row in rows:
        table.lines.extend([row, BLANK])
    return table


def _date_line(text: str) -> str:
    """The date of "Korte termijn: eind 2024" ("eind 2024"); "" for any other text."""
    match = LABELLED_RE.match(text.strip())
    if not match:
        return ""
    words = normalise(match.group(1)).split()
    date_words = {w for synonym in COLUMNS_BY_ID["date"].synonyms for w in synonym.split()}
    return match.group(2).strip() if words and words[-1] in date_words else ""


def _heading(p, text: str) -> str:
    """The phase a heading names, or "" when the paragraph is no heading."""
    if "\n" in text or text.endswith(":") or _is_list_item(p) or ITEM_RE.match(text):
        return ""
    if match := CAPITAL_WORD_RE.match(text):
        rest = match.group(2).strip()
        if rest and not rest[0].isdigit():
            return rest
        return text
    return text if _is_heading(p) else ""


def _item_text(p, text: str) -> str:
    if match := ITEM_RE.match(text):
        return match.group(1).strip()
    return text if _is_list_item(p) else ""


def _item(text: str) -> _Item:
    """An item; a last line that is a date line is its date ("- Er is …\nKorte termijn: …")."""
    title, _, last = text.rpartition("\n")
    if title and (date := _date_line(last)):
        return _Item(title=title.strip(), date_text=date, lines=[last.strip()])
    return _Item(title=text)
