"""Large imports in the background: read once into a stored plan, commit that plan.

An upload of more rows than ``settings.REGIE_IMPORT_BACKGROUND_ROWS`` is not read in the
request.  ``start_reading()`` queues a task (``milestones.tasks.read_import``) that reads
the file once, recording its progress in an ``ImportJob``, and stores the plan it made
(pickled, compressed and signed with the secret key).  The preview shows that plan and
the confirm commits it (``start_commit()``, ``milestones.tasks.commit_import``), so the
file is read once however often the preview is shown.  Only changed choices (a corrected
date, a row kept undated, another table) or a changed programme make a new reading.

Whether a plan still fits the programme is told by ``programme_state()``: the programme's
version (`milestones.versions`), which every save, insert and delete in it changes.
"""

from __future__ import annotations

import logging
import pickle
import re
import time
import zipfile
import zlib
from io import BytesIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext

from milestones import jobs
from milestones.importing import StalePlan, UnreadableFile, commit_import
from milestones.importing.plan import Plan
from milestones.importing.preview import nothing_message
from milestones.importing.readers import MAX_UNCOMPRESSED_SIZE, OLE2_MAGIC, ZIP_MAGIC
from milestones.importing.wizard import (
    Choices,
    NothingToImport,
    PlanHasProblems,
    plan_digest,
    preview_import,
    problems_message,
    stale_message,
)
from milestones.models import ImportJob, ImportRecord, PendingImport
from milestones.versions import programme_version
from phases.models import Programme

logger = logging.getLogger(__name__)

PLAN_SALT = "regie.importing.background.plan"
PROGRESS_INTERVAL = 0.25  # seconds between two progress writes
# A row of a worksheet (<row …>, also with a namespace prefix) and of a Word table (<w:tr>).
XLSX_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
DOCX_ROW = re.compile(rb"<w:tr[\s>/]")
CHUNK = 1024 * 1024


# -- how large ------------------------------------------------------------------------------


def count_rows(data: bytes, file_name: str) -> int:
    """About how many rows the file has, without reading it as a schedule: the rows of
    its worksheets or Word tables, or the lines of a CSV file.  0 when it cannot be told
    (a damaged file: reading it in the request says why)."""
    if data.startswith(OLE2_MAGIC):
        return 0
    if not data.startswith(ZIP_MAGIC):
        return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        names = archive.namelist()
        if "word/document.xml" in names:
            return _count(archive, ["word/document.xml"], DOCX_ROW)
        sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        return _count(archive, sheets, XLSX_ROW)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError):
        return 0


def _count(archive: zipfile.ZipFile, names: list[str], pattern: re.Pattern) -> int:
    """Matches of ``pattern`` in the parts, inflated a chunk at a time (never beyond
    MAX_UNCOMPRESSED_SIZE: reading proper refuses a larger file)."""
    count = inflated = 0
    keep = 16  # a match can straddle two chunks: the last bytes are searched again
    for name in names:
        tail = b""
        with archive.open(name) as part:
            while chunk := part.read(CHUNK):
                inflated += len(chunk)
                if inflated > MAX_UNCOMPRESSED_SIZE:
                    return count
                buffer = tail + chunk
                limit = max(0, len(buffer) - keep)
                count += sum(1 for m in pattern.finditer(buffer) if m.start() < limit)
                tail = buffer[limit:]
        count += len(pattern.findall(tail))
    return count


def runs_in_background(rows: int) -> bool:
    return rows > settings.REGIE_IMPORT_BACKGROUND_ROWS


# -- the stored plan ------------------------------------------------------------------------


def dump_plan(plan: Plan) -> bytes:
    """The plan as bytes to keep: a compressed pickle after its signature (32 bytes)."""
    blob = zlib.compress(pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL), 1)
    return salted_hmac(PLAN_SALT, blob, algorithm="sha256").digest() + blob


def load_plan(stored: bytes) -> Plan | None:
    """The plan ``dump_plan`` kept; None when it was not signed here or no longer loads
    (a plan of an older version of Regie: the file is then read again)."""
    stored = bytes(stored)  # PostgreSQL gives a memoryview
    signature, blob = stored[:32], stored[32:]
    expected = salted_hmac(PLAN_SALT, blob, algorithm="sha256").digest()
    if not constant_time_compare(signature, expected):
        logger.warning("A stored import plan has a wrong signature; it is read again.")
        return None
    try:
        plan = pickle.loads(zlib.decompress(blob))  # noqa: S301  (signed by us, above)
    except Exception:  # noqa: BLE001  (any failure to load: read the file again)
        logger.warning("A stored import plan no longer loads; it is read again.", exc_info=True)
        return None
    return plan if isinstance(plan, Plan) else None


def programme_state(programme_id: int) -> str:
    """The programme's version (`milestones.versions`): any change to it makes a new one."""
    return programme_version(Programme.objects.get(pk=programme_id))


def fits(pending: PendingImport, plan: Plan) -> bool:
    """The stored plan was made with the pending import's current choices."""
    choices = Choices.of(pending)
    return (
        plan.sheet == (pending.sheet or "")
        and dict(plan.corrections) == dict(choices.corrections)
        and plan.undated_rows == choices.undated_rows
        and plan.undated_sheets == choices.undated_sheets
        and plan.phase_choice == choices.phase
    )


# -- reading --------------------------------------------------------------------------------


