import pytest

from stakeholders.models import TargetGroup, TargetGroupAlias, split_group_names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Colleges, raden en staten", ["Colleges", "raden", "staten"]),
        ("Klankbordgroep en experts", ["Klankbordgroep", "experts"]),
        ("raden/staten", ["raden", "staten"]),
        ("BOR & Stuurgroep", ["BOR", "Stuurgroep"]),
        ("Gezamenlijk AB", ["Gezamenlijk AB"]),
        ("  Stuurgroep  ", ["Stuurgroep"]),
        ("Stuurgroep, stuurgroep", ["Stuurgroep"]),
        ("", []),
    ],
)
def test_split_group_names(text, names):
    assert split_group_names(text) == names


@pytest.mark.django_db
def test_catalogue_matches_names_and_aliases_case_insensitively():
    group = TargetGroup.objects.create(name="Klankbordgroep")
    TargetGroupAlias.objects.create(target_group=group, name="Klankbord")
    assert TargetGroup.objects.match("klankbordGROEP") == group
    assert TargetGroup.objects.match(" KLANKBORD ") == group
    assert TargetGroup.objects.match("Stuurgroep") is None


@pytest.mark.django_db
def test_resolve_creates_unknown_groups_once():
    TargetGroup.objects.create(name="Colleges")
    groups, created = TargetGroup.objects.resolve(split_group_names("colleges, Raden en raden"))
    assert [g.name for g in groups] == ["Colleges", "Raden"]
    assert [g.name for g in created] == ["Raden"]
    assert TargetGroup.objects.get(name="Raden").slug == "raden"
    assert TargetGroup.objects.count() == 2


@pytest.mark.django_db
def test_group_names_are_unique_regardless_of_case():
    from django.db import IntegrityError

    TargetGroup.objects.create(name="BOR")
    with pytest.raises(IntegrityError):
        TargetGroup.objects.create(name="bor", slug="bor-2")
