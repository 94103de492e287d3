"""The import wizard's steps: upload, preview with corrections, confirm or cancel.

An upload is kept as a ``PendingImport`` (the bytes in the database, so any app server
can continue it) and read again for every preview: a plan is never stored, only the
file and the choices made in the preview (dates typed for rows, rows and sheets to keep
undated).  Confirming reads the file once more and commits that plan, but only if it is
the plan the user saw: ``plan_digest()`` of the preview travels with the confirm.

A large upload (more rows than ``settings.REGIE_IMPORT_BACKGROUND_ROWS``) is not read
here at all: ``milestones.importing.background`` reads it once in a task and keeps the
plan, which its preview and its confirm use.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext, ngettext

from milestones.importing import (
    NoSuchSheet,
    StalePlan,
    UnreadableFile,
    commit_import,
    plan_import,
    readers,
)
from milestones.importing.plan import Plan, nothing_message
from milestones.models import ImportRecord, PendingImport
from phases.models import Programme

FILE_TYPES = (".xlsx", ".csv", ".docx")
MAX_CHOICES = 5000  # corrections and undated rows kept per pending import
MAX_PENDING_PER_USER = 5  # uploads kept between upload and confirm, per user


class PlanHasProblems(ValueError):
    """Confirming a plan with problems; ``str()`` is the user's message."""


class NothingToImport(ValueError):
    """Confirming a plan that changes nothing (``Plan.changes_nothing``): nothing is recorded."""


@dataclass(frozen=True)
class Choices:
    """What the user chose in the preview, as ``plan_import`` takes it."""

    corrections: Mapping[tuple[str, int], str] = field(default_factory=dict)
    undated_rows: frozenset[tuple[str, int]] = frozenset()
    undated_sheets: frozenset[str] = frozenset()
    phase: int | None = None  # for the new milestones of a file that names no phases

    @classmethod
    def of(cls, pending: PendingImport) -> Choices:
        return cls(
            corrections=pending.correction_map(),
            undated_rows=frozenset(pending.undated_row_set()),
            undated_sheets=frozenset(pending.undated_sheets),
            phase=pending.phase_choice,
        )


def check_upload(*, file_name: str, size: int) -> None:
    """Refuse a file by its name and size, before anything of it is read."""
    if PurePath(file_name).suffix.lower() not in FILE_TYPES:
        raise UnreadableFile(
            gettext(
                "%(file)s is not an .xlsx, .csv or .docx file. Save the schedule in Excel as "
                ".xlsx (Excel workbook) or .csv, or in Word as .docx, and upload that file."
            )
            % {"file": file_name}
        )
    if size > readers.MAX_FILE_SIZE:
        raise UnreadableFile(
            gettext("%(file)s is %(size)s MB; Regie imports files up to %(max)s MB.")
            % {
                "file": file_name,
                "size": _megabytes(size),
                "max": _megabytes(readers.MAX_FILE_SIZE),
            }
        )


def start_import(
    *,
    programme: Programme,
    user,
    upload: UploadedFile,
    sheet: str = "",
    year: int | None = None,
) -> PendingImport:
    """Check an uploaded schedule and keep it for the preview.

    Raises UnreadableFile (or NoSuchSheet) with the user's message when the file cannot
    be imported at all.  Pending imports nobody touched for a day are removed here, and
    the user's oldest beyond ``MAX_PENDING_PER_USER`` (their names in ``pending.dropped``).

    A file of more rows than ``settings.REGIE_IMPORT_BACKGROUND_ROWS`` is kept unread
    (``pending.rows`` says how many it has): the caller has it read in the background.
    """
    from milestones.importing.background import (  # which imports this module
        count_rows,
        runs_in_background,
    )

    file_name = PurePath(upload.name or "").name[:255]
    check_upload(file_name=file_name, size=upload.size)
    data = b"".join(upload.chunks())
    rows = count_rows(data, file_name)
    large = runs_in_background(rows)
    if not large:
        plan_import(
            data=data, file_name=file_name, programme=programme.slug, year=year, sheet=sheet
        )
    with transaction.atomic():
        PendingImport.objects.abandoned().delete()
        dropped = drop_oldest_pending(user)
        pending = PendingImport.objects.create(
            programme=programme,
            user=user,
            file_name=file_name,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            data=data,
            sheet=sheet,
            year=year,
        )
    pending.dropped = dropped  # for the message: "your oldest unfinished import was removed"
    pending.rows, pending.large = rows, large
    return pending


def drop_oldest_pending(user) -> list[str]:
    """Make room for one more pending import of ``user``: at most MAX_PENDING_PER_USER are
    kept (each holds a file of up to 20 MB), the ones touched longest ago go first.
    The names of the files dropped."""
    keep = MAX_PENDING_PER_USER - 1
    oldest = list(
        PendingImport.objects.owned_by(user)
        .order_by("-updated_at", "-pk")
        .values_list("pk", "file_name")[keep:]
    )
    if oldest:
        PendingImport.objects.filter(pk__in=[pk for pk, _name in oldest]).delete()
    return [name for _pk, name in oldest]


