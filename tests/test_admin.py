import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from accounts.audit import record
from accounts.models import AuditEvent
from cycle.models import BodyMeeting, GatePlan, Recess, Route, RouteStep
from milestones.baselines.taking import take_baseline
from milestones.models import (
    Agenda,
    Baseline,
    CalendarFeed,
    CalendarNote,
    ImportRecord,
    Milestone,
    ReportingDuty,
)
from phases.models import MeetingCancellation, ProgrammeRole
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    InvolvementFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    PersonFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REGIE_APPS = {"stakeholders", "phases", "milestones", "cycle"}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="beheer", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def data():
    programme = ProgrammeFactory(year=2024)
    phase = PhaseFactory(programme=programme, date_text="Maart-mei")
    milestone = MilestoneFactory(programme=programme, phase=phase, date_text="eind sep/begin okt")
    InvolvementFactory(milestone=milestone, target_group=TargetGroupFactory(name="Stuurgroep"))
    GateFactory(phase=phase)
    DeliverableFactory(phase=phase)
    MeetingSeriesFactory(programme=programme)
    MembershipFactory(programme=programme)
    ProgrammeRole.objects.create(
        programme=programme,
        person=PersonFactory(organisation=OrganisationFactory()),
        kind=ProgrammeRole.Kind.PROJECT_LEADER,
    )
    ImportRecord.objects.create(programme=programme, file_name="planning.xlsx", sha256="0" * 64)
    CalendarNote.objects.create(programme=programme, title="Herfstvakantie", date_text="wk 42")
    CalendarFeed.objects.create(user=UserFactory(username="secretaris"), name="Stuurgroep")
    MeetingCancellation.objects.create(
        series=MeetingSeriesFactory(programme=programme, name="BOR"), date="2007-12-27"
    )
    take_baseline(programme=programme, name="Plan vastgesteld")
    _meeting_cycle(GateFactory(phase=phase, title="Raadsbesluit"))
    series = programme.meeting_series.first()
    Agenda.objects.create(
        series=series, date=series.first_date, items=[{"key": "free-1", "title": "Opening"}]
    )
    ReportingDuty.objects.create(
        programme=programme, body=TargetGroupFactory(name="Raad"), title="Voortgangsbrief",
        rhythm="quarterly", date_text="2024",
    )  # fmt: skip
    return milestone


def _meeting_cycle(gate):
    raad = TargetGroupFactory(name="Raad")
    BodyMeeting.objects.create(body=raad, date="2024-07-04", title="Raad")
    Recess.objects.create(body=raad, name="zomerreces", start="2024-07-13", end="2024-08-25")
    route = Route.objects.create(name="Raadsbesluit")
    RouteStep.objects.create(route=route, order=1, body=raad)
    GatePlan.objects.create(gate=gate, route=route, target="2024-07-04", first_step="2024-07-04")


def regie_models():
    return [m for m in admin.site._registry if m._meta.app_label in REGIE_APPS]


def test_every_regie_model_is_in_the_admin():
    registered = {m._meta.model_name for m in regie_models()}
    assert registered >= {
        "organisation",
        "person",
        "targetgroup",
        "programme",
        "programmemembership",
        "programmerole",
        "phase",
        "gate",
        "deliverable",
        "meetingseries",
        "milestone",
        "involvement",
        "importrecord",
        "calendarnote",
        "calendarfeed",
        "baseline",
        "agenda",
        "reportingduty",
    }


def test_every_model_has_dutch_verbose_names():
    """Every name the admin shows is marked for translation (a lazy string), not derived from
    the attribute name; a name Django made up is a plain str."""
    unmarked = [
        f"{model.__name__}.{name}"
        for model in regie_models()
        for name, verbose_name in [
            ("verbose_name", model._meta.verbose_name),
            ("verbose_name_plural", model._meta.verbose_name_plural),
            *(
                (field.name, field.verbose_name)
                for field in model._meta.get_fields()
                if hasattr(field, "verbose_name") and not field.auto_created
            ),
        ]
        if not isinstance(verbose_name, Promise)
    ]
    assert unmarked == []
    with translation.override("nl"):
        assert str(Milestone._meta.verbose_name) == "mijlpaal"


@pytest.mark.parametrize("model", regie_models(), ids=lambda m: m._meta.label)
def test_changelist_add_change_and_history_pages_render(admin_client, data, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = admin_client.get(changelist)
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count() > 0
    assert admin_client.get(changelist, {"q": "a"}).status_code == 200
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    # Import records are written by imports only, baselines by taking one.
    assert admin_client.get(add).status_code == (403 if model in (ImportRecord, Baseline) else 200)
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    response = admin_client.get(change)
    assert response.status_code == 200
    assert response.context["original"] == obj
    history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    assert admin_client.get(history).status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"period": "undated"}, 0),
        ({"period": "past"}, 1),
        ({"status__exact": "planned"}, 1),
        ({"status__exact": "done"}, 0),
    ],
)
def test_milestone_filters(admin_client, data, query, expected):
    response = admin_client.get(reverse("admin:milestones_milestone_changelist"), query)
    assert response.status_code == 200
    assert response.context["cl"].result_count == expected


