"""A programme whose Stuurgroep meets fortnightly, with work aimed at it and at others."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from milestones.models import Milestone
from phases.models import Deliverable, Gate, MeetingSeries, Phase, Programme
from stakeholders.models import TargetGroup
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    InvolvementFactory,
    MeetingSeriesFactory,
    MilestoneFactory,
    OrganisationFactory,
    PersonFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
)

D = datetime.date
FIRST_MEETING = D(2025, 9, 4)


@dataclass
class SecretaryWorld:
    programme: Programme
    body: TargetGroup
    series: MeetingSeries
    phase1: Phase
    phase2: Phase
    gate: Gate
    deliverable: Deliverable
    in_window: Milestone  # due between the meetings of 18 Sep and 2 Oct 2025
    late_open: Milestone  # due in August, not done
    earlier_done: Milestone  # due before the last meeting, done: not proposed again
    after: Milestone  # due after the meeting of 2 Oct
    other_body: Milestone  # aimed at the Klankbordgroep


def secretary_world(*, first_date: D = FIRST_MEETING) -> SecretaryWorld:
    """Stuurgroep meets fortnightly on Thursdays from `first_date`, 10:00–12:00 (the default:
    4 and 18 Sep, 2 Oct 2025, ...)."""
    programme = ProgrammeFactory(name="Jeugd en gezin", slug="jeugd", year=2025)
    body = TargetGroupFactory(name="Stuurgroep")
    other = TargetGroupFactory(name="Klankbordgroep")
    town = OrganisationFactory(name="Gemeente Zwolle")
    body.members.add(
        PersonFactory(name="A. de Vries", function="wethouder", organisation=town),
        PersonFactory(name="B. Jansen", function="directeur"),
    )
    series = MeetingSeriesFactory(
        programme=programme, name="Stuurgroep Jeugd", target_group=body, first_date=first_date,
        start_time=datetime.time(10), end_time=datetime.time(12), location="Stadhuis, kamer 3",
    )  # fmt: skip
    phase1 = PhaseFactory(programme=programme, order=1, name="Fase 1 Verkenning")
    phase2 = PhaseFactory(programme=programme, order=2, name="Fase 2 Bestuursopdracht")

    def milestone(title, date_text, group=body, phase=phase1, status="planned"):
        item = MilestoneFactory(
            programme=programme, phase=phase, title=title, date_text=date_text, status=status
        )
        InvolvementFactory(milestone=item, target_group=group)
        return item

    in_window = milestone("Concept bestuursopdracht bespreken", "25 sep 2025", phase=phase2)
    deliverable = DeliverableFactory(phase=phase2, title="Bestuursopdracht", date_text="1 okt 2025")
    in_window.deliverables.add(deliverable)
    return SecretaryWorld(
        programme=programme,
        body=body,
        series=series,
        phase1=phase1,
        phase2=phase2,
        gate=GateFactory(
            phase=phase1, title="Besluit start fase 2", decider=body, date_text="2 okt 2025"
        ),
        deliverable=deliverable,
        in_window=in_window,
        late_open=milestone("Verkenning afronden", "aug 2025"),
        earlier_done=milestone("Startnotitie", "10 sep 2025", status="done"),
        after=milestone("Uitwerking", "9 okt 2025", phase=phase2),
        other_body=milestone("Klankbord raadplegen", "29 sep 2025", group=other),
    )
