"""Constants of the browser tests (their fixtures are in tests/browser/conftest.py)."""

# The password of every user a browser test logs in with the `log_in` fixture.
PASSWORD = "browser-pass-123"

# axe-core (bundled by axe-playwright-python: nothing is downloaded at test time) with the rule
# sets of WCAG 2.1 levels A and AA, the standard of EN 301 549.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_WIDTHS = (1440, 390)


def axe_violations(page) -> list[str]:
    """axe's WCAG 2.1 A/AA violations on the page as shown now, one line per rule and element."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            found.append(f"{violation['id']} at {target}: {node['failureSummary'][:200]}")
    return found


def axe_at_both_widths(page) -> list[str]:
    """The page at a desktop's and a phone's width; the viewport is put back as it was."""
    size = page.viewport_size or {"width": AXE_WIDTHS[0], "height": 900}
    found = []
    for width in AXE_WIDTHS:
        page.set_viewport_size({"width": width, "height": size["height"]})
        found += [f"{page.url} @{width}px: {line}" for line in axe_violations(page)]
    page.set_viewport_size(size)
    return found
