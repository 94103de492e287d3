"""Signing in with the organisation's account: OpenID Connect through mozilla-django-oidc.

Users are matched by the ``sub`` claim (``OidcIdentity``), never by e-mail address. A user
signing in for the first time is created (unless ``DJANGO_OIDC_CREATE_USERS=0``) with a user
name from ``preferred_username`` or the e-mail address, made unique.

Optionally the provider's groups give programme access (``DJANGO_OIDC_GROUP_ACCESS``):
``"group=programme-slug:level, ..."`` with level viewer, secretary or editor. At each sign-in
the groups decide the level in the programmes the mapping names; leaving every group of a
programme takes away the access the groups gave there (not access given by hand).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.models import OidcIdentity
from phases.models import AccessLevel, Programme, ProgrammeMembership

logger = logging.getLogger(__name__)

LEVELS = {level.name.lower(): level for level in AccessLevel}


@dataclass(frozen=True)
class GroupAccess:
    group: str
    programme: str  # slug
    level: AccessLevel


def group_access(text: str | None = None) -> list[GroupAccess]:
    """The mapping of ``settings.OIDC_GROUP_ACCESS`` ("group=slug:level, ...")."""
    text = settings.OIDC_GROUP_ACCESS if text is None else text
    mapping = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        group, _eq, target = item.rpartition("=")
        slug, _colon, level = target.partition(":")
        if not group.strip() or not slug.strip() or level.strip().lower() not in LEVELS:
            raise ImproperlyConfigured(
                f"DJANGO_OIDC_GROUP_ACCESS: {item!r} is not group=programme-slug:level "
                f"(level one of {', '.join(LEVELS)})."
            )
        mapping.append(GroupAccess(group.strip(), slug.strip(), LEVELS[level.strip().lower()]))
    return mapping


def claim_groups(claims: dict) -> set[str]:
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    return {str(group) for group in groups}


def sync_group_access(identity: OidcIdentity, groups: set[str]) -> None:
    """Memberships of the mapped programmes as the groups say (see the module docstring)."""
    mapping = group_access()
    if not mapping and not identity.granted:
        return
    wanted: dict[str, int] = {}
    for access in mapping:
        if access.group in groups:
            wanted[access.programme] = max(wanted.get(access.programme, 0), access.level)
    previous: dict[str, int] = identity.granted or {}
    programmes = Programme.objects.in_bulk(set(wanted) | set(previous), field_name="slug")
    user = identity.user
    for slug in previous.keys() - wanted.keys():
        if slug in programmes:
            for membership in ProgrammeMembership.objects.filter(
                user=user, programme=programmes[slug]
            ):
                membership.delete()  # one by one: each is an event in the audit log
    granted = {}
    for slug, level in wanted.items():
        if slug not in programmes:
            continue
        membership, created = ProgrammeMembership.objects.get_or_create(
            user=user, programme=programmes[slug], defaults={"level": level}
        )
        if not created and membership.level != level:
            membership.level = level
            membership.save(update_fields=["level"])
        granted[slug] = level
    identity.granted = granted
    identity.save(update_fields=["granted", "last_login_at"])


class OidcBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, matching users by ``sub``."""

    def verify_token(self, token, **kwargs):
        """The signature and nonce (mozilla-django-oidc), and that the token is for Regie."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            logger.warning("OIDC: an ID token for another client (aud %r) was refused", audience)
            return None  # the sign-in fails (the login page says so)
        return payload

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub"))

    def describe_user_by_claims(self, claims) -> str:
        return f"sub {claims.get('sub')}"

    def filter_users_by_claims(self, claims):
        return get_user_model().objects.filter(oidc_identity__sub=claims["sub"])

    def create_user(self, claims):
        User = get_user_model()
        base = (claims.get("preferred_username") or claims.get("email") or f"oidc-{claims['sub']}")[
            :140
        ]
        username, number = base, 1
        while User.objects.filter(username__iexact=username).exists():
            number += 1
            username = f"{base}-{number}"
        user = User.objects.create_user(username, email=claims.get("email", ""))
        user.set_unusable_password()
        self.copy_claims(user, claims)
        OidcIdentity.objects.create(user=user, sub=claims["sub"])
        return user

    def update_user(self, user, claims):
        self.copy_claims(user, claims)
        return user

    @staticmethod
    def copy_claims(user, claims) -> None:
        user.email = claims.get("email", user.email) or ""
        user.first_name = (claims.get("given_name") or user.first_name)[:150]
        user.last_name = (claims.get("family_name") or user.last_name)[:150]
        user.save()

    def get_userinfo(self, access_token, id_token, payload):
        info = super().get_userinfo(access_token, id_token, payload)
        self.claims = {**payload, **info}  # groups may come in the ID token or the userinfo
        return info

    def get_or_create_user(self, access_token, id_token, payload):
        with transaction.atomic():
            user = super().get_or_create_user(access_token, id_token, payload)
            if user is None:
                return None
            if not user.is_active:
                raise SuspiciousOperation("inactive user")
            sync_group_access(user.oidc_identity, claim_groups(self.claims))
        return user
