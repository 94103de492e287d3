"""A body's meeting calendar in the browser's forms: upload an .ics or a list of dates (bad
rows name their row, nothing written), type a date or a recess in."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cycle.models import BodyMeeting, Recess
from tests.support.factories import TargetGroupFactory, UserFactory

D = datetime.date


@pytest.fixture
def staff(client, db, monkeypatch):
    monkeypatch.setattr("cycle.body_views.local_today", lambda: D(2026, 3, 2))
    client.force_login(UserFactory(username="griffier", is_staff=True))
    return client


def test_uploading_a_list_of_dates_adds_the_meetings(staff):
    raad = TargetGroupFactory(name="Raad")
    upload = SimpleUploadedFile("schema.csv", b"Datum;Wat\n24-9-2026;Raad\n22-10-2026;Raad\n")
    response = staff.post(reverse("cycle:body-upload", args=[raad.slug]), {"file": upload})
    assert response.status_code == 302
    assert list(BodyMeeting.objects.values_list("date", flat=True)) == [
        D(2026, 9, 24),
        D(2026, 10, 22),
    ]
    page = staff.get(reverse("cycle:body", args=[raad.slug]), HTTP_ACCEPT_LANGUAGE="nl")
    assert "24 september 2026" in page.content.decode()


def test_an_upload_with_a_bad_row_writes_nothing_and_names_the_row(staff):
    raad = TargetGroupFactory(name="Raad")
    upload = SimpleUploadedFile("schema.csv", b"Datum\n24-9-2026\nn.t.b.\n")
    response = staff.post(
        reverse("cycle:body-upload", args=[raad.slug]), {"file": upload}, follow=True,
        HTTP_ACCEPT_LANGUAGE="nl",
    )  # fmt: skip
    assert "rij 3: “n.t.b.”" in response.content.decode()
    assert not BodyMeeting.objects.exists()


def test_typing_a_meeting_and_a_recess(staff):
    raad = TargetGroupFactory(name="Raad")
    staff.post(reverse("cycle:body-meeting-new", args=[raad.slug]), {"date": "2026-09-24"})
    staff.post(reverse("cycle:body-meeting-new", args=[raad.slug]), {"date": "2026-09-24"})
    staff.post(
        reverse("cycle:body-recess-new", args=[raad.slug]),
        {"name": "zomerreces", "start": "2026-07-11", "end": "2026-08-30"},
    )
    staff.post(
        reverse("cycle:body-recess-new", args=[raad.slug]),
        {"name": "verkeerd", "start": "2026-08-30", "end": "2026-07-11"},
    )
    assert BodyMeeting.objects.count() == 1
    assert list(Recess.objects.values_list("name", flat=True)) == ["zomerreces"]
