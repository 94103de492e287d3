"""Target groups as schedules write them, matched against the catalogue.

"Colleges, raden en staten" is three groups (``split_group_names``), but "ECWH/Pr." and
"OR/GO" are catalogue names with a separator in them: names like that are found whole
before the rest is split.  Matching is by name and alias, case-insensitively
(``TargetGroup.objects.catalogue()``).  A name the catalogue does not know becomes a new
group; nothing is created here, the commit does that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stakeholders.models import TargetGroup, normalise_group_name, split_group_names

_SEPARATOR = re.compile(r"[,/&;]|\sen\s")
_RACI_SUFFIX = re.compile(r"^(.*?)\s*\(([RACIraci])\)$")


@dataclass(frozen=True, slots=True)
class GroupRef:
    """A target group a row names; ``group`` is None for a group still to be created."""

    key: str  # the normalised name milestones are matched on
    name: str
    raci: str = ""
    group: TargetGroup | None = field(default=None, compare=False, hash=False)


class GroupCatalogue:
    """The catalogue, read once per import, and the new names met so far."""

    def __init__(self) -> None:
        self.catalogue = TargetGroup.objects.catalogue()
        protected = sorted((key for key in self.catalogue if _SEPARATOR.search(key)), key=len)
        self.protected = (
            re.compile(
                "|".join(
                    rf"(?<![^\s,;&/]){re.escape(key)}(?:\s*\([RACI]\))?(?![^\s,;&/])"
                    for key in reversed(protected)
                ),
                re.IGNORECASE,
            )
            if protected
            else None
        )
        self.new: dict[str, str] = {}
        # Schedules repeat the same few cells thousands of times: read each text once.
        self.texts: dict[str, list[GroupRef]] = {}
        self.names: dict[tuple[str, str], GroupRef] = {}

    def resolve(self, name: str, *, raci: str = "") -> GroupRef:
        """The group called ``name`` (a whole name: an X-matrix column header)."""
        ref = self.names.get((name, raci))
        if ref is None:
            ref = self.names[(name, raci)] = self._resolve(name, raci)
        return ref

    def _resolve(self, name: str, raci: str) -> GroupRef:
        name = re.sub(r"\s+", " ", name).strip()
        group = self.catalogue.get(normalise_group_name(name))
        if group is not None:
            return GroupRef(normalise_group_name(group.name), group.name, raci, group)
        key = normalise_group_name(name)
        # A new group is named as first written, with a capital: "raden" -> "Raden".
        spelled = self.new.setdefault(key, name[:1].upper() + name[1:])
        return GroupRef(key, spelled, raci)

    def from_text(self, text: str) -> list[GroupRef]:
        """The groups a Doelgroep cell names; "Stuurgroep (A)" carries a RACI letter."""
        refs = self.texts.get(text)
        if refs is None:
            refs = self.texts[text] = self._from_text(text)
        return list(refs)

    def _from_text(self, text: str) -> list[GroupRef]:
        text = re.sub(r"\s+", " ", text).strip()
        names: list[str] = []
        if self.protected is not None:
            names = [match.group(0) for match in self.protected.finditer(text)]
            text = self.protected.sub(",", text)
        refs = []
        for name in [*names, *split_group_names(text)]:
            raci = ""
            if match := _RACI_SUFFIX.match(name):
                name, raci = match.group(1), match.group(2).upper()
            refs.append(self.resolve(name, raci=raci))
        return refs
