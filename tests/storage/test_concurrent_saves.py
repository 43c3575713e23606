"""Two windows save one contact at the same moment: one save wins, the other hears why.

Each window has its own engine (as two Kontakt processes do), and the two saves
start together on a barrier. On SQLite this used to end in «database is locked»
in most tries: both began reading, and the second could not turn its read into
a write. Now writes begin IMMEDIATE and a stale or busy write is the same
conflict as on PostgreSQL.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest

from kontakt.app import Core, open_core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.errors import BusyError, ConflictError
from kontakt.paths import DatabaseLocation
from kontakt.storage import engine

TRIES = 20


@pytest.fixture
def two_windows(location: DatabaseLocation) -> Iterator[tuple[Core, Core]]:
    first = open_core(location)
    second = open_core(location, check=False)
    try:
        yield first, second
    finally:
        second.close()
        first.close()


def _at_once(uid: str, version: int, saves: list[tuple[Core, ContactDraft]]) -> dict[int, object]:
    """Both windows press «Lagre» at the same moment; what each of them got."""
    start = threading.Barrier(len(saves))
    outcomes: dict[int, object] = {}

    def save(number: int) -> None:
        window, draft = saves[number]
        start.wait()
        try:
            window.contacts.update(uid, draft, version)
            outcomes[number] = "saved"
        except Exception as exc:  # recorded: the test says which one it was
            outcomes[number] = exc

    threads = [threading.Thread(target=save, args=(n,)) for n in range(len(saves))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_two_near_simultaneous_saves_end_in_one_save_and_one_conflict(
    two_windows: tuple[Core, Core],
) -> None:
    first, second = two_windows
    stored = first.contacts.create(
        ContactDraft(
            given_name="Kari", family_name="Nordmann", emails=(EmailData("kari@example.org"),)
        )
    )
    uid = stored.uid
    for attempt in range(TRIES):
        read = first.contacts.get(uid)  # both windows opened the contact at this version
        base = read.to_draft()
        saves = [
            (first, replace(base, title=f"Leder {attempt}")),
            (second, replace(base, notes=f"Notat {attempt}")),
        ]
        outcomes = _at_once(uid, read.version, saves)
        kinds = sorted(
            "saved" if o == "saved" else type(o).__name__ + ": " + str(o) for o in outcomes.values()
        )
        assert len(kinds) == 2, f"try {attempt}: a save did not finish"
        assert kinds[1] == "saved" and isinstance(
            next(o for o in outcomes.values() if o != "saved"), ConflictError
        ), f"try {attempt}: {kinds}"
        assert "endret" in kinds[0]
        winner = next(n for n, o in outcomes.items() if o == "saved")
        now = first.contacts.get(uid)
        # The winner's change is stored, and nothing of the loser's (no lost update).
        assert now.version == read.version + 1
        assert (now.title, now.notes) == (
            (f"Leder {attempt}", read.notes) if winner == 0 else (read.title, f"Notat {attempt}")
        )


def test_a_write_kept_waiting_past_the_busy_timeout_is_a_norwegian_message(
    sqlite_location: DatabaseLocation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    core = open_core(sqlite_location)
    try:
        uid = core.contacts.create(ContactDraft(given_name="Kari", family_name="Nordmann")).uid
        read = core.contacts.get(uid)
        assert sqlite_location.path is not None
        # Another program holds the write lock (a long import, say) for longer than we wait.
        other = sqlite3.connect(sqlite_location.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(ConflictError) as saving:
                core.contacts.update(uid, replace(read.to_draft(), title="Leder"), read.version)
            assert "ikke lagret" in str(saving.value) and saving.value.uid == uid
            with pytest.raises(BusyError) as creating:
                core.contacts.create(ContactDraft(given_name="Ola", family_name="Nordmann"))
            assert "opptatt" in str(creating.value)
        finally:
            other.execute("ROLLBACK")
            other.close()
        # Nothing half-written, and the next save goes through.
        assert len(core.search.search(ContactFilter(), None).rows) == 1
        core.contacts.update(uid, replace(read.to_draft(), title="Leder"), read.version)
        assert core.contacts.get(uid).title == "Leder"
    finally:
        core.close()
