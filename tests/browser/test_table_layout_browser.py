"""The milestone table's layout in Chromium: one line per row at 1440 px where the texts are
short, columns that stay put while a quick edit is open, pagination in Regie's colours with the
current page marked, and at 390 px a table that scrolls in its own box, never the page.

Screenshots land in test-artifacts/table/ (git-ignored) for a person to look at.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from phases.models import AccessLevel, Programme
from tests.support.browser import PASSWORD
from tests.support.factories import MembershipFactory, UserFactory

SLUG = "mijlpalen-fase-1"
TITLE = "Einddocumenten ter besluitvorming"  # "eind sep/begin okt" (21 sep – 10 okt 2024)
LARGE = "sociale-agenda-2009-2012"  # more milestones than one page holds

# Per cell of the table body: how many lines its visible text takes (the line boxes of its
# text, badges and pencils, grouped by where they end; a visually hidden label is not seen),
# whether it overflows its cell, its text and the height of its row.
CELLS = """() => [...document.querySelectorAll('table.milestone-table tbody tr')].map(row =>
  [...row.cells].map(cell => {
    const bottoms = [], texts = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || node.parentElement.closest('.visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      texts.push(node.textContent.trim());
      for (const rect of range.getClientRects()) bottoms.push(rect.bottom);
    }
    for (const pencil of cell.querySelectorAll('.quick-edit-link')) {
      bottoms.push(pencil.getBoundingClientRect().bottom - 2);  // set in the middle of a line
    }
    bottoms.sort((a, b) => a - b);
    let lines = 0, last = -Infinity;
    for (const bottom of bottoms) { if (bottom - last > 8) { lines += 1; last = bottom; } }
    return {lines, overflows: cell.scrollWidth > cell.clientWidth + 1,
            text: texts.join(' '), height: row.getBoundingClientRect().height};
  }))"""
COLUMNS = """() => [...document.querySelectorAll('table.milestone-table thead th')].map(th => {
  const box = th.getBoundingClientRect();
  return [th.innerText.trim(), Math.round(box.x * 10) / 10, Math.round(box.width * 10) / 10];
})"""
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# columns of the table, in order (milestones.tables.MilestoneTable)
TITLE_COL, PHASE, DATE, PERIOD, WEEK, GROUPS, STATUS, LEAD = range(8)


@pytest.fixture
def users(transactional_db):
    call_command("load_demo", stdout=StringIO())
    member = UserFactory(username="stuurgroeplid-tabel", password=PASSWORD)
    editor = UserFactory(username="projectleider-tabel", password=PASSWORD)
    for programme in Programme.objects.all():
        MembershipFactory(user=member, programme=programme, level=AccessLevel.VIEWER)
        MembershipFactory(user=editor, programme=programme, level=AccessLevel.EDITOR)
    return member, editor


@pytest.fixture
def folder(artifacts):
    path = artifacts / "table"
    path.mkdir(exist_ok=True)
    return path


def table_url(live_server, slug: str, query: str = "") -> str:
    return live_server.url + reverse("milestones:table", args=[slug]) + query


def test_short_cells_keep_to_one_line_at_1440(page, live_server, users, log_in, folder):
    member, editor = users
    log_in(editor.username)  # the pencils make the date and status cells wider
    page.set_viewport_size({"width": 1440, "height": 900})
    for programme in Programme.objects.order_by("slug"):
        page.goto(table_url(live_server, programme.slug))
        rows = page.evaluate(CELLS)
        assert rows, programme.slug
        if programme.milestones.count() == 0:  # the empty table says why, in one cell
            assert [cell["text"] for cells in rows for cell in cells] == [
                "Dit programma heeft nog geen mijlpalen."
            ]
            continue
        for cells in rows:
            where = (programme.slug, cells[TITLE_COL]["text"])
            assert not [c["text"] for c in cells if c["overflows"]], where
            for column in (PERIOD, WEEK, STATUS):
                assert cells[column]["lines"] == 1, (where, cells[column])
            if len(cells[PHASE]["text"]) <= 12:  # "Fase 1", "Voorbereiding"
                assert cells[PHASE]["lines"] == 1, (where, cells[PHASE])
            if len(cells[DATE]["text"]) <= 18:  # "eind sep/begin okt", "Maart-mei '19"
                assert cells[DATE]["lines"] == 1, (where, cells[DATE])
        page.screenshot(path=str(folder / f"{programme.slug}-editor-1440.png"), full_page=True)

    # The programme of the issue: "Fase 1" and "21 sep – 10 okt 2024" on one line, and every
    # row whose title and target groups fit on a line is one line high (before, "Fase 1" and
    # the period wrapped, and every row of this programme was at least two lines high).
    page.goto(table_url(live_server, SLUG))
    rows = page.evaluate(CELLS)
    row = next(cells for cells in rows if cells[TITLE_COL]["text"] == TITLE)
    assert (row[PHASE]["text"], row[PHASE]["lines"]) == ("Fase 1", 1)
    assert (row[PERIOD]["text"], row[PERIOD]["lines"]) == ("21 sep – 10 okt 2024", 1)
    one_line = min(cells[0]["height"] for cells in rows)
    short = [cells for cells in rows if all(cell["lines"] == 1 for cell in cells)]
    assert len(short) >= 12, len(short)  # of 29; the others have long titles or groups
    assert [c[0]["text"] for c in short if c[0]["height"] > one_line + 1] == [], one_line
    assert one_line < 40  # one line of text and a pencil


def test_columns_stay_put_when_a_quick_edit_opens(
    page, live_server, users, log_in, console_errors, folder, axe_check
):
    member, editor = users
    log_in(editor.username)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(table_url(live_server, SLUG))
    before = page.evaluate(COLUMNS)
    row = page.locator("tbody tr", has_text=TITLE)
    for action, field in (
        ("Datum wijzigen", row.get_by_label("Datum", exact=True)),
        ("Status wijzigen", row.locator("select[name=status]")),
        ("Doelgroepen wijzigen", row.get_by_role("checkbox", name="Gezamenlijk AB")),
    ):
        row.get_by_role("link", name=f"{action}: {TITLE}").click()
        expect(field).to_be_focused()
        after = page.evaluate(COLUMNS)
        for (name, x, width), (_, x_after, width_after) in zip(before, after, strict=True):
            assert abs(x - x_after) <= 1 and abs(width - width_after) <= 1, (action, name)
        editor_box = row.locator("form.quick-edit").bounding_box()
        cell_box = row.locator("td", has=page.locator("form.quick-edit")).bounding_box()
        assert editor_box["x"] + editor_box["width"] <= cell_box["x"] + cell_box["width"] + 1
        page.screenshot(path=str(folder / f"quick-edit-{field_name(action)}-1440.png"))
        axe_check()
        field.press("Escape")
        expect(row.locator("form")).to_have_count(0)
    assert page.evaluate(COLUMNS) == before
    assert console_errors == []


def field_name(action: str) -> str:
    return action.split()[0].lower()


def test_pagination_in_regie_blue_with_the_current_page_marked(
    page, live_server, users, log_in, console_errors, folder
):
    member, editor = users
    log_in(member.username)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(table_url(live_server, LARGE))
    pages = page.locator("main nav", has=page.locator(".pagination"))
    current = pages.locator("[aria-current=page]")
    expect(current).to_have_text("1")
    # Regie's blue (#154273), not Bootstrap's #0d6efd; white text on it.
    assert current.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(21, 66, 115)"
    assert current.evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 255)"
    other = pages.get_by_role("link", name="2", exact=True)
    assert other.evaluate("el => getComputedStyle(el).color") == "rgb(21, 66, 115)"
    pages.screenshot(path=str(folder / "pagination-1440.png"))
    other.click()
    page.wait_for_url(lambda url: "page=2" in url)
    expect(pages.locator("[aria-current=page]")).to_have_text("2")
    expect(pages.locator("[aria-current]")).to_have_count(1)
    assert console_errors == []


@pytest.mark.parametrize("who", ["member", "editor"])
def test_at_390_the_table_scrolls_in_its_own_box(
    page, live_server, users, log_in, console_errors, folder, who
):
    member, editor = users
    log_in((member if who == "member" else editor).username)
    page.set_viewport_size({"width": 390, "height": 844})
    for slug in (SLUG, LARGE):
        page.goto(table_url(live_server, slug))
        assert page.evaluate(OVERFLOW) <= 0, slug
        box = page.locator(".table-scroll")
        assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # it scrolls, inside
        expect(page.locator(".table-scroll-hint")).to_be_visible()  # and says so
        page.screenshot(path=str(folder / f"{slug}-{who}-390.png"), full_page=True)
        page.locator(".table-scroll-hint").scroll_into_view_if_needed()
        box.evaluate("el => { el.scrollLeft = 300; }")  # shadows on both edges now
        page.screenshot(path=str(folder / f"{slug}-{who}-390-scrolled.png"))
        assert page.evaluate(OVERFLOW) <= 0, slug
    page.set_viewport_size({"width": 1440, "height": 900})
    expect(page.locator(".table-scroll-hint")).to_be_hidden()  # nothing to scroll at 1440
    assert page.locator(".table-scroll").evaluate("el => el.scrollWidth <= el.clientWidth")
    assert console_errors == []
