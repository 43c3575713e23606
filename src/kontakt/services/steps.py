"""Long jobs are generators yielding ``(done, total)``; :func:`drive` runs one to its end.

The window hands such a generator to a worker thread (progress bar, «Avbryt»);
the command line and the tests drive it here.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TypeVar

_R = TypeVar("_R")
Steps = Generator[tuple[int, int], None, _R]


def drive(steps: Steps[_R]) -> _R:
    """Run a step generator to its end and return its result."""
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
