#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A missing setting (e.g. DJANGO_SECRET_KEY) is a message, not a traceback.
        sys.exit(f"Regie: {exc}")


if __name__ == "__main__":
    main()
