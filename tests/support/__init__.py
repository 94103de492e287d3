"""Helpers the tests share: factories, files built in memory, calendar readers, access tables.

Fixtures live in tests/conftest.py; these are plain functions and constants to import.
"""
