"""What the timeline remembers while it draws (issue 14): coordinates rounded and written once
per distinct float, texts escaped once per distinct text. Remembering must never change a
character of the output: numbers that are equal as keys but written apart (4 and 4.0, 0.0 and
-0.0), and text marked safe next to the same text unmarked."""

import pytest
from django.utils.safestring import mark_safe

from milestones.timeline import markup
from milestones.timeline.marks import Mark
from milestones.timeline.scale import Rounded, Written

HOSTILE = "<b>\"x\" & 'y'</b>"


@pytest.mark.parametrize("first, second", [(4.0, 4), (4, 4.0), (0.0, -0.0), (-0.0, 0.0)])
def test_written_writes_equal_keys_apart_in_either_order(first, second):
    written = Written()
    assert [written(first), written(second), written(first)] == [
        str(first),
        str(second),
        str(first),
    ]


@pytest.mark.parametrize("first, second", [(0.0, -0.0), (-0.0, 0.0), (0.04, -0.04)])
def test_rounded_rounds_as_round_does_in_either_order(first, second):
    rounded = Rounded()
    for x in (first, second, first, second):
        assert str(rounded[x]) == str(round(x, 1))


def test_escaped_never_mixes_up_safe_and_plain_text():
    escaped = markup._Escaped()
    assert escaped(HOSTILE) == "&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;"
    assert escaped(mark_safe(HOSTILE)) == HOSTILE  # as autoescaping leaves it
    assert escaped(HOSTILE) == "&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;"
    fresh = markup._Escaped()
    assert fresh(mark_safe(HOSTILE)) == HOSTILE
    assert fresh(HOSTILE) != HOSTILE


def test_a_mark_is_written_the_same_with_and_without_remembering():
    marks = [
        Mark(
            key=f"milestone-{n}",
            kind="milestone",
            shape="band",
            css="tl-milestone tl-band tl-s-planned",
            d="M8.0 31.0H20.5v14H8.0z",
            window_d="",
            x1=8.0 if n else 0.0,
            x2=20.5,
            y=-0.0 if n == 2 else 38.0,
            text_y=4 if n == 1 else 42.0,
            tooltip=HOSTILE,
            label=HOSTILE,
            label_x=24.5 if n else 0,
            inner="wk 3",
            inner_x=11.0,
            number=n,
        )
        for n in range(4)
    ]
    escaped, written = markup._Escaped(), Written()
    for mark in marks + marks:
        assert markup.mark_markup(mark, escaped, written) == markup.mark_markup(mark)
