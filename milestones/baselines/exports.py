"""The changes page as a spreadsheet: one row per change, xlsx or csv (as `milestones.exports`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import openpyxl
from django.utils.translation import gettext
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from milestones.baselines.compare import Changes, ItemRef
from milestones.exports import XLSXExporter, _csv_value, _sheet_title, _xlsx_cell
from phases.models import Programme

EMPTY_OLD_NEW = ("", "")


def headers() -> list[str]:
    return [
        gettext("change"),
        gettext("kind"),
        gettext("title"),
        gettext("phase"),
        gettext("target groups"),
        gettext("before"),
        gettext("now"),
        gettext("slip in days"),
        gettext("moved by"),
        gettext("reason"),
    ]


def _row(section: str, ref: ItemRef, old: str = "", new: str = "") -> list:
    return [section, ref.kind_label, ref.title, ref.phase, ", ".join(ref.groups), old, new]


def rows(changes: Changes) -> Iterator[list]:
    for move in changes.moved:
        yield [*_row(gettext("moved"), move.item, move.old, move.new), move.slip_days,
               move.who, move.reason]  # fmt: skip
    for section, refs in (
        (gettext("added"), changes.added),
        (gettext("removed"), changes.removed),
        (gettext("cancelled"), changes.cancelled),
    ):
        for ref in refs:
            yield [*_row(section, ref, "", ref.dated), None, "", ""]
    for section, items in (
        (gettext("status changed"), changes.status_changes),
        (gettext("gate decision"), changes.gate_decisions),
    ):
        for change in items:
            yield [*_row(section, change.item, change.old, change.new), None, "", ""]


def changes_csv(changes: Changes) -> bytes:
    """``;``-separated UTF-8 with BOM, as the schedule's CSV export."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers())
    for row in rows(changes):
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def changes_xlsx(changes: Changes, programme: Programme) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(gettext("Changes")))
    title = WriteOnlyCell(sheet, value=programme.name)
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append([gettext("Changes since %(label)s") % {"label": changes.label}])
    sheet.append([])
    header_row = []
    for text in headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        header_row.append(cell)
    sheet.append(header_row)
    for row in rows(changes):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSXExporter.content_type}
