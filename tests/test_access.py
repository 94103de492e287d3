import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from milestones.models import Milestone
from phases.models import AccessLevel, Programme, ProgrammeMembership
from tests.support.factories import (
    MembershipFactory,
    MilestoneFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programmes():
    return ProgrammeFactory(slug="a"), ProgrammeFactory(slug="b")


@pytest.mark.parametrize(
    ("level", "asked", "expected"),
    [
        (AccessLevel.VIEWER, AccessLevel.VIEWER, {"a"}),
        (AccessLevel.VIEWER, AccessLevel.SECRETARY, set()),
        (AccessLevel.VIEWER, AccessLevel.EDITOR, set()),
        (AccessLevel.SECRETARY, AccessLevel.VIEWER, {"a"}),
        (AccessLevel.SECRETARY, AccessLevel.SECRETARY, {"a"}),
        (AccessLevel.SECRETARY, AccessLevel.EDITOR, set()),
        (AccessLevel.EDITOR, AccessLevel.VIEWER, {"a"}),
        (AccessLevel.EDITOR, AccessLevel.EDITOR, {"a"}),
    ],
)
def test_for_user_follows_membership_level(programmes, user, level, asked, expected):
    MembershipFactory(user=user, programme=programmes[0], level=level)
    assert set(Programme.objects.for_user(user, asked).values_list("slug", flat=True)) == expected


def test_staff_see_and_edit_everything(programmes, staff_user):
    assert Programme.objects.for_user(staff_user, AccessLevel.EDITOR).count() == 2
    assert programmes[1].access_level(staff_user) == AccessLevel.EDITOR


def test_anonymous_and_inactive_users_see_nothing(programmes):
    inactive = UserFactory(username="weg", is_active=False, is_staff=True)
    assert not Programme.objects.for_user(AnonymousUser()).exists()
    assert not Programme.objects.for_user(inactive).exists()
    assert programmes[0].access_level(AnonymousUser()) is None


def test_non_member_sees_nothing_and_membership_does_not_duplicate(programmes, user):
    assert not Programme.objects.for_user(user).exists()
    MembershipFactory(user=user, programme=programmes[1], level=AccessLevel.EDITOR)
    other = UserFactory(username="ander")
    MembershipFactory(user=other, programme=programmes[1])
    assert list(Programme.objects.for_user(user)) == [programmes[1]]
    assert programmes[1].allows(user, AccessLevel.EDITOR)
    assert not programmes[0].allows(user)


def test_milestones_visible_only_through_programme_access(programmes, user):
    MembershipFactory(user=user, programme=programmes[0])
    mine = MilestoneFactory(programme=programmes[0])
    MilestoneFactory(programme=programmes[1])
    assert list(Milestone.objects.visible_to(user)) == [mine]


def test_grant_access_sets_changes_and_revokes(programmes, user, capsys):
    call_command("grant_access", "gebruiker", "--programme", "a", "--level", "secretary")
    membership = ProgrammeMembership.objects.get(user=user, programme=programmes[0])
    assert membership.level == AccessLevel.SECRETARY

    call_command("grant_access", "gebruiker", "--programme", "a", "--level", "editor")
    membership.refresh_from_db()
    assert membership.level == AccessLevel.EDITOR
    assert ProgrammeMembership.objects.count() == 1

    call_command("grant_access", "gebruiker", "--programme", "a", "--revoke")
    assert not ProgrammeMembership.objects.exists()
    assert "gebruiker" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["niemand", "--programme", "a", "--level", "viewer"], "niemand"),
        (["gebruiker", "--programme", "bestaat-niet", "--level", "viewer"], "bestaat-niet"),
    ],
)
def test_grant_access_reports_unknown_user_or_programme(programmes, user, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("grant_access", *args)
    assert not ProgrammeMembership.objects.exists()


def test_grant_access_rejects_unknown_level(programmes, user):
    with pytest.raises(CommandError):
        call_command("grant_access", "gebruiker", "--programme", "a", "--level", "admin")
