"""The secretary's week in Chromium (issue 13, "Done when"): open the Stuurgroep series, see
the next meetings, subscribe to its meetings only, open the next meeting's agenda draft with
the right items, reorder one, add "Rondvraag", export the .docx, and after the last meeting
record a gate decision from its decisions list.

Screenshots land in test-artifacts/secretary/ (git-ignored) for a person to look at.
"""

import datetime
import re

import pytest
from django.urls import reverse
from docx import Document

from milestones.meetings.models import Agenda
from milestones.models import CalendarFeed, hash_feed_token
from phases.fuzzy import local_today
from phases.models import AccessLevel, Gate
from tests.support.browser import PASSWORD
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    InvolvementFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    MilestoneFactory,
    PersonFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
    UserFactory,
)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def week(transactional_db):
    """Stuurgroep meets fortnightly: last 10 days ago, next in 4 days."""
    today = local_today()
    last, next_ = today - 10 * DAY, today + 4 * DAY
    programme = ProgrammeFactory(slug="jeugd", name="Jeugd en gezin", year=today.year)
    body = TargetGroupFactory(name="Stuurgroep")
    other = TargetGroupFactory(name="Klankbordgroep")
    body.members.add(PersonFactory(name="A. de Vries", function="wethouder"))
    series = MeetingSeriesFactory(
        programme=programme, name="Stuurgroep Jeugd", target_group=body, weekday=None,
        first_date=last, start_time=datetime.time(10), end_time=datetime.time(12),
        location="Stadhuis",
    )  # fmt: skip
    phase1 = PhaseFactory(programme=programme, order=1, name="Fase 1 Verkenning")
    phase2 = PhaseFactory(programme=programme, order=2, name="Fase 2 Bestuursopdracht")

    def milestone(title, day, group=body, phase=phase2, status="planned"):
        item = MilestoneFactory(
            programme=programme, phase=phase, title=title, date_text=day.isoformat(), status=status
        )
        InvolvementFactory(milestone=item, target_group=group)
        return item

    GateFactory(
        phase=phase1, title="Besluit start fase 2", decider=body, date_text=last.isoformat()
    )
    concept = milestone("Concept bestuursopdracht bespreken", next_ - 2 * DAY)
    concept.deliverables.add(
        DeliverableFactory(
            phase=phase2, title="Bestuursopdracht", date_text=(next_ - DAY).isoformat()
        )
    )
    milestone("Uitwerking", next_ + 7 * DAY)
    milestone("Klankbord raadplegen", next_ - 3 * DAY, group=other)
    milestone("Startnotitie", last - 3 * DAY, phase=phase1, status="done")
    user = UserFactory(username="secretaris-test", first_name="Sam", password=PASSWORD)
    MembershipFactory(user=user, programme=programme, level=AccessLevel.SECRETARY)
    return series, last, next_


def test_the_secretarys_week(page, live_server, week, log_in, console_errors, artifacts):
    series, last, next_ = week
    folder = artifacts / "secretary"
    folder.mkdir(exist_ok=True)
    shot = 0

    def screenshot(name: str) -> None:
        nonlocal shot
        shot += 1
        page.screenshot(path=str(folder / f"{shot:02d}-{name}.png"), full_page=True)

    log_in("secretaris-test")
    series_url = live_server.url + reverse("meeting", args=[series.pk])

    # The series page: the last meeting, the next ones, who attends.
    page.goto(series_url)
    rows = page.locator("#meetings tbody tr")
    assert rows.count() == 9  # the last meeting and the next eight
    assert page.locator(f"#meeting-{next_.isoformat()}").is_visible()
    assert "A. de Vries, wethouder" in page.locator("#attendees").inner_text()
    screenshot("series-page")

    # Subscribe to the Stuurgroep's meetings only: the feed form comes filled in.
    page.locator("#subscribe").click()
    assert page.locator("input[name=content][value=meetings]").is_checked()
    page.locator("main form[method=post]:has(input[name=content]) [type=submit]").click()
    feed = CalendarFeed.objects.get()
    assert feed.filters == {"content": "meetings"} and feed.target_group == series.target_group
    link = page.locator(f"#feed-{feed.pk}-web").input_value()  # shown once, when it is made
    assert re.fullmatch(r"http://[^/]+/feeds/[\w-]{40,}\.ics", link)
    assert hash_feed_token(link.rsplit("/", 1)[1].removesuffix(".ics")) == feed.token_hash
    screenshot("subscribed-meetings-only")

    # The next meeting's agenda draft holds what is due for the Stuurgroep.
    page.goto(series_url)
    page.locator(f"#meeting-{next_.isoformat()} a[href$='/agenda/']").click()
    titles = page.locator("#agenda-form input[name$='-title']")
    assert [titles.nth(i).input_value() for i in range(titles.count())] == [
        "Besluit start fase 2",
        "Concept bestuursopdracht bespreken",
        "Bestuursopdracht",
        "",
        "",
    ]
    screenshot("agenda-draft")

    # Reorder: the deliverable before the milestone; add "Rondvraag" at the end.
    page.locator("input[name='items-2-order']").fill("2")
    page.locator("input[name='items-1-order']").fill("3")
    page.locator("input[name='items-3-title']").fill("Rondvraag")
    page.locator("input[name='items-3-order']").fill("9")
    page.locator("select[name='items-3-treatment']").select_option("information")
    page.locator("#agenda-form [type=submit]").click()
    page.wait_for_load_state()
    agenda = Agenda.objects.get(date=next_)
    assert [item["title"] for item in agenda.items] == [
        "Besluit start fase 2",
        "Bestuursopdracht",
        "Concept bestuursopdracht bespreken",
        "Rondvraag",
    ]
    screenshot("agenda-saved")

    # The agenda as a Word document.
    with page.expect_download() as download:
        page.locator("#agenda-docx").click()
    document = Document(str(download.value.path()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "1. Besluit start fase 2" in text and "4. Rondvraag" in text
    assert download.value.suggested_filename == f"agenda-stuurgroep-{next_.isoformat()}.docx"

    # After the last meeting: its decisions list records the gate decision.
    page.goto(series_url)
    page.locator(f"#meeting-{last.isoformat()} a[href$='/decisions/']").click()
    page.locator("textarea[name='decisions-0-outcome']").fill("Akkoord met start fase 2")
    page.locator("textarea[name='decisions-0-actions']").fill("Secretaris informeert het college")
    page.locator("#decisions-form [type=submit]").click()
    page.wait_for_load_state()
    screenshot("decisions-list")
    page.locator("a.record-gate").click()
    assert page.locator("input[name=decided_on]").input_value() == last.isoformat()
    assert page.locator("select[name=meeting]").input_value() == str(series.pk)
    screenshot("gate-decision-prefilled")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state()
    gate = Gate.objects.get()
    assert (gate.outcome, gate.decided_on, gate.meeting_id) == ("approved", last, series.pk)
    assert (
        page.locator("#decided-at")
        .get_attribute("href")
        .endswith(f"/meetings/{series.pk}/#meeting-{last.isoformat()}")
    )
    screenshot("gate-decided-at-the-meeting")
    assert console_errors == []
