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
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, ClassVar, NamedTuple

import openpyxl
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


class MilestoneRecord:
    """A milestone as the columns export it: its fields as attributes, no model instance.

    ``phase`` is a :class:`PhaseRef` (or None) and ``involvements.all()`` gives the target
    groups by name, so the column registry reads a record as it reads a milestone.
    """

    pk: int
    phase: PhaseRef | None
    involvements: Involvements


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
    """``milestones`` in schedule order as records: three queries, rows of ``values()``."""
    phases = {
        pk: PhaseRef(name, order)
        for pk, name, order in Phase.objects.filter(
            pk__in=milestones.values("phase_id")
        ).values_list("pk", "name", "order")
    }
    refs: dict[tuple[str, str], InvolvementRef] = {}  # a few groups, shared by many rows
    groups: defaultdict[int, list[InvolvementRef]] = defaultdict(list)
    involvements = (
        Involvement.objects.filter(milestone__in=milestones.values("pk"))
        .order_by("target_group__name", "pk")
        .values_list("milestone_id", "target_group__name", "raci")
    )
    for milestone_id, name, raci in involvements:
        ref = refs.get((name, raci))
        if ref is None:
            ref = refs[name, raci] = InvolvementRef(GroupRef(name), raci)
        groups[milestone_id].append(ref)
    none = Involvements()
    records = []
    for row in milestones.order_by("phase__order", "start", "end", "pk").values(*fields):
        row["pk"] = row["id"]
        row["phase"] = phases.get(row["phase_id"])
        their_groups = groups.get(row["id"])
        row["involvements"] = Involvements(their_groups) if their_groups else none
        record = MilestoneRecord()
        record.__dict__ = row
        records.append(record)
    return records


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

    def rows(self) -> Iterator[list[Any]]:
        """One list per spreadsheet row (cells in EXPORT_COLUMNS order), in date order."""
        items: list[tuple[Any, list[Any]]] = []
        exporters = [column.exporter() for column in COLUMNS]
        for m in self.milestone_list():
            items.append(((m.phase.order if m.phase else 0), [export(m) for export in exporters]))
        for d in self.deliverable_list():
            row = _dated(d, RowKind.RESULT)
            row.update(
                (c.identifier, c.cell(getattr(d, c.deliverable_field)))
                for c in COLUMNS
                if c.deliverable_field and c.identifier != "title"
            )
            items.append((d.phase.order, [row[name] for name in EXPORT_COLUMNS]))
        for n in self.note_list():
            row = _dated(n, RowKind.NOTE)
            items.append((0, [row[name] for name in EXPORT_COLUMNS]))
        # Date order (undated last); the From/Until columns make the order safe to change.
        start, end = EXPORT_COLUMNS.index("from"), EXPORT_COLUMNS.index("until")
        items.sort(
            key=lambda item: (
                item[1][start] is None,
                item[1][start] or datetime.date.min,
                item[1][end] or datetime.date.min,
                item[0],
            )
        )
        for _order, row in items:
            yield row


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
        for row in self.rows():
            writer.writerow([_csv_value(value) for value in row])
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
