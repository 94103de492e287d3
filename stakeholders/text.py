"""One-line texts: names, titles and places never hold a line break.

A name pasted from Word or a spreadsheet cell typed with Alt+Enter carries CR/LF (or the
Unicode line and paragraph separators). Such a name is one line everywhere it is shown, and
a calendar's name, a title or a place is a single content line in iCalendar. Every
`CharField` of Regie's models holds one line: `SingleLineCharFields` folds the breaks into
spaces before validation and on every save, and bulk writers call `fold_char_fields()`.
Multi-line text (descriptions, notes) lives in `TextField`s and keeps its lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import models

# \s covers CR, LF, tab, VT, FF, NEL (\x85), U+2028 and U+2029.
_BREAKS = re.compile(r"\s*[\r\n\x0b\x0c\x85\u2028\u2029]+\s*")


def single_line(text: str) -> str:
    """`text` with every line break (and the spaces around it) folded into one space."""
    if not isinstance(text, str):
        return text
    return _BREAKS.sub(" ", text).strip() if _BREAKS.search(text) else text


def fold_char_fields(instances: Iterable[models.Model]) -> None:
    """Fold the line breaks of every `CharField` of `instances` (for bulk writes)."""
    for instance in instances:
        for field in instance._meta.concrete_fields:
            if isinstance(field, models.CharField):
                value = getattr(instance, field.attname)
                if isinstance(value, str):
                    setattr(instance, field.attname, single_line(value))


class SingleLineCharFields:
    """Mixin for models: every `CharField` holds one line (see the module docstring).

    Folded in `clean_fields()` too, so that forms and the admin validate (length, unique
    names) what will be stored.
    """

    def clean_fields(self, exclude=None) -> None:
        fold_char_fields([self])
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs) -> None:
        fold_char_fields([self])
        super().save(*args, **kwargs)
