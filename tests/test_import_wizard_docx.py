"""The import wizard with a Word document: the preview offers its tables (issue 17)."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import translation

from milestones.demo import load_catalogue
from milestones.importing import NoSuchSheet, wizard
from milestones.models import PendingImport
from phases.models import AccessLevel
from tests.support.access import as_user
from tests.support.factories import MembershipFactory, ProgrammeFactory, UserFactory
from tests.support.schedules import CATALOGUE, SAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    load_catalogue(path=CATALOGUE)  # the planning's groups are known: no warnings about them
    return ProgrammeFactory(slug="sa", name="Sociale agenda", year=2007)


def pending_of(user, programme, name: str) -> PendingImport:
    data = (SAMPLES / name).read_bytes()
    return PendingImport.objects.create(
        programme=programme,
        user=user,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        data=data,
    )


def table_url(pending) -> str:
    return reverse("milestones:import-table", args=[pending.programme.slug, pending.pk])


@pytest.mark.parametrize(
    ("who", "refused"),
    [(None, 302), ("outsider", 404), ("viewer", 403), ("secretary", 403), ("editor", None)],
)
def test_choosing_a_table_is_for_the_uploader_alone(client, programme, who, refused):
    user = as_user(client, who, programme)
    owner = (
        user
        or MembershipFactory(
            user=UserFactory(username="eigenaar"), programme=programme, level=AccessLevel.EDITOR
        ).user
    )
    pending = pending_of(owner, programme, "seed_003.docx")
    get = client.get(table_url(pending))
    post = client.post(table_url(pending), {"table": "Tabel 5"})
    pending.refresh_from_db()
    if refused is None:
        assert (get.status_code, post.status_code) == (405, 302)
        assert pending.sheet == "Tabel 5"
        return
    assert (get.status_code, post.status_code) == (refused, refused)
    assert pending.sheet == ""


def test_the_preview_offers_each_table_and_reads_the_one_chosen(client, programme):
    user = as_user(client, "editor", programme)
    pending = pending_of(user, programme, "seed_003.docx")
    url = reverse("milestones:import-preview", args=["sa", pending.pk])
    with translation.override("en"):
        preview = client.get(url, HTTP_ACCEPT_LANGUAGE="en").context["preview"]
    assert [(t.name, t.chosen) for t in preview.tables] == [
        (f"Tabel {n}", False) for n in range(1, 8)
    ]
    assert preview.tables[4].label == (
        "Table 5 of 7: PLANNING SOCIALE AGENDA 2009-2012 (GROEIDOCUMENT) — 15 columns, 87 rows"
    )
    assert len(preview.warnings) == 20  # six tables without a schedule among them

    response = client.post(table_url(pending), {"table": "Tabel 5"})
    assert response["Location"] == url
    preview = client.get(url).context["preview"]
    assert [t.name for t in preview.tables if t.chosen] == ["Tabel 5"]
    assert (preview.creates.total, len(preview.warnings)) == (63, 14)
    html = client.get(url).content.decode()
    assert '<option value="Tabel 5" selected>' in html

    client.post(table_url(pending), {"table": ""})  # every table again
    pending.refresh_from_db()
    assert pending.sheet == ""


def test_a_table_the_document_lacks_is_refused_and_nothing_changes(client, programme):
    user = as_user(client, "editor", programme)
    pending = pending_of(user, programme, "seed_003.docx")
    with pytest.raises(NoSuchSheet) as refused, translation.override("en"):
        wizard.choose_table(pending, "Tabel 9")
    assert str(refused.value) == 'seed_003.docx has no table "Tabel 9".'
    response = client.post(
        table_url(pending), {"table": "Tabel 9"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert [str(m) for m in response.context["messages"]] == [
        'seed_003.docx has no table "Tabel 9".'
    ]
    pending.refresh_from_db()
    assert pending.sheet == ""


def test_a_document_with_one_table_offers_no_choice(client, programme):
    user = as_user(client, "editor", programme)
    pending = pending_of(user, programme, "seed_001.docx")
    response = client.get(reverse("milestones:import-preview", args=["sa", pending.pk]))
    assert response.context["preview"].tables == ()
    assert 'id="import-table"' not in response.content.decode()
    assert response.context["preview"].creates.total == 12
