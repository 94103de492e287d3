"""The import wizard in the browser: upload → preview (correct dates, re-check) → confirm.

Editors of a programme (and staff) may import; a pending import is its uploader's alone
(anyone else gets 404).  The workflow is in ``milestones.importing.wizard``; these views
check access, call one step and render.  Import records can be read by every member.

A large upload is read and committed in the background (``background``): the steps then
lead to the job's progress page (``import_job``, its bar polled by htmx), which moves on
to the preview or the import record when the work is done.  A job is its owner's alone,
while they may edit the programme.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect, HttpResponseStopPolling

from milestones.importing import NoSuchSheet, StalePlan, UnreadableFile, background
from milestones.importing.forms import ImportUploadForm, read_choices
from milestones.importing.preview import build_preview
from milestones.importing.wizard import (
    MAX_PENDING_PER_USER,
    NothingToImport,
    PlanHasProblems,
    cancel_import,
    choose_table,
    confirm_import,
    plan_digest,
    preview_import,
    save_choices,
    start_import,
)
from milestones.models import ImportJob, ImportRecord, PendingImport
from phases.access import programme_for, require_level
from phases.models import AccessLevel, Programme


def _pending(request, slug: str, pk: int, *, with_data: bool = True):
    programme = programme_for(request.user, slug, AccessLevel.EDITOR)
    pending = PendingImport.objects.owned_by(request.user).filter(programme=programme)
    if not with_data:
        pending = pending.defer("data")
    return programme, get_object_or_404(pending, pk=pk)


@require_http_methods(["GET", "POST"])
def import_upload(request, slug: str):
    programme = programme_for(request.user, slug, AccessLevel.EDITOR)
    form = ImportUploadForm(request.POST or None, request.FILES or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            pending = start_import(
                programme=programme,
                user=request.user,
                upload=form.cleaned_data["file"],
                sheet=form.cleaned_data["sheet"],
                year=form.cleaned_data["year"],
            )
        except NoSuchSheet as exc:
            form.add_error("sheet", str(exc))
        except UnreadableFile as exc:
            form.add_error("file", str(exc))
        else:
            if pending.dropped:
                messages.info(
                    request,
                    _(
                        "You can keep %(max)d unfinished imports; the oldest, %(files)s, "
                        "was removed."
                    )
                    % {"max": MAX_PENDING_PER_USER, "files": ", ".join(pending.dropped)},
                )
            if pending.large:
                job = background.start_reading(pending, rows=pending.rows)
                return redirect(job_next_url(job))
            return redirect("milestones:import-preview", programme.slug, pending.pk)
    unfinished = (
        PendingImport.objects.owned_by(request.user).filter(programme=programme).defer("data")
    )
    jobs = (
        ImportJob.objects.owned_by(request.user)
        .filter(programme=programme)
        .defer("plan")
        .order_by("-created_at", "-pk")[:10]
    )
    context = {"programme": programme, "form": form, "unfinished": unfinished, "jobs": jobs}
    return render(request, "milestones/import_upload.html", context)


@require_http_methods(["GET", "POST"])
def import_preview(request, slug: str, pk: int):
    """GET: the preview. POST ("Check again"): keep the corrections, then show it anew."""
    programme, pending = _pending(request, slug, pk)
    if request.method == "POST":
        save_choices(pending, read_choices(request.POST))
        return redirect("milestones:import-preview", programme.slug, pending.pk)
    return _preview_page(request, programme, pending)


def _preview_page(request, programme: Programme, pending: PendingImport):
    reading = background.latest_reading(pending)
    if reading is not None:
        return _stored_preview(request, programme, pending, reading)
    try:
        plan = preview_import(pending)
    except UnreadableFile as exc:  # it was readable at the upload; a changed limit, say
        cancel_import(pending)
        messages.error(request, str(exc))
        return redirect("milestones:import", programme.slug)
    return _render_preview(request, programme, pending, plan, plan_digest(plan))


def _render_preview(request, programme, pending, plan, digest: str):
    context = {
        "programme": programme,
        "pending": pending,
        "preview": build_preview(plan),
        "digest": digest,
    }
    return render(request, "milestones/import_preview.html", context)


def _stored_preview(request, programme: Programme, pending: PendingImport, reading: ImportJob):
    """A large upload's preview: the plan its reading kept, or a new reading when the
    choices or the programme changed since (it is never read in the request)."""
    if reading.is_active or reading.status == ImportJob.Status.FAILED:
        return redirect(job_url(reading))
    plan = background.load_plan(reading.plan) if reading.plan else None
    if plan is None or not background.fits(pending, plan):
        return redirect(job_next_url(background.start_reading(pending)))
    if background.programme_state(programme.pk) != reading.programme_state:
        messages.info(
            request,
            _("The programme changed after the file was read: it is compared again."),
        )
        return redirect(job_next_url(background.start_reading(pending)))
    return _render_preview(request, programme, pending, plan, reading.digest)


@require_http_methods(["GET", "POST"])
def import_confirm(request, slug: str, pk: int):
    programme, pending = _pending(request, slug, pk)
    if request.method != "POST":  # after the access check: outsiders learn nothing
        return HttpResponseNotAllowed(["POST"])
    if save_choices(pending, read_choices(request.POST)):
        messages.info(
            request,
            _(
                "You changed corrections without checking them; nothing was imported yet. "
                "They are checked now: look at the preview and confirm again."
            ),
        )
        return redirect("milestones:import-preview", programme.slug, pending.pk)
    reading = background.latest_reading(pending)
    if reading is not None:
        return _confirm_in_background(request, programme, pending, reading)
    try:
        record = confirm_import(
            pending=pending, user=request.user, seen=request.POST.get("digest", "")
        )
    except (StalePlan, PlanHasProblems, NothingToImport) as exc:
        messages.warning(request, str(exc))
        return redirect("milestones:import-preview", programme.slug, pending.pk)
    message = _(
        "%(file)s imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged."
    ) % {
        "file": record.file_name,
        "created": record.created,
        "updated": record.updated,
        "unchanged": record.unchanged,
    }
    if record.undated:
        message += " " + _("%(count)d kept without a date.") % {"count": record.undated}
    messages.success(request, message)
    return redirect("programme", programme.slug)


def _confirm_in_background(request, programme, pending, reading: ImportJob):
    try:
        job = background.start_commit(
            pending=pending, reading=reading, user=request.user, seen=request.POST.get("digest", "")
        )
    except (StalePlan, PlanHasProblems) as exc:
        messages.warning(request, str(exc))
        return redirect("milestones:import-preview", programme.slug, pending.pk)
    return redirect(job_next_url(job))


@require_http_methods(["GET", "POST"])
def import_table(request, slug: str, pk: int):
    """Import one table of a Word document (or all of them), then show the preview anew."""
    programme, pending = _pending(request, slug, pk)
    if request.method != "POST":  # after the access check: outsiders learn nothing
        return HttpResponseNotAllowed(["POST"])
    try:
        choose_table(pending, request.POST.get("table", "").strip()[:100])
    except NoSuchSheet as exc:
        messages.warning(request, str(exc))
    return redirect("milestones:import-preview", programme.slug, pending.pk)


@require_http_methods(["GET", "POST"])
def import_cancel(request, slug: str, pk: int):
    programme, pending = _pending(request, slug, pk, with_data=False)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    cancel_import(pending)
    message = _("Import of %(file)s cancelled; nothing was imported.")
    messages.info(request, message % {"file": pending.file_name})
    if request.POST.get("then") == "upload":  # "Another file"
        return redirect("milestones:import", programme.slug)
    return redirect("programme", programme.slug)


@require_GET
def import_record(request, pk: int):
    record = get_object_or_404(
        ImportRecord.objects.select_related("programme", "imported_by"), pk=pk
    )
    require_level(request.user, record.programme, AccessLevel.VIEWER)
    context = {"programme": record.programme, "record": record}
    return render(request, "milestones/import_record.html", context)


# -- work in the background -------------------------------------------------------------------


def job_url(job: ImportJob) -> str:
    return reverse("milestones:import-job", args=[job.programme.slug, job.pk])


def job_next_url(job: ImportJob) -> str:
    """Where a job leads: its result once done, else its progress page."""
    if job.status == ImportJob.Status.DONE:
        if job.kind == ImportJob.Kind.COMMIT and job.record_id:
            return reverse("milestones:import-record", args=[job.record_id])
        if job.kind == ImportJob.Kind.READ and job.pending_id:
            return reverse("milestones:import-preview", args=[job.programme.slug, job.pending_id])
    return job_url(job)


@require_GET
def import_job(request, slug: str, pk: int):
    """A job's progress page; to htmx (every second) the progress alone.  A job that is
    done leads to its result (a redirect; to htmx ``HX-Redirect``).  Failed: the user's
    message, and polling stops."""
    programme = programme_for(request.user, slug, AccessLevel.EDITOR)
    jobs = ImportJob.objects.owned_by(request.user).filter(programme=programme).defer("plan")
    job = get_object_or_404(jobs.select_related("programme"), pk=pk)
    next_url = job_next_url(job)
    context = {"programme": programme, "job": job, "next_url": next_url}
    if next_url != job_url(job):  # done: on to the preview or the import record
        return HttpResponseClientRedirect(next_url) if request.htmx else redirect(next_url)
    if request.htmx:
        response = render(request, "milestones/import_job.html#progress", context)
        if not job.is_active:
            response.status_code = HttpResponseStopPolling.status_code
    else:
        response = render(request, "milestones/import_job.html", context)
    add_never_cache_headers(response)
    return response
