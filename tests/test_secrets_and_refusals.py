"""Feed links stored as hashes, password reset only with mail, a plain CSRF page, no macros."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.apps import apps
from django.test import Client, override_settings
from django.urls import reverse

from milestones.importing.macros import has_macros
from milestones.models import CalendarFeed, PendingImport, hash_feed_token
from phases.models import AccessLevel
from tests.support.factories import MembershipFactory, ProgrammeFactory, UserFactory
from tests.support.schedules import run, snapshot, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Sociale agenda", slug="sociale-agenda", year=2024)


@pytest.fixture
def member(programme):
    return MembershipFactory(
        user=UserFactory(username="secretaris"), programme=programme, level=AccessLevel.VIEWER
    ).user


def shown_token(page: str) -> str | None:
    match = re.search(r'value="https?://testserver/feeds/([\w-]+)\.ics"', page)
    return match.group(1) if match else None


# -- feed tokens (item 8) ----------------------------------------------------------------


def test_the_database_holds_only_a_hash_of_the_feed_token(programme, member):
    feed = CalendarFeed.objects.create(user=member, programme=programme, name="Agenda")
    token = feed.token
    stored = CalendarFeed.objects.values().get(pk=feed.pk)
    assert token not in {str(value) for value in stored.values()}
    assert stored["token_hash"] == hash_feed_token(token)
    assert CalendarFeed.objects.get(pk=feed.pk).token is None  # not readable back
    assert Client().get(reverse("calendar:feed", args=[token])).status_code == 200
    hashed = reverse("calendar:feed", args=[stored["token_hash"]])
    assert Client().get(hashed).status_code == 404  # the hash itself is no key


def test_the_link_is_shown_once_when_made(client, programme, member):
    client.force_login(member)
    url = reverse("calendar:programme-feeds", args=[programme.slug])
    client.post(url, {"name": "Mijn agenda"})
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    token = shown_token(first)
    assert token and Client().get(reverse("calendar:feed", args=[token])).status_code == 200
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert shown_token(again) is None
    assert token not in again
    assert "The link was shown when it was made" in again
    assert ">New link</button>" in again


def test_a_new_link_replaces_the_old_one(client, programme, member):
    feed = CalendarFeed.objects.create(user=member, programme=programme, name="Agenda")
    old = feed.token
    client.force_login(member)
    response = client.post(
        reverse("calendar:renew", args=[feed.pk]),
        {"next": reverse("calendar:programme-feeds", args=[programme.slug])},
    )
    assert response["Location"] == f"/programmes/sociale-agenda/feeds/#feed-{feed.pk}"
    page = client.get(response["Location"]).content.decode()
    new = shown_token(page)
    assert new and new != old
    assert Client().get(reverse("calendar:feed", args=[old])).status_code == 404
    assert Client().get(reverse("calendar:feed", args=[new])).status_code == 200


def test_nobody_renews_someone_elses_or_a_revoked_feed(client, programme, member):
    feed = CalendarFeed.objects.create(user=member, programme=programme, name="Agenda")
    hash_before = feed.token_hash
    client.force_login(UserFactory(username="ander"))
    assert client.post(reverse("calendar:renew", args=[feed.pk])).status_code == 404
    client.force_login(member)
    CalendarFeed.objects.filter(pk=feed.pk).update(revoked_at="2024-01-01T00:00:00Z")
    assert client.post(reverse("calendar:renew", args=[feed.pk])).status_code == 404
    feed.refresh_from_db()
    assert feed.token_hash == hash_before


def test_the_migration_hashes_old_tokens_and_their_links_keep_working(programme, member):
    migration = __import__(
        "milestones.migrations.0005_calendarfeed_token_hash", fromlist=["hash_tokens"]
    )
    feed = CalendarFeed.objects.create(user=member, programme=programme, name="Agenda")
    old_token = "an-old-clear-text-token-from-before-the-migration-0123456"
    CalendarFeed.objects.filter(pk=feed.pk).update(token_hash=old_token)  # as stored before
    migration.hash_tokens(apps, None)
    feed.refresh_from_db()
    assert feed.token_hash == hash_feed_token(old_token)
    assert Client().get(reverse("calendar:feed", args=[old_token])).status_code == 200


# -- password reset only with mail (item 8) ------------------------------------------------

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize(
    ("mail", "status"),
    [
        ({"EMAIL_BACKEND": SMTP, "EMAIL_HOST": ""}, 404),
        ({"EMAIL_BACKEND": CONSOLE, "DEBUG": False}, 404),
        ({"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}, 404),
        ({"EMAIL_BACKEND": SMTP, "EMAIL_HOST": "smtp.example.org"}, 200),
        ({"EMAIL_BACKEND": CONSOLE, "DEBUG": True}, 200),
    ],
)
def test_password_reset_exists_only_when_the_site_can_send_mail(client, mail, status):
    with override_settings(**mail):
        for name in ("password_reset", "password_reset_done", "password_reset_complete"):
            assert client.get(reverse(name)).status_code == status, name
        confirm = reverse("password_reset_confirm", args=["MQ", "set-password"])
        assert client.get(confirm).status_code == (404 if status == 404 else 200)


def test_a_reset_mail_is_sent_when_mail_is_configured(client, mailoutbox):
    UserFactory(username="jan", email="jan@example.org")
    response = client.post(reverse("password_reset"), {"email": "jan@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1


# -- the CSRF failure page (item 8) --------------------------------------------------------


def test_a_refused_form_explains_itself_without_djangos_developer_notes(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("calendar:feeds"), {"name": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Form not accepted" in page
    assert "reload the page" in page
    assert "DEBUG" not in page
    assert "CSRF verification failed" not in page
    assert "<html" in page and "Regie" in page  # the site's own layout


# -- macro workbooks (item 8) --------------------------------------------------------------

HEADER = ["Mijlpaal", "Datum"]


def with_macros(*, vba: bool = True, content_type: bool = True) -> bytes:
    """A workbook made macro-enabled after the fact, as Excel saves an .xlsm."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(("Blad1", [HEADER, ["Start", "1-mrt"]]))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if content_type and item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            target.writestr(item, data)
        if vba:
            target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 VBA")
    return out.getvalue()


