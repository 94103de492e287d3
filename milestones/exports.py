"""Exports of a schedule: JSON, CSV and Excel, for a programme or any milestone selection.

As in pretix's ``base/exporter.py`` an exporter has an ``identifier``, a (translated)
``verbose_name`` and ``render() -> (filename, content_type, bytes)``; ``EXPORTERS`` is
the registry.  Give ``programme=`` for the whole schedule (milestones, deliverables,
calendar notes) or ``milestones=`` for a selection (the milestone table's current
filter); access is the caller's business (filter with ``visible_to(user)`` first).

The spreadsheet exports round-trip: importing one again changes nothing.  They carry our
id column, the kind of each row, the phase as a column (sheet names cannot hold one: 31
characters, no ":"), the date as written plus the interval it was read as (From/Until pin
the year, so no ``--year`` is needed), and a title row with the year context.  Values
that start with ``=``, ``+``, ``-`` or ``@`` are written as text in Excel and get an
apostrophe in CSV; the importer takes that apostrophe off again.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, ClassVar, NamedTuple

import openpyxl
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from milestones.importing.columns import COLUMNS, COLUMNS_BY_ID, RowKind, date_json
from milestones.importing.readers import neutralise
from milestones.models import CalendarNote, Involvement, Milestone
from phases.models import Deliverable, Phase, Programme
from stakeholders.models import TargetGroup

# The spreadsheet exports write every column of the importer's registry, in its order.
EXPORT_COLUMNS = tuple(column.identifier for column in COLUMNS)
# Columns every row has: milestones, deliverables and calendar notes alike.
DATED_COLUMNS = ("id", "phase", "date", "from", "until", "precision", "title")
COLUMN_WIDTHS = {"title": 60, "target_groups": 30, "phase": 24, "date": 18, "lead": 20}


class PhaseRef(NamedTuple):
    name: str
    order: int


class GroupRef(NamedTuple):
    name: str


class InvolvementRef(NamedTuple):
    target_group: GroupRef
    raci: str


class Involvements(tuple):
    """A milestone's target groups as read: answers ``.all()`` as the related manager does."""

    def all(self) -> Involvements:
        return self


class MilestoneRecord(tuple):
    """A milestone as the columns export it: its fields as attributes, no model instance.

    A named tuple of one ``values_list()`` row (see :func:`record_type`) plus ``phase``, a
    :class:`PhaseRef` (or None), and ``involvements``, whose ``all()`` gives the target groups
    by name; ``pk`` is the id.  The column registry reads a record as it reads a milestone.
    """

    __slots__ = ()
    pk: int
    phase_id: int | None
    phase: PhaseRef | None
    involvements: Involvements


@functools.cache
def record_type(fields: tuple[str, ...]) -> type[MilestoneRecord]:
    """The record class of rows of ``fields`` (which hold ``id`` and ``phase_id``)."""
    names = (*fields, "phase", "involvements")
    attributes = {name: property(itemgetter(index)) for index, name in enumerate(names)}
    attributes["pk"] = attributes["id"]
    return type("MilestoneRecord", (MilestoneRecord,), {"__slots__": (), **attributes})


MILESTONE_FIELDS = tuple(field.attname for field in Milestone._meta.concrete_fields)
# What the spreadsheets' columns read: their fields, the interval, the phase (no JSON to decode).
SHEET_FIELDS = tuple(
    name
    for name in MILESTONE_FIELDS
    if name in {"id", "phase_id", "start", "end", "precision", "date_text"}
    or name in {field for column in COLUMNS for field in column.model_fields}
)


def milestone_records(
    milestones: QuerySet[Milestone], *, fields: tuple[str, ...] = MILESTONE_FIELDS
) -> list[MilestoneRecord]:
    """``milestones`` in schedule order as records: four queries, rows of ``values_list()``."""
    phases = {
        pk: PhaseRef(name, order)
        for pk, name, order in Phase.objects.filter(
            pk__in=milestones.values("phase_id")
        ).values_list("pk", "name", "order")
    }
    groups = involvement_refs(milestones)
    none = Involvements()
    record, new = record_type(fields), tuple.__new__
    phase_at = fields.index("phase_id")
    rows = _driver_rows(milestones.order_by("phase__order", "start", "end", "pk"), fields)
    return [
        new(record, (*row, phases.get(row[phase_at]), groups.get(row[0], none))) for row in rows
    ]


