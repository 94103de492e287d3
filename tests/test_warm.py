"""An app server process loads its views and freezes what it loaded (config.warm)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wsgi_application_loads_every_view_and_freezes_it():
    script = (
        "import gc, sys\n"
        "import config.wsgi\n"
        "print(gc.get_freeze_count(), 'milestones.views' in sys.modules)\n"
    )
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    frozen, views_loaded = out.stdout.split()
    assert int(frozen) > 50_000  # Django, the apps and their views
    assert views_loaded == "True"
