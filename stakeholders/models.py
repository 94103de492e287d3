"""Who takes part: target groups (bodies), people and organisations.

This app knows no other app of Regie; phases and milestones build on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import models
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from stakeholders.text import SingleLineCharFields


class Organisation(SingleLineCharFields, models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class Person(SingleLineCharFields, models.Model):
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


_GROUP_SEPARATORS = re.compile(r"\s*(?:,|/|&|;|\s+en\s+)\s*", re.IGNORECASE)


def split_group_names(text: str) -> list[str]:
    """Split combined groups as schedules write them: "Colleges, raden en staten" -> 3 names."""
    names = []
    for part in _GROUP_SEPARATORS.split(text or ""):
        part = re.sub(r"\s+", " ", part).strip(" .")
        if part and part.casefold() not in {n.casefold() for n in names}:
            names.append(part)
    return names


def normalise_group_name(name: str) -> str:
    """The key target groups are matched on: case-insensitive, whitespace collapsed."""
    return re.sub(r"\s+", " ", name).strip().casefold()


class TargetGroupQuerySet(models.QuerySet["TargetGroup"]):
    def catalogue(self) -> dict[str, TargetGroup]:
        """Every group by its normalised name and aliases, for matching imported names."""
        lookup: dict[str, TargetGroup] = {}
        groups = list(self.prefetch_related("aliases"))
        for group in groups:
            for alias in group.aliases.all():
                lookup.setdefault(normalise_group_name(alias.name), group)
        for group in groups:  # names win over aliases
            lookup[normalise_group_name(group.name)] = group
        return lookup

    def match(self, name: str) -> TargetGroup | None:
        """The group called `name` (or known by that alias), case-insensitively."""
        return self.catalogue().get(normalise_group_name(name))

    def resolve(self, names: Iterable[str]) -> tuple[list[TargetGroup], list[TargetGroup]]:
        """The groups for `names`, creating unknown ones; returns (groups, newly created)."""
        catalogue = self.catalogue()
        groups: list[TargetGroup] = []
        created: list[TargetGroup] = []
        for name in names:
            key = normalise_group_name(name)
            group = catalogue.get(key)
            if group is None:
                group = TargetGroup.objects.create(name=re.sub(r"\s+", " ", name).strip())
                catalogue[key] = group
                created.append(group)
            if group not in groups:
                groups.append(group)
        return groups, created


class TargetGroup(SingleLineCharFields, models.Model):
    """A body or audience a milestone is aimed at: Stuurgroep, BOR, Klankbordgroep, Raden…"""

    class Kind(models.TextChoices):
        ADMINISTRATIVE = "administrative", _("administrative (bestuurlijk)")
        OFFICIAL = "official", _("official (ambtelijk)")
        EXTERNAL = "external", _("external")
        PROJECT = "project", _("project organisation")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, blank=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Person, verbose_name=_("members"), blank=True, related_name="target_groups"
    )

    objects = TargetGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="targetgroup_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(TargetGroup, self.name)
        super().save(*args, **kwargs)


class TargetGroupAlias(SingleLineCharFields, models.Model):
    """Another name a group goes by in source documents ("Klankbord" = Klankbordgroep)."""

    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        on_delete=models.CASCADE,
        related_name="aliases",
    )
    name = models.CharField(_("alias"), max_length=100)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="targetgroupalias_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


def unique_slug(model: type[models.Model], text: str, *, taken: Iterable[str] = ()) -> str:
    """A slug for `text` that no row of `model` (nor `taken`) uses yet."""
    base = slugify(text)[:90] or "item"
    taken = set(taken)
    slug, n = base, 2
    while slug in taken or model._default_manager.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug
