"""Regie's settings with fewer installed apps: the floors of `startup_bench.py`.

REGIE_FLOOR=contrib keeps Django's own contrib apps; REGIE_FLOOR=libraries keeps every
installed app but Regie's own (the libraries: django-tables2, simple-history, axes, …).
Used by the bench only.
"""

import os

from config.settings import *  # noqa: F403  (the same settings, fewer apps)
from config.settings import INSTALLED_APPS as ALL_APPS

REGIE_APPS = {"stakeholders", "phases", "milestones", "cycle", "accounts"}
if os.environ.get("REGIE_FLOOR") == "contrib":
    INSTALLED_APPS = [app for app in ALL_APPS if app.startswith("django.contrib.")]
else:
    INSTALLED_APPS = [app for app in ALL_APPS if app not in REGIE_APPS]
