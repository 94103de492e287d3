"""The life of a ``BackgroundJob`` row, shared by the tasks that keep one (imports, reports).

A job is queued with ``enqueue()`` (the task gets the job's id), marked running with
``start()`` and ended with ``finish()``; a task that fails unexpectedly ends its job with the
user's message and re-raises, so that the task's own result keeps the traceback.
"""

from __future__ import annotations

from django.utils import timezone

from milestones.models import BackgroundJob


def enqueue(job: BackgroundJob, task) -> None:
    """Queue ``task(job.pk)``; with the immediate backend it has run when this returns."""
    result = task.enqueue(job.pk)
    type(job).objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()


def start(job: BackgroundJob) -> None:
    job.status = BackgroundJob.Status.RUNNING
    job.updated_at = timezone.now()
    job.save(update_fields=["status", "updated_at"])


def finish(job: BackgroundJob, status: str, *, error: str = "") -> None:
    job.status = status
    job.error = error
    job.updated_at = job.finished_at = timezone.now()
    job.save()
