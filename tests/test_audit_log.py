"""The audit log: security events written by signals, append-only, read-only in the admin."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from milestones.calendars.ical import create_feed, revoke_feed
from milestones.models import Milestone
from phases.models import AccessLevel, ProgrammeMembership
from tests.support.factories import (
    MembershipFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.support.schedules import csv_file, load

pytestmark = pytest.mark.django_db

Kind = AuditEvent.Kind


def kinds() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True))


def test_logins_and_failed_logins_with_user_and_address(client):
    UserFactory(username="anna")
    client.post(
        reverse("accounts:login"),
        {"username": "anna", "password": "fout"},
        REMOTE_ADDR="192.0.2.7",
    )
    client.post(
        reverse("accounts:login"),
        {"username": "anna", "password": "secret-pass-123"},
        REMOTE_ADDR="192.0.2.7",
    )
    failed, login = AuditEvent.objects.order_by("pk")
    assert (failed.kind, failed.username, failed.ip_address) == (
        Kind.LOGIN_FAILED,
        "anna",
        "192.0.2.7",
    )
    assert "fout" not in str(failed.details)
    assert (login.kind, login.username, login.ip_address) == (Kind.LOGIN, "anna", "192.0.2.7")


def test_access_granted_changed_and_revoked():
    programme = ProgrammeFactory(slug="geheim")
    membership = MembershipFactory(
        user=UserFactory(username="bram"), programme=programme, level=AccessLevel.VIEWER
    )
    membership.level = AccessLevel.EDITOR
    membership.save()
    membership.save()  # unchanged: no event
    membership.delete()
    assert kinds() == [Kind.ACCESS_GRANTED, Kind.ACCESS_CHANGED, Kind.ACCESS_REVOKED]
    granted, changed, _revoked = AuditEvent.objects.order_by("pk")
    assert granted.details == {"member": "bram", "programme": "geheim", "level": "viewer"}
    assert changed.details["old_level"] == "viewer"


def test_access_granted_through_a_page_names_who_granted_it(client):
    admin = UserFactory(username="beheer", is_staff=True, is_superuser=True)
    programme = ProgrammeFactory()
    client.force_login(admin)
    response = client.post(
        reverse("admin:phases_programmemembership_add"),
        {"user": UserFactory(username="cor").pk, "programme": programme.pk, "level": 20},
        REMOTE_ADDR="198.51.100.4",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind=Kind.ACCESS_GRANTED)
    assert (event.username, event.ip_address) == ("beheer", "198.51.100.4")
    assert event.details["member"] == "cor"


def test_feeds_created_and_revoked_once():
    user = UserFactory(username="dirk")
    programme = ProgrammeFactory()
    MembershipFactory(user=user, programme=programme)
    feed = create_feed(user=user, programme=programme)
    revoke_feed(feed=feed)
    feed.name = "Hernoemd"
    feed.save()  # a revoked feed saved again is not revoked again
    assert kinds()[-2:] == [Kind.FEED_CREATED, Kind.FEED_REVOKED]
    assert kinds().count(Kind.FEED_REVOKED) == 1


def test_imports_are_logged():
    ProgrammeFactory(slug="test")
    load(csv_file([["Datum", "Mijlpaal"], ["1 maart 2024", "Start"]]), name="plan.csv")
    event = AuditEvent.objects.get(kind=Kind.IMPORT)
    assert event.details["file_name"] == "plan.csv"
    assert event.details["created"] == 1


def test_a_delete_is_logged_once_not_for_what_it_takes_along():
    programme = ProgrammeFactory(name="Weg ermee")
    phase = PhaseFactory(programme=programme)
    MilestoneFactory(programme=programme, phase=phase, title="Mijlpaal A")
    MilestoneFactory(programme=programme, phase=phase, title="Mijlpaal B")
    Milestone.objects.filter(title="Mijlpaal B").delete()
    programme.delete()
    deletes = AuditEvent.objects.filter(kind=Kind.DELETED).order_by("pk")
    assert [(e.object_type, e.object_repr) for e in deletes] == [
        ("milestones.Milestone", "Mijlpaal B"),
        ("phases.Programme", "Weg ermee"),
    ]
    assert not ProgrammeMembership.objects.exists()


def test_events_are_never_changed_or_deleted():
    event = AuditEvent.objects.create(kind=Kind.LOGIN, username="x")
    event.username = "y"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_the_admin_shows_the_log_read_only(client):
    admin = UserFactory(username="beheer", is_staff=True, is_superuser=True)
    event = AuditEvent.objects.create(kind=Kind.LOGIN_FAILED, username="mallory")
    client.force_login(admin)
    assert "mallory" in client.get(reverse("admin:accounts_auditevent_changelist")).content.decode()
    assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    assert (
        client.get(reverse("admin:accounts_auditevent_delete", args=[event.pk])).status_code == 403
    )
    change = client.get(reverse("admin:accounts_auditevent_change", args=[event.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    client.post(
        reverse("admin:accounts_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_feeds_revoked_in_the_admin_are_logged(client):
    admin = UserFactory(username="beheer", is_staff=True, is_superuser=True)
    user = UserFactory(username="els")
    programme = ProgrammeFactory()
    MembershipFactory(user=user, programme=programme)
    feeds = [create_feed(user=user, programme=programme, name=f"F{n}") for n in range(2)]
    client.force_login(admin)
    client.post(
        reverse("admin:milestones_calendarfeed_changelist"),
        {"action": "revoke_feeds", "_selected_action": [feed.pk for feed in feeds]},
    )
    revoked = AuditEvent.objects.filter(kind=Kind.FEED_REVOKED)
    assert sorted(revoked.values_list("object_repr", flat=True)) == ["F0", "F1"]
    assert {event.username for event in revoked} == {"beheer"}
