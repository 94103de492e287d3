"""Signals of milestones that apps built on it listen to (here, not in the modules that send
them, so that connecting a receiver at start-up imports nothing else)."""

from django.dispatch import Signal

#: Sent inside load_demo's transaction once the programmes are loaded (sender: None,
#: `directory`: the fixtures directory), so apps built on milestones add their demo data.
demo_loaded = Signal()
