"""The Dutch catalogue is complete and its compiled .mo matches the .po."""

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES"


def po_entries() -> list[dict[str, str]]:
    entries, entry, key, flags = [], {}, None, []
    for line in (LOCALE / "django.po").read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,"):
            flags.append(line)
        elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
            key, _, literal = line.partition(" ")  # msgstr[0], msgstr[1] for plurals
            entry[key] = ast.literal_eval(literal)
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
        elif not line.strip() and entry:
            entry["flags"] = " ".join(flags)
            entries.append(entry)
            entry, key, flags = {}, None, []
    return [e for e in entries if e.get("msgid")]


def test_every_message_has_a_dutch_translation():
    entries = po_entries()
    assert len(entries) > 200
    untranslated = [
        e["msgid"]
        for e in entries
        if not all(
            e.get(k) for k in (["msgstr[0]", "msgstr[1]"] if "msgid_plural" in e else ["msgstr"])
        )
    ]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [] and fuzzy == []


def test_compiled_catalogue_matches_the_po_file():
    with open(LOCALE / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in po_entries():
        if "msgid_plural" in entry:
            for n, key in ((1, "msgstr[0]"), (5, "msgstr[1]")):
                assert catalogue.ngettext(entry["msgid"], entry["msgid_plural"], n) == entry[key]
        elif "msgctxt" in entry:
            assert catalogue.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"]
        else:
            assert catalogue.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]
