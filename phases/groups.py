"""Which target groups a user is offered: the catalogue is shared, its use is not.

The catalogue of target groups (`stakeholders.TargetGroup`) is one list for the whole site,
but a group's name tells who a programme talks to ("Cie Instellingen"), and programmes of
other organisations must answer as if they did not exist. So choices (edit forms, feed
pages, the new-programme form) offer:

* the groups a programme uses (owner bodies, gate deciders, meeting series, its milestones'
  target groups);
* the groups used by the other programmes of its owner organisation(s);
* the groups no programme uses yet (new entries of the shared catalogue, which name nobody's
  work).

Staff manage the shared catalogue (in the admin) and are offered all of it where no
programme is given; for a programme they are offered what its members are, so that a
milestone's form lists that programme's groups and not every organisation's.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from phases.models import Programme
from stakeholders.models import TargetGroup


def used_by(programmes: QuerySet[Programme]) -> Q:
    """Groups that take part in any of `programmes` in any way."""
    # Subqueries of keys (never NULL, so that NOT IN works too), not joins: joining four
    # relations at once multiplies the rows. The milestones' involvements are reached by
    # name: `phases` imports nothing of `milestones`.
    relations = (
        "owned_programmes",
        "gates__phase__programme",
        "meeting_series__programme",
        "involvements__milestone__programme",
    )
    condition = Q()
    for relation in relations:
        keys = TargetGroup.objects.filter(**{f"{relation}__in": programmes}).values("pk")
        condition |= Q(pk__in=keys)
    return condition


def unused() -> Q:
    """Groups no programme uses yet."""
    return ~used_by(Programme.objects.all())


def related_programmes(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """`programmes` and every programme sharing an owner organisation with one of them."""
    return Programme.objects.filter(
        Q(pk__in=programmes.values("pk")) | Q(organisations__in=programmes.values("organisations"))
    )


def offered_groups(*, user=None, programme: Programme | None = None) -> QuerySet[TargetGroup]:
    """The groups `user` may choose: for `programme`, or (None) for any programme they see."""
    if programme is None and user is not None and user.is_authenticated and user.is_staff:
        return TargetGroup.objects.all()
    if programme is not None:
        programmes = Programme.objects.filter(pk=programme.pk)
    else:
        programmes = Programme.objects.for_user(user)
    related = related_programmes(programmes).values("pk")
    return TargetGroup.objects.filter(used_by(Programme.objects.filter(pk__in=related)) | unused())
