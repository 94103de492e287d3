"""``manage.py backup`` / ``restore``: every programme's JSON export is the same after a
round trip (also on PostgreSQL: DATABASE_URL), and a database with data is not overwritten
unless asked."""

import gzip
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from accounts.models import AuditEvent
from milestones.backups import backed_up_models
from milestones.calendars.ical import create_feed
from milestones.models import PendingImport
from phases.models import Programme
from tests.support.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def exports() -> dict[str, str]:
    result = {}
    for slug in Programme.objects.order_by("slug").values_list("slug", flat=True):
        out = io.StringIO()
        call_command("export_schedule", "--programme", slug, "--format", "json", stdout=out)
        result[slug] = out.getvalue()
    return result


def counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in backed_up_models()}


@pytest.fixture
def data():
    call_command(
        "generate_load",
        "--programmes",
        "3",
        "--milestones-per-programme",
        "40",
        stdout=io.StringIO(),
    )
    programme = Programme.objects.order_by("slug").first()
    user = UserFactory(username="secretaris", email="s@example.org")
    user.user_permissions.add(Permission.objects.get(codename="add_programme"))
    MembershipFactory(user=user, programme=programme)
    create_feed(user=user, programme=programme, name="Stuurgroep")
    PendingImport.objects.create(
        programme=programme,
        user=user,
        file_name="plan.xlsx",
        sha256="0" * 64,
        size=4,
        data=b"PK\x03\x04\x00\xff",
    )
    return user


def backup(path: Path) -> str:
    out = io.StringIO()
    with translation.override("nl"):  # what an administrator reads, whatever ran before
        call_command("backup", "-o", str(path), stdout=out)
    return out.getvalue()


def restore(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def test_round_trip_into_an_empty_database(data, tmp_path):
    before, rows = exports(), counts()
    times = [(p.pk, p.updated_at) for p in Programme.objects.order_by("pk")]
    path = tmp_path / "regie.backup"
    assert "rijen geschreven naar" in backup(path)  # in the default language, Dutch
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    call_command("flush", interactive=False)  # an empty, migrated database
    assert Programme.objects.count() == 0
    restore(path)
    assert exports() == before
    assert counts() == rows
    assert times == [(p.pk, p.updated_at) for p in Programme.objects.order_by("pk")]
    user = type(data).objects.get(username="secretaris")
    assert user.has_perm("phases.add_programme")
    assert user.check_password("secret-pass-123")
    assert bytes(PendingImport.objects.get().data) == b"PK\x03\x04\x00\xff"
    # New rows get new ids after the restored ones (PostgreSQL's sequences were moved on).
    assert Programme.objects.create(name="Nieuw", slug="nieuw", year=2025).pk > max(
        pk for pk, _at in times
    )


def test_a_database_with_data_is_refused_without_force(data, tmp_path):
    path = tmp_path / "regie.backup"
    backup(path)
    before = exports()
    Programme.objects.order_by("pk").first().delete()
    with pytest.raises(CommandError, match="--force"):
        restore(path)
    assert exports() != before  # nothing was written
    restore(path, "--force")
    assert exports() == before


def test_history_and_audit_log_come_back_unchanged(data, tmp_path):
    AuditEvent.objects.create(kind=AuditEvent.Kind.LOGIN, username="x", ip_address="192.0.2.1")
    history = apps.get_model("milestones", "HistoricalMilestone")
    events = list(AuditEvent.objects.order_by("pk").values())
    changes = list(history.objects.order_by("pk").values())
    path = tmp_path / "regie.backup"
    backup(path)
    restore(path, "--force")
    assert list(AuditEvent.objects.order_by("pk").values()) == events
    assert list(history.objects.order_by("pk").values()) == changes
    assert changes and events


def test_what_is_not_a_backup_is_refused(db, tmp_path):
    path = tmp_path / "other.gz"
    path.write_bytes(gzip.compress(b'{"format": "something else"}\n'))
    with pytest.raises(CommandError):
        restore(path)
    path.write_bytes(b"no gzip at all")
    with pytest.raises(CommandError):
        restore(path)


def test_a_backup_from_other_migrations_is_refused(db, tmp_path):
    path = tmp_path / "old.backup"
    header = '{"format": "regie-backup", "version": 1, "migrations": [["phases", "0001_initial"]]}'
    path.write_bytes(gzip.compress(header.encode() + b"\n"))
    with translation.override("nl"), pytest.raises(CommandError, match="andere databasemigraties"):
        restore(path)
    assert timezone.now()  # the database was not touched: the programmes table stays empty
    assert Programme.objects.count() == 0
