"""``manage.py import_schedule FILE --programme SLUG [--year YYYY] [--sheet NAME] [--dry-run]
[--allow-undated]``.

Exit status: 0 imported (or, with --dry-run, importable; or nothing to change, and then no
import is recorded); 1 the file has row problems (they
go to stderr, one per line, and nothing is written, not even a new programme); 2 the file
cannot be read at all (not a spreadsheet or Word document, an old .xls or .doc, damaged,
empty, a document without tables, too large, no header row) or the
arguments are wrong.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.validators import validate_slug
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from milestones.importing import (
    MAX_FILE_SIZE,
    Plan,
    StalePlan,
    UnreadableFile,
    commit_import,
    plan_import,
)
from milestones.importing.matching import undated_hint
from milestones.importing.plan import nothing_message
from milestones.importing.readers import too_large_message
from phases.dates import MAX_YEAR, MIN_YEAR
from phases.presentation import format_change

OK, PROBLEMS, UNREADABLE = 0, 1, 2


class Command(BaseCommand):
    help = (
        "Import a schedule (.xlsx, .csv, or the table of a .docx) into a programme. Every "
        "row is checked first; "
        "the import is written in one transaction, or not at all."
    )
    # The system checks import every URLconf and view (exports, reports, calendars, the
    # timeline): a third of the command's start-up, for nothing an import uses. `manage.py
    # check` and the test suite run them; so does every other command.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", metavar="FILE", help="An .xlsx or .csv file, or a Word document (.docx)."
        )
        parser.add_argument(
            "--programme",
            required=True,
            metavar="SLUG",
            help="The programme's slug; a new slug creates the programme.",
        )
        parser.add_argument(
            "--year",
            type=int,
            metavar="YYYY",
            help="Year context: the year a schedule without years starts in "
            "(default: the programme's).",
        )
        parser.add_argument(
            "--sheet",
            metavar="NAME",
            help='Import only this sheet (of a Word document: this table, "Tabel 2").',
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, but write nothing."
        )
        parser.add_argument(
            "--allow-undated",
            action="store_true",
            help="Keep rows whose date cannot be read as undated milestones (text kept).",
        )

    def handle(
        self,
        *args,
        file: str,
        programme: str,
        year: int | None,
        sheet: str | None,
        dry_run: bool,
        allow_undated: bool,
        **options,
    ) -> None:
        # Users of Regie read Dutch; restore the caller's language afterwards.
        with translation.override(settings.LANGUAGE_CODE):
            self.import_file(file, programme, year, sheet, dry_run, allow_undated)

    def import_file(
        self,
        file: str,
        programme: str,
        year: int | None,
        sheet: str | None,
        dry_run: bool,
        allow_undated: bool,
    ) -> None:
        try:
            validate_slug(programme)
        except ValidationError:
            self.fail(
                _("“%(slug)s” is not a valid programme slug (letters, digits, - and _).")
                % {"slug": programme},
                UNREADABLE,
            )
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            self.fail(
                _("The year must lie between %(min)d and %(max)d.")
                % {"min": MIN_YEAR, "max": MAX_YEAR},
                UNREADABLE,
            )
        try:
            data = read_file(Path(file))
            plan = plan_import(
                data=data,
                file_name=Path(file).name,
                programme=programme,
                year=year,
                sheet=sheet,
                allow_undated=allow_undated,
            )
        except UnreadableFile as exc:
            self.fail(str(exc), UNREADABLE)

        self.report(plan)
        if not plan.is_valid:
            for problem in plan.problems:
                line = str(problem)
                if problem.row is None and problem.sheet in plan.sheets_without_dates:
                    line = f"{line} {undated_hint()}"
                self.stderr.write(line)
            self.fail(
                ngettext(
                    "Nothing was imported: the file has %(count)d problem.",
                    "Nothing was imported: the file has %(count)d problems.",
                    len(plan.problems),
                )
                % {"count": len(plan.problems)},
                PROBLEMS,
            )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
            return
        if plan.changes_nothing:  # no empty import is recorded
            self.stdout.write(nothing_message(plan))
            return
        try:
            record = commit_import(plan=plan)
        except StalePlan as exc:
            self.fail(str(exc), PROBLEMS)
        except DatabaseError as exc:
            self.fail(
                _("The import failed while saving, and nothing was saved: %(error)s")
                % {"error": exc},
                PROBLEMS,
            )
        self.stdout.write(
            self.style.SUCCESS(_("Imported (import record %(id)d).") % {"id": record.pk})
        )

    def fail(self, message: str, code: int) -> None:
        self.stderr.write(message)
        raise SystemExit(code)

    def report(self, plan: Plan) -> None:
        """The summary: programme, counts, new groups and phases, warnings, changes."""
        write = self.stdout.write
        if plan.programme is None:
            heading = _("%(file)s → new programme “%(name)s” (%(slug)s), year context %(year)d")
        else:
            heading = _("%(file)s → programme “%(name)s” (%(slug)s), year context %(year)d")
        write(
            heading
            % {
                "file": plan.file_name,
                "name": plan.programme_name,
                "slug": plan.programme_slug,
                "year": plan.year,
            }
        )
        write(
            _(
                "Milestones: %(created)d created, %(updated)d updated, %(unchanged)d "
                "unchanged (%(undated)d of them undated); %(warnings)d warnings."
            )
            % {
                "created": len(plan.creates),
                "updated": len(plan.updates),
                "unchanged": len(plan.unchanged),
                "undated": plan.undated,
                "warnings": len(plan.warnings),
            }
        )
        deliverables = plan.changed(plan.deliverables)
        notes = plan.changed(plan.notes)
        write(
            _(
                "Phases: %(phases)d new. Deliverables: %(d_new)d new, %(d_changed)d updated. "
                "Calendar notes: %(n_new)d new, %(n_changed)d updated."
            )
            % {
                "phases": len(plan.new_phases),
                "d_new": deliverables[0],
                "d_changed": deliverables[1],
                "n_new": notes[0],
                "n_changed": notes[1],
            }
        )
        if plan.new_phases:
            write(
                _("New phases: %(names)s.") % {"names": ", ".join(p.name for p in plan.new_phases)}
            )
        if plan.new_groups:
            write(
                _("New target groups: %(names)s.")
                % {"names": ", ".join(g.name for g in plan.new_groups)}
            )
        if plan.warnings:
            write(_("Warnings:"))
            for warning in plan.warnings:
                write(f"  {warning}")
        if plan.updates:
            write(_("Changes:"))
            for draft in plan.updates:
                changes = "; ".join(format_change(c.field, c.old, c.new) for c in draft.changes)
                line = _("%(sheet)s row %(row)d (%(title)s): %(changes)s") % {
                    "sheet": draft.sheet,
                    "row": draft.row,
                    "title": draft.title,
                    "changes": changes,
                }
                write(f"  {line}")


def read_file(path: Path) -> bytes:
    """The file's bytes; UnreadableFile for a missing, unreadable or too large file."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_SIZE:
            raise UnreadableFile(too_large_message(path.name, size))
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableFile(_("%(file)s does not exist.") % {"file": path}) from exc
    except (IsADirectoryError, PermissionError, OSError) as exc:
        raise UnreadableFile(
            _("%(file)s cannot be read: %(error)s") % {"file": path, "error": exc.strerror}
        ) from exc
