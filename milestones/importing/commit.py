"""Carrying out a plan: one short transaction, bulk writes with history, all or nothing.

Everything was checked while planning, so this module only writes: the programme (when
new), the import record, new target groups and phases, then deliverables, milestones,
their involvements and calendar notes, with ``bulk_create_with_history`` /
``bulk_update_with_history``; for new milestones (the bulk of an import) the history
rows are inserted as plain rows (``milestones.bulk``).  Target groups go through their
one write path, ``milestones.involvements.bulk_set_target_groups`` (history included).
Bulk writes skip ``save()``, so versions are set here: 1 for a new row, one more for a changed one;
unchanged rows are not touched.  Any error rolls the whole transaction back, the new
programme included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from milestones.bulk import BATCH_SIZE, history_user, insert_history, insert_objects, tracked_names
from milestones.importing.columns import DELIVERABLE_FIELDS, columns_of, fit, max_length
from milestones.importing.groups import GroupRef
from milestones.importing.plan import DATE_FIELDS, DateValue, Draft, PhasePlan, Plan
from milestones.involvements import bulk_set_target_groups
from milestones.models import CalendarNote, ImportRecord, Milestone
from phases.fuzzy import FuzzyDateModel
from phases.models import Deliverable, Phase, Programme, WorkStatus
from stakeholders.models import TargetGroup
from stakeholders.text import fold_char_fields

CHUNK_SIZE = 1000  # milestones built and written at a time
MAX_STORED_NOTICES = 1000  # an import record keeps this many warnings (and says how many more)
SOURCE_FIELDS = ["source_file", "source_sheet", "source_row", "import_record"]


class StalePlan(Exception):
    """The programme changed between the preview and the commit; ``str()`` says so."""


def commit_plan(*, plan: Plan, user=None) -> ImportRecord:
    """Write what ``plan`` says, in one transaction; returns the import record.

    Raises ValueError for a plan with problems and StalePlan when a milestone the plan
    compared has been changed since.
    """
    if not plan.is_valid:
        raise ValueError("a plan with problems cannot be committed")
    writer = _Writer(plan=plan, user=user)
    with transaction.atomic():
        return writer.write()


class _Writer:
    def __init__(self, *, plan: Plan, user) -> None:
        self.plan = plan
        self.user = user if user is not None and user.is_authenticated else None
        self.now = timezone.now()
        self.reason = fit(
            gettext("Import of %(file)s") % {"file": plan.file_name},
            Milestone.history.model,
            "history_change_reason",
        )
        self.source_file = fit(plan.file_name, Milestone, "source_file")
        self.sheet_length = max_length(Milestone, "source_sheet")
        self.phases: dict[int, Phase] = {}  # id(PhasePlan) -> Phase
        self.groups: dict[str, TargetGroup] = {}  # GroupRef.key -> new group

    def history(self) -> dict[str, Any]:
        return {
            "default_user": self.user,
            "default_change_reason": self.reason,
            "default_date": self.now,
            "batch_size": BATCH_SIZE,
        }

    def write(self) -> ImportRecord:
        plan = self.plan
        self.programme = plan.programme or self.create_programme()
        if plan.programme is not None:
            self.check_fresh()
        self.record = self.create_record()
        self.create_groups()
        self.write_phases()
        self.write_deliverables()
        self.write_milestones()
        self.write_notes()
        return self.record

    # -- programme and record -------------------------------------------------------------
    def create_programme(self) -> Programme:
        spec = self.plan.new_programme
        programme = Programme(name=spec.name, slug=spec.slug, year=spec.year)
        programme._history_user = self.user
        programme._change_reason = self.reason
        programme.save()
        return programme

    def check_fresh(self) -> None:
        """Refuse a plan made before someone else changed one of its milestones."""
        expected = {
            draft.milestone.pk: draft.milestone.version
            for draft in (*self.plan.updates, *self.plan.unchanged)
        }
        if not expected:
            return
        current = dict(
            Milestone.objects.select_for_update()
            .filter(programme=self.programme)
            .values_list("pk", "version")
        )
        if any(current.get(pk) != version for pk, version in expected.items()):
            raise StalePlan(
                gettext(
                    "Milestones of this programme were changed after the file was read; "
                    "nothing was imported. Read the file again."
                )
            )

    def create_record(self) -> ImportRecord:
        plan = self.plan
        return ImportRecord.objects.create(
            programme=self.programme,
            file_name=fit(plan.file_name, ImportRecord, "file_name"),
            sha256=plan.sha256,
            size=plan.size,
            sheet=fit(plan.sheet, ImportRecord, "sheet"),
            year=plan.year,
            imported_by=self.user,
            created=len(plan.creates),
            updated=len(plan.updates),
            unchanged=len(plan.unchanged),
            undated=plan.undated,
            warnings=_stored(plan.warnings),
            problems=_stored(plan.kept_undated),
        )

    # -- catalogue and phases -------------------------------------------------------------
    def create_groups(self) -> None:
        for ref in self.plan.new_groups:
            # Someone may have added it since the plan was made: use theirs.
            group = TargetGroup.objects.filter(name__iexact=ref.name).first()
            self.groups[ref.key] = group or TargetGroup.objects.create(name=ref.name)

    def group(self, ref: GroupRef) -> TargetGroup:
        return ref.group or self.groups[ref.key]

    def phase(self, plan: PhasePlan | None) -> Phase | None:
        if plan is None:
            return None
        return plan.existing or self.phases[id(plan)]

    def write_phases(self) -> None:
        new, changed = [], []
        for plan in self.plan.phases:
            if plan.existing is None:
                phase = Phase(
                    programme=self.programme,
                    order=plan.order,
                    name=fit(plan.name, Phase, "name"),
                    result=fit(plan.result or "", Phase, "result"),
                    version=1,
                )
                self.phases[id(plan)] = phase
                new.append(phase)
            elif plan.result_changed:
                plan.existing.result = fit(plan.result, Phase, "result")
                plan.existing.version += 1
                changed.append(plan.existing)
        fold_char_fields([*new, *changed])
        bulk_create_with_history(new, Phase, **self.history())
        if changed:
            bulk_update_with_history(changed, Phase, ["result", "version"], **self.history())

    # -- deliverables ---------------------------------------------------------------------
    def write_deliverables(self) -> None:
        new, changed = [], []
        make = partial(Deliverable, version=0, status=WorkStatus.PLANNED)
        for draft, deliverable in _to_write(self.plan.deliverables, make, new, changed):
            deliverable.phase = self.phase(draft.phase)
            deliverable.title = draft.title
            for name, value in draft.fields.items():
                setattr(deliverable, name, value)
            _set_date(deliverable, draft.date)
            deliverable.version += 1
        fold_char_fields([*new, *changed])
        bulk_create_with_history(new, Deliverable, **self.history())
        if changed:
            fields = ["phase", "title", "version", *DELIVERABLE_FIELDS, *DATE_FIELDS]
            bulk_update_with_history(changed, Deliverable, fields, **self.history())

    # -- milestones -----------------------------------------------------------------------
    def apply(self, milestone: Milestone, draft: Draft) -> None:
        # Ids rather than instances: the related-object descriptors cost more than the rest
        # of building a milestone, times ten thousand.
        for column in columns_of(draft.fields):
            column.assign(draft.fields, milestone)
        _set_date(milestone, draft.date)
        if draft.phase_given:
            phase = self.phase(draft.phase)
            milestone.phase_id = phase.pk if phase else None
        milestone.source_file = self.source_file
        milestone.source_sheet = draft.sheet[: self.sheet_length]
        milestone.source_row = draft.row
        milestone.import_record_id = self.record.pk

    def write_milestones(self) -> None:
        # In chunks, so that only one chunk of model instances (and their history rows)
        # is in memory at a time: the plan itself is small.
        for drafts in _chunks(self.plan.creates):
            milestones = []
            for draft in drafts:
                milestone = Milestone(programme_id=self.programme.pk, version=1)
                self.apply(milestone, draft)
                milestones.append(milestone)
            fold_char_fields(milestones)
            insert_objects(milestones)
            self.create_history(milestones)
            self.involve(zip(milestones, drafts, strict=True), new=True)

        fields = {"version", *SOURCE_FIELDS}
        for draft in self.plan.updates:
            fields.update(draft.fields)
            if draft.date is not None:
                fields.update(DATE_FIELDS)
            if draft.phase_given:
                fields.add("phase")
        for drafts in _chunks(self.plan.updates):
            for draft in drafts:
                self.apply(draft.milestone, draft)
                draft.milestone.version += 1
            milestones = [draft.milestone for draft in drafts]
            fold_char_fields(milestones)
            bulk_update_with_history(milestones, Milestone, sorted(fields), **self.history())
            # The X-matrix and Doelgroep groups of a sheet that names groups.
            self.involve((d.milestone, d) for d in drafts if d.groups is not None)

    def create_history(self, milestones: list[Milestone]) -> None:
        """The "+" history rows of new milestones (plain inserts: see milestones.bulk)."""
        if not milestones:
            return
        names = tracked_names(Milestone)
        insert_history(
            Milestone,
            (tuple(getattr(m, name) for name in names) for m in milestones),
            history_type="+",
            user=self.user or history_user(Milestone),
            reason=self.reason,
            date=self.now,
        )

    def involve(self, pairs: Iterable[tuple[Milestone, Draft]], *, new: bool = False) -> None:
        """Target groups through their one write path, with history of who and when."""
        bulk_set_target_groups(
            (
                (milestone, [(self.group(ref).pk, ref.raci) for ref in draft.groups or ()])
                for milestone, draft in pairs
            ),
            user=self.user,
            reason=self.reason,
            when=self.now,
            new=new,
        )

    # -- calendar notes -------------------------------------------------------------------
    def write_notes(self) -> None:
        new, changed = [], []
        make = partial(CalendarNote, programme=self.programme, version=0)
        for draft, note in _to_write(self.plan.notes, make, new, changed):
            note.title = draft.title
            _set_date(note, draft.date)
            note.source_sheet = fit(draft.sheet, CalendarNote, "source_sheet")
            note.source_row = draft.row
            note.import_record = self.record
            note.version += 1
        fold_char_fields([*new, *changed])
        CalendarNote.objects.bulk_create(new, batch_size=BATCH_SIZE)
        if changed:
            fields = [
                "title",
                "version",
                "source_sheet",
                "source_row",
                "import_record",
                *DATE_FIELDS,
            ]
            CalendarNote.objects.bulk_update(changed, fields, batch_size=BATCH_SIZE)


def _to_write(drafts: list, make: Callable[[], Any], new: list, changed: list) -> Iterator:
    """(draft, object) of the deliverable or note drafts that create or change one; the
    object is also put in ``new`` or ``changed``."""
    for draft in drafts:
        obj = draft.existing
        if obj is not None and not draft.changes:
            continue
        if obj is None:
            obj = make()
            new.append(obj)
        else:
            changed.append(obj)
        yield draft, obj


def _chunks(items: list) -> Iterator[list]:
    for start in range(0, len(items), CHUNK_SIZE):
        yield items[start : start + CHUNK_SIZE]


def _set_date(obj: FuzzyDateModel, date: DateValue | None) -> None:
    if date is not None:
        obj.set_date(date.reading, text=date.text)


def _stored(notices: list) -> list[str]:
    texts = [str(notice) for notice in notices[:MAX_STORED_NOTICES]]
    if len(notices) > MAX_STORED_NOTICES:
        texts.append(
            gettext("… and %(count)d more.") % {"count": len(notices) - MAX_STORED_NOTICES}
        )
    return texts
