"""Helpers for the import and export tests: schedule files built in memory, commands, snapshots."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from milestones.importing import commit_import, plan_import
from milestones.importing.plan import Plan
from milestones.models import CalendarNote, ImportRecord, Involvement, Milestone
from phases.models import Deliverable, Phase, Programme
from stakeholders.models import TargetGroup

TESTS = Path(__file__).resolve().parents[1]
SAMPLES = TESTS / "samples"  # real schedules from the seed documents
CATALOGUE = TESTS.parent / "fixtures" / "demo" / "target_groups.toml"


def xlsx(*sheets: tuple[str, list[list]]) -> bytes:
    """A workbook with one sheet per (name, rows); cells as given (dates stay dates)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rows: list[list], *, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def plan(data: bytes, name: str = "planning.xlsx", programme: str = "test", **options) -> Plan:
    """A plan, made in English (the messages tests compare)."""
    with translation.override("en"):
        return plan_import(data=data, file_name=name, programme=programme, **options)


def load(data: bytes, name: str = "planning.xlsx", programme: str = "test", **options) -> Plan:
    """Plan and commit; fails the test on problems."""
    result = plan(data, name, programme, **options)
    assert result.problems == [], [str(p) for p in result.problems]
    with translation.override("en"):
        commit_import(plan=result)
    return result


def texts(notices) -> list[str]:
    with translation.override("en"):
        return [str(notice) for notice in notices]


def run(command: str, *args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of a management command, in English."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with override_settings(LANGUAGE_CODE="en"):
        try:
            call_command(command, *args, stdout=out, stderr=err)
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def snapshot() -> dict[str, list]:
    """Everything an import may write, to compare before and after."""
    return {
        "programmes": list(Programme.objects.values_list("slug", "year", "version")),
        "history": [
            Programme.history.count(),
            Phase.history.count(),
            Deliverable.history.count(),
            Milestone.history.count(),
        ],
        "phases": list(Phase.objects.values_list("programme__slug", "order", "name", "result")),
        "deliverables": list(Deliverable.objects.values_list("title", "date_text", "version")),
        "milestones": list(
            Milestone.objects.order_by("pk").values_list(
                "pk", "title", "date_text", "start", "end", "lead", "status", "version"
            )
        ),
        "involvements": sorted(
            Involvement.objects.values_list("milestone_id", "target_group__name", "raci")
        ),
        "groups": sorted(TargetGroup.objects.values_list("name", flat=True)),
        "notes": list(CalendarNote.objects.values_list("title", "start", "version")),
        "imports": sorted(ImportRecord.objects.values_list("pk", flat=True)),
    }


def milestones(slug: str = "test") -> list[tuple]:
    """(title, date_text, start, end, phase, groups) of a programme's milestones, in row order."""
    return [
        (
            m.title,
            m.date_text,
            m.start,
            m.end,
            m.phase.name if m.phase else None,
            sorted(i.target_group.name for i in m.involvements.all()),
        )
        for m in Milestone.objects.filter(programme__slug=slug)
        .select_related("phase")
        .prefetch_related("involvements__target_group")
        .order_by("source_row", "pk")
    ]
