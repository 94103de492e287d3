"""Generated programmes for benchmarks and load tests (`manage.py generate_load`).

Realistic and varied — phases, gates, deliverables, target groups, fuzzy and exact dates,
meeting series, change history — and deterministic for a seed. Everything is written with
bulk inserts, so 200 programmes of 50 milestones take a few seconds. It only ever adds:
existing programmes are never reused or touched.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from milestones.involvements import bulk_set_target_groups
from milestones.models import Milestone
from phases.dates import FuzzyDate, parse_fuzzy_date
from phases.fuzzy import FuzzyDateModel
from phases.models import Deliverable, Gate, MeetingSeries, Phase, Programme, WorkStatus
from stakeholders.models import TargetGroup

GROUPS = [
    "Stuurgroep",
    "BOR",
    "Klankbordgroep",
    "Colleges",
    "Raden",
    "Staten",
    "Gezamenlijk AB",
    "Regievoerders",
    "Projectteam",
    "GS",
    "PS",
    "Commissie MO",
]
PLACES = [
    "Assen",
    "Emmen",
    "Hoogeveen",
    "Meppel",
    "Zwolle",
    "Deventer",
    "Apeldoorn",
    "Doetinchem",
    "Tilburg",
    "Eindhoven",
    "Breda",
    "Groningen",
    "Leeuwarden",
    "Utrecht",
    "Amersfoort",
]
TOPICS = [
    "Sociale agenda",
    "Omgevingsvisie",
    "Jeugdhulp",
    "Regionale energiestrategie",
    "Wonen",
    "Mobiliteit",
    "Schuldhulpverlening",
    "Inclusie",
    "Erfgoed",
    "Dienstverlening",
]
PHASE_NAMES = [
    "Verkenning",
    "Uitwerking op hoofdlijnen",
    "Concretisering",
    "Implementatie",
    "Doorontwikkeling",
]
ACTIONS = [
    "Concept {} bespreken",
    "Voorstel {} akkoord",
    "Uitkomst {} terugkoppelen",
    "Webinar: {}",
    "Bestuurlijke sessie {}",
    "Oplevering {}",
    "Informeren over {}",
    "Ronde langs de raden: {}",
    "Besluitvorming {}",
    "Werksessie {}",
]
SUBJECTS = [
    "uitgangspunten",
    "projectplan",
    "communicatieplan",
    "businesscase",
    "routekaart",
    "evaluatiekader",
    "jaarplan",
    "begroting",
    "kostendelingsmodel",
    "uitvoeringsprogramma",
]
LEADS = [
    "Projectleider",
    "Penvoerder",
    "Beleidsadviseur",
    "Communicatie",
    "Business controller",
    "Programmasecretaris",
    "PI, com",
    "TL, pl",
]
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def _date_text(rng: random.Random, month: int) -> str:
    """A date as planners write it, somewhere in `month`."""
    day = rng.randint(1, 21)
    m = MONTHS[month - 1]
    nxt = MONTHS[month % 12]
    return rng.choice(
        [
            f"{day}-{m}",
            f"{day}-{m}",
            f"{day} {m}",
            f"{day}/{month}",
            f"{day}-{day + 1}-{m}",
            f"{day} / {day + 7} {m}",
            f"begin {m}",
            f"medio {m}",
            f"eind {m}",
            f"eind {m}/begin {nxt}",
            m,
            f"{m}/{nxt}",
            f"wk {datetime.date(2001, month, day).isocalendar().week}",
            f"uiterlijk {day} {m}",
        ]
    )


@dataclass(frozen=True)
class LoadResult:
    programmes: int
    milestones: int
    slugs: tuple[str, ...]


def _set(obj: FuzzyDateModel, text: str, reading: FuzzyDate) -> FuzzyDateModel:
    obj.set_date(reading, text=text)
    obj.version = 1
    return obj


@transaction.atomic
def generate_load(*, programmes: int, milestones_per_programme: int, seed: int = 1) -> LoadResult:
    rng = random.Random(seed)
    groups = [TargetGroup.objects.get_or_create(name=name)[0] for name in GROUPS]
    new_programmes = _programmes(rng, programmes, seed)
    phases = _phases(rng, new_programmes)
    _gates_and_deliverables(rng, phases, groups)
    milestones = _milestones(rng, new_programmes, phases, milestones_per_programme)
    bulk_set_target_groups(
        ((m, rng.sample(groups, rng.choice([1, 1, 1, 2, 3]))) for m in milestones), new=True
    )

    # Some history beyond creation: a tenth of the milestones was edited once.
    edited = rng.sample(milestones, len(milestones) // 10)
    for milestone in edited:
        milestone.status = WorkStatus.DONE
        milestone.version = 2
    bulk_update_with_history(edited, Milestone, ["status", "version"], batch_size=2000)

    _meeting_series(rng, new_programmes, groups)
    return LoadResult(
        programmes=len(new_programmes),
        milestones=len(milestones),
        slugs=tuple(p.slug for p in new_programmes),
    )


def _programmes(rng: random.Random, programmes: int, seed: int) -> list[Programme]:
    taken = set(
        Programme.objects.filter(slug__startswith=f"load-{seed}-").values_list("slug", flat=True)
    )
    new_programmes = []
    n = 0
    while len(new_programmes) < programmes:
        n += 1
        slug = f"load-{seed}-{n}"
        if slug in taken:
            continue
        year = rng.randint(2019, 2027)
        new_programmes.append(
            Programme(
                name=f"{rng.choice(TOPICS)} {rng.choice(PLACES)} {year} ({n})",
                slug=slug,
                year=year,
                version=1,
                description="Gegenereerd voor belastingtests.",
            )
        )
    return bulk_create_with_history(new_programmes, Programme)


def _phases(rng: random.Random, new_programmes: list[Programme]) -> list[Phase]:
    phases: list[Phase] = []
    for programme in new_programmes:
        count = rng.randint(2, 5)
        for order in range(1, count + 1):
            first = min(12, 1 + (order - 1) * (12 // count))
            last = min(12, first + 12 // count - 1)
            text = f"{MONTHS[first - 1]}-{MONTHS[last - 1]}"
            status = (
                Phase.Status.DONE
                if order == 1 and rng.random() < 0.5
                else (Phase.Status.RUNNING if order == 1 else Phase.Status.PLANNED)
            )
            phases.append(
                _set(
                    Phase(
                        programme=programme,
                        order=order,
                        name=f"Fase {order}: {PHASE_NAMES[order - 1]}",
                        goal="Doel van deze fase.",
                        status=status,
                        result=f"Resultaat: {rng.choice(SUBJECTS)}",
                    ),
                    text,
                    parse_fuzzy_date(text, programme.year),
                )
            )
    return bulk_create_with_history(phases, Phase)


def _gates_and_deliverables(
    rng: random.Random, phases: list[Phase], groups: list[TargetGroup]
) -> None:
    gates, deliverables = [], []
    for phase in phases:
        year = phase.programme.year
        text = f"eind {MONTHS[phase.end.month - 1]}"
        gates.append(
            _set(
                Gate(
                    phase=phase,
                    title="Besluitvorming door College voor starten volgende fase",
                    decider=rng.choice(groups[:6]),
                ),
                text,
                parse_fuzzy_date(text, phase.end.year),
            )
        )
        for _ in range(rng.randint(1, 3)):
            text = _date_text(rng, phase.end.month)
            deliverables.append(
                _set(
                    Deliverable(
                        phase=phase,
                        title=f"Document {rng.choice(SUBJECTS)}",
                        owner=rng.choice(LEADS),
                        status=rng.choice(list(WorkStatus)),
                    ),
                    text,
                    parse_fuzzy_date(text, year),
                )
            )
    bulk_create_with_history(gates, Gate)
    bulk_create_with_history(deliverables, Deliverable)


def _milestones(
    rng: random.Random,
    new_programmes: list[Programme],
    phases: list[Phase],
    milestones_per_programme: int,
) -> list[Milestone]:
    phases_by_programme: dict[int, list[Phase]] = {}
    for phase in phases:
        phases_by_programme.setdefault(phase.programme_id, []).append(phase)

    milestones: list[Milestone] = []
    for programme in new_programmes:
        own_phases = phases_by_programme[programme.pk]
        for i in range(milestones_per_programme):
            phase = own_phases[
                min(len(own_phases) - 1, i * len(own_phases) // max(1, milestones_per_programme))
            ]
            month = rng.randint(phase.start.month, phase.end.month)
            text = _date_text(rng, month)
            milestones.append(
                _set(
                    Milestone(
                        programme=programme,
                        phase=phase,
                        title=rng.choice(ACTIONS).format(rng.choice(SUBJECTS)),
                        status=rng.choices(list(WorkStatus), weights=[6, 2, 4, 1])[0],
                        lead=rng.choice(LEADS),
                        is_optional=rng.random() < 0.05,
                    ),
                    text,
                    parse_fuzzy_date(text, phase.start.year),
                )
            )
    return bulk_create_with_history(milestones, Milestone, batch_size=2000)


def _meeting_series(
    rng: random.Random, new_programmes: list[Programme], groups: list[TargetGroup]
) -> None:
    series = []
    for programme in new_programmes:
        for group in rng.sample(groups, 2):
            weekly = rng.random() < 0.7
            first = datetime.date(programme.year, 1, 1) + datetime.timedelta(
                days=rng.randint(0, 60)
            )
            start_hour = rng.choice([9, 10, 12, 13, 15])
            series.append(
                MeetingSeries(
                    programme=programme,
                    name=f"{group.name} overleg",
                    target_group=group,
                    frequency=MeetingSeries.Frequency.WEEKLY
                    if weekly
                    else MeetingSeries.Frequency.MONTHLY,
                    interval=rng.choice([1, 2, 3, 6]) if weekly else rng.choice([1, 3]),
                    weekday=first.weekday() if weekly else None,
                    start_time=datetime.time(start_hour) if weekly else None,
                    end_time=datetime.time(start_hour + 1) if weekly else None,
                    first_date=first,
                    last_date=datetime.date(programme.year, 12, 31),
                    location=rng.choice(PLACES),
                    version=1,
                )
            )
    bulk_create_with_history(series, MeetingSeries)
