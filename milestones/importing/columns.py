"""The registry of a schedule's columns: one object per column, for import and export.

Like pretix's ``ImportColumn``, each column knows

* how a header names it: ``synonyms`` (Dutch and English, normalised) and
  ``verbose_name`` (the header our export writes; for a column of a model field the
  field's verbose name, so the importer also knows it in the active language);
* its model ``field`` on Milestone: its ``max_length`` and label come from
  ``Milestone._meta.get_field()``, never restated;
* how to clean a cell (``clean()``, raising :class:`CellError` with the reason) into the
  milestone's field values (``values()``), how to ``assign()`` those to a milestone, how
  to ``compare()`` them with a stored milestone for a re-import;
* how to export it: ``export()`` (a spreadsheet cell), ``json_values()`` (the JSON
  export) and, for the columns a deliverable row fills, ``deliverable_field``.

Adding a text field to milestones: the model field and its migration, one
:class:`TextColumn` in :data:`COLUMNS`, and the field in the edit form.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar

from django.db import models
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from milestones.importing.readers import Cell
from milestones.models import Milestone
from phases.dates import Precision
from phases.fuzzy import PRECISION_LABELS
from phases.models import Phase, WorkStatus

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


#: What an import writes into a text field that has no ``max_length`` of its own (a
#: milestone's description, result, participants, notes; a deliverable's description): a
#: few pages of text. A schedule's cell holds less; a longer one is a mistake, or an attack
#: (a 157-million-character description once made a 157 MB milestone page).
IMPORTED_TEXT_LIMIT = 10_000


def max_length(model: type[models.Model], name: str) -> int | None:
    """The most characters an import writes into ``model.name``, from the model itself:
    its ``max_length``, or :data:`IMPORTED_TEXT_LIMIT` for a text field without one."""
    field = model._meta.get_field(name)
    if field.max_length is None and isinstance(field, models.TextField):
        return IMPORTED_TEXT_LIMIT
    return field.max_length


def fit(text: str, model: type[models.Model], name: str) -> str:
    """``text`` cut to what ``model.name`` holds (for values checked before, or our own)."""
    return text[: max_length(model, name)]


def field_label(name: str, model: type[models.Model] = Milestone) -> str:
    """The verbose name of a model field, as a change in the preview names it."""
    return str(model._meta.get_field(name).verbose_name)


def too_long(text: str, maximum: int) -> str:
    return gettext('"%(value)s…" is %(length)d characters long; at most %(max)d fit.') % {
        "value": text[:40],
        "length": len(text),
        "max": maximum,
    }


def display(value: Any) -> str:
    """A stored or imported value as a change in the preview shows it."""
    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    if value is None:
        return ""
    if isinstance(value, str) and value in WorkStatus.values:
        return str(WorkStatus(value).label)
    return str(value)


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


_LABELS: dict[tuple[int, str | None], dict[Any, str]] = {}


def translated(labels: dict[Any, Promise]) -> dict[Any, str]:
    """``labels`` (a module-level dict) in the active language, translated once per language.

    An export writes a label per row: a lazy string's translation is looked up every time it
    is turned into text, 14 % of a 10,000-row export.
    """
    key = (id(labels), get_language())
    table = _LABELS.get(key)
    if table is None:
        table = _LABELS[key] = {choice: str(label) for choice, label in labels.items()}
    return table


# -- columns -------------------------------------------------------------------------------


class Column:
    """One kind of column (see the module docstring); subclasses set the class attributes."""

    identifier: ClassVar[str]
    synonyms: ClassVar[tuple[str, ...]] = ()
    #: the Milestone field this column fills (None: it only steers the import)
    field: ClassVar[str | None] = None
    #: the Milestone fields ``values()`` gives (default: ``field``)
    fields: ClassVar[tuple[str, ...]] = ()
    #: the export's header of a column without a model field of its own
    header: ClassVar[Promise | None] = None
    #: the Deliverable field a result row's cell of this column fills and exports
    deliverable_field: ClassVar[str | None] = None

    @property
    def verbose_name(self) -> str | Promise:
        if self.header is not None:
            return self.header
        return capfirst(Milestone._meta.get_field(self.field).verbose_name)

    @property
    def max_length(self) -> int | None:
        return max_length(Milestone, self.field) if self.field else None

    @property
    def model_fields(self) -> tuple[str, ...]:
        return self.fields or ((self.field,) if self.field else ())

    # -- import ---------------------------------------------------------------------------
    def clean(self, value: Cell) -> Any:
        text = cell_text(value)
        if self.max_length is not None and len(text) > self.max_length:
            raise CellError(too_long(text, self.max_length))
        return text

    def values(self, cleaned: Any) -> dict[str, Any]:
        """Model field -> value of a cleaned cell."""
        if self.field is None:
            return {}
        return {self.field: "" if cleaned is None else cleaned}

    def assign(self, values: dict[str, Any], milestone: Milestone) -> None:
        """Set this column's fields of ``milestone`` that ``values`` holds."""
        for name in self.model_fields:
            if name in values:
                setattr(milestone, name, values[name])

    def compare(self, values: dict[str, Any], milestone: Milestone) -> list[Any]:
        """``(label, old, new)`` of each of this column's fields that ``values`` changes."""
        return [
            (field_label(name), display(getattr(milestone, name)), display(values[name]))
            for name in self.model_fields
            if name in values and getattr(milestone, name) != values[name]
        ]

    # -- export ---------------------------------------------------------------------------
    def export(self, milestone: Milestone) -> Any:
        """The spreadsheet cell of ``milestone`` (our importer reads it back the same).

        ``milestone`` is a model instance or a record of ``milestones.exports`` (the same
        attributes, read with ``values()``).
        """
        return self.cell(getattr(milestone, self.field)) if self.field else ""

    def cell(self, value: Any) -> Any:
        """A stored value as the spreadsheet export writes it."""
        return value

    def exporter(self) -> Callable[[Any], Any]:
        """``export`` for many rows: labels in the active language looked up once, here.

        A column that writes its field as stored reads it with ``attrgetter`` (no method
        call per row: a 10,000-row export calls this 170,000 times).
        """
        plain = type(self).export is Column.export and type(self).cell is Column.cell
        if plain and self.field:
            return attrgetter(self.field)
        return self.export

    def json_values(self, milestone: Milestone) -> dict[str, Any]:
        """Keys and values of the JSON export (none for most columns)."""
        return {}


