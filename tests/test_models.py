import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from milestones.models import Milestone
from phases.dates import parse_fuzzy_date
from phases.models import Gate, MeetingSeries
from tests.support.factories import (
    GateFactory,
    InvolvementFactory,
    MeetingSeriesFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
d = datetime.date


@pytest.fixture
def programme():
    return ProgrammeFactory(year=2024)


def test_saving_parses_the_date_text_in_the_programme_year(programme):
    milestone = MilestoneFactory(programme=programme, date_text="25-26-mrt")
    milestone.refresh_from_db()
    assert (milestone.start, milestone.end, milestone.precision) == (
        d(2024, 3, 25),
        d(2024, 3, 26),
        "days",
    )
    assert milestone.dates == []
    assert milestone.version == 1


def test_separate_days_are_kept(programme):
    milestone = MilestoneFactory(programme=programme, date_text="10 / 17 mei")
    milestone.refresh_from_db()
    assert milestone.separate_days == [d(2024, 5, 10), d(2024, 5, 17)]
    assert (milestone.start, milestone.end) == (d(2024, 5, 10), d(2024, 5, 17))


def test_changed_text_is_parsed_again_with_the_current_start_as_cursor(programme):
    milestone = MilestoneFactory(programme=programme, date_text="eind nov")
    assert milestone.start == d(2024, 11, 21)
    milestone = Milestone.objects.get(pk=milestone.pk)
    milestone.date_text = "begin jan"  # after November the cursor puts January in 2025
    milestone.save()
    milestone.refresh_from_db()
    assert (milestone.start, milestone.end, milestone.precision) == (
        d(2025, 1, 1),
        d(2025, 1, 10),
        "month_part",
    )
    assert milestone.version == 2


def test_every_save_bumps_the_version_and_keeps_dates(programme):
    milestone = MilestoneFactory(programme=programme, date_text="wk 47")
    milestone = Milestone.objects.get(pk=milestone.pk)
    milestone.status = "done"
    milestone.save(update_fields=["status"])
    milestone.refresh_from_db()
    assert milestone.version == 2
    assert (milestone.start, milestone.end) == (d(2024, 11, 18), d(2024, 11, 24))


def test_update_fields_with_date_text_also_writes_the_interval(programme):
    milestone = MilestoneFactory(programme=programme, date_text="1-mrt")
    milestone = Milestone.objects.get(pk=milestone.pk)
    milestone.date_text = "Q4"
    milestone.save(update_fields=["date_text"])
    milestone.refresh_from_db()
    assert (milestone.start, milestone.end, milestone.precision) == (
        d(2024, 10, 1),
        d(2024, 12, 31),
        "quarter",
    )


def test_a_reading_made_by_the_caller_is_kept(programme):
    reading = parse_fuzzy_date("jan", 2025)
    milestone = Milestone(programme=programme, title="Na de jaarwisseling")
    milestone.set_date(reading, text="jan")
    milestone.save()
    milestone.refresh_from_db()
    assert (milestone.start, milestone.end) == (d(2025, 1, 1), d(2025, 1, 31))


def test_unreadable_text_is_kept_and_flagged_when_saved_directly(programme):
    milestone = MilestoneFactory(programme=programme, date_text="zelf invullen")
    milestone.refresh_from_db()
    assert milestone.date_text == "zelf invullen"
    assert milestone.start is None and milestone.end is None and milestone.precision == ""
    assert milestone.needs_date_attention
    assert list(Milestone.objects.needing_date_attention()) == [milestone]


def test_clearing_the_text_makes_it_undated_without_attention(programme):
    milestone = MilestoneFactory(programme=programme, date_text="1-mrt")
    milestone.date_text = ""
    milestone.save()
    assert milestone.start is None and not milestone.needs_date_attention


def test_unreadable_text_is_a_dutch_validation_error_quoting_it(programme):
    milestone = Milestone(programme=programme, title="X", date_text="zelf invullen")
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        milestone.full_clean()
    messages = caught.value.message_dict["date_text"]
    assert len(messages) == 1
    assert "“zelf invullen”" in messages[0] or '"zelf invullen"' in messages[0]
    assert "datum" in messages[0]


def test_unchanged_dates_are_not_validated_again(programme):
    """A text saved unreadable (kept as written, flagged) does not block editing other fields;
    only a new or changed text is read again by clean()."""
    with pytest.raises(ValidationError) as caught:
        Milestone(programme=programme, title="X", date_text="ooit misschien").full_clean()
    assert list(caught.value.message_dict) == ["date_text"]

    saved = MilestoneFactory(programme=programme, date_text="ooit misschien", title="X")
    milestone = Milestone.objects.get(pk=saved.pk)
    assert milestone.needs_date_attention
    milestone.title = "Y"
    milestone.full_clean()  # the unchanged unreadable text is not read again

    milestone.date_text = "ooit, later"
    with pytest.raises(ValidationError) as caught:
        milestone.full_clean()
    assert list(caught.value.message_dict) == ["date_text"]


def test_phase_of_another_programme_is_refused(programme):
    phase = PhaseFactory()
    milestone = Milestone(programme=programme, phase=phase, title="X", date_text="1-mrt")
    with pytest.raises(ValidationError) as caught:
        milestone.full_clean()
    assert "phase" in caught.value.message_dict


def test_database_refuses_start_after_end(programme):
    milestone = MilestoneFactory(programme=programme, date_text="1-mrt")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Milestone.objects.filter(pk=milestone.pk).update(start=d(2024, 4, 1))


def test_history_records_who_and_old_and_new_values(programme):
    milestone = MilestoneFactory(programme=programme, date_text="1-mrt", title="Oud")
    editor = UserFactory(username="projectleider")
    milestone = Milestone.objects.get(pk=milestone.pk)
    milestone.title = "Nieuw"
    milestone.date_text = "medio juni"
    milestone._history_user = editor
    milestone.save()
    new, old = milestone.history.all()[:2]
    assert new.history_user == editor
    changes = {c.field: (c.old, c.new) for c in new.diff_against(old).changes}
    assert changes["title"] == ("Oud", "Nieuw")
    assert changes["date_text"] == ("1-mrt", "medio juni")
    assert (old.start, old.end) == (d(2024, 3, 1), d(2024, 3, 1))
    assert (new.start, new.end) == (d(2024, 6, 11), d(2024, 6, 20))


@pytest.mark.parametrize("model_factory", [PhaseFactory, GateFactory, ProgrammeFactory])
def test_history_is_kept_for_planning_models(model_factory):
    obj = model_factory()
    assert obj.history.count() == 1


def test_gate_date_uses_programme_year_and_open_gate_has_no_decision_date():
    gate = GateFactory(
        phase=PhaseFactory(programme=ProgrammeFactory(year=2019)), date_text="Maart-mei"
    )
    assert (gate.start, gate.end) == (d(2019, 3, 1), d(2019, 5, 31))
    gate.decided_on = d(2019, 6, 1)
    with pytest.raises(ValidationError):
        gate.full_clean()
    gate.outcome = Gate.Outcome.APPROVED
    gate.full_clean()


def test_involvement_is_unique_per_group():
    involvement = InvolvementFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        InvolvementFactory(milestone=involvement.milestone, target_group=involvement.target_group)


def test_meeting_series_without_time_of_day_is_allowed():
    series = MeetingSeriesFactory(
        name="Raad: kwartaalbrief", frequency="MONTHLY", interval=3, weekday=None
    )
    series.full_clean()
    assert not series.has_time_of_day and series.is_recurring


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_time": datetime.time(13)}, "start_time"),
        ({"start_time": datetime.time(13), "end_time": datetime.time(12)}, "end_time"),
        ({"last_date": d(2007, 1, 1)}, "last_date"),
        ({"frequency": "MONTHLY"}, "weekday"),
    ],
)
def test_meeting_series_validation(changes, field):
    series = MeetingSeriesFactory.build(programme=ProgrammeFactory(), **changes)
    with pytest.raises(ValidationError) as caught:
        series.full_clean()
    assert field in caught.value.message_dict


def test_meeting_series_times_are_checked_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        MeetingSeriesFactory(start_time=datetime.time(13), end_time=datetime.time(12))


def test_meeting_series_version_grows():
    series = MeetingSeriesFactory(start_time=datetime.time(12), end_time=datetime.time(13))
    series.location = "Provinciehuis"
    series.save()
    assert MeetingSeries.objects.get(pk=series.pk).version == 2


def test_error_messages_name_the_month_in_the_users_language(programme):
    milestone = Milestone(programme=programme, title="X", date_text="31 feb")
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        milestone.full_clean()
    assert "februari" in caught.value.message_dict["date_text"][0]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        milestone.full_clean()
    assert "February" in caught.value.message_dict["date_text"][0]
