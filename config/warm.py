"""An app server process made ready for its first request.

`settle()` loads what every request needs (the URLconf, and with it every view) and then
moves everything loaded so far, which lives as long as the process, out of the garbage
collector's reach (`gc.freeze()`): a large page (the timeline of 5,000 milestones) makes
enough objects to trigger full collections, which otherwise walk all of Django each time.
"""

from __future__ import annotations

import gc

from django.urls import get_resolver


def settle() -> None:
    get_resolver().url_patterns  # noqa: B018  (imports every view)
    gc.collect()
    gc.freeze()
