"""Carrying out a plan: one short transaction, bulk writes with history, all or nothing.

Everything was checked while planning, so this module only writes: the programme (when
new), the import record, new target groups and phases, then deliverables, milestones,
their involvements and calendar notes, with ``bulk_create_with_history`` /
``bulk_update_with_history``; for new milestones (the bulk of an import) the history
rows and the involvements are inserted as plain rows, with ``executemany``.  Bulk writes
skip ``save()``, so versions are set here: 1 for a new row, one more for a changed one;
unchanged rows are not touched.  Any error rolls the whole transaction back, the new
programme included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from milestones.importing.groups import GroupRef
from milestones.importing.plan import DATE_FIELDS, DateValue, Draft, PhasePlan, Plan
from milestones.models import CalendarNote, ImportRecord, Involvement, Milestone
from phases.fuzzy import FuzzyDateModel
from phases.models import Deliverable, Phase, Programme, WorkStatus
from stakeholders.models import TargetGroup

BATCH_SIZE = 2000
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
        self.reason = (gettext("Import of %(file)s") % {"file": plan.file_name})[:100]
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
            file_name=plan.file_name[:255],
            sha256=plan.sha256,
            size=plan.size,
            sheet=plan.sheet[:100],
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
                    name=plan.name[:200],
                    result=(plan.result or "")[:300],
                    version=1,
                )
                self.phases[id(plan)] = phase
                new.append(phase)
            elif plan.result_changed:
                plan.existing.result = plan.result[:300]
                plan.existing.version += 1
                changed.append(plan.existing)
        bulk_create_with_history(new, Phase, **self.history())
        if changed:
            bulk_update_with_history(changed, Phase, ["result", "version"], **self.history())

    # -- deliverables ---------------------------------------------------------------------
    def write_deliverables(self) -> None:
        new, changed = [], []
        for draft in self.plan.deliverables:
            deliverable = draft.existing
            if deliverable is not None and not draft.changes:
                continue
            if deliverable is None:
                deliverable = Deliverable(version=0, status=WorkStatus.PLANNED)
                new.append(deliverable)
            else:
                changed.append(deliverable)
            deliverable.phase = self.phase(draft.phase)
            deliverable.title = draft.title
            for name in ("owner", "status", "description"):
                if getattr(draft, name) is not None:
                    setattr(deliverable, name, getattr(draft, name))
            _set_date(deliverable, draft.date)
            deliverable.version += 1
        bulk_create_with_history(new, Deliverable, **self.history())
        if changed:
            fields = ["phase", "title", "owner", "status", "description", "version", *DATE_FIELDS]
            bulk_update_with_history(changed, Deliverable, fields, **self.history())

    # -- milestones -----------------------------------------------------------------------
    def apply(self, milestone: Milestone, draft: Draft) -> None:
        # Ids rather than instances: the related-object descriptors cost more than the rest
        # of building a milestone, times ten thousand.
        for name, value in draft.fields.items():
            setattr(milestone, name, value)
        _set_date(milestone, draft.date)
        if draft.phase_given:
            phase = self.phase(draft.phase)
            milestone.phase_id = phase.pk if phase else None
        milestone.source_file = self.plan.file_name[:255]
        milestone.source_sheet = draft.sheet[:100]
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
            create_milestones(milestones)
            self.create_history(milestones)
            self.involve(zip(milestones, drafts, strict=True))

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
            bulk_update_with_history(milestones, Milestone, sorted(fields), **self.history())
            # A changed row gets its X-matrix and Doelgroep groups anew.
            regrouped = [d for d in drafts if d.groups is not None]
            Involvement.objects.filter(milestone__in=[d.milestone for d in regrouped]).delete()
            self.involve((d.milestone, d) for d in regrouped)

    def create_history(self, milestones: list[Milestone]) -> None:
        """The "+" history rows of new milestones, as ``bulk_create_with_history`` makes
        them, but inserted as plain rows: building a model instance per row and letting
        the ORM compile it costs more than the rest of the write."""
        if not milestones or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        history = Milestone.history.model
        user = self.user or history.get_default_history_user(milestones[0])
        extra = {
            "history_date": self.now,
            "history_user_id": user.pk if user is not None else None,
            "history_change_reason": self.reason,
            "history_type": "+",
        }
        tracked = [field.attname for field in history.tracked_fields]
        fields = [history._meta.get_field(name) for name in (*tracked, *extra)]
        fixed = tuple(extra.values())
        insert_rows(
            history,
            fields,
            (tuple(getattr(m, name) for name in tracked) + fixed for m in milestones),
        )

    def involve(self, pairs: Iterable[tuple[Milestone, Draft]]) -> None:
        insert_involvements(
            (milestone.pk, self.group(ref).pk, ref.raci)
            for milestone, draft in pairs
            for ref in draft.groups or ()
        )

    # -- calendar notes -------------------------------------------------------------------
    def write_notes(self) -> None:
        new, changed = [], []
        for draft in self.plan.notes:
            note = draft.existing
            if note is not None and not draft.changes:
                continue
            if note is None:
                note = CalendarNote(programme=self.programme, version=0)
                new.append(note)
            else:
                changed.append(note)
            note.title = draft.title
            _set_date(note, draft.date)
            note.source_sheet = draft.sheet[:100]
            note.source_row = draft.row
            note.import_record = self.record
            note.version += 1
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


def create_milestones(milestones: list[Milestone]) -> None:
    """Insert new milestones and give them their ids, like ``bulk_create`` but without
    compiling every value through the ORM (most of its cost for ten thousand rows)."""
    if not connection.features.can_return_rows_from_bulk_insert:
        Milestone.objects.bulk_create(milestones, batch_size=BATCH_SIZE)
        return
    meta = Milestone._meta
    fields = [field for field in meta.concrete_fields if field is not meta.auto_field]
    names = [field.attname for field in fields]
    ids = insert_rows(
        Milestone,
        fields,
        (tuple(getattr(milestone, name) for name in names) for milestone in milestones),
        returning=meta.pk,
    )
    for milestone, pk in zip(milestones, ids, strict=True):
        milestone.pk = pk
        milestone._state.adding = False
        milestone._state.db = connection.alias


def insert_involvements(rows: Iterable[tuple[int, int, str]]) -> None:
    """Insert ``(milestone_id, target_group_id, raci)`` rows as Involvements."""
    fields = [Involvement._meta.get_field(name) for name in ("milestone", "target_group", "raci")]
    insert_rows(Involvement, fields, rows)


def insert_rows(
    model: type[models.Model],
    fields: list,
    rows: Iterable[tuple],
    *,
    returning: models.Field | None = None,
) -> list:
    """Insert plain rows (values in the order of ``fields``, as the model holds them),
    without model instances or signals; with ``returning``, the values of that column
    for the inserted rows, in their order (as ``bulk_create`` relies on), else ``[]``
    (one ``executemany``).

    Values are converted for the database as the ORM would for the fields whose
    conversion is more than a type check (dates, times, JSON).
    """
    convert = [
        (index, field.get_db_prep_save if isinstance(field, models.JSONField) else _memo(field))
        for index, field in enumerate(fields)
        if isinstance(field, (models.DateField, models.TimeField, models.JSONField))
    ]
    if convert:
        rows = (_converted(list(row), convert) for row in rows)
    rows = list(rows)
    if not rows:
        return []
    quote = connection.ops.quote_name
    insert = "INSERT INTO {} ({}) VALUES ".format(
        quote(model._meta.db_table), ", ".join(quote(field.column) for field in fields)
    )
    placeholders = "({})".format(", ".join(["%s"] * len(fields)))
    with connection.cursor() as cursor:
        if returning is None:
            for start in range(0, len(rows), BATCH_SIZE):
                cursor.executemany(insert + placeholders, rows[start : start + BATCH_SIZE])
            return []
        # Several rows per statement, as many as the database takes parameters for.
        size = max(1, min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, rows)))
        suffix = " RETURNING " + quote(returning.column)
        values: list = []
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            sql = insert + ", ".join([placeholders] * len(batch)) + suffix
            cursor.execute(sql, [value for row in batch for value in row])
            values.extend(row[0] for row in cursor.fetchall())
        return values


def _memo(field: models.Field) -> Callable[[Any, Any], Any]:
    """``field.get_db_prep_save``, once per value: dates repeat, and a datetime's
    conversion (to UTC) is not cheap."""
    cache: dict = {}

    def prepare(value, connection):
        try:
            return cache[value]
        except KeyError:
            cache[value] = prepared = field.get_db_prep_save(value, connection)
            return prepared

    return prepare


def _converted(row: list, convert: list) -> list:
    for index, prepare in convert:
        row[index] = prepare(row[index], connection)
    return row


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