class TextColumn(Column):
    """A field of a milestone that a column sets as it is (after ``clean()``)."""


class JsonTextColumn(TextColumn):
    """A text field the JSON export also carries, under the field's name."""

    def json_values(self, milestone: Milestone) -> dict[str, Any]:
        return {self.field: getattr(milestone, self.field)}


class IdColumn(Column):
    identifier = "id"
    header = _("Id")
    synonyms = ("id", "regie-id", "regie id")

    def export(self, obj: Any) -> int:
        return obj.pk

    def json_values(self, milestone: Milestone) -> dict[str, Any]:
        return {"id": milestone.pk}

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
    header = _("Kind")
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

    def export(self, obj: Any, kind: RowKind = RowKind.MILESTONE) -> str:
        return translated(KIND_LABELS)[kind]

    def exporter(self) -> Callable[[Any], str]:
        label = self.export(None)
        return lambda milestone: label


class PhaseColumn(Column):
    """The phase by name; the plan resolves it (``reading.PhaseBook``)."""

    identifier = "phase"
    field = "phase"
    synonyms = ("fase", "phase")

    @property
    def max_length(self) -> int | None:
        return max_length(Phase, "name")

    def values(self, cleaned: Any) -> dict[str, Any]:
        return {}  # a relation: the plan resolves and commits it

    def export(self, obj: Any) -> str:
        phase = getattr(obj, "phase", None)
        return phase.name if phase else ""

    def json_values(self, milestone: Milestone) -> dict[str, Any]:
        return {"phase": milestone.phase.name if milestone.phase else None}


class DateColumn(Column):
    """The date as written: text, an Excel date cell or a week number."""

    identifier = "date"
    field = "date_text"
    header = _("Date")
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

    def clean(self, value: Cell) -> Cell:
        if isinstance(value, str):
            super().clean(value)
        return value

    def values(self, cleaned: Any) -> dict[str, Any]:
        return {}  # read with the schedule cursor: ``reading.DateReader``

    def json_values(self, milestone: Milestone) -> dict[str, Any]:
        return date_json(milestone)


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
    header = _("From")
    synonyms = ("van", "vanaf", "from")

    def export(self, obj: Any) -> datetime.date | None:
        return obj.start


