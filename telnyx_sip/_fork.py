"""After ``os.fork()``: what a child does with its parent's loops and sessions.

Only the forking thread exists in the child, so an event loop that ran in
another thread is dead there; yet its selector (an epoll instance) and its
sockets are the parent's, shared at the kernel level. The child must neither
use nor clean up those objects: closing a transport would unregister the
parent's socket from the parent's epoll instance, and closing a TLS
connection would write a close_notify alert into the parent's connection.
:func:`abandon` keeps them, untouched, for the rest of the child's life; the
modules that hold them register a hook with :func:`in_child`.
"""

from __future__ import annotations

import os
from collections.abc import Callable

__all__ = ["abandon", "in_child"]

# Never emptied: no destructor of the parent's objects may run in the child.
_ABANDONED: list[object] = []


def abandon(*objects: object) -> None:
    """Keep ``objects`` alive for good without using them again."""
    _ABANDONED.extend(objects)
    _pin(objects)


def in_child(hook: Callable[[], None]) -> None:
    """Call ``hook()`` in every child right after a fork (where forking exists)."""
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=hook)


def _pin(objects: tuple[object, ...]) -> None:
    """One reference the interpreter never drops, so exit does not free them.

    At interpreter exit module globals are cleared, which would free
    ``_ABANDONED`` and run the very destructors it holds back.
    """
    try:
        import ctypes  # noqa: PLC0415 - needed in forked children only
    except ImportError:  # pragma: no cover - CPython always has it
        return
    incref = getattr(ctypes.pythonapi, "Py_IncRef", None)
    if incref is None:  # pragma: no cover - not CPython
        return
    for obj in objects:
        incref(ctypes.py_object(obj))
