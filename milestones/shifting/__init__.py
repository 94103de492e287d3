"""Shifting a phase: the plan and its application (`plan`), the page with its preview (`views`)."""
