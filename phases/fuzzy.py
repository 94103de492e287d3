"""Model support for fuzzy dates: the fields every dated thing stores, kept consistent on save.

The parsing itself lives in `phases.dates` (pure Python); this module ties it to Django models
and turns parser errors into translated validation errors.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import ClassVar, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phases.dates import MONTH_NAMES, FuzzyDate, FuzzyDateError, Precision, parse_near
from stakeholders.text import SingleLineCharFields

PRECISION_LABELS = {
    Precision.DAY: _("day"),
    Precision.DAYS: _("days"),
    Precision.WEEK: _("week"),
    Precision.MONTH_PART: _("part of a month"),
    Precision.MONTH: _("month"),
    Precision.QUARTER: _("quarter"),
    Precision.HALF_YEAR: _("half year"),
    Precision.YEAR_PART: _("part of a year"),
    Precision.YEAR: _("year"),
    Precision.MULTIPLE: _("several periods"),
}
PRECISION_CHOICES = [(p.value, label) for p, label in PRECISION_LABELS.items()]

_UNSYNCED = object()


# The parser names months in English; Django's MONTHS holds them translated.
ENGLISH_MONTH_NUMBERS = {name: n for n, name in enumerate(MONTH_NAMES) if name}


def fuzzy_date_error_message(exc: FuzzyDateError) -> str:
    """The parser's message in the user's language (month names included)."""
    params = dict(exc.params)
    month = params.get("month")
    if isinstance(month, str) and month in ENGLISH_MONTH_NUMBERS:
        params["month"] = MONTHS[ENGLISH_MONTH_NUMBERS[month]]
    return gettext(exc.template) % params


def read_date_text(text: str, cursor: datetime.date, *, year: int, week: bool = False) -> FuzzyDate:
    """Parse a date the way a form does; raises ValidationError in the user's language.

    `cursor` is the item's current start (else 1 January of `year`, the programme's year
    context); a text without a year is never put before that year's start, so "sep" in a
    new item of a 2025 programme is September 2025.
    """
    floor = min(cursor, datetime.date(year, 1, 1))
    try:
        return parse_near(text, cursor, week=week, floor=floor)
    except FuzzyDateError as exc:
        raise ValidationError(fuzzy_date_error_message(exc), code="fuzzy_date") from exc


def fuzzy_date_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(start__isnull=True) | Q(start__lte=F("end")),
            name=f"{prefix}_start_before_end",
        ),
        models.CheckConstraint(
            condition=Q(start__isnull=True, end__isnull=True)
            | Q(start__isnull=False, end__isnull=False),
            name=f"{prefix}_start_end_together",
        ),
    ]


class VersionedModel(SingleLineCharFields, models.Model):
    """Counts saved changes; calendars use it as SEQUENCE, editors to detect lost updates."""

    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.version = (self.version or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


def local_today() -> datetime.date:
    """Today in the project's time zone: what "late", "coming up" and "past" are measured from."""
    return timezone.localdate()


class FuzzyDateQuerySet(models.QuerySet):
    """The rules every dated model shares; each model's queryset inherits them.

    What "late" and "open" mean for a kind is declared on the model (`status_field`,
    `closed_statuses`) and answered here for the database and by `FuzzyDateModel.is_late`
    for an object in memory, so a count, a filter and a mark on a page cannot disagree.
    """

    def dated(self) -> Self:
        return self.filter(start__isnull=False)

    def undated(self) -> Self:
        return self.filter(start__isnull=True)

    def needing_date_attention(self) -> Self:
        """A date text was written but could not be read."""
        return self.undated().exclude(date_text="")

    def in_period(self, first: datetime.date, last: datetime.date) -> Self:
        """Items whose interval overlaps [first, last]."""
        return self.filter(start__lte=last, end__gte=first)

    def due_in(self, first: datetime.date, last: datetime.date) -> Self:
        """Items whose deadline (`end`) falls in [first, last]."""
        return self.filter(end__gte=first, end__lte=last)

    def past(self, today: datetime.date | None = None) -> Self:
        """Items whose deadline lies before today, whatever their status."""
        return self.filter(end__lt=today or local_today())

    def open(self) -> Self:
        """Items not finished: a closed item is never late."""
        return self.filter(self.model.open_q())

    def late(self, today: datetime.date | None = None) -> Self:
        """Open items whose deadline (`end`) has passed: the one meaning of "late"."""
        return self.filter(self.model.late_q(today or local_today()))


