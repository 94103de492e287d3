"""Background tasks in tests: the database backend's settings and its worker, in-process."""

from __future__ import annotations

from unittest import mock

from django_tasks_db.management.commands import db_worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def worker(*, batch: bool = True, interval: float = 0, worker_id: str = "test-worker"):
    """django-tasks-db's own worker loop (what `manage.py db_worker` runs)."""
    return db_worker.Worker(
        queue_names=["default"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run_worker() -> None:
    """Run every queued task that is due, then return.

    Inside a test's transaction the worker's connection check would close the connection
    (it is not in autocommit): a long-running process's hygiene, left out here.
    """
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker().run()
