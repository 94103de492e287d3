"""Who is logged in, as a table the permission tests share."""

from __future__ import annotations

from phases.models import AccessLevel, Programme
from tests.support.factories import MembershipFactory, UserFactory

# (who, status) of a page that only editors of the programme may open: an anonymous visitor is
# sent to the login page, an outsider does not learn that the programme exists.
PERMISSIONS = [
    (None, 302),
    ("outsider", 404),
    ("viewer", 403),
    ("secretary", 403),
    ("editor", 200),
    ("staff", 200),
]

LEVELS = {
    "viewer": AccessLevel.VIEWER,
    "secretary": AccessLevel.SECRETARY,
    "editor": AccessLevel.EDITOR,
}


def member(programme: Programme, level: AccessLevel, username: str):
    """A new user with a membership of `programme` at `level`."""
    return MembershipFactory(
        user=UserFactory(username=username), programme=programme, level=level
    ).user


def as_user(client, who: str | None, programme: Programme):
    """Log in as `who`: None, "outsider", "viewer", "secretary", "editor" or "staff"."""
    if who is None:
        return None
    if who == "outsider":
        user = UserFactory(username="buiten")
    elif who == "staff":
        user = UserFactory(username="staf", is_staff=True)
    else:
        user = member(programme, LEVELS[who], who)
    client.force_login(user)
    return user
