"""The import pauses the cyclic garbage collector and always lets it run again."""

from __future__ import annotations

import gc

import pytest

from kontakt.services.importing.gc_pause import gc_paused


def test_pause_nests_and_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_pause_ends_when_the_block_fails() -> None:
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("avbrutt")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_closed_generator_ends_its_pause() -> None:
    def steps():  # type: ignore[no-untyped-def]
        with gc_paused():
            yield 1
            yield 2

    running = steps()
    next(running)
    assert not gc.isenabled()
    running.close()  # «Avbryt» in the wizard
    assert gc.isenabled()
