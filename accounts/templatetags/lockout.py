import datetime

from django import template

register = template.Library()


@register.filter
def minutes(value: datetime.timedelta) -> int:
    """Whole minutes of a cool-off period, rounded up (a wait is never shown shorter)."""
    return -(-int(value.total_seconds()) // 60)
