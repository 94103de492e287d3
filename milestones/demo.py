"""Demo data: one programme per seed document, read from the TOML files in fixtures/demo/.

`fixtures/demo/target_groups.toml` is the target-group catalogue (names, aliases, kinds);
every other `*.toml` there describes one programme built from one seed document:

* ``[programme]``: name, slug, year (context), description, organisations, owner_groups;
* ``[[phases]]`` with optional ``[[phases.gates]]`` and ``[[phases.deliverables]]``;
* ``[[people]]`` with their ``roles`` in the programme;
* ``[[meetings]]``: meeting series;
* ``[[reporting_duties]]``: standing obligations to inform a body (title, body, rhythm,
  form, date_text: the period they run in, or the moment of a duty that falls once);
* ``[[milestones]]`` in document order.  ``schedule = true`` reads their dates with one
  ScheduleReader (the cursor rule); ``week = true`` reads the ``week`` column (an empty cell
  continues the week above) and skips ``holiday = true`` rows after reading their week.
  ``groups`` is a text as written and is split ("Colleges, raden en staten");
  ``involvement`` lists whole catalogue names (X-matrix columns such as "ECWH/Pr.").

A file with a ``[living]`` table is the living programme: it takes the milestone rows of the
file named by ``milestones_from`` and is placed around the day it is loaded
(``milestones.demo_living``).

Loading is idempotent: a programme whose slug exists is left alone unless ``reset`` is given.
"""

from __future__ import annotations

import datetime
import secrets
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from milestones.demo_living import PlacementError, place_around_today, tell_story
from milestones.involvements import set_target_groups
from milestones.models import Involvement, Milestone, ReportingDuty
from milestones.signals import demo_loaded
from phases.dates import FuzzyDate, FuzzyDateError, ScheduleReader, parse_fuzzy_date
from phases.fuzzy import local_today
from phases.models import (
    AccessLevel,
    Deliverable,
    Gate,
    MeetingSeries,
    Phase,
    Programme,
    ProgrammeMembership,
    ProgrammeRole,
)
from stakeholders.models import (
    Organisation,
    Person,
    TargetGroup,
    TargetGroupAlias,
    split_group_names,
)

CATALOGUE_FILE = "target_groups.toml"


class DemoDataError(Exception):
    """A demo data file that does not fit the models (names the file and the item)."""


@dataclass(frozen=True)
class DemoUser:
    username: str
    level: AccessLevel | None  # membership of every demo programme; None for the admin
    is_admin: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("projectleider", AccessLevel.EDITOR),
    DemoUser("secretaris", AccessLevel.SECRETARY),
    DemoUser("stuurgroeplid", AccessLevel.VIEWER),
    DemoUser("beheerder", None, is_admin=True),
)


@dataclass(frozen=True)
class ProgrammeCounts:
    phases: int
    gates: int
    deliverables: int
    milestones: int
    involvements: int
    roles: int
    meeting_series: int

    @classmethod
    def of(cls, *, programme: Programme) -> ProgrammeCounts:
        return cls(
            phases=programme.phases.count(),
            gates=Gate.objects.filter(phase__programme=programme).count(),
            deliverables=Deliverable.objects.filter(phase__programme=programme).count(),
            milestones=programme.milestones.count(),
            involvements=Involvement.objects.filter(milestone__programme=programme).count(),
            roles=programme.roles.count(),
            meeting_series=programme.meeting_series.count(),
        )


@dataclass(frozen=True)
class ProgrammeResult:
    programme: Programme
    created: bool
    counts: ProgrammeCounts
    new_groups: tuple[str, ...] = ()
    replaced: bool = False  # an existing programme was deleted first (reset)


@dataclass(frozen=True)
class UserResult:
    username: str
    created: bool
    password: str | None  # set when created or reset, else None


@dataclass(frozen=True)
class DemoResult:
    new_groups: tuple[str, ...]
    programmes: tuple[ProgrammeResult, ...]


# -- files ---------------------------------------------------------------------------------


def demo_directory() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "demo"


