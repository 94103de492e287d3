import pytest
from django.core.management import call_command

from milestones.loadgen import generate_load
from milestones.models import Involvement, Milestone
from phases.models import Gate, MeetingSeries, Phase, Programme
from tests.support.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def snapshot(slugs):
    return list(
        Milestone.objects.filter(programme__slug__in=slugs)
        .order_by("programme__slug", "pk")
        .values_list(
            "programme__slug", "title", "date_text", "start", "end", "status", "phase__name"
        )
    )


def test_generates_the_requested_amount_of_varied_data():
    result = generate_load(programmes=3, milestones_per_programme=20, seed=3)
    assert result.programmes == 3 and result.milestones == 60
    milestones = Milestone.objects.filter(programme__slug__in=result.slugs)
    assert milestones.count() == 60
    assert not milestones.filter(start__isnull=True).exists()
    assert len(set(milestones.values_list("precision", flat=True))) >= 4
    assert Involvement.objects.filter(milestone__in=milestones).count() >= 60
    assert Phase.objects.filter(programme__slug__in=result.slugs).count() >= 6
    assert Gate.objects.filter(phase__programme__slug__in=result.slugs).exists()
    assert MeetingSeries.objects.filter(programme__slug__in=result.slugs).count() == 6
    history = Milestone.history.filter(programme__slug__in=result.slugs)
    assert history.filter(history_type="+").count() == 60
    assert history.filter(history_type="~").count() == 6


def test_is_deterministic_for_a_seed():
    first = generate_load(programmes=2, milestones_per_programme=15, seed=42)
    before = snapshot(first.slugs)
    Programme.objects.filter(slug__in=first.slugs).delete()
    second = generate_load(programmes=2, milestones_per_programme=15, seed=42)
    assert second.slugs == first.slugs
    assert snapshot(second.slugs) == before


def test_only_adds_and_never_touches_existing_programmes():
    existing = ProgrammeFactory(slug="load-9-1", name="Echt programma")
    first = generate_load(programmes=2, milestones_per_programme=5, seed=9)
    second = generate_load(programmes=2, milestones_per_programme=5, seed=9)
    assert "load-9-1" not in first.slugs
    assert set(first.slugs).isdisjoint(second.slugs)
    assert Programme.objects.count() == 5
    existing.refresh_from_db()
    assert existing.name == "Echt programma" and not existing.milestones.exists()


def test_command(capsys):
    call_command(
        "generate_load", "--programmes", "2", "--milestones-per-programme", "4", "--seed", "1"
    )
    assert Milestone.objects.count() == 8
    assert "8" in capsys.readouterr().out
