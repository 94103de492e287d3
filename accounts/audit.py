"""Writing the audit log (``AuditEvent``): one function, called by signal receivers.

Sign-ins come from ``django.contrib.auth``'s signals; access, feeds, imports and deletes from
the models' ``post_save``/``post_delete``. The request of a model change (for its user and
address) is the one simple_history's ``HistoryRequestMiddleware`` keeps for the history of
changes; a change outside a request (a management command) is logged without them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest
from simple_history.models import HistoricalRecords

from accounts.models import AuditEvent
from milestones.models import CalendarFeed, ImportRecord, Milestone
from phases.models import (
    AccessLevel,
    Deliverable,
    Gate,
    MeetingSeries,
    Phase,
    Programme,
    ProgrammeMembership,
)

Kind = AuditEvent.Kind

#: Deletes worth an event of their own; what a delete takes along (a programme's phases)
#: is not logged again, the event of the object deleted stands for it.
DELETES_LOGGED = (Programme, Phase, Gate, Deliverable, MeetingSeries, Milestone)


def current_request() -> HttpRequest | None:
    return getattr(HistoricalRecords.context, "request", None)


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from (behind a proxy: the proxy's, see README)."""
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def record(
    kind: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; the user defaults to the request's, the address is the request's."""
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    return AuditEvent.objects.create(
        kind=kind,
        user_id=user.pk if user is not None else None,
        username=(user.get_username() if user is not None else username)[:150],
        ip_address=client_ip(request),
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        details=details or {},
    )


# -- signing in ---------------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="audit_login")
def logged_in(sender, request, user, **kwargs) -> None:
    backend = getattr(user, "backend", "") or ""
    record(Kind.LOGIN, request=request, user=user, details={"backend": backend})


@receiver(user_logged_out, dispatch_uid="audit_logout")
def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def login_failed(sender, credentials, request=None, **kwargs) -> None:
    # ``credentials`` has the password already replaced by Django; only the name is kept.
    record(Kind.LOGIN_FAILED, request=request, username=str(credentials.get("username", "")))


# -- access -------------------------------------------------------------------------------


@receiver(pre_save, sender=ProgrammeMembership, dispatch_uid="audit_membership_before")
def membership_before(sender, instance: ProgrammeMembership, **kwargs) -> None:
    instance._audit_old_level = (
        ProgrammeMembership.objects.filter(pk=instance.pk).values_list("level", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=ProgrammeMembership, dispatch_uid="audit_membership")
def membership_saved(sender, instance: ProgrammeMembership, created: bool, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: a stored object, not a new event
        return
    old = getattr(instance, "_audit_old_level", None)
    if not created and old == instance.level:
        return
    details = {
        "member": instance.user.get_username(),
        "programme": instance.programme.slug,
        "level": AccessLevel(instance.level).name.lower(),  # stored in no language
    }
    if created:
        kind = Kind.ACCESS_GRANTED
    else:
        kind = Kind.ACCESS_CHANGED
        details["old_level"] = AccessLevel(old).name.lower()
    record(kind, request=current_request(), obj=instance, details=details)


@receiver(post_delete, sender=ProgrammeMembership, dispatch_uid="audit_membership_deleted")
def membership_deleted(sender, instance: ProgrammeMembership, **kwargs) -> None:
    details = {"member_id": instance.user_id, "programme_id": instance.programme_id}
    record(Kind.ACCESS_REVOKED, request=current_request(), obj=instance, details=details)


# -- feeds --------------------------------------------------------------------------------


@receiver(pre_save, sender=CalendarFeed, dispatch_uid="audit_feed_before")
def feed_before(sender, instance: CalendarFeed, **kwargs) -> None:
    instance._audit_was_revoked = (
        CalendarFeed.objects.filter(pk=instance.pk, revoked_at__isnull=False).exists()
        if instance.pk and instance.revoked_at is not None
        else None
    )


@receiver(post_save, sender=CalendarFeed, dispatch_uid="audit_feed")
def feed_saved(sender, instance: CalendarFeed, created: bool, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    details = {"owner": instance.user.get_username()}
    if created:
        record(Kind.FEED_CREATED, request=current_request(), obj=instance, details=details)
    elif instance.revoked_at is not None and instance._audit_was_revoked is False:
        record(Kind.FEED_REVOKED, request=current_request(), obj=instance, details=details)


@receiver(post_delete, sender=CalendarFeed, dispatch_uid="audit_feed_deleted")
def feed_deleted(sender, instance: CalendarFeed, origin=None, **kwargs) -> None:
    if instance.revoked_at is None:  # a deleted feed stops working as a revoked one does
        details = {"deleted": True, "owner_id": instance.user_id}
        record(Kind.FEED_REVOKED, request=current_request(), obj=instance, details=details)


# -- imports and deletes ------------------------------------------------------------------


@receiver(post_save, sender=ImportRecord, dispatch_uid="audit_import")
def import_saved(sender, instance: ImportRecord, created: bool, **kwargs) -> None:
    if not created or kwargs.get("raw"):
        return
    record(
        Kind.IMPORT,
        request=current_request(),
        user=instance.imported_by,
        obj=instance,
        details={
            "programme": instance.programme.slug,
            "file_name": instance.file_name,
            "sha256": instance.sha256,
            "created": instance.created,
            "updated": instance.updated,
        },
    )


def deleted(sender, instance: models.Model, origin=None, **kwargs) -> None:
    """A delete asked for this object itself (or a queryset of its kind), not a cascade."""
    if origin is instance or (isinstance(origin, models.QuerySet) and origin.model is sender):
        record(Kind.DELETED, request=current_request(), obj=instance)


for model in DELETES_LOGGED:
    post_delete.connect(deleted, sender=model, dispatch_uid=f"audit_delete_{model._meta.label}")
