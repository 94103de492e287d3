"""Room on Python's frame stack for a whole request (a workaround for CPython 3.11).

Since 3.11 CPython keeps the frames of Python functions on a stack made of 16 KiB chunks.
When a loop deep in a request calls across the end of a chunk, every call allocates a new
chunk and every return frees it again: an mmap/munmap pair per call
(https://github.com/python/cpython/issues/142183, fixed in 3.13 and later by keeping one
spare chunk). Template rendering is such a loop; measured on the milestone table (50 rows),
that cost 6,700 system calls per request and tripled the page's time at unlucky depths,
which any change of the code in between can move.

`RoomyStackMiddleware` runs the rest of the request inside a frame that is large enough
(`ROOM` slots) for CPython to give it a chunk of its own of 256 KiB, of which about half
is left for the request's frames: no boundary, no thrashing. One allocation per request.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

ROOM = 17_000  # frame slots: a frame of just over 128 KiB gets a chunk of 256 KiB
NEEDED = sys.version_info < (3, 13)


def _make_roomy_call() -> Callable:
    # Locals assigned only in dead code still count as the frame's slots, at no cost.
    names = " = ".join(f"_{i}" for i in range(ROOM))
    source = (
        "def roomy_call(function, argument):\n"
        f"    if False:\n        {names} = None\n"
        "    return function(argument)\n"
    )
    namespace: dict = {}
    exec(compile(source, "<config.stack>", "exec"), namespace)  # our own source, above
    return namespace["roomy_call"]


roomy_call = _make_roomy_call() if NEEDED else (lambda function, argument: function(argument))


class RoomyStackMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return roomy_call(self.get_response, request)