class FuzzyDateModel(VersionedModel):
    """A thing with a date as written ("eind sep/begin okt") and the interval it denotes.

    `start`/`end` are inclusive; `end` is the deadline. Both empty means undated: either no
    text at all, or a text Regie could not read (kept as written, see `needs_date_attention`).
    Saving parses a new or changed `date_text` again with the form cursor rule; forms and the
    admin refuse an unreadable text through `clean()`.
    """

    date_text = models.CharField(
        _("date (as written)"),
        max_length=200,
        blank=True,
        help_text=_('Type it as you would in Excel: "1-mrt", "eind sep/begin okt", "wk 47", "Q4".'),
    )
    start = models.DateField(_("from"), null=True, blank=True, editable=False)
    end = models.DateField(_("until (deadline)"), null=True, blank=True, editable=False)
    precision = models.CharField(
        _("precision"), max_length=20, choices=PRECISION_CHOICES, blank=True, editable=False
    )
    dates = models.JSONField(
        _("separate days"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("The individual days of a text such as “10 / 17 mei”."),
    )

    #: The field that says whether an item is finished, and the values that close it. A closed
    #: item is never late; a kind without a status (calendar notes) is never late.
    status_field: ClassVar[str] = ""
    closed_statuses: ClassVar[tuple[str, ...]] = ()

    objects = FuzzyDateQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.sync_date()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "date_text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "start", "end", "precision", "dates"}
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if "date_text" in field_names:
            instance._synced_date_text = instance.date_text
        return instance

    # -- what subclasses tell us -------------------------------------------------------
    def date_context_year(self) -> int:
        """The programme's year context: where the cursor starts for a new item."""
        raise NotImplementedError

    # -- reading --------------------------------------------------------------------------
    @property
    def is_dated(self) -> bool:
        return self.start is not None

    @property
    def needs_date_attention(self) -> bool:
        """A text was written but could not be read (kept as written, flagged for a human)."""
        return self.date_needs_attention(date_text=self.date_text, start=self.start)

    @staticmethod
    def date_needs_attention(*, date_text: str, start: datetime.date | None) -> bool:
        """`needs_date_attention` for values already read (a row of `values()`)."""
        return bool(date_text.strip()) and start is None

    # -- open and late: the one rule, for queries and for objects in memory ------------------
    @classmethod
    def open_q(cls, prefix: str = "") -> Q:
        """The condition "not finished", for a filter or an aggregate (`prefix` a relation)."""
        if not cls.status_field:
            return Q()
        return ~Q(**{f"{prefix}{cls.status_field}__in": cls.closed_statuses})

    @classmethod
    def late_q(cls, today: datetime.date, prefix: str = "") -> Q:
        """The condition "late" on `today`: open, and the deadline (`end`) has passed."""
        if not cls.status_field:
            return Q(**{f"{prefix}pk__in": []})
        return cls.open_q(prefix) & Q(**{f"{prefix}end__lt": today})

    @classmethod
    def is_open_status(cls, status: str) -> bool:
        """`open_q` for a status already read."""
        return status not in cls.closed_statuses

    @classmethod
    def is_late_at(cls, *, end: datetime.date | None, status: str, today: datetime.date) -> bool:
        """`late_q` for values already read (a row of `values()`, a dated item)."""
        return (
            bool(cls.status_field)
            and end is not None
            and end < today
            and cls.is_open_status(status)
        )

    def is_late(self, today: datetime.date | None = None) -> bool:
        """Whether this item is late on `today` (default: today); templates call it bare."""
        status = getattr(self, self.status_field) if self.status_field else ""
        return self.is_late_at(end=self.end, status=status, today=today or local_today())

    @property
    def separate_days(self) -> list[datetime.date]:
        return [datetime.date.fromisoformat(day) for day in self.dates]

    @property
    def is_exact(self) -> bool:
        return self.precision in (Precision.DAY, Precision.DAYS)

    def read_date(self) -> FuzzyDate:
        """Read `date_text` with the form cursor; raises ValidationError.

        An item read from a Week column ("35") keeps reading bare numbers as ISO weeks.
        """
        year = self.date_context_year()
        return read_date_text(
            self.date_text,
            self.start or datetime.date(year, 1, 1),
            year=year,
            week=self.precision == Precision.WEEK,
        )

    # -- writing --------------------------------------------------------------------------
    def set_date(self, fuzzy: FuzzyDate | None, *, text: str | None = None) -> None:
        """Store a reading the caller made (an importer's schedule cursor knows best)."""
        if text is not None:
            self.date_text = text
        if fuzzy is None:
            self.start = self.end = None
            self.precision = ""
            self.dates = []
        else:
            self.start, self.end = fuzzy.start, fuzzy.end
            self.precision = Precision(fuzzy.precision).value
            self.dates = [day.isoformat() for day in fuzzy.dates]
        self._synced_date_text = self.date_text

    def date_text_changed(self) -> bool:
        synced = getattr(self, "_synced_date_text", _UNSYNCED)
        if synced is _UNSYNCED:  # new object: read it unless the caller already did
            return self.start is None
        return synced != self.date_text

    def sync_date(self) -> None:
        """Parse `date_text` again if it changed; an unreadable text leaves the item undated."""
        if not self.date_text_changed():
            return
        text = self.date_text.strip()
        if not text:
            self.set_date(None)
            return
        try:
            self.set_date(self.read_date())
        except ValidationError:
            self.set_date(None)

    def clean(self) -> None:
        super().clean()
        if self.date_text.strip() and self.date_text_changed():
            try:
                self.read_date()
            except ValidationError as exc:
                raise ValidationError({"date_text": exc.messages}) from exc


@dataclass(frozen=True)
class DateReading:
    """What a typed date text means, for the live preview next to the field."""

    text: str
    reading: FuzzyDate | None = None
    error: str = ""

    @property
    def start(self) -> datetime.date | None:
        return self.reading.start if self.reading else None

    @property
    def end(self) -> datetime.date | None:
        return self.reading.end if self.reading else None

    @property
    def precision(self) -> str:
        return self.reading.precision if self.reading else ""

    @property
    def precision_label(self) -> str:
        return str(PRECISION_LABELS[Precision(self.reading.precision)]) if self.reading else ""

    @property
    def is_exact(self) -> bool:
        return bool(self.reading and self.reading.is_exact)


def describe_date_text(
    text: str, cursor: datetime.date | None, *, year: int, week: bool = False
) -> DateReading:
    """Read `text` as a form would (the form cursor), or say why it cannot be read."""
    text = (text or "").strip()
    if not text:
        return DateReading(text="")
    try:
        fuzzy = read_date_text(text, cursor or datetime.date(year, 1, 1), year=year, week=week)
    except ValidationError as exc:  # already in the user's language
        return DateReading(text=text, error=" ".join(exc.messages))
    return DateReading(text=text, reading=fuzzy)
