"""Helpers shared by the tests: fakes, spec readers, runners.

Fixtures live in the ``conftest.py`` files; everything a test imports lives
here, so no test module imports from a ``conftest``.
"""