#: Fields whose values come from the database driver as Django would make them: psycopg
#: reads dates and booleans itself, and Django's SQLite connection registers converters for
#: ``date`` and ``bool`` columns with the sqlite3 module.
DRIVER_TYPES = frozenset(
    {"AutoField", "BooleanField", "CharField", "DateField", "ForeignKey", "TextField"}
    | {"BigAutoField", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField"}
)


def _driver_rows(milestones: QuerySet[Milestone], fields: tuple[str, ...]) -> list[tuple]:
    """``values_list(*fields)`` of ``milestones``; plain fields read without Django's
    converters, which change nothing for them (a fifth of reading 10,000 rows on SQLite)."""
    rows = milestones.values_list(*fields)
    if any(
        Milestone._meta.get_field(name).get_internal_type() not in DRIVER_TYPES for name in fields
    ):
        return list(rows)
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # ``none()``, ``pk__in=[]``: nothing to ask the database
        return []
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def involvement_refs(milestones: QuerySet[Milestone]) -> dict[int, Involvements]:
    """Milestone id -> its target groups in name order (the database's), with RACI letters.

    Read without a join: the groups' names (a few) in one query, who is involved in another.
    """
    involvements = Involvement.objects.filter(milestone__in=milestones.values("pk")).order_by()
    by_group: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)
    for milestone_id, group_id, raci in involvements.values_list(
        "milestone_id", "target_group_id", "raci"
    ):
        by_group[group_id].append((milestone_id, raci))
    groups: defaultdict[int, list[InvolvementRef]] = defaultdict(list)
    names = TargetGroup.objects.filter(pk__in=list(by_group)).order_by("name", "pk")
    for group_id, name in names.values_list("pk", "name"):
        refs: dict[str, InvolvementRef] = {}  # a few letters, shared by many rows
        for milestone_id, raci in by_group[group_id]:
            ref = refs.get(raci)
            if ref is None:
                ref = refs[raci] = InvolvementRef(GroupRef(name), raci)
            groups[milestone_id].append(ref)
    # Many milestones share a combination: one tuple each (fewer objects for the collector).
    combinations: dict[tuple[InvolvementRef, ...], Involvements] = {}
    shared = {}
    for milestone_id, refs in groups.items():
        key = tuple(refs)
        combination = combinations.get(key)
        if combination is None:
            combination = combinations[key] = Involvements(key)
        shared[milestone_id] = combination
    return shared