def test_milestone_filter_by_target_group(admin_client, data):
    group = data.target_groups.get()
    response = admin_client.get(
        reverse("admin:milestones_milestone_changelist"), {"target_groups__id__exact": group.pk}
    )
    assert list(response.context["cl"].result_list) == [data]


def test_phase_page_lists_its_milestones_gates_and_deliverables(admin_client, data):
    response = admin_client.get(reverse("admin:phases_phase_change", args=[data.phase.pk]))
    content = response.content.decode()
    assert data.title in content
    assert "Besluitvorming door College" in content


def test_adding_a_milestone_with_an_unreadable_date_shows_a_dutch_error(admin_client, data):
    response = admin_client.post(
        reverse("admin:milestones_milestone_add"),
        {
            "programme": data.programme.pk,
            "title": "Nieuwe mijlpaal",
            "date_text": "na de zomer ergens",
            "status": "planned",
            "involvements-TOTAL_FORMS": "0",
            "involvements-INITIAL_FORMS": "0",
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["date_text"]
    assert "na de zomer ergens" in errors[0]
    assert "datum" in errors[0]
    assert not Milestone.objects.filter(title="Nieuwe mijlpaal").exists()


def test_adding_a_milestone_parses_its_date(admin_client, data):
    response = admin_client.post(
        reverse("admin:milestones_milestone_add"),
        {
            "programme": data.programme.pk,
            "title": "Nieuwe mijlpaal",
            "date_text": "okt-nov-dec",
            "status": "planned",
            "involvements-TOTAL_FORMS": "0",
            "involvements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(title="Nieuwe mijlpaal")
    assert (str(milestone.start), str(milestone.end)) == ("2024-10-01", "2024-12-31")


def test_cancelled_meetings_are_edited_with_their_series(admin_client, data):
    series = MeetingCancellation.objects.get().series
    response = admin_client.get(reverse("admin:phases_meetingseries_change", args=[series.pk]))
    assert "2007" in response.content.decode() and "cancellations-TOTAL_FORMS" in (
        response.content.decode()
    )


def test_feeds_can_be_revoked_in_the_admin(admin_client, data):
    feed = CalendarFeed.objects.get()
    response = admin_client.post(
        reverse("admin:milestones_calendarfeed_changelist"),
        {"action": "revoke_feeds", "_selected_action": [feed.pk]},
    )
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.revoked_at is not None and not CalendarFeed.objects.active().exists()


def test_the_admin_carries_regies_name_colours_and_a_way_back(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    with translation.override("nl"):
        header = str(admin.site.site_header)
    assert f'<div id="site-name"><a href="{reverse("admin:index")}">{header}</a></div>' in page
    assert "Regie" in header and "Django" not in page.split("</header>")[0]
    assert "regie/palette.css" in page and "regie/admin.css" in page
    assert "admin/css/dark_mode.css" not in page  # Regie has no dark theme; nor does its admin
    assert f'<a href="{reverse("home")}" class="regie-back">' in page


def test_the_milestone_list_has_five_short_columns(admin_client, data):
    data.title = "Voorstel uitgangspunten missie, visie, huisvesting, facilitair en inkoop"
    data.save()
    response = admin_client.get(reverse("admin:milestones_milestone_changelist"))
    cl = response.context["cl"]
    columns = [getattr(column, "__name__", column) for column in cl.list_display]
    assert columns == [
        "action_checkbox", "short_title", "programme_phase", "date_text", "period", "status"
    ]  # fmt: skip
    page = response.content.decode()
    short = "Voorstel uitgangspunten missie, visie, huisvestin…"  # 50 characters, … included
    assert f'<span title="{data.title}">{short}</span>' in page
    assert f"{data.programme.name} / {data.phase.name}" in page
    assert "21 sep – 10 okt 2024" in page  # eind sep/begin okt, as every screen shows it


def test_the_audit_log_offers_no_nameless_filter(admin_client, data):
    record(AuditEvent.Kind.LOGIN, username="beheer")  # no object: an empty object type
    record(AuditEvent.Kind.DELETED, username="beheer", obj=data)
    page = admin_client.get(reverse("admin:accounts_auditevent_changelist")).content.decode()
    assert 'href="?object_type=milestones.Milestone"' in page
    assert 'href="?object_type="' not in page
