"""The milestone form for people (issue 15): only the programme's groups, a way to add one,
deleting apart and confirmed, nothing typed lost; plain labels; where a milestone came from.

Two organisations: ours runs "Sociale agenda" with "Stuurgroep"; another runs "Geheim" with
"Cie Instellingen", a group only it uses.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from milestones.demo import demo_directory, programme_files, read_toml
from milestones.editing.forms import MilestoneForm
from milestones.models import ImportRecord, Involvement, Milestone
from phases import presentation
from phases.forms import ProgrammeForm
from phases.models import AccessLevel
from stakeholders.models import TargetGroup, TargetGroupAlias
from tests.support.access import member
from tests.support.factories import (
    InvolvementFactory,
    MilestoneFactory,
    OrganisationFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
    UserFactory,
)
from tests.support.forms import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ours = ProgrammeFactory(name="Sociale agenda", slug="sociale-agenda", year=2024)
    ours.organisations.add(OrganisationFactory(name="Provincie A"))
    secret = ProgrammeFactory(name="Geheim", slug="geheim")
    secret.organisations.add(OrganisationFactory(name="Gemeente B"))
    stuurgroep = TargetGroupFactory(name="Stuurgroep")
    cie = TargetGroupFactory(name="Cie Instellingen")
    InvolvementFactory(milestone=MilestoneFactory(programme=secret), target_group=cie)
    phase = PhaseFactory(programme=ours, name="Fase 1")
    milestone = MilestoneFactory(programme=ours, phase=phase, title="Kick-off", date_text="1-mrt")
    InvolvementFactory(milestone=milestone, target_group=stuurgroep)
    editor = member(ours, AccessLevel.EDITOR, "redacteur")
    return {"ours": ours, "milestone": milestone, "editor": editor, "cie": cie}


def edit_url(milestone) -> str:
    return reverse("milestones:edit", args=[milestone.pk])


def shown_form(client, milestone) -> dict:
    return submitted(client.get(edit_url(milestone)).context["form"])


@pytest.mark.parametrize("staff", [False, True])
def test_only_the_programmes_groups_are_offered_also_to_staff(client, world, staff):
    user = UserFactory(username="staf", is_staff=True) if staff else world["editor"]
    client.force_login(user)
    form = client.get(edit_url(world["milestone"])).context["form"]
    assert {g.name for g in form.fields["target_groups"].queryset} == {"Stuurgroep"}
    quick = reverse("milestones:quick-edit", args=[world["milestone"].pk, "groups"])
    html = client.get(quick + "?place=table", headers={"HX-Request": "true"}).content.decode()
    assert "Stuurgroep" in html
    assert "Cie Instellingen" not in html


def test_a_group_of_another_organisation_is_refused(client, world):
    client.force_login(world["editor"])
    milestone = world["milestone"]
    data = shown_form(client, milestone) | {"target_groups": [str(world["cie"].pk)]}
    response = client.post(edit_url(milestone), data)
    assert response.status_code == 200
    assert "target_groups" in response.context["form"].errors
    assert not Involvement.objects.filter(milestone=milestone, target_group=world["cie"]).exists()


def test_a_new_group_typed_in_the_form_is_created_and_added(client, world):
    client.force_login(world["editor"])
    milestone = world["milestone"]
    data = shown_form(client, milestone) | {"new_group": "  Klankbordgroep\nBewoners "}
    response = client.post(edit_url(milestone), data)
    assert response.status_code == 302
    group = TargetGroup.objects.get(name="Klankbordgroep Bewoners")  # one line
    assert set(milestone.involvements.values_list("target_group__name", flat=True)) == {
        "Stuurgroep",
        "Klankbordgroep Bewoners",
    }
    entry = Involvement.history.get(target_group=group)
    assert (entry.history_type, entry.history_user) == ("+", world["editor"])
    # from now on the programme offers it
    form = client.get(edit_url(milestone)).context["form"]
    assert group in form.fields["target_groups"].queryset


def test_a_typed_name_of_a_known_group_or_alias_takes_that_group(client, world):
    client.force_login(world["editor"])
    milestone = world["milestone"]
    stuurgroep = TargetGroup.objects.get(name="Stuurgroep")
    TargetGroupAlias.objects.create(target_group=stuurgroep, name="SG")
    data = shown_form(client, milestone) | {"target_groups": [], "new_group": "sg"}
    assert client.post(edit_url(milestone), data).status_code == 302
    assert list(milestone.involvements.values_list("target_group", flat=True)) == [stuurgroep.pk]
    assert TargetGroup.objects.count() == 2


def test_a_too_long_group_name_is_refused(client, world):
    client.force_login(world["editor"])
    data = shown_form(client, world["milestone"]) | {"new_group": "x" * 101}
    response = client.post(edit_url(world["milestone"]), data)
    assert "new_group" in response.context["form"].errors
    assert not TargetGroup.objects.filter(name__startswith="xxx").exists()


def test_nothing_typed_is_lost_when_the_form_is_refused(client, world):
    client.force_login(world["editor"])
    milestone = world["milestone"]
    data = shown_form(client, milestone) | {
        "title": "Kick-off met bewoners",
        "date_text": "31 feb",  # not a date
        "new_group": "Bewonersraad",
        "target_groups": [],
        "notes": "Zaal boeken",
    }
    response = client.post(edit_url(milestone), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "date_text" in form.errors
    html = response.content.decode()
    assert 'value="Kick-off met bewoners"' in html
    assert 'value="Bewonersraad"' in html
    assert "Zaal boeken</textarea>" in html
    assert 'value="31 feb"' in html
    assert form["target_groups"].value() == []  # unticked stays unticked
    assert not re.search(r'name="target_groups"[^>]*checked', html)
    assert not TargetGroup.objects.filter(name="Bewonersraad").exists()  # made only on save
    milestone.refresh_from_db()
    assert milestone.title == "Kick-off"


def test_delete_is_apart_from_save_and_a_get_deletes_nothing(client, world):
    client.force_login(world["editor"])
    milestone = world["milestone"]
    html = client.get(edit_url(milestone)).content.decode()
    delete_url = reverse("milestones:delete", args=[milestone.pk])
    bar = html[html.index("data-save-bar") : html.index("</form>")]
    assert delete_url not in bar  # not next to Save and Cancel
    zone = html[html.index("data-danger-zone") :]
    assert delete_url in zone and "Kick-off" in zone
    assert html.index("</form>") < html.index("data-danger-zone")

    confirm = client.get(delete_url)
    assert confirm.status_code == 200
    assert "Kick-off" in confirm.content.decode()  # the question names the milestone
    assert Milestone.objects.filter(pk=milestone.pk).exists()
    assert client.post(delete_url).status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


def test_the_form_reads_in_fieldsets_with_the_save_bar_outside_the_fields(client, world):
    client.force_login(world["editor"])
    html = client.get(edit_url(world["milestone"])).content.decode()
    legends = re.findall(r"<legend>\s*([^<]+?)\s*</legend>", html)
    with translation.override("nl"):  # Wat, Wanneer | Wie; Hoe | Documenten en notities
        expected = [gettext(w) for w in ("What", "When", "Who", "How", "Documents and notes")]
    assert legends == expected
    form = MilestoneForm(instance=world["milestone"], programme=world["ours"])
    assert form.helper.form_tag is False and form.helper.inputs == []
    assert html.count("<fieldset") >= 5
    assert 'name="save"' in html[html.index("data-save-bar") :]


# -- plain labels --------------------------------------------------------------------------


@pytest.mark.usefixtures("dutch")
def test_the_programme_form_names_no_slug_and_no_year_context():
    form = ProgrammeForm(user=UserFactory(is_staff=True))
    labels = {str(form.fields[name].label).lower() for name in ("slug", "year")}
    helps = " ".join(str(form.fields[name].help_text) for name in ("slug", "year"))
    assert not {"slug", "jaarcontext", "year context"} & labels
    assert "/programmes/sociale-agenda/" in helps  # an example web address
    assert "“1 maart”" in helps  # why the year matters: dates written without one


def test_help_texts_say_what_a_field_means_not_the_seed_column():
    for name in ("lead", "participants", "work_form_notes", "is_optional"):
        help_text = str(Milestone._meta.get_field(name).help_text)
        assert help_text
        for column in ("Wie (lead)", "Gewenste inzet van", "As written", "Optie:"):
            assert column not in help_text, name


def test_a_reading_says_period_and_precision_in_words():
    with translation.override("en"):
        week = presentation.format_reading(
            datetime.date(2024, 9, 16), datetime.date(2024, 9, 22), "week"
        )
        day = presentation.format_reading(datetime.date(2024, 3, 1), datetime.date(2024, 3, 1))
        joined = presentation.format_reading(
            datetime.date(2024, 9, 21), datetime.date(2024, 10, 10), "multiple"
        )
    assert week == "Period: 16 – 22 sep 2024 (wk 38) · precision: a week"
    assert day == "Day: 1 mar 2024 (wk 9)"
    assert joined == "Period: 21 sep – 10 oct 2024 (wk 38–41)"
    assert presentation.format_reading(None, None, "week") == ""


def test_the_milestone_page_reads_its_date_without_interval_or_imprecise(client, world):
    client.force_login(world["editor"])
    milestone = world["milestone"]
    milestone.date_text = "wk 38"
    milestone.save()
    html = client.get(milestone.get_absolute_url()).content.decode()
    assert "Interval" not in html
    assert "onnauwkeurig" not in html
    assert "16 – 22 sep 2024 (wk 38)" in html


# -- provenance ----------------------------------------------------------------------------


def test_an_imported_milestone_names_the_file_as_uploaded_and_links_its_record(client, world):
    client.force_login(member(world["ours"], AccessLevel.VIEWER, "lezer"))
    record = ImportRecord.objects.create(
        programme=world["ours"], file_name="Planning sociale agenda v3.xlsx", sha256="0" * 64
    )
    milestone = world["milestone"]
    Milestone.objects.filter(pk=milestone.pk).update(
        import_record=record,
        source_file=record.file_name,
        source_sheet="Planning",
        source_row=308,
    )
    html = client.get(milestone.get_absolute_url()).content.decode()
    origin = html[html.index("data-origin") : html.index("</dd>", html.index("data-origin"))]
    record_url = reverse("milestones:import-record", args=[record.pk])
    assert f'<a href="{record_url}">' in origin
    # Dutch once the catalogue has it: "geïmporteerd uit Planning sociale agenda v3.xlsx, …"
    assert "Planning sociale agenda v3.xlsx</a>, " in origin
    assert origin.rstrip().endswith("308")
    assert client.get(record_url).status_code == 200  # the reader may open what it links


def test_a_milestone_typed_in_from_a_document_names_it_without_a_link(client, world):
    client.force_login(world["editor"])
    milestone = world["milestone"]
    Milestone.objects.filter(pk=milestone.pk).update(
        source_file="Projectvoorstel sociale agenda 2009-2012", source_row=308
    )
    html = client.get(milestone.get_absolute_url()).content.decode()
    origin = html[html.index("data-origin") : html.index("</dd>", html.index("data-origin"))]
    assert "Projectvoorstel sociale agenda 2009-2012, " in origin
    assert origin.rstrip().endswith("308")
    assert "<a " not in origin


def test_a_demo_milestone_names_its_document_not_a_stored_file_name():
    for path in programme_files(directory=demo_directory()):
        source = read_toml(path=path).get("source", "")
        assert not source.endswith(".txt"), path.name  # "003_57f9047d4aebcb96.txt" once


def test_programme_pages_name_the_year_without_jargon(client, world):
    client.force_login(world["editor"])
    for url in (reverse("home"), world["ours"].get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Jaarcontext" not in html and "Year context" not in html, url
        with translation.override("nl"):  # "Planning begint in 2024" with the catalogue
            expected = gettext("Planning starts in %(year)s") % {"year": 2024}
        assert expected in html, url