def latest_reading(pending: PendingImport) -> ImportJob | None:
    """The pending import's last reading in the background; None: it is read in requests."""
    return pending.jobs.filter(kind=ImportJob.Kind.READ).order_by("-pk").first()


def start_reading(pending: PendingImport, *, rows: int | None = None) -> ImportJob:
    """Queue a reading of ``pending`` (in the language active now)."""
    from milestones.tasks import read_import  # the tasks import this module

    if rows is None:
        rows = count_rows(bytes(pending.data), pending.file_name)
    ImportJob.objects.expired().delete()
    job = ImportJob.objects.create(
        programme=pending.programme,
        user=pending.user,
        pending=pending,
        file_name=pending.file_name,
        kind=ImportJob.Kind.READ,
        rows_total=rows,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    jobs.enqueue(job, read_import)
    return job


class Progress:
    """Writes how far a job is, at most every PROGRESS_INTERVAL seconds (and at every
    change of phase), outside any transaction: the progress page reads it meanwhile."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.phase = job.phase
        self.last = float("-inf")  # the first row is written at once

    def __call__(self, phase: str, rows: int) -> None:
        now = time.monotonic()
        if phase == self.phase and now - self.last < PROGRESS_INTERVAL:
            return
        self.phase, self.last = phase, now
        ImportJob.objects.filter(pk=self.job.pk).update(
            phase=phase, rows_done=rows, updated_at=timezone.now()
        )


def run_reading(job_id: int) -> None:
    """The task's work: read the file once, keep the plan (or the user's message)."""
    job = ImportJob.objects.select_related("pending__programme").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return  # run twice (a worker retried it): the first run counts
    pending = job.pending
    if pending is None:  # cancelled while it waited
        jobs.finish(job, ImportJob.Status.FAILED, error=cancelled_message(job))
        return
    jobs.start(job)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            plan = preview_import(pending, progress=Progress(job))
        except UnreadableFile as exc:  # NoSuchSheet too
            jobs.finish(job, ImportJob.Status.FAILED, error=str(exc))
            pending.delete()  # nothing to continue: the progress page says why
            return
        except Exception:
            jobs.finish(job, ImportJob.Status.FAILED, error=failed_message())
            raise  # the task's result keeps the traceback for the administrator
        job.plan = dump_plan(plan)
        job.digest = plan_digest(plan)
        job.problems = len(plan.problems)
        job.programme_state = programme_state(pending.programme_id)
        job.rows_done = max(job.rows_done, job.rows_total)
        jobs.finish(job, ImportJob.Status.DONE)


# -- committing -----------------------------------------------------------------------------


def start_commit(*, pending: PendingImport, reading: ImportJob, user, seen: str) -> ImportJob:
    """Queue the commit of the plan ``reading`` stored, as the preview with digest ``seen``
    showed it.  Raises StalePlan or PlanHasProblems (nothing is queued then)."""
    from milestones.tasks import commit_import as commit_task

    if reading.status != ImportJob.Status.DONE or not constant_time_compare(reading.digest, seen):
        raise StalePlan(stale_message())
    if reading.problems:
        raise PlanHasProblems(problems_message(reading.problems))
    job = ImportJob.objects.create(
        programme=pending.programme,
        user=user,
        pending=pending,
        reading=reading,
        file_name=pending.file_name,
        kind=ImportJob.Kind.COMMIT,
        phase=ImportJob.Phase.SAVING,
        rows_total=reading.rows_total,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    jobs.enqueue(job, commit_task)
    return job


def run_commit(job_id: int) -> None:
    """The task's work: write the stored plan in one transaction, if it still fits."""
    job = ImportJob.objects.select_related("reading", "pending", "user").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return
    jobs.start(job)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        reading, pending = job.reading, job.pending
        plan = load_plan(reading.plan) if reading is not None and reading.plan else None
        if plan is None or pending is None:
            jobs.finish(job, ImportJob.Status.FAILED, error=cancelled_message(job))
            return
        try:
            record = _commit(job, plan, reading, pending)
        except StalePlan:
            jobs.finish(job, ImportJob.Status.FAILED, error=stale_message())
            return
        except NothingToImport as exc:  # the preview offers no import then; a stale form might
            jobs.finish(job, ImportJob.Status.FAILED, error=str(exc))
            return
        except Exception:
            jobs.finish(job, ImportJob.Status.FAILED, error=failed_message())
            raise
        ImportJob.objects.filter(pk=reading.pk).update(plan=None)  # done with it
        job.record = record
        job.rows_done = job.rows_total
        jobs.finish(job, ImportJob.Status.DONE)


def _commit(job: ImportJob, plan: Plan, reading: ImportJob, pending: PendingImport):
    with transaction.atomic():
        # One import of a programme at a time; the fingerprint is then what it writes over.
        Programme.objects.select_for_update().filter(pk=job.programme_id).first()
        if programme_state(job.programme_id) != reading.programme_state:
            raise StalePlan(stale_message())
        if plan.changes_nothing:  # as the request's confirm: no empty import record
            raise NothingToImport(nothing_message(plan))
        record: ImportRecord = commit_import(plan=plan, user=job.user)
        job.pending = None
        pending.delete()
    return record


# -- messages -------------------------------------------------------------------------------


def failed_message() -> str:
    return gettext(
        "Something went wrong while working on this file; nothing was imported. Try again; "
        "if it happens again, tell the administrator."
    )


def cancelled_message(job: ImportJob) -> str:
    return gettext("The import of %(file)s was cancelled; nothing was imported.") % {
        "file": job.file_name
    }
