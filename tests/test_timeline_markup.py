"""The timeline's repeated markup written in Python (`milestones.timeline.markup`): the same
markup as the template loops it replaced, and every text escaped."""

import datetime
import re

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from milestones.models import CalendarNote
from milestones.timeline import markup
from milestones.timeline.builder import MAX_LABEL_ROWS, Before, LaneMode, Zoom, build_timeline
from milestones.timeline.marks import Mark
from milestones.timeline.views import _milestone_url
from phases.models import AccessLevel, WorkStatus
from tests.support.factories import (
    DeliverableFactory,
    GateFactory,
    InvolvementFactory,
    MembershipFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
HOSTILE = "<script>alert(\"x\")</script> & 'q'"
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;"

# The template loops the Python functions replaced, verbatim (issue 14): the reference.
OLD_MARKS = (
    "{% load l10n %}{% localize off %}"
    "{% for m in lane.marks %}{% if m.ghost_d or m.link_d %}"
    '<g class="tl-was" data-was="{{ m.key }}" aria-hidden="true">{% if m.link_d %}'
    '<path class="tl-link" d="{{ m.link_d }}" marker-end="url(#tl-arrow)"/>{% endif %}'
    '{% if m.ghost_d %}<path class="tl-ghost" d="{{ m.ghost_d }}"/>{% endif %}</g>{% endif %}'
    '<a class="tl-item {{ m.css }}" data-key="{{ m.key }}" data-x1="{{ m.x1 }}"'
    ' data-x2="{{ m.x2 }}"{% if m.number %} data-number="{{ m.number }}"{% endif %}'
    '{% if m.url %} href="{{ m.url }}"{% else %} tabindex="0"{% endif %}'
    ' aria-label="{{ m.name }}"><title>{{ m.name }}</title>{% if m.window_d %}'
    '<path class="tl-window" d="{{ m.window_d }}"/>{% endif %}<path class="tl-mark" d="{{ m.d }}"/>'
    '{% if m.inner %}<text class="tl-inner" x="{{ m.inner_x }}" y="{{ m.text_y }}">'
    "{{ m.inner }}</text>{% endif %}{% if m.label %}"
    '<text class="tl-label{% if m.number %} tl-number{% endif %}" x="{{ m.label_x }}"'
    ' y="{{ m.text_y }}" text-anchor="{{ m.label_anchor }}">{{ m.label }}</text>{% endif %}</a>'
    "\n        {% endfor %}{% endlocalize %}"
)
OLD_BACKGROUND = (
    '{% load l10n %}{% localize off %}<g class="tl-background" aria-hidden="true">'
    "{# full height; each SVG's viewBox shows its own slice #}\n  "
    '{% for shade in timeline.shades %}<rect class="tl-shade tl-shade-{{ shade.kind }}"'
    ' x="{{ shade.x }}" y="{{ timeline.shade_top }}" width="{{ shade.width }}"'
    ' height="{{ timeline.shade_height }}" data-start="{{ shade.start|date:\'Y-m-d\' }}"'
    " data-end=\"{{ shade.end|date:'Y-m-d' }}\"><title>{{ shade.title }}</title></rect>"
    "{% endfor %}\n  "
    '{% for x in timeline.week_lines %}<line class="tl-week-line" x1="{{ x }}" x2="{{ x }}"'
    ' y1="34" y2="{{ timeline.height }}"/>{% endfor %}\n  '
    '{% for x in timeline.month_lines %}<line class="tl-month-line" x1="{{ x }}" x2="{{ x }}"'
    ' y1="16" y2="{{ timeline.height }}"/>{% endfor %}\n  '
    '{% if timeline.today_x is not None %}<line class="tl-today" x1="{{ timeline.today_x }}"'
    ' x2="{{ timeline.today_x }}" y1="34" y2="{{ timeline.height }}"/>{% endif %}\n'
    "</g>{% endlocalize %}\n"
)
OLD_TABLE_ROWS = (
    '{% for row in timeline.rows %}<tr data-key="{{ row.key }}"><td>{{ row.kind }}</td>'
    '<td>{% if row.url %}<a href="{{ row.url }}">{{ row.title }}</a>{% else %}{{ row.title }}'
    '{% endif %}</td><td>{{ row.lanes }}</td><td class="date-text">{{ row.date_text }}</td>'
    '<td class="text-nowrap">{{ row.interval|default:"—" }}</td>{% if compared_with %}'
    '<td data-before>{{ row.before|default:"" }}</td>{% endif %}'
    '<td class="text-nowrap">{{ row.weeks }}</td><td>{{ row.status }}</td></tr>'
    "\n        {% endfor %}"
)
OLD_NUMBERED = (
    '{% for n in timeline.numbered %}<li value="{{ n.number }}" data-key="{{ n.key }}">'
    '{% if n.url %}<a href="{{ n.url }}">{{ n.title }}</a>{% else %}{{ n.title }}{% endif %}'
    ' <span class="tl-numbered-date">{{ n.dated }} · {{ n.lane }}</span></li>'
    "\n    {% endfor %}"
)


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.fixture
def programme():
    """A small programme with every kind of mark: shapes, a window, numbered marks, a holiday
    note, target groups, and hostile titles and group names."""
    programme = ProgrammeFactory(slug="klein", name="Klein & fijn", year=2024)
    first = PhaseFactory(programme=programme, order=1, name=HOSTILE, date_text="mrt-apr")
    second = PhaseFactory(programme=programme, order=2, name="Uitwerking", date_text="mei-jun")
    raad = TargetGroupFactory(name='Raad & "Staten" <b>')
    bor = TargetGroupFactory(name="BOR")
    kickoff = MilestoneFactory(programme=programme, phase=first, title=HOSTILE, date_text="1-mrt")
    MilestoneFactory(programme=programme, phase=second, title="Sessies", date_text="10 / 17 mei")
    MilestoneFactory(programme=programme, phase=second, title="Dagen", date_text="25-26-mei")
    done = MilestoneFactory(programme=programme, title="Werksessie", date_text="eind sep/begin okt")
    done.status = WorkStatus.DONE
    done.save()
    InvolvementFactory(milestone=kickoff, target_group=raad)
    InvolvementFactory(milestone=kickoff, target_group=bor)
    InvolvementFactory(milestone=done, target_group=raad)
    GateFactory(phase=first, title="Besluit <start>", date_text="eind apr", decider=raad)
    DeliverableFactory(phase=second, title="Plan & aanpak", date_text="jun")
    for n in range(MAX_LABEL_ROWS + 3):
        MilestoneFactory(
            programme=programme, phase=first, title=f"Spreekuur {n}", date_text="2-apr"
        )
    CalendarNote.objects.create(programme=programme, title="Vakantie <&>", date_text="wk 43")
    return programme


@pytest.mark.parametrize("lanes", [LaneMode.PHASE, LaneMode.GROUP])
@pytest.mark.parametrize("zoom", [Zoom.YEAR, Zoom.QUARTER])
def test_the_python_markup_is_the_markup_of_the_template_loops(programme, lanes, zoom):
    sessions = programme.milestones.get(title="Sessies")
    before = {f"milestone-{sessions.pk}": Before("1-jun", D(2024, 6, 1), D(2024, 6, 1))}
    with translation.override("nl"):
        timeline = build_timeline(
            programme=programme,
            zoom=zoom,
            lanes=lanes,
            today=D(2024, 4, 15),
            start=D(2024, 4, 1),
            milestone_url=_milestone_url(),
            before=before,
        )
        assert timeline.numbered and timeline.moved and timeline.shades and timeline.today_x
        for lane in timeline.lanes:
            assert markup.lane_marks(lane) == render(OLD_MARKS, lane=lane)
        assert markup.background(timeline) == render(OLD_BACKGROUND, timeline=timeline)
        for compared_with in ("Baseline <1>", ""):
            assert markup.table_rows(timeline, compared_with) == render(
                OLD_TABLE_ROWS, timeline=timeline, compared_with=compared_with
            )
        assert markup.numbered_items(timeline) == render(OLD_NUMBERED, timeline=timeline)
    drawn = "".join(markup.lane_marks(lane) for lane in timeline.lanes)
    assert drawn.count('<a class="tl-item') == sum(len(lane.marks) for lane in timeline.lanes)
    assert 'class="tl-was"' in drawn and "data-number=" in drawn and "href=" in drawn


def test_hostile_text_in_a_mark_is_escaped_in_every_attribute_and_text():
    mark = Mark(
        key='k"><script>',
        kind="milestone",
        shape="diamond",
        css="tl-milestone & <x>",
        d='M1 2"/><script>',
        window_d="M0 0'",
        x1=1.5,
        x2=13.0,
        y=10.0,
        text_y=14.0,
        tooltip=HOSTILE,
        label=HOSTILE,
        inner="<i>&amp;</i>",
        url='/m/1/" onclick="alert(1)',
        ghost_d="M<g>",
        link_d="M&",
        number=3,
    )
    html = markup.mark_markup(mark)
    assert "<script" not in html and "<x>" not in html and "<i>" not in html
    assert 'onclick="' not in html and "<g>" not in html.replace('<g class="tl-was"', "")
    assert f'aria-label="3. {ESCAPED}"' in html and f"<title>3. {ESCAPED}</title>" in html
    assert f">{ESCAPED}</text>" in html
    assert 'href="/m/1/&quot; onclick=&quot;alert(1)"' in html
    assert 'data-key="k&quot;&gt;&lt;script&gt;"' in html
    assert "&lt;i&gt;&amp;amp;&lt;/i&gt;" in html and 'd="M&amp;"' in html


def test_hostile_titles_and_group_names_are_escaped_on_the_page(client, programme):
    user = UserFactory()
    MembershipFactory(user=user, programme=programme, level=AccessLevel.VIEWER)
    client.force_login(user)
    url = reverse("milestones:timeline", args=[programme.slug])
    for query in ("", "?lanes=group"):
        html = client.get(url + query).content.decode()
        assert "<script>alert" not in html and "<b>" not in html
        body = html[html.index('<div class="tl-chart"') :]
        # the mark's name, tooltip, label and the table row of the hostile milestone
        assert re.search(rf'aria-label="{re.escape(ESCAPED)} — ', body)
        assert re.search(rf"<title>{re.escape(ESCAPED)} — ", body)
        assert f">{ESCAPED}</a></td>" in body
        assert "Vakantie &lt;&amp;&gt;" in body  # a holiday note's title, behind the lanes
        assert "Besluit &lt;start&gt;" in body
    assert "Raad &amp; &quot;Staten&quot; &lt;b&gt;" in html  # a group lane's title
