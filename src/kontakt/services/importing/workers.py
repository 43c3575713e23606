"""The worker processes that plan the rows of a big file.

Checking e-mails, phones and places is pure Python (about 2.5 s for 50,000
rows on one core), so a big file is planned in chunks on every core. The
processes are spawned, never forked (the window's process has threads), and
each needs ~0.3 s to start (interpreter, imports); for a file big enough to
need them they are started before the file is read, so that their start
overlaps the reading.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

PARALLEL_FROM = 5000
"""Rows; below this, starting processes costs more than it saves."""

MAX_WORKERS = 4

EARLY_START_BYTES = 300_000
"""A spreadsheet this big has thousands of rows: its workers start while it is read."""


def worker_count() -> int:
    """How many worker processes a big file is planned on (1: none, plan here)."""
    return min(os.cpu_count() or 1, MAX_WORKERS)


def _prepare_worker() -> None:
    # The workers only plan rows and pickle them, which makes no reference cycles:
    # they run without the cyclic garbage collector (see gc_pause).
    gc.disable()
    # A worker waits for work on a pipe it holds open itself, so it would outlive
    # a window or `kontakt import` that was killed; it ends with its parent instead.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent.sentinel,), daemon=True).start()
    from kontakt.domain.geography import load_geography
    from kontakt.services.importing import rows  # noqa: F401  (imported before the first chunk)

    load_geography()


def _end_with(parent: int) -> None:
    multiprocessing.connection.wait([parent])
    os._exit(1)


@contextmanager
def planning_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` planning processes, shut down when the block ends."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_prepare_worker) as pool:
        yield pool


@contextmanager
def early_pool(path: Path) -> Iterator[ProcessPoolExecutor | None]:
    """A pool whose workers are already starting if ``path`` looks big enough, else None."""
    workers = worker_count()
    try:
        big = workers > 1 and path.is_file() and path.stat().st_size >= EARLY_START_BYTES
    except OSError:
        big = False  # reading the file will say what is wrong with it
    if not big:
        yield None
        return
    with planning_pool(workers) as pool:
        for _ in range(workers):
            pool.submit(int)  # a task per worker makes the pool start them all now
        yield pool
