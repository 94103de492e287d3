"""Calendars: the iCalendar builder (`ical`), downloads and subscription feeds (`views`)."""
