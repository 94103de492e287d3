"""Cancelling one meeting of a series, and taking that back.

Each change is saved on the series too, so its version (the calendars' SEQUENCE) grows and
its history says who cancelled which meeting: subscribed calendars drop or restore the
occurrence on their next poll.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext

from phases.models import MeetingCancellation, MeetingSeries
from phases.presentation import format_day


def cancel_meeting(
    *, series: MeetingSeries, day: datetime.date, reason: str = ""
) -> MeetingCancellation:
    with transaction.atomic():
        cancellation = MeetingCancellation.objects.create(series=series, date=day, reason=reason)
        _record(series, gettext("Meeting of %(day)s cancelled"), day)
    return cancellation


def restore_meeting(*, cancellation: MeetingCancellation) -> None:
    series = cancellation.series
    with transaction.atomic():
        cancellation.delete()
        _record(series, gettext("Meeting of %(day)s takes place after all"), cancellation.date)


def _record(series: MeetingSeries, template: str, day: datetime.date) -> None:
    series._change_reason = (template % {"day": format_day(day)})[:100]
    series.save(update_fields=[])  # only the version: the calendars' SEQUENCE