class UntilColumn(IntervalColumn):
    identifier = "until"
    header = _("Until")
    synonyms = ("tot", "tot en met", "t/m", "until")

    def export(self, obj: Any) -> datetime.date | None:
        return obj.end


class PrecisionColumn(Column):
    """Written by our export; the date text decides, but "week" says how to read "35".

    A week read from a Week column is written back as "35" under our Date header; its
    precision tells the importer to read the bare number as a week again.
    """

    identifier = "precision"
    header = _("Precision")
    synonyms = ("precisie", "precision", "nauwkeurigheid")

    def clean(self, value: Cell) -> bool:
        """Whether the row's date is a week."""
        key = normalise(cell_text(value))
        return bool(key) and key in (
            Precision.WEEK.value,
            normalise(str(PRECISION_LABELS[Precision.WEEK])),
        )

    def export(self, obj: Any) -> str:
        return self.exporter()(obj)

    def exporter(self) -> Callable[[Any], str]:
        labels = {**translated(PRECISION_LABELS), "": ""}
        return lambda obj: labels[obj.precision]


class TitleColumn(Column):
    """The title cell; its extra lines are the description and "Resultaat: …" the result.

    "Optie: …" marks an optional activity (seed 001).
    """

    identifier = "title"
    field = "title"
    fields = ("title", "is_optional")
    deliverable_field = "title"
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
    optional = re.compile(r"^(?:optie|option(?:al)?)\s*:\s*", re.IGNORECASE)
    #: how our export writes an optional activity (as the seeds do); read back by ``clean``
    optional_prefix = "Optie: "

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
        for name in ("description", "result"):  # the lines under the title, checked as cells
            limit = max_length(Milestone, name)
            if len(fields.get(name, "")) > limit:
                raise CellError(too_long(fields[name], limit))
        return fields

    def values(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        # Lines of the title cell for other fields go where those columns are not given:
        # ``reading.RowReader.read_milestone``.
        return {key: value for key, value in cleaned.items() if key in self.fields}

    def export(self, obj: Any) -> str:
        return (
            f"{self.optional_prefix}{obj.title}"
            if getattr(obj, "is_optional", False)
            else obj.title
        )

    def json_values(self, milestone: Milestone) -> dict[str, Any]:
        return {"title": milestone.title}


class GroupsColumn(Column):
    """ "Colleges, raden en staten": names the plan finds in the catalogue (``groups.py``);
    the X-matrix columns are read with it."""

    identifier = "target_groups"
    field = "target_groups"
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

    def values(self, cleaned: Any) -> dict[str, Any]:
        return {}  # a relation: ``milestones.involvements`` writes it

    def export(self, milestone: Milestone) -> str:
        return ", ".join(
            f"{i.target_group.name} ({i.raci})" if i.raci else i.target_group.name
            for i in milestone.involvements.all()
        )

    def exporter(self) -> Callable[[Any], str]:
        """Many milestones share their groups: the text of each combination is built once."""
        texts: dict[tuple, str] = {}

        def export(milestone: Any) -> str:
            involvements = milestone.involvements.all()
            if not isinstance(involvements, tuple):  # a model instance's related manager
                return self.export(milestone)
            text = texts.get(involvements)
            if text is None:
                text = texts[involvements] = self.export(milestone)
            return text

        return export

    def json_values(self, milestone: Milestone) -> dict[str, Any]:
        return {"target_groups": [i.target_group.name for i in milestone.involvements.all()]}


class LeadColumn(JsonTextColumn):
    identifier = "lead"
    field = "lead"
    deliverable_field = "owner"
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

    def clean(self, value: Cell) -> str:
        return super().clean(one_line(cell_text(value)))


class StatusColumn(JsonTextColumn):
    identifier = "status"
    field = "status"
    deliverable_field = "status"
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

    def cell(self, value: str) -> str:
        return translated(STATUS_LABELS)[value]

    def exporter(self) -> Callable[[Any], str]:
        labels = translated(STATUS_LABELS)
        return lambda milestone: labels[milestone.status]


STATUS_LABELS: dict[WorkStatus, Promise] = {status: status.label for status in WorkStatus}

WORK_FORM_WORDS = {
    "hybrid": ("hybride", "hybrid"),
    "physical": ("fysiek", "fysieke", "live", "op locatie", "in person"),
    "online": ("online", "teams", "webinar", "zoom", "digitaal"),
}
# What our export writes for a work form without notes; read back as that form alone.
WORK_FORM_EXPORT = {"physical": "Fysiek", "online": "Online", "hybrid": "Hybride"}


class WorkFormColumn(TextColumn):
    """ "Fysiek", "Online", "Hybride" (or Teams, webinar…); the text is kept as notes."""

    identifier = "work_form"
    field = "work_form"
    fields = ("work_form", "work_form_notes")
    synonyms = ("werkvorm", "work form", "vorm")

    @property
    def max_length(self) -> int | None:
        return max_length(Milestone, "work_form_notes")

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

    def values(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        return cleaned

    def export(self, milestone: Milestone) -> str:
        return milestone.work_form_notes or WORK_FORM_EXPORT.get(milestone.work_form, "")


class DurationColumn(TextColumn):
    """ "2 sessies van 3 uur": the duration as written and the number of sessions."""

    identifier = "duration"
    field = "duration"
    fields = ("duration", "sessions")
    synonyms = ("duur", "duration", "tijdsduur", "sessies")
    sessions = re.compile(r"^(\d{1,3})\s*(?:x\s*)?sessies?\b", re.IGNORECASE)

    def clean(self, value: Cell) -> dict[str, Any]:
        text = super().clean(one_line(cell_text(value)))
        fields: dict[str, Any] = {"duration": text}
        if match := self.sessions.match(text):
            fields["sessions"] = int(match.group(1))
        return fields

    def values(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        return cleaned


class ParticipantsColumn(TextColumn):
    identifier = "participants"
    field = "participants"
    synonyms = ("gewenste inzet van", "inzet van", "deelnemers", "participants")


class ResultColumn(TextColumn):
    identifier = "result"
    field = "result"
    synonyms = ("resultaat", "result", "opbrengst")


class DescriptionColumn(TextColumn):
    identifier = "description"
    field = "description"
    deliverable_field = "description"
    synonyms = ("omschrijving", "beschrijving", "description")


class NotesColumn(TextColumn):
    identifier = "notes"
    field = "notes"
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
#: Milestone field -> the column that fills it, for the fields a row's values hold
COLUMN_OF_FIELD = {name: column for column in COLUMNS for name in column.model_fields}
#: columns of plain milestone fields a sheet sets, besides the title (read with its lines)
FIELD_COLUMNS = tuple(column for column in COLUMNS if isinstance(column, TextColumn))
#: Deliverable fields a result row may set, besides its title
DELIVERABLE_FIELDS = tuple(c.deliverable_field for c in FIELD_COLUMNS if c.deliverable_field)


def columns_of(values: dict[str, Any]) -> list[Column]:
    """The columns whose fields ``values`` holds, in the order of those fields."""
    key = tuple(values)
    columns = _COLUMNS_OF.get(key)
    if columns is None:  # rows of a sheet share their keys: looked up once
        columns = _COLUMNS_OF[key] = list(dict.fromkeys(COLUMN_OF_FIELD[name] for name in key))
    return columns


_COLUMNS_OF: dict[tuple[str, ...], list[Column]] = {}


def date_json(obj: Any) -> dict[str, Any]:
    """The date fields of a dated object in the JSON export, ISO dates."""
    return {
        "date_text": obj.date_text,
        "start": obj.start.isoformat() if obj.start else None,
        "end": obj.end.isoformat() if obj.end else None,
        "precision": obj.precision or None,
        "dates": list(obj.dates),
    }


def synonym_table() -> dict[str, Column]:
    """Normalised header text -> column, with the export's labels in the active language."""
    table: dict[str, Column] = {}
    for column in COLUMNS:
        table.setdefault(normalise(str(column.verbose_name)), column)
        for synonym in column.synonyms:
            table.setdefault(synonym, column)
    return table
