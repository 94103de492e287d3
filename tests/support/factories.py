"""Small factory_boy factories: test data is built in code, not loaded from JSON."""

import datetime

import factory
from django.contrib.auth import get_user_model

from milestones.models import Involvement, Milestone
from phases.models import (
    AccessLevel,
    Deliverable,
    Gate,
    MeetingSeries,
    Phase,
    Programme,
    ProgrammeMembership,
)
from stakeholders.models import Organisation, Person, TargetGroup


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("secret-pass-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Gemeente {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Persoon {n}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Groep {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programma {n}")
    slug = factory.Sequence(lambda n: f"programma-{n}")
    year = 2024


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeMembership

    user = factory.SubFactory(UserFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    level = AccessLevel.VIEWER


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    programme = factory.SubFactory(ProgrammeFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Fase {o.order}")


class GateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gate

    phase = factory.SubFactory(PhaseFactory)
    title = "Besluitvorming door College voor starten volgende fase"
    date_text = "eind jun"


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    phase = factory.SubFactory(PhaseFactory)
    title = factory.Sequence(lambda n: f"Product {n}")
    date_text = "1 okt"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Mijlpaal {n}")
    date_text = "1-mrt"


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    milestone = factory.SubFactory(MilestoneFactory)
    target_group = factory.SubFactory(TargetGroupFactory)


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSeries

    programme = factory.SubFactory(ProgrammeFactory)
    name = "Projectgroep"
    frequency = MeetingSeries.Frequency.WEEKLY
    interval = 2
    weekday = MeetingSeries.Weekday.THURSDAY
    first_date = datetime.date(2007, 9, 6)
