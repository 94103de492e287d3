"""Access checks for views, built on the one rule `Programme.objects.for_user()`.

A programme the user is no member of answers 404 (its existence is not revealed); a member
whose level is too low gets 403; anonymous users never get here (LoginRequiredMiddleware).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from phases.models import AccessLevel, Programme


def programme_for(user, slug: str, level: AccessLevel = AccessLevel.VIEWER) -> Programme:
    """The programme `slug` if `user` may work on it at `level`; else Http404 / PermissionDenied."""
    programme = get_object_or_404(Programme.objects.for_user(user), slug=slug)
    if level > AccessLevel.VIEWER and not programme.allows(user, level):
        raise PermissionDenied
    return programme


def require_level(user, programme: Programme, level: AccessLevel) -> None:
    """For objects reached through their own id: 404 for non-members, 403 below `level`."""
    have = programme.access_level(user)
    if have is None:
        raise Http404
    if have < level:
        raise PermissionDenied


class ProgrammeContextMixin:
    """Puts the programme and what the user may do in it into the template context."""

    programme: Programme
    level: AccessLevel

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.programme_context())
        return context

    def programme_context(self) -> dict:
        """What every programme page's template knows: the programme and the reader's rights."""
        return {
            "programme": self.programme,
            "can_edit": self.level >= AccessLevel.EDITOR,
            "can_manage_meetings": self.level >= AccessLevel.SECRETARY,
        }


class ProgrammeAccessMixin(ProgrammeContextMixin):
    """Class-based views under /programmes/<slug>/: sets `self.programme` and `self.level`."""

    required_level: AccessLevel = AccessLevel.VIEWER
    request: HttpRequest

    def dispatch(self, request, *args, **kwargs):
        self.programme = programme_for(request.user, kwargs["slug"], self.required_level)
        self.level = self.programme.access_level(request.user)
        return super().dispatch(request, *args, **kwargs)


def may_add_programme(user) -> bool:
    """Staff, and users given the permission in the admin, may start a programme."""
    return user.is_authenticated and (user.is_staff or user.has_perm("phases.add_programme"))