def read_toml(*, path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def programme_files(*, directory: Path | None = None) -> list[Path]:
    """The programme files in name order (seed order), without the catalogue."""
    directory = directory or demo_directory()
    return sorted(p for p in directory.glob("*.toml") if p.name != CATALOGUE_FILE)


# -- target groups -------------------------------------------------------------------------


def load_catalogue(*, path: Path) -> list[TargetGroup]:
    """Create the catalogue's missing groups and aliases; returns the groups created."""
    created: list[TargetGroup] = []
    valid_kinds = {"", *TargetGroup.Kind.values}
    for entry in read_toml(path=path).get("groups", []):
        name = entry["name"].strip()
        kind = entry.get("kind", "")
        if kind not in valid_kinds:
            raise DemoDataError(f"{path.name}: group {name!r} has an unknown kind {kind!r}")
        group = TargetGroup.objects.filter(name__iexact=name).first()
        if group is None:
            group = TargetGroup.objects.create(
                name=name, kind=kind, description=entry.get("description", "")
            )
            created.append(group)
        for alias in entry.get("aliases", []):
            if not TargetGroupAlias.objects.filter(name__iexact=alias).exists():
                TargetGroupAlias.objects.create(target_group=group, name=alias)
    return created


def _catalogue_group(*, name: str, where: str) -> TargetGroup:
    """A whole catalogue name (or alias); never split, never created."""
    group = TargetGroup.objects.match(name)
    if group is None:
        raise DemoDataError(f"{where}: {name!r} is not in the target-group catalogue")
    return group


# -- dates ---------------------------------------------------------------------------------


def _read_date(*, text: str, year: int, where: str) -> FuzzyDate | None:
    """A date outside the schedule order (phases, gates, deliverables): the year context."""
    if not text.strip():
        return None
    try:
        return parse_fuzzy_date(text, year)
    except FuzzyDateError as exc:
        raise DemoDataError(f"{where}: {exc}") from exc


def _save(*, obj: Any, where: str) -> None:
    """Validate like a form would (lengths, choices, constraints), then save."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise DemoDataError(f"{where}: {exc}") from exc
    obj.save()


def _save_dated(*, obj: Any, text: str, fuzzy: FuzzyDate | None, where: str) -> None:
    obj.set_date(fuzzy, text=text)
    _save(obj=obj, where=where)


# -- programmes ----------------------------------------------------------------------------


def load_programme(
    *,
    data: Mapping[str, Any],
    name: str,
    reset: bool = False,
    directory: Path | None = None,
    today: datetime.date | None = None,
    editor: AbstractBaseUser | None = None,
) -> ProgrammeResult:
    """Create the programme `data` describes (from file `name`), unless its slug exists.

    A living programme (``[living]``) is placed around `today` (default: today) with the rows
    of ``milestones_from`` (in `directory`); its history names `editor`.
    """
    slug = data["programme"]["slug"]
    with transaction.atomic():
        existing = Programme.objects.filter(slug=slug).first()
        if existing is not None and not reset:
            counts = ProgrammeCounts.of(programme=existing)
            return ProgrammeResult(existing, created=False, counts=counts)
        if existing is not None:
            existing.delete()
        groups_before = set(TargetGroup.objects.values_list("pk", flat=True))
        if "living" in data:
            today = today or local_today()
            table = read_toml(path=(directory or demo_directory()) / data["milestones_from"])
            data = _placed(data=data, table=table, today=today, where=name)
        programme = _create_programme(data=data, where=name)
        phases = _create_phases(programme=programme, specs=data.get("phases", []), where=name)
        _create_roles(programme=programme, people=data.get("people", []), where=name)
        _create_meetings(programme=programme, specs=data.get("meetings", []), where=name)
        _create_duties(programme=programme, specs=data.get("reporting_duties", []), where=name)
        _create_milestones(programme=programme, data=data, phases=phases, where=name)
        if "living" in data:
            assert today is not None
            _tell_story(programme=programme, data=data, today=today, editor=editor, where=name)
        new_groups = TargetGroup.objects.exclude(pk__in=groups_before).order_by("name")
        return ProgrammeResult(
            programme,
            created=True,
            counts=ProgrammeCounts.of(programme=programme),
            replaced=existing is not None,
            new_groups=tuple(new_groups.values_list("name", flat=True)),
        )


def _placed(
    *, data: Mapping[str, Any], table: Mapping[str, Any], today: datetime.date, where: str
) -> dict[str, Any]:
    try:
        return place_around_today(data=data, table=table, today=today)
    except PlacementError as exc:
        raise DemoDataError(f"{where}: {exc}") from exc


def _tell_story(
    *,
    programme: Programme,
    data: Mapping[str, Any],
    today: datetime.date,
    editor: AbstractBaseUser | None,
    where: str,
) -> None:
    try:
        tell_story(
            programme=programme,
            living=data["living"],
            specs=data["phases"],
            today=today,
            editor=editor,
        )
    except (PlacementError, ValidationError) as exc:
        raise DemoDataError(f"{where}: {exc}") from exc


def _create_programme(*, data: Mapping[str, Any], where: str) -> Programme:
    spec = data["programme"]
    programme = Programme(
        name=spec["name"],
        slug=spec["slug"],
        year=spec["year"],
        description=spec.get("description", ""),
    )
    _save(obj=programme, where=f"{where} [programme]")
    for org_name in spec.get("organisations", []):
        programme.organisations.add(_organisation(name=org_name))
    for group_name in spec.get("owner_groups", []):
        programme.owner_groups.add(_catalogue_group(name=group_name, where=f"{where} [programme]"))
    return programme


def _organisation(*, name: str) -> Organisation:
    org = Organisation.objects.filter(name__iexact=name).first()
    return org or Organisation.objects.create(name=name)


def _create_phases(
    *, programme: Programme, specs: Iterable[Mapping[str, Any]], where: str
) -> dict[int, Phase]:
    phases: dict[int, Phase] = {}
    for spec in specs:
        here = f"{where} phase {spec['order']}"
        phase = Phase(
            programme=programme,
            order=spec["order"],
            name=spec["name"],
            goal=spec.get("goal", ""),
            result=spec.get("result", ""),
        )
        text = spec.get("date_text", "")
        fuzzy = _read_date(text=text, year=programme.year, where=here)
        _save_dated(obj=phase, text=text, fuzzy=fuzzy, where=here)
        phases[phase.order] = phase
        for gate_spec in spec.get("gates", []):
            gate = Gate(
                phase=phase,
                title=gate_spec["title"],
                decider=_catalogue_group(name=gate_spec["decider"], where=here)
                if gate_spec.get("decider")
                else None,
                notes=gate_spec.get("notes", ""),
            )
            text = gate_spec.get("date_text", "")
            fuzzy = _read_date(text=text, year=programme.year, where=here)
            _save_dated(obj=gate, text=text, fuzzy=fuzzy, where=f"{here} gate")
        for item in spec.get("deliverables", []):
            deliverable = Deliverable(
                phase=phase,
                title=item["title"],
                description=item.get("description", ""),
                owner=item.get("owner", ""),
            )
            text = item.get("date_text", "")
            fuzzy = _read_date(text=text, year=programme.year, where=here)
            _save_dated(obj=deliverable, text=text, fuzzy=fuzzy, where=f"{here} deliverable")
    return phases


def _create_roles(*, programme: Programme, people: Iterable[Mapping[str, Any]], where: str) -> None:
    order = 0
    for spec in people:
        org = _organisation(name=spec["organisation"]) if spec.get("organisation") else None
        person = Person.objects.filter(name=spec["name"], organisation=org).first()
        if person is None:
            person = Person.objects.create(
                name=spec["name"], organisation=org, function=spec.get("function", "")
            )
        for role_spec in spec.get("roles", []):
            order += 1
            role = ProgrammeRole(
                programme=programme,
                person=person,
                kind=role_spec["kind"],
                responsibilities=role_spec.get("responsibilities", ""),
                order=order,
            )
            _save(obj=role, where=f"{where} role of {spec['name']!r}")


def _create_meetings(
    *, programme: Programme, specs: Iterable[Mapping[str, Any]], where: str
) -> None:
    for spec in specs:
        here = f"{where} meeting {spec['name']!r}"
        weekday = spec.get("weekday")
        series = MeetingSeries(
            programme=programme,
            name=spec["name"],
            target_group=_catalogue_group(name=spec["target_group"], where=here)
            if spec.get("target_group")
            else None,
            frequency=spec.get("frequency", ""),
            interval=spec.get("interval", 1),
            weekday=MeetingSeries.Weekday[weekday].value if weekday else None,
            start_time=spec.get("start_time"),
            end_time=spec.get("end_time"),
            first_date=spec["first_date"],
            last_date=spec.get("last_date"),
            rhythm_text=spec.get("rhythm_text", ""),
            notes=spec.get("notes", ""),
        )
        if weekday and series.first_date.weekday() != series.weekday:
            raise DemoDataError(f"{here}: the first date is not a {weekday.lower()}")
        _save(obj=series, where=here)


def _create_duties(*, programme: Programme, specs: Iterable[Mapping[str, Any]], where: str) -> None:
    for spec in specs:
        here = f"{where} reporting duty {spec['title']!r}"
        duty = ReportingDuty(
            programme=programme,
            title=spec["title"],
            body=_catalogue_group(name=spec["body"], where=here),
            rhythm=spec["rhythm"],
            form=spec.get("form", ReportingDuty.Form.LETTER),
            notes=spec.get("notes", ""),
        )
        text = spec.get("date_text", "")
        _save_dated(
            obj=duty, text=text, fuzzy=_read_date(text=text, year=programme.year, where=here),
            where=here,
        )  # fmt: skip


def _create_milestones(
    *,
    programme: Programme,
    data: Mapping[str, Any],
    phases: Mapping[int, Phase],
    where: str,
) -> None:
    week_mode = bool(data.get("week", False))
    reader = ScheduleReader(programme.year) if data.get("schedule") else None
    default_phase = data.get("phase")
    week_text = ""
    for number, row in enumerate(data.get("milestones", []), start=1):
        here = f"{where} milestone {number} ({row['title']!r})"
        if week_mode:
            week_text = row.get("week", "").strip() or week_text
            text = week_text
        else:
            text = row.get("date_text", "").strip()
        fuzzy = None
        if text:
            try:
                if reader is not None:
                    fuzzy = reader.read(text, week=week_mode)
                else:
                    fuzzy = parse_fuzzy_date(text, programme.year, week=week_mode)
            except FuzzyDateError as exc:
                raise DemoDataError(f"{here}: {exc}") from exc
        if row.get("holiday"):
            continue  # only its week counts: rows below it with an empty week fall in it
        phase_order = row.get("phase", default_phase)
        if phase_order is not None and phase_order not in phases:
            raise DemoDataError(f"{here}: there is no phase {phase_order}")
        milestone = Milestone(
            programme=programme,
            phase=phases[phase_order] if phase_order is not None else None,
            title=row["title"],
            description=row.get("description", ""),
            lead=row.get("lead", ""),
            work_form=row.get("work_form", ""),
            work_form_notes=row.get("work_form_notes", ""),
            duration=row.get("duration", ""),
            sessions=row.get("sessions"),
            participants=row.get("participants", ""),
            result=row.get("result", ""),
            is_optional=row.get("is_optional", False),
            notes=row.get("notes", ""),
            source_file=data.get("source", ""),
            source_row=row.get("line"),
        )
        _save_dated(obj=milestone, text=text, fuzzy=fuzzy, where=here)
        groups: list[TargetGroup] = []
        if row.get("groups"):
            groups, _created = TargetGroup.objects.resolve(split_group_names(row["groups"]))
        for name in row.get("involvement", []):
            group = _catalogue_group(name=name, where=here)
            if group not in groups:
                groups.append(group)
        set_target_groups(milestone, groups, saved=True)


# -- all of it -----------------------------------------------------------------------------


def demo_slugs(*, directory: Path | None = None) -> list[str]:
    paths = programme_files(directory=directory)
    return [read_toml(path=path)["programme"]["slug"] for path in paths]


def load_demo(
    *,
    directory: Path | None = None,
    reset: bool = False,
    today: datetime.date | None = None,
    editor: AbstractBaseUser | None = None,
) -> DemoResult:
    """Load the catalogue and every demo programme, in one transaction.

    `today` places the living programme (default: today); `editor` is who its history names.
    """
    directory = directory or demo_directory()
    with transaction.atomic():
        new_groups = load_catalogue(path=directory / CATALOGUE_FILE)
        results = tuple(
            load_programme(
                data=read_toml(path=path),
                name=path.name,
                reset=reset,
                directory=directory,
                today=today,
                editor=editor,
            )
            for path in programme_files(directory=directory)
        )
        demo_loaded.send(sender=None, directory=directory)
    return DemoResult(new_groups=tuple(g.name for g in new_groups), programmes=results)


# -- users ---------------------------------------------------------------------------------


def users_allowed() -> bool:
    """Demo users with printed passwords only on a development or test installation."""
    return bool(settings.DEBUG or getattr(settings, "TESTING", False))


def new_password() -> str:
    return secrets.token_urlsafe(9)


def ensure_demo_users(
    *, programmes: Iterable[Programme] = (), reset_passwords: bool = False
) -> list[UserResult]:
    """The demo users and their memberships of `programmes`; creates only what is missing.

    Existing users keep their password unless `reset_passwords`.  Refuses (DemoDataError)
    when users are not allowed here; check `users_allowed()` first.
    """
    if not users_allowed():
        raise DemoDataError("demo users are only created when DEBUG or TESTING is on")
    User = get_user_model()
    programmes = list(programmes)
    results: list[UserResult] = []
    with transaction.atomic():
        for spec in DEMO_USERS:
            user: AbstractBaseUser | None = User.objects.filter(
                **{User.USERNAME_FIELD: spec.username}
            ).first()
            password: str | None = None
            created = user is None
            if user is None:
                password = new_password()
                if spec.is_admin:
                    user = User.objects.create_superuser(spec.username, "", password)
                else:
                    user = User.objects.create_user(spec.username, "", password)
            elif reset_passwords:
                password = new_password()
                user.set_password(password)
                user.save(update_fields=["password"])
            results.append(UserResult(spec.username, created=created, password=password))
        grant_demo_access(programmes=programmes)
    return results


def grant_demo_access(*, programmes: Iterable[Programme]) -> None:
    """Give the existing demo users their level in each of `programmes`."""
    User = get_user_model()
    levels = {spec.username: spec.level for spec in DEMO_USERS if spec.level is not None}
    users = User.objects.filter(**{f"{User.USERNAME_FIELD}__in": list(levels)})
    for programme in programmes:
        for user in users:
            ProgrammeMembership.objects.update_or_create(
                user=user, programme=programme, defaults={"level": levels[user.get_username()]}
            )


def demo_editor() -> AbstractBaseUser | None:
    """The demo user who edits the living programme (the project leader), if there is one."""
    User = get_user_model()
    return User.objects.filter(**{User.USERNAME_FIELD: DEMO_USERS[0].username}).first()


def demo_programmes(*, directory: Path | None = None) -> list[Programme]:
    return list(Programme.objects.filter(slug__in=demo_slugs(directory=directory)))


__all__ = [
    "DEMO_USERS",
    "DemoDataError",
    "DemoResult",
    "ProgrammeCounts",
    "ProgrammeResult",
    "UserResult",
    "demo_editor",
    "demo_programmes",
    "demo_slugs",
    "ensure_demo_users",
    "grant_demo_access",
    "load_catalogue",
    "load_demo",
    "load_programme",
    "users_allowed",
]
