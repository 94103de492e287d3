"""Target groups have one write path (milestones.involvements): every path that changes them
records who, when and old → new in the history, and bumps the milestone's version."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import translation

from milestones.history import milestone_history
from milestones.involvements import bulk_set_target_groups, set_target_groups
from milestones.models import Involvement, Milestone
from tests.support.factories import InvolvementFactory, MilestoneFactory, TargetGroupFactory
from tests.support.schedules import csv_file, run, xlsx

pytestmark = pytest.mark.django_db


def group_changes(milestone: Milestone) -> list[tuple[str, str, str]]:
    """(kind of entry, old, new) of the target-group changes, oldest first, in Dutch."""
    with translation.override("nl"):
        entries = milestone_history(milestone)
    return [
        (entry.kind, change.old, change.new)
        for entry in reversed(entries)
        for change in entry.changes
        if change.label == "doelgroepen"
    ]


def an_hour_ago() -> None:
    """What is in the history happened an hour ago (saves moments apart are folded)."""
    for model in (Milestone, Involvement):
        model.history.update(history_date=F("history_date") - datetime.timedelta(hours=1))


def test_a_reimport_that_moves_a_milestone_records_the_old_and_the_new_group(tmp_path):
    first = tmp_path / "planning.xlsx"
    first.write_bytes(
        xlsx(
            (
                "Mijlpalen",
                [
                    ["Einddatum", "Mijlpaal", "Doelgroep"],
                    ["1-mrt", "Overzicht betrokkenen aanleggen", "Regievoerders"],
                    ["1-apr", "Webinar", "Stuurgroep"],
                ],
            )
        )
    )
    assert run("import_schedule", str(first), "--programme", "od", "--year", "2024")[0] == 0
    moved = Milestone.objects.get(title="Overzicht betrokkenen aanleggen")
    other = Milestone.objects.get(title="Webinar")
    assert group_changes(moved) == [("+", "—", "Regievoerders")]
    assert Involvement.history.filter(milestone_id=moved.pk).get().history_type == "+"
    an_hour_ago()

    # Our own export's Id column matches the rows, so the changed group is an update.
    second = tmp_path / "planning-v2.csv"
    second.write_bytes(
        csv_file(
            [
                ["Id", "Einddatum", "Mijlpaal", "Doelgroep"],
                [moved.pk, "1-mrt", "Overzicht betrokkenen aanleggen", "Stuurgroep"],
                [other.pk, "1-apr", "Webinar", "Stuurgroep"],
            ]
        )
    )
    code, out, _err = run("import_schedule", str(second), "--programme", "od")
    assert code == 0
    assert "1 updated, 1 unchanged" in out

    moved.refresh_from_db()
    assert moved.version == 2
    assert list(moved.target_groups.values_list("name", flat=True)) == ["Stuurgroep"]
    assert group_changes(moved) == [
        ("+", "—", "Regievoerders"),
        ("~", "Regievoerders", "Stuurgroep"),
    ]
    assert sorted(
        Involvement.history.filter(milestone_id=moved.pk).values_list(
            "history_type", "target_group__name"
        )
    ) == [("+", "Regievoerders"), ("+", "Stuurgroep"), ("-", "Regievoerders")]
    # The unchanged milestone is not touched.
    assert Involvement.history.filter(milestone_id=other.pk).count() == 1


def test_the_milestone_page_shows_the_groups_of_an_import(tmp_path, admin_client):
    path = tmp_path / "planning.csv"
    path.write_bytes(
        csv_file([["Einddatum", "Mijlpaal", "Doelgroep"], ["1-mrt", "Kick-off", "BOR"]])
    )
    call_command("import_schedule", str(path), "--programme", "od", "--year", "2024", stdout=None)
    milestone = Milestone.objects.get()
    with translation.override("nl"):
        page = admin_client.get(milestone.get_absolute_url()).content.decode()
    assert "<ins>BOR</ins>" in page


def test_the_demo_loader_records_the_groups_of_its_milestones():
    with translation.override("en"):
        call_command("load_demo", stdout=None)
    involvement = Involvement.objects.select_related("milestone", "target_group").first()
    milestone = involvement.milestone
    names = sorted(milestone.target_groups.values_list("name", flat=True))
    assert group_changes(milestone) == [("+", "—", ", ".join(names))]
    assert Involvement.history.filter(history_type="+").count() == Involvement.objects.count()


def test_the_quick_edit_records_removed_and_added_groups_and_bumps_the_version_once(
    client, django_user_model
):
    from tests.test_milestone_edit import as_user
    from tests.test_quick_edit import HTMX, opened, quick_url

    bor, stuurgroep = TargetGroupFactory(name="BOR"), TargetGroupFactory(name="Stuurgroep")
    milestone = MilestoneFactory(title="Kick-off", date_text="1-mrt")
    InvolvementFactory(milestone=milestone, target_group=bor)
    milestone = Milestone.objects.get(pk=milestone.pk)
    editor = as_user(client, "editor", milestone.programme)
    _response, hidden = opened(client, milestone, "groups")
    client.post(
        quick_url(milestone, "groups"),
        {**hidden, "target_groups": [stuurgroep.pk], "place": "table"},
        **HTMX,
    )
    after = Milestone.objects.get(pk=milestone.pk)
    assert after.version == milestone.version + 1
    removed = Involvement.history.get(history_type="-")
    assert (removed.target_group, removed.history_user) == (bor, editor)
    assert group_changes(after)[-1] == ("~", "BOR", "Stuurgroep")


def test_set_target_groups_alone_saves_the_milestone_and_keeps_raci_letters():
    bor, stuurgroep = TargetGroupFactory(name="BOR"), TargetGroupFactory(name="Stuurgroep")
    milestone = MilestoneFactory(title="Kick-off")
    InvolvementFactory(milestone=milestone, target_group=bor, raci="A")
    version = Milestone.objects.get(pk=milestone.pk).version
    assert set_target_groups(milestone, [bor, stuurgroep]) is True
    assert Milestone.objects.get(pk=milestone.pk).version == version + 1
    assert dict(milestone.involvements.values_list("target_group__name", "raci")) == {
        "BOR": "A",
        "Stuurgroep": "",
    }
    assert set_target_groups(milestone, [bor, stuurgroep]) is False
    assert Milestone.objects.get(pk=milestone.pk).version == version + 1


def test_the_bulk_variant_changes_raci_letters_with_history_and_reports_what_changed():
    bor = TargetGroupFactory(name="BOR")
    one, two = MilestoneFactory(), MilestoneFactory()
    InvolvementFactory(milestone=one, target_group=bor, raci="")
    InvolvementFactory(milestone=two, target_group=bor, raci="R")
    changed = bulk_set_target_groups([(one, [(bor, "A")]), (two, [(bor.pk, "R")])])
    assert changed == {one.pk}
    assert Involvement.objects.get(milestone=one).raci == "A"
    assert Involvement.history.filter(milestone_id=one.pk, history_type="~").get().raci == "A"
