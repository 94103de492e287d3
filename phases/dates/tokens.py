"""From a text to tokens: normalising, the word table and the tokenizer."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .core import NOT_A_DATE, UNKNOWN_WORD, _Ctx
from .vocabulary import MODIFIER_SPELLINGS, MONTH_SPELLINGS, ORDINAL_WORDS, SEASONS

# Typographic variants Word and Excel put in: curly apostrophes, en/em dashes.
_PUNCTUATION = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u2032": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)


def _normalise(text: str) -> str:
    """Lower case, no accents ("vóór"), one plain space between words."""
    text = unicodedata.normalize("NFKC", text.translate(_PUNCTUATION)).translate(_PUNCTUATION)
    text = "".join(
        c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c)
    )
    # "week 12 (2026)": a year in brackets is the year of the text before it.
    text = re.sub(r"\(\s*([0-9]{4})\s*\)", r" \1", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\btot en met\b", "t/m", text)
    return re.sub(r"\bhalf jaar\b", "halfjaar", text)


# word -> (token kind, value)
_WORDS: dict[str, tuple[str, object]] = {
    **{word: ("month", number) for word, number in MONTH_SPELLINGS.items()},
    **{word: ("mod", modifier) for word, modifier in MODIFIER_SPELLINGS.items()},
    **{word: ("ord", number) for number, word in enumerate(ORDINAL_WORDS, start=1)},
    "kwartaal": ("unit", "quarter"),
    "kw": ("unit", "quarter"),  # "4e kw 2025"; a week is "wk"
    "helft": ("unit", "half"),
    "halfjaar": ("unit", "half"),
    **{word: ("season", first) for first, words in SEASONS.items() for word in words},
    "uiterlijk": ("prefix", None),
    "voor": ("prefix", None),  # also "vóór": accents are gone by now
    "en": ("sep", "en"),
}

# "4e", "2de", "1ste", "3rd": the endings of an ordinal written in digits
ORDINAL_SUFFIX = "(?:ste|de|st|nd|rd|th|e)"

_TOKEN_RE = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<iso>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?![0-9])
    | (?P<dmy>[0-9]{1,2}(?P<dmy_sep>[-/.])[0-9]{1,2}(?P=dmy_sep)[0-9]{4})(?![0-9])
    | (?:week|wk|w)\.?\s?(?P<week>[0-9]+)(?![0-9a-z])
    | q\s?(?P<quarter>[0-9]+)(?![0-9a-z])
    | h(?P<half>[0-9]+)(?![0-9a-z])
    | '(?P<year2>[0-9]{2})(?![0-9])
    | (?P<ord>[0-9]+)<ordinal>(?![0-9a-z])
    | (?P<num>[0-9]+)
    | (?P<sep>t/m|[-/,&])
    | (?P<word>[a-z]+)\.?
    """.replace("<ordinal>", ORDINAL_SUFFIX),
    re.VERBOSE | re.ASCII,
)

_RANGE_SEPS = frozenset({"-", "t/m"})
_LIST_SEPS = frozenset({"/", ",", "&", "en"})


@dataclass(frozen=True)
class _Token:
    kind: str  # date num ord year week quarter half month mod season unit sep prefix
    value: Any
    raw: str


def _tokenize(norm: str, ctx: _Ctx) -> list[_Token]:
    """The tokens of a normalised text; FuzzyDateError at the first thing that is none."""
    tokens: list[_Token] = []
    pos = 0
    while pos < len(norm):
        match = _TOKEN_RE.match(norm, pos)
        if match is None:
            ctx.fail(NOT_A_DATE)
        pos = match.end()
        kind = match.lastgroup
        raw = match.group(kind) if kind else ""
        if kind == "space":
            continue
        if kind == "iso":
            year, month, day = (int(p) for p in raw.split("-"))
            tokens.append(_Token("date", (year, month, day), raw))
        elif kind == "dmy":
            day, month, year = (int(p) for p in re.split(r"[-/.]", raw))
            tokens.append(_Token("date", (year, month, day), raw))
        elif kind == "year2":
            tokens.append(_Token("year", 2000 + int(raw), raw))
        elif kind in ("week", "quarter", "half", "ord"):
            tokens.append(_Token(kind, ctx.number(raw), raw))
        elif kind in ("num", "sep"):
            tokens.append(_Token(kind, raw, raw))
        else:  # a word
            if raw not in _WORDS:
                ctx.fail(UNKNOWN_WORD, word=raw)
            word_kind, value = _WORDS[raw]
            tokens.append(_Token(word_kind, value, raw))
    return tokens
