"""The demo data (`manage.py load_demo`): faithful to the seed documents, idempotent, safe."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from milestones.dashboard import build_dashboard
from milestones.demo import ProgrammeCounts
from milestones.meetings.duties import programme_reports
from milestones.models import Milestone
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
from stakeholders.models import Organisation, Person, TargetGroup

pytestmark = pytest.mark.django_db

D = datetime.date
DEMO_SLUGS = [
    "bestuursopdracht-jeugd-en-gezin",
    "mijlpalen-fase-1",
    "od-van-de-toekomst-lopend",
    "ontwikkelopgave-regionale-samenwerking",
    "routekaart-financiele-zorgen",
    "sociale-agenda-2009-2012",
]
EXPECTED_COUNTS = {
    "mijlpalen-fase-1": ProgrammeCounts(
        phases=1,
        gates=0,
        deliverables=0,
        milestones=29,
        involvements=41,
        roles=0,
        meeting_series=0,
    ),
    "od-van-de-toekomst-lopend": ProgrammeCounts(  # seed 000's table, placed around today
        phases=4,
        gates=3,
        deliverables=0,
        milestones=29,
        involvements=41,
        roles=0,
        meeting_series=1,
    ),
    "routekaart-financiele-zorgen": ProgrammeCounts(
        phases=0,
        gates=0,
        deliverables=0,
        milestones=12,
        involvements=0,
        roles=0,
        meeting_series=0,
    ),
    "bestuursopdracht-jeugd-en-gezin": ProgrammeCounts(
        phases=4,
        gates=2,
        deliverables=0,
        milestones=15,
        involvements=6,
        roles=4,
        meeting_series=0,  # its two rhythms are reporting duties, not meetings
    ),
    "sociale-agenda-2009-2012": ProgrammeCounts(
        phases=5,
        gates=0,
        deliverables=5,
        milestones=63,
        involvements=210,
        roles=10,
        meeting_series=9,
    ),
    "ontwikkelopgave-regionale-samenwerking": ProgrammeCounts(
        phases=2,
        gates=0,
        deliverables=5,
        milestones=0,
        involvements=0,
        roles=2,
        meeting_series=0,
    ),
}


def load_demo(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, ProgrammeCounts]:
    return {p.slug: ProgrammeCounts.of(programme=p) for p in Programme.objects.all()}


def group_names(milestone: Milestone) -> set[str]:
    return set(milestone.target_groups.values_list("name", flat=True))


def milestone(slug: str, title: str, **filters) -> Milestone:
    return Milestone.objects.get(programme__slug=slug, title=title, **filters)


@pytest.fixture
def demo(db) -> str:
    return load_demo()


# -- loading -------------------------------------------------------------------------------


def test_creates_one_programme_per_seed_with_exact_counts(demo):
    assert sorted(Programme.objects.values_list("slug", flat=True)) == DEMO_SLUGS
    assert counts() == EXPECTED_COUNTS
    assert "Created programme “Sociale agenda 2009-2012” (sociale-agenda-2009-2012)." in demo
    assert (
        "  phases: 5, gates: 0, deliverables: 5, milestones: 63, involvements: 210, "
        "roles: 10, meeting series: 9" in demo
    )


def test_loading_twice_changes_nothing(demo):
    before = (
        counts(),
        TargetGroup.objects.count(),
        Person.objects.count(),
        Organisation.objects.count(),
        get_user_model().objects.count(),
        ProgrammeMembership.objects.count(),
        sorted(Programme.objects.values_list("pk", flat=True)),
    )
    out = load_demo()
    after = (
        counts(),
        TargetGroup.objects.count(),
        Person.objects.count(),
        Organisation.objects.count(),
        get_user_model().objects.count(),
        ProgrammeMembership.objects.count(),
        sorted(Programme.objects.values_list("pk", flat=True)),
    )
    assert after == before
    assert counts() == EXPECTED_COUNTS
    assert out.count("already exists and was left alone") == 6
    assert "Created programme" not in out
    assert "User projectleider already exists; password unchanged." in out


def test_an_existing_programme_is_left_alone(demo):
    Milestone.objects.filter(programme__slug="mijlpalen-fase-1", date_text="1-mrt").delete()
    load_demo()
    assert Milestone.objects.filter(programme__slug="mijlpalen-fase-1").count() == 28


def test_reset_recreates_the_demo_programmes(demo):
    old_pk = Programme.objects.get(slug="mijlpalen-fase-1").pk
    Milestone.objects.filter(programme__slug="mijlpalen-fase-1", date_text="1-mrt").delete()
    Programme.objects.filter(slug="sociale-agenda-2009-2012").update(name="Gewijzigd")
    people = Person.objects.count()

    out = load_demo("--reset")

    assert counts() == EXPECTED_COUNTS
    assert Programme.objects.get(slug="mijlpalen-fase-1").pk != old_pk
    assert Programme.objects.get(slug="sociale-agenda-2009-2012").name == "Sociale agenda 2009-2012"
    assert Person.objects.count() == people  # people are reused, not duplicated
    assert out.count("Recreated programme") == 6


# -- seed 000: Mijlpalen fase 1 -----------------------------------------------------------------


def test_seed_000_has_every_row_with_its_interval(demo):
    programme = Programme.objects.get(slug="mijlpalen-fase-1")
    assert programme.year == 2024
    assert list(programme.phases.values_list("name", flat=True)) == ["Fase 1"]
    rows = programme.milestones.order_by("source_row")
    assert rows.count() == 29
    assert set(rows.values_list("phase__name", flat=True)) == {"Fase 1"}
    assert list(rows.values_list("source_row", flat=True)) == list(range(6, 35))
    readings = {m.date_text: (m.start, m.end, m.precision) for m in rows}
    assert readings["1-mrt"] == (D(2024, 3, 1), D(2024, 3, 1), "day")
    assert readings["25-26-mrt"] == (D(2024, 3, 25), D(2024, 3, 26), "days")
    assert readings["eind sep/begin okt"] == (D(2024, 9, 21), D(2024, 10, 10), "multiple")
    assert readings["begin okt"] == (D(2024, 10, 1), D(2024, 10, 10), "month_part")
    assert readings["okt-nov-dec"] == (D(2024, 10, 1), D(2024, 12, 31), "multiple")
    # out of order in the document, still the same year
    assert readings["13-mei"] == (D(2024, 5, 13), D(2024, 5, 13), "day")


def test_seed_000_splits_combined_groups(demo):
    slug = "mijlpalen-fase-1"
    webinar = milestone(slug, "Webinar: Doel en proces fase 1 en OD van de toekomst")
    assert group_names(webinar) == {"Colleges", "Raden", "Staten"}
    assert [
        group_names(m)
        for m in Milestone.objects.filter(
            programme__slug=slug, title="Voorstel uitgangspunten bespreken"
        )
    ] == [{"Klankbordgroep", "Experts"}] * 2
    assert group_names(milestone(slug, "Ronde langs de raden")) == {"Colleges", "Raden", "Staten"}
    assert group_names(milestone(slug, "Proces naar uitgangspunten bespreken")) == {"BOR"}
    assert not TargetGroup.objects.filter(name__iexact="Colleges, raden en staten").exists()


# -- seed 001: implementation plan ---------------------------------------------------------------


def test_seed_001_separate_days_and_activity_fields(demo):
    slug = "routekaart-financiele-zorgen"
    kick_off = milestone(slug, "Kick-off projectteam")
    assert kick_off.date_text == "10 / 17 mei"
    assert (kick_off.start, kick_off.end, kick_off.precision) == (
        D(2025, 5, 10),
        D(2025, 5, 17),
        "days",
    )
    assert kick_off.dates == ["2025-05-10", "2025-05-17"]
    assert kick_off.separate_days == [D(2025, 5, 10), D(2025, 5, 17)]
    assert kick_off.lead == "Projectleider en procesbegeleiders"
    assert kick_off.work_form == Milestone.WorkForm.PHYSICAL
    assert (kick_off.duration, kick_off.sessions) == ("1 sessie van 2 uur", 1)
    assert kick_off.participants == "Projectteam"
    assert kick_off.result == "gezamenlijk startpunt"
    assert kick_off.description.splitlines()[0] == "· kennismaking"

    session = milestone(slug, "Sessie: plotten routekaart")
    assert session.dates == ["2025-06-08", "2025-06-15"]
    assert session.work_form_notes == "Fysiek. Dit kan ook online"
    assert session.sessions == 2

    plan = milestone(slug, "Implementatie plan")
    assert (plan.start, plan.end) == (D(2025, 8, 1), D(2025, 12, 31))
    assert plan.work_form == Milestone.WorkForm.HYBRID


def test_seed_001_options_are_optional_without_prefix(demo):
    slug = "routekaart-financiele-zorgen"
    optional = Milestone.objects.filter(programme__slug=slug, is_optional=True)
    assert sorted(optional.values_list("title", flat=True)) == [
        "Toetsing ideale routekaart bij inwoners",
        "Toetsing ideale routekaart bij professionals",
    ]
    assert not Milestone.objects.filter(title__istartswith="Optie").exists()


# -- seed 002: Oude IJsselstreek -------------------------------------------------------------------


def test_seed_002_phases_gates_roles_and_rhythm(demo):
    programme = Programme.objects.get(slug="bestuursopdracht-jeugd-en-gezin")
    assert programme.year == 2019
    phases = list(programme.phases.order_by("order"))
    assert [(p.date_text, p.start, p.end) for p in phases] == [
        ("Maart-mei '19", D(2019, 3, 1), D(2019, 5, 31)),
        ("Juni-juli '19", D(2019, 6, 1), D(2019, 7, 31)),
        ("Juli-dec '19", D(2019, 7, 1), D(2019, 12, 31)),
        ("2020", D(2020, 1, 1), D(2020, 12, 31)),
    ]
    gates = Gate.objects.filter(phase__programme=programme).order_by("phase__order")
    assert [(g.phase.order, g.decider.name, g.date_text, g.end) for g in gates] == [
        (1, "College", "Maart-mei '19", D(2019, 5, 31)),
        (2, "College", "Juni-juli '19", D(2019, 7, 31)),
    ]
    assert group_names(milestone(programme.slug, "Bespreken met OR/GO")) == {"OR/GO"}
    start = milestone(
        programme.slug,
        "Start uitvoering nieuwe werkwijze op basis van visie uit de bestuursopdracht.",
    )
    assert (start.start, start.end, start.phase.order) == (D(2020, 1, 1), D(2020, 1, 31), 4)

    roles = {(r.person.name, r.kind, r.responsibilities) for r in programme.roles.all()}
    assert roles == {
        ("Bert Kuster", "sponsor", "Bestuurlijk opdrachtgever"),
        ("Peter van de Wardt", "sponsor", "Bestuurlijk opdrachtgever"),
        ("Marijke Verstappen", "sponsor", "Ambtelijk opdrachtgever"),
        ("Peter van de Leur", "contractor", "Ambtelijk opdrachtnemer"),
    }
    duties = {
        (d.title, d.body.name, d.rhythm, d.form, d.start, d.end)
        for d in programme.reporting_duties.all()
    }
    assert duties == {
        ("Commissie MO informeren over de voortgang", "Commissie MO", "monthly", "memo",
         D(2019, 3, 1), D(2020, 12, 31)),
        ("Voortgangsbrief aan de Raad", "Raad", "quarterly", "letter",
         D(2019, 3, 1), D(2020, 12, 31)),
    }  # fmt: skip
    reports = programme_reports(programme)
    monthly = [r for r in reports if r.body == "Commissie MO"]
    quarterly = [r for r in reports if r.body == "Raad"]
    assert len(monthly) == 22 and len(quarterly) == 8  # Mar 2019 .. Dec 2020
    assert (quarterly[0].start, quarterly[0].end) == (D(2019, 1, 1), D(2019, 3, 31))
    assert (quarterly[1].end, quarterly[1].since) == (D(2019, 6, 30), D(2019, 3, 31))
    assert quarterly[1].report_url == (
        "/programmes/bestuursopdracht-jeugd-en-gezin/report.docx?since=2019-03-31"
    )


SA = "sociale-agenda-2009-2012"


def test_seed_003_informs_gs_after_each_phase_and_the_statencommissie_once(demo):
    programme = Programme.objects.get(slug=SA)
    reports = programme_reports(programme)
    gs = [r.end for r in reports if r.body == "GS"]
    # The phases have no dates of their own: they end with their work, as the dashboard says.
    cards = build_dashboard(programme=programme, today=D(2008, 1, 1)).phases
    assert gs == [card.end + datetime.timedelta(days=1) for card in cards]
    assert len(gs) == 5 and gs[0] == D(2007, 10, 2)  # the Bestuursopdracht, 1 oktober 2007
    (presentation,) = [r for r in reports if r.body == "PS"]
    assert (presentation.start, presentation.end) == (D(2008, 2, 1), D(2008, 2, 29))
    assert programme.reporting_duties.get(pk=presentation.duty_id).form == "presentation"


# -- seed 003: Sociale agenda 2009-2012 ------------------------------------------------------------


def test_seed_003_projectgroep_meets_fortnightly_on_thursday_noon(demo):
    series = MeetingSeries.objects.get(programme__slug=SA, name="Projectgroep")
    assert series.frequency == MeetingSeries.Frequency.WEEKLY
    assert series.interval == 2
    assert series.weekday == MeetingSeries.Weekday.THURSDAY
    assert (series.start_time, series.end_time) == (datetime.time(12), datetime.time(13))
    assert (series.first_date, series.last_date) == (D(2007, 9, 6), D(2008, 12, 31))
    assert series.first_date.weekday() == 3
    assert series.target_group.name == "Projectteam"


def test_seed_003_other_meeting_series(demo):
    series = {s.name: s for s in MeetingSeries.objects.filter(programme__slug=SA)}
    ph = series["Overleg Anneke Haarsma tijdens PH"]
    assert (ph.frequency, ph.interval, ph.weekday, ph.start_time, ph.end_time, ph.first_date) == (
        "WEEKLY",
        1,
        MeetingSeries.Weekday.MONDAY,
        datetime.time(13),
        datetime.time(14, 30),
        D(2007, 9, 3),
    )
    assert (series["Intern klankbord"].frequency, series["Intern klankbord"].interval) == (
        "MONTHLY",
        2,
    )
    kansleiders = series["Kansleidersoverleg"]
    assert (kansleiders.frequency, kansleiders.interval) == ("WEEKLY", 2)
    assert (kansleiders.first_date, kansleiders.last_date) == (D(2007, 12, 3), D(2008, 4, 30))
    assert series["Team SB"].frequency == ""
    assert series["Team SB"].rhythm_text == "wisselend, tijdens briefing/ themadagen"
    assert series["Team SB"].target_group.name == "SB"
    assert {n for n, s in series.items() if s.rhythm_text == "zelf invullen"} == {
        "Kansenclubs",
        "Cie Sociaal rapport",
        "Cie Instellingen",
    }


def test_seed_003_weeks_follow_the_schedule_cursor(demo):
    overleg = milestone(SA, "Overleg PH")
    assert (overleg.date_text, overleg.start, overleg.end, overleg.precision) == (
        "35",
        D(2007, 8, 27),
        D(2007, 9, 2),
        "week",
    )
    # ISO week 1 of 2008 runs from 31 December 2007 to 6 January 2008; the row below the
    # "Kerstvakantie" holiday row has an empty week cell and continues week 1.
    first = milestone(SA, "Eerste concept: Drentse ambitie")
    assert (first.date_text, first.start, first.end) == ("1", D(2007, 12, 31), D(2008, 1, 6))
    last = milestone(SA, "Beëindiging projectorganisatie")
    assert (last.date_text, last.start, last.end) == ("1", D(2008, 12, 29), D(2009, 1, 4))
    # a continuation row takes the week above it
    hoofdstuk = milestone(SA, "Financieel hoofdstuk invoegen")
    assert (hoofdstuk.date_text, hoofdstuk.start) == ("37", D(2007, 9, 10))


def test_seed_003_involvement_matrix(demo):
    assert group_names(milestone(SA, "Overleg PH")) == {"Projectteam", "GS"}
    assert group_names(milestone(SA, "Lunchbijeenkomst Sociale Agenda")) == {
        "Projectteam",
        "GS",
        "PS",
        "SB",
        "Kansen",
        "Cie Sociaal rapport",
        "Cie Instellingenbeleid",
        "Gemeenten",
        "Instellingen",
        "ECWH/Pr.",
        "Anderen",
    }
    # weeks 29-36 have an extra "Schoolvakantie" column before "Verantwoordelijk"
    inspraak = milestone(SA, "Reacties van werkveld, officiële inspraak", date_text="29")
    assert (inspraak.lead, inspraak.notes) == ("PI", "Schoolvakantie")
    assert group_names(inspraak) == {"Projectteam", "Anderen"}
    verwerken = milestone(SA, "Verwerken reacties, overleg gemeenten", date_text="33")
    assert verwerken.lead == "PI, gc"
    assert group_names(verwerken) == {
        "Projectteam",
        "Kansen",
        "Gemeenten",
        "Instellingen",
        "Anderen",
    }
    ecwh = milestone(
        SA, "Bijeenkomst organisatieontwikkeling ECWH (Frits moet bestuursopdracht zien en kennen)"
    )
    assert group_names(ecwh) == {"SB", "ECWH/Pr."}
    assert not TargetGroup.objects.filter(name__in=["ECWH", "Pr."]).exists()


def test_seed_003_phases_results_and_skipped_rows(demo):
    phases = list(Phase.objects.filter(programme__slug=SA).order_by("order"))
    assert [p.result for p in phases] == [
        "Bestuursopdracht",
        "Document Provinciale ambities",
        "Document: Gezamenlijke ambities (of Drentse ambities)",
        "Concept Sociale Agenda 2009-2012 + 12 Sociale allianties",
        "Sociale Agenda 2009-2012 + 12 allianties",
    ]
    deliverables = Deliverable.objects.filter(phase__programme__slug=SA).order_by("phase__order")
    assert [(d.date_text, d.end) for d in deliverables] == [
        ("1 oktober 2007", D(2007, 10, 1)),
        ("1 december 2007", D(2007, 12, 1)),
        ("1 april 2008", D(2008, 4, 1)),
        ("1 juli 2008", D(2008, 7, 1)),
        ("december 2008", D(2008, 12, 31)),
    ]
    titles = set(Milestone.objects.filter(programme__slug=SA).values_list("title", flat=True))
    assert not titles & {"Herfstvakantie", "Kerstvakantie", "Week", "Actie"}
    assert not any(t.startswith("Resultaat") or "<" in t for t in titles)
    assert "Concept uitvoeringsplan 2e fase (+doorkijk)" in titles
    per_phase = {p.order: p.milestones.count() for p in phases}
    assert per_phase == {1: 8, 2: 25, 3: 13, 4: 8, 5: 9}


def test_seed_003_project_organisation(demo):
    roles = ProgrammeRole.objects.filter(programme__slug=SA)
    assert {(r.person.name, r.kind) for r in roles} == {
        ("Klaas de Vries", "delegated_sponsor"),
        ("Peter Voerman", "sponsor"),
        ("Hans Derks", "project_leader"),
        ("Bianca van Mierlo", "project_leader"),
        ("Anneke Haarsma", "portfolio_holder"),
        ("Anneke Haarsma", "initiator"),
        ("Jacqueline Habets", "secretary"),
        ("Jolanda Tuinstra", "member"),
        ("Paul van den Bosch", "member"),
        ("Leon van der Hoeven", "member"),
    }
    assert {r.person.organisation.name for r in roles} == {"Provincie Drenthe"}
    assert Person.objects.get(name="Anneke Haarsma").function == "gedeputeerde"


# -- seed 004: Ontwikkelopgave ---------------------------------------------------------------------


def test_seed_004_result_areas_and_deliverables(demo):
    slug = "ontwikkelopgave-regionale-samenwerking"
    phases = list(Phase.objects.filter(programme__slug=slug).order_by("order"))
    assert [p.name for p in phases] == [
        "Netwerkontwikkeling (OO1.1)",
        "Interregionaal Samenwerken (OO2.1)",
    ]
    assert phases[0].goal.startswith("Het ontwikkelen van een vertaling van programmabeheer")
    readings = [
        (d.phase.order, d.date_text, d.start, d.end)
        for d in Deliverable.objects.filter(phase__programme__slug=slug).order_by("phase", "pk")
    ]
    assert readings == [
        (1, "medio/eind 2024", D(2024, 5, 1), D(2024, 12, 31)),
        (1, "eind 2024", D(2024, 9, 1), D(2024, 12, 31)),
        (1, "eind 2024", D(2024, 9, 1), D(2024, 12, 31)),
        (2, "eind 2024", D(2024, 9, 1), D(2024, 12, 31)),
        (2, "eind 2024", D(2024, 9, 1), D(2024, 12, 31)),
    ]
    roles = ProgrammeRole.objects.filter(programme__slug=slug)
    assert {(r.person.name, r.person.organisation.name, r.kind) for r in roles} == {
        ("Annemarie Zuidweg", "Raphaëlstichting", "lead_partner"),
        ("Hanneke Peeters", "De Hartekamp Groep", "project_leader"),
    }


# -- users ---------------------------------------------------------------------------------


def test_demo_users_and_memberships(demo):
    User = get_user_model()
    assert sorted(User.objects.values_list("username", flat=True)) == [
        "beheerder",
        "projectleider",
        "secretaris",
        "stuurgroeplid",
    ]
    admin = User.objects.get(username="beheerder")
    assert (admin.is_staff, admin.is_superuser) == (True, True)
    levels = {
        (m.user.username, m.level) for m in ProgrammeMembership.objects.select_related("user")
    }
    assert levels == {
        ("projectleider", AccessLevel.EDITOR),
        ("secretaris", AccessLevel.SECRETARY),
        ("stuurgroeplid", AccessLevel.VIEWER),
    }
    assert ProgrammeMembership.objects.count() == 18
    # the printed password is the user's password
    line = next(x for x in demo.splitlines() if x.startswith("Created user projectleider"))
    password = line.rsplit(" ", 1)[1]
    assert len(password) == 12
    assert User.objects.get(username="projectleider").check_password(password)


def test_existing_users_keep_their_password_unless_reset(demo):
    User = get_user_model()
    before = User.objects.get(username="secretaris").password
    load_demo()
    assert User.objects.get(username="secretaris").password == before

    out = load_demo("--reset-passwords")
    line = next(x for x in out.splitlines() if x.startswith("New password for user secretaris"))
    password = line.rsplit(" ", 1)[1]
    user = User.objects.get(username="secretaris")
    assert user.password != before
    assert user.check_password(password)


def test_no_users_without_debug_or_testing(db, settings):
    settings.DEBUG = False
    settings.TESTING = False
    out = load_demo()
    assert get_user_model().objects.count() == 0
    assert ProgrammeMembership.objects.count() == 0
    assert "No demo users were created: DEBUG and TESTING are both off." in out
    assert "password" not in out.lower()
    assert Programme.objects.count() == 6  # the data itself is still loaded
