"""Pause Python's cyclic garbage collector while an import makes many objects.

Planning 50,000 rows makes millions of small objects (cells, drafts, issues)
and none of them forms a reference cycle, so reference counting frees them
all; yet the cyclic collector, triggered by the number of new objects, walks
the whole growing heap again and again. Paused for the duration of a preview
or an apply, an import of 50,000 rows took about a quarter less time.
Nested and concurrent pauses are counted: the collector runs again when the
last one ends (if it was running before the first began).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Within the block, the cyclic garbage collector does not run."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
