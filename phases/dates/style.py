"""How a date text was written, so that a moved period is written the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .tokens import _WORDS, ORDINAL_SUFFIX, _normalise
from .vocabulary import (
    DUTCH_NAMES,
    MONTH_SPELLINGS,
    SEASONS,
    SHORT_DUTCH_NAMES,
    write_out_months,
)


@dataclass(frozen=True)
class _Style:
    """The habits of a text worth keeping when it is written anew."""

    prefix: str = ""  # "uiterlijk " as written
    week_word: str = "wk"
    day_joiner: str = " / "
    single_day: str = "words"  # words | dash ("1-mrt") | iso | dm ("1/3") | dmy
    dmy_sep: str = "-"
    dmy_pad: bool = False
    range_dash: bool = False  # "25-26-mrt"
    quarter: str = "q"  # q | digits ("4e kwartaal") | words ("vierde kwartaal")
    half: str = "h"  # h | digits | words
    half_noun: str = "helft"
    season_words: frozenset[str] = frozenset()  # "lente", "herfst": not Regie's own words
    apostrophe_year: bool = False  # "Juli-dec '19"
    full_months: bool = False  # "1 oktober 2007": every month written out in Dutch
    capital: bool = False  # "Maart-mei '19"

    def season(self, first_month: int) -> str | None:
        """The word for the season that starts in ``first_month``, if one does."""
        words = SEASONS.get(first_month)
        if words is None:
            return None
        return next((word for word in words if word in self.season_words), words[0])


_PREFIX_RE = re.compile(r"\s*(\S+)\s+")
_DMY_RE = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2[0-9]{4}")


def _style(text: str) -> _Style:
    """The habits of ``text``: its prefix, its words for weeks, quarters, seasons, months..."""
    prefix = ""
    match = _PREFIX_RE.match(text)
    if match and _WORDS.get(_normalise(match.group(1)).rstrip(".")) == ("prefix", None):
        prefix, text = match.group(1) + " ", text[match.end() :]
    norm = _normalise(text)
    fields: dict[str, Any] = {"prefix": prefix}
    if re.search(r"\bweek\b", norm):
        fields["week_word"] = "week"
    if re.search(r"[0-9] en [0-9]", norm):
        fields["day_joiner"] = " en "
    elif re.search(r"[0-9] ?, ?[0-9]", norm):
        fields["day_joiner"] = ", "
    elif re.search(r"[0-9]/[0-9]", norm):
        fields["day_joiner"] = "/"
    dmy = _DMY_RE.fullmatch(norm)
    if re.fullmatch(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", norm):
        fields["single_day"] = "iso"
    elif dmy:
        pad = dmy.group(1).startswith("0") or dmy.group(3).startswith("0")
        fields.update(single_day="dmy", dmy_sep=dmy.group(2), dmy_pad=pad)
    elif re.fullmatch(r"[0-9]{1,2}/[0-9]{1,2}", norm):
        fields["single_day"] = "dm"
    elif re.match(r"[0-9]{1,2}-[a-z]", norm):
        fields["single_day"] = "dash"
    if re.match(r"[0-9]{1,2}-[0-9]{1,2}-[a-z]", norm):
        fields["range_dash"] = True
    ordinal_digits = re.search(rf"\b[0-9]+{ORDINAL_SUFFIX}\b", norm) is not None
    if "kwartaal" in norm:
        fields["quarter"] = "digits" if ordinal_digits else "words"
    if "helft" in norm or "halfjaar" in norm:
        fields["half"] = "digits" if ordinal_digits else "words"
        fields["half_noun"] = "halfjaar" if "halfjaar" in norm else "helft"
    fields["season_words"] = frozenset(
        word for words in SEASONS.values() for word in words[1:] if word in norm
    )
    if re.search(r"'[0-9]{2}", norm):
        fields["apostrophe_year"] = True
    months = [word for word in re.findall(r"[a-z]+", norm) if word in MONTH_SPELLINGS]
    # "mei" is both; one unambiguous full name ("juni") decides
    if set(months) - SHORT_DUTCH_NAMES and all(word in DUTCH_NAMES for word in months):
        fields["full_months"] = True
    fields["capital"] = text.lstrip()[:1].isupper()
    return _Style(**fields)


def _restyle(text: str, style: _Style) -> str:
    """Month names written out and a capital first letter, where the old text had them."""
    body = text[len(style.prefix) :]
    if style.full_months:
        body = write_out_months(body)
    if style.capital:
        body = body[:1].upper() + body[1:]
    return style.prefix + body
