"""The audit log of security events and the link of a user to an OpenID Connect account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One security event, append-only: saved once, never changed, never deleted.

    It names the user and the object by id and text, not by foreign key, so that deleting
    either leaves the record as it was written.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOGOUT = "logout", _("logged out")
        ACCESS_GRANTED = "access_granted", _("access granted")
        ACCESS_CHANGED = "access_changed", _("access level changed")
        ACCESS_REVOKED = "access_revoked", _("access revoked")
        FEED_CREATED = "feed_created", _("calendar feed created")
        FEED_REVOKED = "feed_revoked", _("calendar feed revoked")
        IMPORT = "import", _("schedule imported")
        DELETED = "deleted", _("deleted")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=Kind, db_index=True)
    user_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username or '-'} {self.object_repr}".strip()

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("An audit event is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("An audit event is never deleted.")


class OidcIdentity(models.Model):
    """The OpenID Connect account (its ``sub`` claim) a user signs in with.

    Users are matched by ``sub``, which the provider never reuses or changes, not by e-mail
    address (which can change hands). ``granted`` remembers the programme memberships the
    group mapping gave, so that leaving a group takes them away again.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="oidc_identity",
    )
    sub = models.CharField(_("subject (sub)"), max_length=255, unique=True)
    granted = models.JSONField(_("memberships from groups"), default=dict, blank=True)
    last_login_at = models.DateTimeField(_("last sign-in"), auto_now=True)

    class Meta:
        verbose_name = _("organisation account")
        verbose_name_plural = _("organisation accounts")

    def __str__(self) -> str:
        return f"{self.user} ({self.sub})"