class Exporter:
    """One export format.  Subclasses set the class attributes and ``content()``."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[Promise]
    extension: ClassVar[str]
    content_type: ClassVar[str]
    #: the milestone fields the format writes
    record_fields: ClassVar[tuple[str, ...]] = SHEET_FIELDS

    def __init__(
        self, *, programme: Programme | None = None, milestones: QuerySet[Milestone] | None = None
    ) -> None:
        if programme is None and milestones is None:
            raise TypeError("give a programme or a milestone queryset")
        self.programme = programme
        self.whole_programme = milestones is None
        if milestones is None:
            milestones = Milestone.objects.filter(programme=programme)
        self.milestones = milestones
        self._milestone_list: list[MilestoneRecord] | None = None

    def render(self) -> tuple[str, str, bytes]:
        """(file name, content type, content) of the export."""
        return f"{self.base_name()}.{self.extension}", self.content_type, self.content()

    def content(self) -> bytes:
        raise NotImplementedError

    def base_name(self) -> str:
        return self.programme.slug if self.programme else slugify(gettext("milestones"))

    # -- what is exported -----------------------------------------------------------------
    def milestone_list(self) -> list[MilestoneRecord]:
        """The selected milestones as plain records, in schedule order (read once).

        Rows of ``values()`` and one query for their target groups: a 10,000-row export
        builds no model instances.
        """
        if self._milestone_list is None:
            self._milestone_list = milestone_records(self.milestones, fields=self.record_fields)
        return self._milestone_list

    def phase_list(self) -> list[Phase]:
        if self.whole_programme:
            return list(self.programme.phases.order_by("order"))
        ids = {m.phase_id for m in self.milestone_list() if m.phase_id}
        return list(Phase.objects.filter(pk__in=ids).order_by("programme", "order"))

    def deliverable_list(self) -> list[Deliverable]:
        if not self.whole_programme:
            return []
        return list(
            Deliverable.objects.filter(phase__programme=self.programme)
            .select_related("phase")
            .order_by("phase__order", "start", "pk")
        )

    def note_list(self) -> list[CalendarNote]:
        if not self.whole_programme:
            return []
        return list(self.programme.calendar_notes.order_by("start", "pk"))

    def rows(self, text: Callable[[str], str] | None = None) -> list[Sequence[Any]]:
        """The spreadsheet rows (cells in EXPORT_COLUMNS order), in date order.

        ``text`` rewrites the texts of the cells (the CSV's formula guard).
        """
        records = self.milestone_list()
        # Column by column: a plain field or a label is read over all records at C speed,
        # without a Python call per cell.
        columns = [list(map(column.exporter(), records)) for column in COLUMNS]
        if text is not None:
            columns = [_rewritten(column, text) for column in columns]
        rows: list[Sequence[Any]] = list(zip(*columns, strict=True))
        orders = [m.phase.order if m.phase else 0 for m in records]
        for d in self.deliverable_list():
            row = _dated(d, RowKind.RESULT)
            row.update(
                (c.identifier, c.cell(getattr(d, c.deliverable_field)))
                for c in COLUMNS
                if c.deliverable_field and c.identifier != "title"
            )
            rows.append(_cells(row, text))
            orders.append(d.phase.order)
        for n in self.note_list():
            rows.append(_cells(_dated(n, RowKind.NOTE), text))
            orders.append(0)
        # Date order (undated last); the From/Until columns make the order safe to change.
        start, end = EXPORT_COLUMNS.index("from"), EXPORT_COLUMNS.index("until")
        earliest = datetime.date.min
        keys = [
            (row[start] is None, row[start] or earliest, row[end] or earliest, order)
            for row, order in zip(rows, orders, strict=True)
        ]
        return [rows[i] for i in sorted(range(len(rows)), key=keys.__getitem__)]


def _rewritten(column: list[Any], text: Callable[[str], str]) -> list[Any]:
    """``text`` of each string in ``column``, worked out once per distinct value."""
    changed = {value: text(value) for value in set(column) if type(value) is str}
    changed = {value: new for value, new in changed.items() if new != value}
    return [changed.get(value, value) for value in column] if changed else column


def _cells(row: dict[str, Any], text: Callable[[str], str] | None) -> list[Any]:
    cells = [row[name] for name in EXPORT_COLUMNS]
    return _rewritten(cells, text) if text is not None else cells


def _dated(obj: Any, kind: RowKind) -> dict[str, Any]:
    """The row of a deliverable or calendar note: the columns every dated thing has."""
    row = dict.fromkeys(EXPORT_COLUMNS, "")
    row.update((name, COLUMNS_BY_ID[name].export(obj)) for name in DATED_COLUMNS)
    row["kind"] = COLUMNS_BY_ID["kind"].export(obj, kind)
    return row


def headers() -> list[str]:
    return [str(column.verbose_name) for column in COLUMNS]


class JSONExporter(Exporter):
    identifier = "json"
    verbose_name = _("JSON (for other programs)")
    extension = "json"
    content_type = "application/json"
    record_fields = MILESTONE_FIELDS

    def content(self) -> bytes:
        programme = self.programme
        data = {
            "programme": (
                {
                    "name": programme.name,
                    "slug": programme.slug,
                    "year": programme.year,
                    "description": programme.description,
                }
                if programme
                else None
            ),
            "phases": [
                {"name": p.name, "order": p.order, "start": _iso(p.start), "end": _iso(p.end)}
                for p in self.phase_list()
            ],
            "milestones": [
                {key: value for c in COLUMNS for key, value in c.json_values(m).items()}
                for m in self.milestone_list()
            ],
            "deliverables": [
                {
                    "id": d.pk,
                    "title": d.title,
                    "phase": d.phase.name,
                    **date_json(d),
                    "status": d.status,
                    "owner": d.owner,
                }
                for d in self.deliverable_list()
            ],
            "notes": [{"id": n.pk, "title": n.title, **date_json(n)} for n in self.note_list()],
        }
        return json.dumps(data, ensure_ascii=False, indent=2).encode()


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


class CSVExporter(Exporter):
    """``;``-separated UTF-8 with BOM: what Dutch Excel opens without asking."""

    identifier = "csv"
    verbose_name = _("CSV (Excel, semicolon-separated)")
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def content(self) -> bytes:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(headers())
        # csv writes None as nothing, dates and ids as str() does (ISO dates): only texts
        # need a look (``_csv_value`` for whole columns).
        writer.writerows(self.rows(text=neutralise))
        return buffer.getvalue().encode("utf-8-sig")


def _csv_value(value: Any) -> str:
    if type(value) is str:
        return neutralise(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        return ""
    return neutralise(str(value))


class XLSXExporter(Exporter):
    identifier = "xlsx"
    verbose_name = _("Excel workbook (.xlsx)")
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def content(self) -> bytes:
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(_sheet_title(gettext("Schedule")))
        for position, name in enumerate(EXPORT_COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(position)].width = COLUMN_WIDTHS.get(name, 14)
        # Views are written with the first row: freeze below the header before appending.
        sheet.freeze_panes = f"A{5 if self.programme is not None else 2}"
        bold = Font(bold=True)
        if self.programme is not None:
            title = WriteOnlyCell(sheet, value=self.programme.name)
            title.font = Font(bold=True, size=14)
            title.data_type = "s"
            sheet.append([title])
            sheet.append([gettext("Year context: %(year)d") % {"year": self.programme.year}])
            sheet.append([])
        header_row = []
        for text in headers():
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header_row.append(cell)
        sheet.append(header_row)
        for row in self.rows():
            sheet.append([_xlsx_cell(sheet, value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _sheet_title(text: str) -> str:
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text.strip()[:31] or "Sheet"


def _xlsx_cell(sheet, value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, str) and (value[0] == "=" or value in ERROR_CODES):
        # openpyxl would write "=…" as a formula and "#N/A" as an error: keep them text.
        # Every other string is text already; a cell object per string costs 0.4 s in 10,000 rows.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


EXPORTERS: dict[str, type[Exporter]] = {
    exporter.identifier: exporter for exporter in (JSONExporter, CSVExporter, XLSXExporter)
}


def export_schedule(
    *,
    identifier: str,
    programme: Programme | None = None,
    milestones: QuerySet[Milestone] | None = None,
) -> tuple[str, str, bytes]:
    """Render the export ``identifier`` (a key of EXPORTERS): (file name, content type, bytes)."""
    return EXPORTERS[identifier](programme=programme, milestones=milestones).render()
