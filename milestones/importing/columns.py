"""The columns a schedule can have: how a header names them and how a cell is cleaned.

Like pretix's importers, each kind of column is an object: ``synonyms`` (Dutch and
English, normalised) and ``verbose_name`` (the header our export writes, translated; the
importer knows it in the active language too) find it; ``clean()`` turns a cell into the
value for the milestone's fields or raises :class:`CellError` with the reason.
"""

from __future__ import annotations

import datetime
import enum
import re
from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from milestones.importing.readers import Cell
from phases.dates import Precision
from phases.fuzzy import PRECISION_LABELS
from phases.models import WorkStatus

RESULT_RE = re.compile(r"^(?:resultaat|result)\s*:\s*(.+)$", re.IGNORECASE | re.DOTALL)


class CellError(ValueError):
    """A cell whose value cannot be used; ``str()`` is the reason for the user."""


def cell_text(value: Cell) -> str:
    """A cell as text: dates as ISO dates, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def one_line(text: str) -> str:
    """A multi-line cell for a one-line field, spaces collapsed.

    A line that goes on in lower case continues a sentence Word wrapped ("2 sessies" /
    "van 3 uur"); otherwise lines are sentences, joined with ". " ("Fysiek" / "Dit kan
    ook online").
    """
    if "\n" not in text and "  " not in text and "\t" not in text and "\r" not in text:
        return text.strip()
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
    joined = ""
    for line in filter(None, lines):
        if not joined:
            joined = line
        elif line[0].islower() or line[0].isdigit() or joined[-1] in ",;:(-":
            joined = f"{joined} {line}"
        else:
            joined = f"{joined.rstrip('.')}. {line}"
    return joined


def normalise(text: str) -> str:
    """How header texts and keywords are compared: case-insensitive, spaces collapsed."""
    return re.sub(r"\s+", " ", text).strip().strip(":*").strip().casefold()


_WORD_TABLES: dict[tuple[int, str | None], dict[str, Any]] = {}


def word_table(words: dict[Any, tuple[str, ...]], labels: dict[Any, Promise]) -> dict[str, Any]:
    """Normalised word -> choice: the fixed words and the labels in the active language."""
    key = (id(words), get_language())
    table = _WORD_TABLES.get(key)
    if table is None:
        table = {normalise(str(label)): choice for choice, label in labels.items()}
        table.update({choice.value: choice for choice in labels})  # the stored codes
        table.update({word: choice for choice, items in words.items() for word in items})
        _WORD_TABLES[key] = table
    return table


# -- columns -------------------------------------------------------------------------------


class Column:
    """One kind of column: the header texts that name it and how its cells are cleaned.

    ``verbose_name`` is the header our export writes (translated); the importer knows it
    in the active language as well as the ``synonyms`` (normalised, Dutch and English).
    ``clean()`` turns a cell into the value for ``fields`` and raises CellError when it
    cannot.
    """

    identifier: ClassVar[str]
    verbose_name: ClassVar[Promise]
    synonyms: ClassVar[tuple[str, ...]] = ()
    max_length: ClassVar[int | None] = None

    def clean(self, value: Cell) -> Any:
        text = cell_text(value)
        if self.max_length is not None and len(text) > self.max_length:
            raise CellError(
                gettext('"%(value)s…" is %(length)d characters long; at most %(max)d fit.')
                % {"value": text[:40], "length": len(text), "max": self.max_length}
            )
        return text


class IdColumn(Column):
    identifier = "id"
    verbose_name = _("Id")
    synonyms = ("id", "regie-id", "regie id")

    def clean(self, value: Cell) -> int | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        text = cell_text(value)
        if text.isdigit() and int(text) > 0:
            return int(text)
        raise CellError(gettext('"%(value)s" is not an id (a whole number).') % {"value": text})


class RowKind(enum.Enum):
    MILESTONE = "milestone"
    PHASE = "phase"
    RESULT = "result"  # the phase's deliverable
    NOTE = "note"  # a calendar note: a holiday
    DATE_ONLY = "date_only"  # an empty week or month of a planning grid
    FOOTNOTE = "footnote"


KIND_LABELS: dict[RowKind, Promise] = {
    RowKind.MILESTONE: _("milestone"),
    RowKind.RESULT: _("deliverable"),
    RowKind.NOTE: _("calendar note"),
}


class KindColumn(Column):
    """Our export says what each row is, so a re-import needs no guessing."""

    identifier = "kind"
    verbose_name = _("Kind")
    synonyms = ("soort", "kind", "type")
    words = {
        RowKind.MILESTONE: ("milestone", "mijlpaal", "activiteit"),
        RowKind.RESULT: ("deliverable", "product", "resultaat"),
        RowKind.NOTE: ("calendar note", "note", "notitie", "kalendernotitie", "vakantie"),
    }

    def clean(self, value: Cell) -> RowKind | None:
        if value is None:
            return None
        kind = word_table(self.words, KIND_LABELS).get(normalise(cell_text(value)))
        if kind is not None:
            return kind
        raise CellError(
            gettext('"%(value)s" is not a kind of row Regie knows (%(kinds)s).')
            % {"value": cell_text(value), "kinds": ", ".join(str(k) for k in KIND_LABELS.values())}
        )


class PhaseColumn(Column):
    identifier = "phase"
    verbose_name = _("Phase")
    synonyms = ("fase", "phase")
    max_length = 200


class DateColumn(Column):
    """The date as written: text, an Excel date cell or a week number."""

    identifier = "date"
    verbose_name = _("Date")
    synonyms = (
        "einddatum",
        "datum",
        "deadline",
        "wanneer",
        "oplevering",
        "opleverdatum",
        "maand",
        "periode",
        "termijn",
        "date",
        "when",
        "due",
        "due date",
        "week",
        "wk",
        "weeknummer",
        "weeknr",
        "weeknr.",
    )
    week_synonyms = frozenset({"week", "wk", "weeknummer", "weeknr", "weeknr."})
    max_length = 200

    def clean(self, value: Cell) -> Cell:
        if isinstance(value, str):
            super().clean(value)
        return value


class IntervalColumn(Column):
    """From/Until of our export: the reading of the date, so a re-import lands the same.

    They pin the year of a date text (the text is read near From), and are otherwise
    ignored: the text is what people edit.
    """

    def clean(self, value: Cell) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        return None  # not ours: the text alone decides


class FromColumn(IntervalColumn):
    identifier = "from"
    verbose_name = _("From")
    synonyms = ("van", "vanaf", "from")


class UntilColumn(IntervalColumn):
    identifier = "until"
    verbose_name = _("Until")
    synonyms = ("tot", "tot en met", "t/m", "until")


class PrecisionColumn(Column):
    """Written by our export; the date text decides, but "week" says how to read "35".

    A week read from a Week column is written back as "35" under our Date header; its
    precision tells the importer to read the bare number as a week again.
    """

    identifier = "precision"
    verbose_name = _("Precision")
    synonyms = ("precisie", "precision", "nauwkeurigheid")

    def clean(self, value: Cell) -> bool:
        """Whether the row's date is a week."""
        key = normalise(cell_text(value))
        return bool(key) and key in (
            Precision.WEEK.value,
            normalise(str(PRECISION_LABELS[Precision.WEEK])),
        )


class TitleColumn(Column):
    """The title cell; its extra lines are the description and "Resultaat: …" the result.

    "Optie: …" marks an optional activity (seed 001).
    """

    identifier = "title"
    verbose_name = _("Title")
    synonyms = (
        "mijlpaal",
        "mijlpalen",
        "activiteit",
        "activiteiten",
        "actie",
        "acties",
        "product",
        "producten",
        "taak",
        "taken",
        "onderwerp",
        "titel",
        "wat",
        "title",
        "milestone",
        "activity",
        "action",
        "task",
        "subject",
    )
    max_length = 500
    optional = re.compile(r"^(?:optie|option(?:al)?)\s*:\s*", re.IGNORECASE)

    def clean(self, value: Cell) -> dict[str, Any]:
        lines = [line.strip() for line in cell_text(value).splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            return {}
        title, rest = lines[0], lines[1:]
        fields: dict[str, Any] = {"is_optional": False}
        if match := self.optional.match(title):
            fields["is_optional"] = True
            title = title[match.end() :]
        fields["title"] = super().clean(title)
        description = []
        for line in rest:
            if match := RESULT_RE.match(line):
                fields["result"] = match.group(1).strip()
            else:
                description.append(line)
        if description:
            fields["description"] = "\n".join(description)
        return fields


class GroupsColumn(Column):
    identifier = "target_groups"
    verbose_name = _("Target groups")
    synonyms = (
        "doelgroep",
        "doelgroepen",
        "gremium",
        "gremia",
        "voor wie",
        "target group",
        "target groups",
        "groups",
        "audience",
    )


class LeadColumn(Column):
    identifier = "lead"
    verbose_name = _("Lead")
    synonyms = (
        "wie",
        "wie (lead)",
        "lead",
        "verantwoordelijk",
        "verantwoordelijke",
        "eigenaar",
        "trekker",
        "owner",
        "responsible",
        "who",
    )
    max_length = 200

    def clean(self, value: Cell) -> str:
        return super().clean(one_line(cell_text(value)))


class StatusColumn(Column):
    identifier = "status"
    verbose_name = _("Status")
    synonyms = ("status", "stand van zaken")
    words = {
        WorkStatus.PLANNED: ("gepland", "planned", "open", "nog te doen", "todo", "to do"),
        WorkStatus.IN_PROGRESS: (
            "in progress",
            "in uitvoering",
            "bezig",
            "loopt",
            "lopend",
            "onderhanden",
        ),
        WorkStatus.DONE: ("done", "klaar", "gereed", "afgerond", "gedaan", "voltooid"),
        WorkStatus.CANCELLED: ("cancelled", "canceled", "vervallen", "geannuleerd", "geschrapt"),
    }

    def clean(self, value: Cell) -> str | None:
        if value is None:
            return WorkStatus.PLANNED.value
        table = word_table(self.words, {s: s.label for s in WorkStatus})
        status = table.get(normalise(cell_text(value)))
        if status is not None:
            return status.value
        raise CellError(
            gettext('"%(value)s" is not a status Regie knows (%(statuses)s).')
            % {
                "value": cell_text(value),
                "statuses": ", ".join(str(label) for label in WorkStatus.labels),
            }
        )


WORK_FORM_WORDS = {
    "hybrid": ("hybride", "hybrid"),
    "physical": ("fysiek", "fysieke", "live", "op locatie", "in person"),
    "online": ("online", "teams", "webinar", "zoom", "digitaal"),
}
# What our export writes for a work form without notes; read back as that form alone.
WORK_FORM_EXPORT = {"physical": "Fysiek", "online": "Online", "hybrid": "Hybride"}


class WorkFormColumn(Column):
    """ "Fysiek", "Online", "Hybride" (or Teams, webinar…); the text is kept as notes."""

    identifier = "work_form"
    verbose_name = _("Work form")
    synonyms = ("werkvorm", "work form", "vorm")
    max_length = 300

    def clean(self, value: Cell) -> dict[str, str]:
        text = one_line(cell_text(value))
        lowered = text.casefold()
        found, found_at = "", len(lowered)
        for form, words in WORK_FORM_WORDS.items():
            for word in words:
                match = re.search(rf"\b{re.escape(word)}\b", lowered)
                if match and match.start() < found_at:
                    found, found_at = form, match.start()
        # A bare "Fysiek" is the form itself; anything more is kept as written.
        notes = "" if normalise(text) in WORK_FORM_WORDS.get(found, ()) else text
        return {"work_form": found, "work_form_notes": super().clean(notes)}


class DurationColumn(Column):
    """ "2 sessies van 3 uur": the duration as written and the number of sessions."""

    identifier = "duration"
    verbose_name = _("Duration")
    synonyms = ("duur", "duration", "tijdsduur", "sessies")
    max_length = 200
    sessions = re.compile(r"^(\d{1,3})\s*(?:x\s*)?sessies?\b", re.IGNORECASE)

    def clean(self, value: Cell) -> dict[str, Any]:
        text = super().clean(one_line(cell_text(value)))
        fields: dict[str, Any] = {"duration": text}
        if match := self.sessions.match(text):
            fields["sessions"] = int(match.group(1))
        return fields


class ParticipantsColumn(Column):
    identifier = "participants"
    verbose_name = _("Participants")
    synonyms = ("gewenste inzet van", "inzet van", "deelnemers", "participants")


class ResultColumn(Column):
    identifier = "result"
    verbose_name = _("Result")
    synonyms = ("resultaat", "result", "opbrengst")


class DescriptionColumn(Column):
    identifier = "description"
    verbose_name = _("Description")
    synonyms = ("omschrijving", "beschrijving", "description")


class NotesColumn(Column):
    identifier = "notes"
    verbose_name = _("Notes")
    synonyms = (
        "opmerking",
        "opmerkingen",
        "toelichting",
        "notitie",
        "notities",
        "notes",
        "remarks",
        "comments",
    )


COLUMNS: tuple[Column, ...] = (
    IdColumn(),
    KindColumn(),
    PhaseColumn(),
    DateColumn(),
    FromColumn(),
    UntilColumn(),
    PrecisionColumn(),
    TitleColumn(),
    GroupsColumn(),
    LeadColumn(),
    StatusColumn(),
    WorkFormColumn(),
    DurationColumn(),
    ParticipantsColumn(),
    ResultColumn(),
    DescriptionColumn(),
    NotesColumn(),
)
COLUMNS_BY_ID = {column.identifier: column for column in COLUMNS}


def synonym_table() -> dict[str, Column]:
    """Normalised header text -> column, with the export's labels in the active language."""
    table: dict[str, Column] = {}
    for column in COLUMNS:
        table.setdefault(normalise(str(column.verbose_name)), column)
        for synonym in column.synonyms:
            table.setdefault(synonym, column)
    return table