MACRO_MESSAGE = (
    "{file} is a workbook with macros (.xlsm). Regie does not take in macros: save it in "
    "Excel as .xlsx (Excel workbook) or .csv and import that file."
)


@pytest.mark.parametrize(
    "data",
    [
        with_macros(),
        with_macros(content_type=False),
        with_macros(vba=False),
    ],
    ids=["xlsm", "vba only", "content type only"],
)
def test_import_schedule_refuses_a_macro_workbook_renamed_to_xlsx(tmp_path, data):
    path = tmp_path / "planning.xlsx"
    path.write_bytes(data)
    before = snapshot()
    code, _out, err = run("import_schedule", str(path), "--programme", "nieuw", "--year", "2024")
    assert (code, err) == (2, MACRO_MESSAGE.format(file="planning.xlsx") + "\n")
    assert snapshot() == before


def test_the_wizard_refuses_a_macro_workbook_by_content(client, programme):
    editor = MembershipFactory(
        user=UserFactory(username="redacteur"), programme=programme, level=AccessLevel.EDITOR
    ).user
    client.force_login(editor)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("planning.xlsx", with_macros(), content_type="application/zip")
    response = client.post(
        reverse("milestones:import", args=[programme.slug]),
        {"file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [MACRO_MESSAGE.format(file="planning.xlsx")]}
    assert not PendingImport.objects.exists()


def test_a_plain_workbook_has_no_macros():
    plain = zipfile.ZipFile(io.BytesIO(xlsx(("Blad1", [HEADER]))))
    assert not has_macros(plain)
