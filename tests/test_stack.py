"""The request runs in a frame stack chunk of its own (config/stack.py, CPython 3.11)."""

import sys

from django.conf import settings

from config.stack import NEEDED, ROOM, roomy_call


def test_roomy_call_passes_the_request_through():
    assert roomy_call(str.upper, "regie") == "REGIE"


def test_its_frame_is_larger_than_128_kib_so_it_gets_a_chunk_of_its_own():
    if not NEEDED:  # CPython 3.13+ keeps a spare chunk: a plain call
        assert sys.version_info >= (3, 13)
        return
    code = roomy_call.__code__
    assert code.co_nlocals >= ROOM
    assert code.co_nlocals * 8 > 128 * 1024


def test_it_wraps_every_other_middleware():
    assert settings.MIDDLEWARE[0] == "config.stack.RoomyStackMiddleware"
