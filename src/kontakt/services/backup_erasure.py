"""Erasure in backups (GDPR art. 17): what is known of everyone erased, applied to copies.

A restored backup must not bring an erased person back, and a backup that still
holds one can be rewritten without them or deleted. :func:`erasure_plan`
gathers who was erased from the database file and from the erasure register
outside it (``storage/erasure_register.py``); :func:`apply_plan` erases them
again in a working copy (``storage/erasure_file.py``). The restore itself is in
:mod:`kontakt.services.backups`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Generator
from pathlib import Path

from kontakt.errors import DatabaseError
from kontakt.paths import DatabaseLocation
from kontakt.services.suppression import SuppressionList
from kontakt.storage import backup, erasure_register
from kontakt.storage.engine import create_kontakt_engine
from kontakt.storage.erasure_file import (
    Applied,
    ErasurePlan,
    apply_to_file,
    holds_any,
    read_erasures,
)
from kontakt.storage.sessions import Sessions


def erasure_plan(location: DatabaseLocation, backup_file: Path | None = None) -> ErasurePlan:
    """Everything known about the database's erasures: from its file (read before it is
    replaced, when it can still be read) and from the erasure register outside it.

    Raises:
        DatabaseError: The register is there but cannot be read.
    """
    current = read_erasures(location.path)
    if current is not None and current.legacy_salt and current.key_check is None:
        # An older Kontakt's digests, never opened by this one: migrate them first.
        engine = create_kontakt_engine(location)
        try:
            SuppressionList(Sessions(engine)).migrate()
        finally:
            engine.dispose()
        current = read_erasures(location.path)
    other = read_erasures(backup_file) if backup_file is not None else None
    database_id = (current.database_id if current else None) or (
        other.database_id if other else None
    )
    register = erasure_register.load(database_id)
    if register is None and current is None and location.path is not None:
        register = erasure_register.find_by_path(location.path)
    uids = set(current.erased_uids) if current else set()
    digests = set(current.digests) if current and current.key_check else set()
    key_check = current.key_check if current else None
    if register is not None and key_check in (None, register.secret.check()):
        uids |= register.uids()
        digests |= register.digests()
        key_check = register.secret.check()
        database_id = register.database_id
    secret = (
        register.secret if register is not None and key_check == register.secret.check() else None
    )
    return ErasurePlan(frozenset(uids), frozenset(digests), database_id or None, key_check, secret)


def apply_plan(tmp: Path, plan: ErasurePlan, what: Path) -> Applied:
    """Erase everyone in ``plan`` again in the working copy ``tmp`` of ``what``.

    Raises:
        DatabaseError: The copy cannot be changed (naming ``what``).
    """
    try:
        return apply_to_file(tmp, plan)
    except sqlite3.Error as exc:
        raise DatabaseError(f"Kunne ikke ta slettingene inn i {what.name}: {exc}") from exc


def holding(location: DatabaseLocation, uids: list[str]) -> list[Path]:
    """The backups in the backup folder that still hold any of these contacts."""
    if location.backup_dir is None:
        return []
    return [p for p in backup.list_backups(location.backup_dir) if holds_any(p, uids)]


def rewrite_steps(
    location: DatabaseLocation, files: list[Path]
) -> Generator[tuple[int, int], None, int]:
    """Rewrite backups without anyone erased since each was taken, yielding
    ``(done, total)``; returns how many people were removed in all. Each file is
    replaced only by a checked, complete, owner-only copy.

    Raises:
        DatabaseError: A backup cannot be read or written (those before it are done).
    """
    plan = erasure_plan(location)
    removed = 0
    for done, file in enumerate(files):
        yield done, len(files)
        with backup.work_copy(file, file) as tmp:
            removed += apply_plan(tmp, plan, file).removed
            backup.replace_with(tmp, file)
    return removed


def delete(files: list[Path]) -> None:
    """Delete these backups.

    Raises:
        DatabaseError: One cannot be deleted (those before it are gone).
    """
    for file in files:
        try:
            file.unlink(missing_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Kan ikke slette {file}: {exc.strerror}") from exc
