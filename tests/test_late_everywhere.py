"""One meaning of "late", shown the same way on every screen.

The rule (phases.fuzzy.FuzzyDateModel.late_q / is_late_at): a milestone or deliverable is late
when its deadline has passed and it is neither done nor cancelled; a gate when its date has
passed without a decision; a phase when its own end has passed and it is not done. Every screen
that counts or marks late things is rendered here for the demo programmes and for a generated
programme, and each number and mark is checked against that rule.
"""

from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from milestones.dashboard import LATE_SHOWN
from milestones.loadgen import generate_load
from milestones.models import Milestone
from phases.fuzzy import local_today
from phases.models import Deliverable, Gate, Phase, Programme, WorkStatus

pytestmark = pytest.mark.django_db

LATE_MILESTONES = re.compile(r'data-late-milestones="(\d+)"')
LATE_MARK = "data-late-mark"


@pytest.fixture
def programmes(db) -> list[Programme]:
    with translation.override("en"):
        call_command("load_demo", stdout=StringIO())
    generate_load(programmes=1, milestones_per_programme=120, seed=7)
    return list(Programme.objects.order_by("slug"))


@pytest.fixture
def viewer(client, staff_user):
    client.force_login(staff_user)
    return client


def late_milestones_in(html: str) -> set[int]:
    return {int(n) for n in LATE_MILESTONES.findall(html)}


def expected_late(programme: Programme, today: datetime.date) -> int:
    """The rule, written out once more here in plain Python over every milestone."""
    closed = {WorkStatus.DONE, WorkStatus.CANCELLED}
    return sum(
        m.end is not None and m.end < today and m.status not in closed
        for m in Milestone.objects.filter(programme=programme)
    )


def test_the_demo_and_a_generated_programme_have_late_work_to_show(programmes):
    today = local_today()
    assert len(programmes) >= 3
    assert sum(expected_late(p, today) for p in programmes) > 0
    assert Phase.objects.late(today).exists() and Gate.objects.late(today).exists()


def test_every_screen_counts_the_same_late_milestones(viewer, programmes):
    today = local_today()
    listing = viewer.get(reverse("home")).content.decode()
    for programme in programmes:
        late = expected_late(programme, today)
        assert Milestone.objects.for_programme(programme).late(today).count() == late
        slug = [programme.slug]
        pages = {
            "programme page": viewer.get(reverse("programme", args=slug)),
            "dashboard": viewer.get(reverse("milestones:dashboard", args=slug)),
            "timeline": viewer.get(reverse("milestones:timeline", args=slug)),
        }
        for name, response in pages.items():
            shown = late_milestones_in(response.content.decode())
            # Nothing late: no count at all, or a zero next to other kinds' counts.
            assert shown == {late} if late else shown <= {0}, (programme.slug, name, shown)
        table = viewer.get(reverse("milestones:table", args=slug), {"period": "late"})
        assert table.context["table"].page.paginator.count == late, programme.slug
        card = re.search(
            rf'href="{reverse("programme", args=slug)}".*?</div>', listing, flags=re.S
        ).group(0)
        assert late_milestones_in(card) == ({late} if late else set()), programme.slug


def test_dashboard_and_timeline_count_deliverables_gates_and_phases_by_the_same_rule(
    viewer, programmes
):
    today = local_today()
    for programme in programmes:
        slug = [programme.slug]
        dashboard = viewer.get(reverse("milestones:dashboard", args=slug)).context["dashboard"]
        timeline = viewer.get(reverse("milestones:timeline", args=slug)).context["timeline"]
        deliverables = Deliverable.objects.filter(phase__programme=programme).late(today)
        gates = Gate.objects.filter(phase__programme=programme).late(today)
        phases = Phase.objects.filter(programme=programme).late(today)
        for counts in (dashboard.late_counts, timeline.late):
            assert counts.deliverables == deliverables.count()
            assert counts.gates == gates.count()
            assert counts.phases == phases.count()
        # The dashboard's list of late work is late milestones and deliverables, and the
        # phases it calls late are the phases the rule calls late.
        # (the page lists the first LATE_SHOWN; the report all of them)
        assert len(dashboard.late) == min(dashboard.late_counts.work, LATE_SHOWN)
        assert {s.phase.pk for s in dashboard.phases if s.status == "late"} == set(
            phases.values_list("pk", flat=True)
        )
        late_keys = {f"phase-{pk}" for pk in phases.values_list("pk", flat=True)}
        late_lanes = {lane.key for lane in timeline.lanes if ", late" in lane.subtitle}
        assert late_lanes <= late_keys
        marked = {
            mark.key for lane in timeline.lanes for mark in lane.marks if "tl-late" in mark.css
        }
        for mark in marked:
            kind, pk = mark.rsplit("-", 1)
            model = {"milestone": Milestone, "deliverable": Deliverable, "gate": Gate}[kind]
            assert model.objects.get(pk=pk).is_late(today), mark


def test_the_table_and_the_milestone_page_mark_exactly_the_late_milestones(viewer, programmes):
    today = local_today()
    for programme in programmes:
        url = reverse("milestones:table", args=[programme.slug])
        response = viewer.get(url, {"period": "late"})
        html = response.content.decode()
        rows = response.context["table"].page.object_list
        assert html.count(LATE_MARK) == len(rows)
        unfiltered = viewer.get(url)
        everything = unfiltered.content.decode()
        page = unfiltered.context["table"].page.object_list
        assert everything.count(LATE_MARK) == sum(row.record.is_late(today) for row in page)
    sample = list(Milestone.objects.late(today)[:5]) + list(
        Milestone.objects.exclude(pk__in=Milestone.objects.late(today))[:5]
    )
    assert sample
    for milestone in sample:
        html = viewer.get(milestone.get_absolute_url()).content.decode()
        assert (LATE_MARK in html) == milestone.is_late(today), milestone.title


def test_the_python_rule_and_the_database_rule_agree_for_every_kind(programmes):
    today = local_today()
    for model in (Milestone, Deliverable, Gate, Phase):
        late = set(model.objects.late(today).values_list("pk", flat=True))
        in_memory = {item.pk for item in model.objects.all() if item.is_late(today)}
        assert late == in_memory, model.__name__


def test_a_phase_is_late_by_its_own_end_not_by_its_work(programmes):
    today = local_today()
    phase = Phase.objects.late(today).first()
    phase.status = Phase.Status.DONE
    phase.save()
    assert not phase.is_late(today)
    assert phase.pk not in Phase.objects.late(today).values_list("pk", flat=True)
    # A phase still running whose end lies ahead is not late, whatever is late inside it.
    phase.status, phase.date_text = Phase.Status.RUNNING, f"{today.year + 1}"
    phase.save()
    overdue = today - datetime.timedelta(days=3)
    Milestone.objects.filter(phase=phase).update(start=overdue, end=overdue)
    assert Milestone.objects.filter(phase=phase).late(today).exists()
    assert not phase.is_late(today)