def preview_import(
    pending: PendingImport, *, progress: Callable[[str, int], None] | None = None
) -> Plan:
    """The plan of a pending import with the choices made so far; writes nothing."""
    choices = Choices.of(pending)
    return plan_import(
        data=bytes(pending.data),  # PostgreSQL gives a memoryview
        file_name=pending.file_name,
        programme=pending.programme.slug,
        year=pending.year,
        sheet=pending.sheet or None,
        corrections=choices.corrections,
        undated_rows=choices.undated_rows,
        undated_sheets=choices.undated_sheets,
        phase=choices.phase,
        progress=progress,
    )


def save_choices(pending: PendingImport, choices: Choices | None) -> bool:
    """Keep the preview's choices for the next reading; False when nothing changed."""
    if choices is None or choices == Choices.of(pending):
        return False
    pending.corrections = [
        [sheet, row, text] for (sheet, row), text in sorted(choices.corrections.items())
    ][:MAX_CHOICES]
    pending.undated_rows = [list(key) for key in sorted(choices.undated_rows)][:MAX_CHOICES]
    pending.undated_sheets = sorted(choices.undated_sheets)[:MAX_CHOICES]
    pending.phase_choice = choices.phase
    pending.save(
        update_fields=[
            "corrections",
            "undated_rows",
            "undated_sheets",
            "phase_choice",
            "updated_at",
        ]
    )
    return True


def confirm_import(*, pending: PendingImport, user, seen: str) -> ImportRecord:
    """Import what the preview with digest ``seen`` showed, and forget the upload.

    Raises StalePlan when the file now reads differently (the programme changed since
    the preview), PlanHasProblems while problems remain, NothingToImport when it would
    change nothing (no empty import is recorded); nothing is written then.
    """
    plan = preview_import(pending)
    if plan_digest(plan) != seen:
        raise StalePlan(stale_message())
    if not plan.is_valid:
        raise PlanHasProblems(problems_message(len(plan.problems)))
    if plan.changes_nothing:
        raise NothingToImport(nothing_message(plan))
    try:
        with transaction.atomic():
            record = commit_import(plan=plan, user=user)
            pending.delete()
    except StalePlan as exc:  # changed between reading and writing, in this very request
        raise StalePlan(stale_message()) from exc
    return record


def problems_message(count: int) -> str:
    return ngettext(
        "Nothing was imported: the file still has %(count)d problem.",
        "Nothing was imported: the file still has %(count)d problems.",
        count,
    ) % {"count": count}


def choose_table(pending: PendingImport, name: str) -> None:
    """Import one table of a Word document (``name``: "Tabel 2"), or all of them ("").

    Raises NoSuchSheet when the document has no such table; nothing changes then.
    """
    if name:
        source = readers.open_source(data=bytes(pending.data), file_name=pending.file_name)
        try:
            if name not in source.sheet_names:
                raise NoSuchSheet(
                    gettext('%(file)s has no table "%(table)s".')
                    % {"file": pending.file_name, "table": name}
                )
        finally:
            source.close()
    if pending.sheet != name:
        pending.sheet = name
        pending.save(update_fields=["sheet", "updated_at"])


def cancel_import(pending: PendingImport) -> None:
    """Forget an upload; nothing of it was written."""
    pending.delete()


def stale_message() -> str:
    return gettext(
        "The programme's milestones changed after this preview was made, so the import "
        "would no longer do what it showed; nothing was imported. The preview below is up "
        "to date: check it and confirm again."
    )


def plan_digest(plan: Plan) -> str:
    """A fingerprint of what a plan would do, the same in any language.

    The rows come from the file and the choices (both fixed for a pending import); what
    they do depends on the programme's milestones, deliverables, phases and notes, whose
    versions grow with every change.
    """
    parts: list = [plan.sha256, sorted(plan.corrections.items()), sorted(plan.undated_rows)]
    parts.append(sorted(plan.undated_sheets))
    parts.append(plan.phase_choice)
    for kind, drafts in (("c", plan.creates), ("u", plan.updates), ("n", plan.unchanged)):
        for draft in drafts:
            milestone = draft.milestone
            parts.append(
                (kind, draft.sheet, draft.row, milestone and (milestone.pk, milestone.version))
            )
    for draft in (*plan.deliverables, *plan.notes):
        existing = draft.existing
        parts.append((draft.sheet, draft.row, existing and (existing.pk, existing.version)))
    for phase in plan.phases:
        existing = phase.existing
        parts.append((phase.name, phase.order, existing and (existing.pk, existing.version)))
    parts.append(sorted(ref.key for ref in plan.new_groups))
    parts.append([(n.sheet, n.row, n.column) for n in plan.problems])
    parts.append(len(plan.warnings))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _megabytes(size: int) -> str:
    """ "20", "2,5": megabytes, with one decimal unless whole, in the user's notation."""
    megabytes = size / (1024 * 1024)
    return formats.number_format(megabytes, 0 if megabytes == int(megabytes) else 1)
