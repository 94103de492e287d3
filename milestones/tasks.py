"""Regie's background work, as django-tasks tasks (docs/architecture.md, "Background work").

Each task takes ids (task arguments are stored as JSON) and hands over to the module that
holds the work; the backend (``settings.TASKS``, chosen with ``REGIE_TASKS``) decides
whether it runs in a worker (``manage.py db_worker``) or at once in the request.

- ``read_import`` / ``commit_import``: a large upload of the import wizard
  (``milestones.importing.background``), with its progress in an ``ImportJob``.
- ``prerender_feeds``: the calendar feeds of programmes that changed
  (``milestones.calendars.prerender``).
- ``render_report``: the progress report of a large programme (``milestones.reports.background``).
"""

from __future__ import annotations

from django_tasks import task

from milestones.calendars import prerender
from milestones.importing import background
from milestones.reports import background as reports


@task()
def read_import(job_id: int) -> None:
    """Read a large upload once and keep its plan for the preview."""
    background.run_reading(job_id)


@task()
def commit_import(job_id: int) -> None:
    """Write the plan a reading kept, as the user confirmed it."""
    background.run_commit(job_id)


@task()
def prerender_feeds(programme_ids: list[int]) -> int:
    """Build the feeds of changed programmes into the cache; how many feeds."""
    return prerender.prerender(programme_ids)


@task()
def render_report(job_id: int) -> None:
    """Write a large programme's progress report for its user to download."""
    reports.run_report(job_id)
