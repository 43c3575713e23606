"""The suppression list of the open database: recognising people erased on request.

The digests are in the database (``suppression``); their key and salt are in the
erasure register outside it (``kontakt.storage.erasure_register``), found through
the database's id. The database keeps only a check value that tells whether a
key is the right one. A database whose digests an older Kontakt made (salt in
the database, plain salted hashes) is migrated the first time it is opened: a
key is made, each old digest is wrapped in it, and the salt leaves the database.

A shared PostgreSQL database is used by several board members, each with their
own config folder: the member who erases first makes the key, and the others
bring it over once with ``kontakt privacy key export`` / ``import``. Until they
do, Kontakt refuses to erase or to check an import there (it says how to get
the key) rather than quietly letting an erased person back in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.suppression import ErasureSecret, suppression_values
from kontakt.errors import KontaktError
from kontakt.io.files import write_bytes_atomically
from kontakt.services.scrub import mark_pending
from kontakt.storage import erasure_register
from kontakt.storage.erasure_file import DATABASE_ID, KEY_CHECK, LEGACY_SALT
from kontakt.storage.erasure_register import Erasure, Register
from kontakt.storage.models import AuditEntry
from kontakt.storage.privacy_models import AppSetting, Suppression


class ErasureKeyMissing(KontaktError):
    """The database has suppression digests, but this machine lacks their key."""


MISSING = (
    "Nøkkelen til sletteregisteret for denne databasen finnes ikke på denne maskinen, så "
    "Kontakt kan ikke kjenne igjen personer som er slettet etter eget ønske. Hent den fra "
    "maskinen der noen ble slettet: «kontakt privacy key export FIL» der og «kontakt privacy "
    "key import FIL» her."
)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _settings(session: Session) -> dict[str, str]:
    keys = (DATABASE_ID, KEY_CHECK, LEGACY_SALT)
    rows = session.execute(select(AppSetting.key, AppSetting.value).where(AppSetting.key.in_(keys)))
    return {k: v for k, v in rows}


def register_for(session: Session, create: bool) -> Register | None:
    """The register of the session's database, migrating old digests on the way.

    Args:
        session: Inside a write transaction (a migration writes).
        create: Make a key when the database has none yet (before a first erasure).

    Returns:
        None when nobody was ever erased and ``create`` is False.

    Raises:
        ErasureKeyMissing: The database's digests were made with a key this machine lacks.
        DatabaseError: The register file cannot be read or written.
    """
    settings = _settings(session)
    check = settings.get(KEY_CHECK)
    if check is not None:
        found = erasure_register.load(settings.get(DATABASE_ID))
        if found is None or found.secret.check() != check:
            raise ErasureKeyMissing(MISSING)
        return found
    legacy_salt = settings.get(LEGACY_SALT)
    if legacy_salt is None and not create:
        return None  # an older Kontakt made a salt at its first erasure: none, nobody erased
    register = _adopt(session, settings.get(DATABASE_ID), legacy_salt)
    if legacy_salt is not None:
        # The old salt and digests linger in freed pages until the file is rewritten.
        mark_pending(session)
    return register


def _adopt(session: Session, database_id: str | None, legacy_salt: str | None) -> Register:
    """Give the database an id and a key kept outside it; wrap any old digests."""
    if database_id is None or not erasure_register.valid_id(database_id):
        database_id = erasure_register.new_database_id()
    existing = erasure_register.load(database_id)
    if existing is not None and existing.secret.salt == (legacy_salt or existing.secret.salt):
        register = existing
    else:  # a register made for other digests keeps its file: this is another database
        if existing is not None:
            database_id = erasure_register.new_database_id()
        register = Register(database_id, ErasureSecret.new(legacy_salt))
    secret = register.secret
    old = list(session.scalars(select(Suppression.digest)))
    if legacy_salt is not None and old:
        for digest in old:
            session.execute(
                update(Suppression)
                .where(Suppression.digest == digest)
                .values(digest=secret.wrap(digest))
            )
        register.erasures.append(Erasure(None, _now(), [secret.wrap(d) for d in old]))
    erased = session.scalars(
        select(AuditEntry.entity_uid).where(AuditEntry.action == "erase").distinct()
    )
    known = register.uids()
    register.erasures.extend(Erasure(uid, "", []) for uid in erased if uid not in known)
    session.execute(delete(AppSetting).where(AppSetting.key.in_((LEGACY_SALT, DATABASE_ID))))
    session.add(AppSetting(key=DATABASE_ID, value=database_id))
    # A second member adopting at the same moment fails here (primary key) and is
    # then told to bring the key the first one made.
    session.add(AppSetting(key=KEY_CHECK, value=secret.check()))
    session.flush()
    erasure_register.save(register)
    return register


class SuppressionList:
    """Whether an address or number belongs to someone erased; the key's export/import.

    Args:
        sessions: Session factory of the open database.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def migrate(self) -> None:
        """At start-up: give the database its id (backups carry it, so the register is
        found from them) and move an older Kontakt's digests under a key."""
        with self._sessions.begin() as session:
            database_id = _settings(session).get(DATABASE_ID)
            if database_id is None or not erasure_register.valid_id(database_id):
                session.execute(delete(AppSetting).where(AppSetting.key == DATABASE_ID))
                session.add(AppSetting(key=DATABASE_ID, value=erasure_register.new_database_id()))
            with contextlib.suppress(ErasureKeyMissing):  # said at an erasure or an import
                register_for(session, create=False)

    def checker(self) -> Callable[[Iterable[str], Iterable[str]], bool] | None:
        """A test «was this e-mail or phone erased on request?» for a whole import, or
        None when nobody was ever erased (one query for all the rows).

        Raises:
            ErasureKeyMissing: There are digests but not their key.
        """
        # A read: an import's preview never waits for (or blocks) another writer.
        with self._sessions() as session:
            digests = set(session.scalars(select(Suppression.digest)))
            if not digests:
                return None
            keyed = _settings(session).get(KEY_CHECK) is not None
            register = register_for(session, create=False) if keyed else None
        if not keyed:  # an older Kontakt's digests: wrapping them under a key writes
            with self._sessions.begin() as session:
                register = register_for(session, create=False)
        if register is None:
            return None
        secret = register.secret

        def erased(emails: Iterable[str], phones: Iterable[str]) -> bool:
            return any(secret.digest(v) in digests for v in suppression_values(emails, phones))

        return erased

    def suppressed(self, emails: Iterable[str], phones: Iterable[str]) -> bool:
        """Whether any of these addresses or numbers belongs to an erased person."""
        check = self.checker()
        return check is not None and check(emails, phones)

    def export_key(self, target: Path) -> Path:
        """Write the key (no erasures, no personal data) for another member, owner-only.

        Raises:
            KontaktError: Nobody was erased yet (no key), or it cannot be written.
        """
        with self._sessions.begin() as session:
            register = register_for(session, create=False)
        if register is None:
            raise KontaktError(
                "Ingen er slettet i denne databasen ennå, så det finnes ingen nøkkel."
            )
        data = Register(register.database_id, register.secret).to_json()
        write_bytes_atomically(target, json.dumps(data, indent=1).encode())  # owner-only
        return target

    def import_key(self, source: Path) -> None:
        """Take a key exported from another machine into this one's register.

        Raises:
            KontaktError: Not a key file, or not the key of this database.
        """
        try:
            brought = Register.from_json(json.loads(source.read_text("utf-8")))
        except OSError as exc:
            raise KontaktError(f"Kan ikke lese {source}: {exc.strerror or exc}") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise KontaktError(f"{source} er ingen nøkkelfil fra Kontakt ({exc}).") from exc
        with self._sessions.begin() as session:
            settings = _settings(session)
            check = settings.get(KEY_CHECK)
            if check is not None and check != brought.secret.check():
                raise KontaktError(f"Nøkkelen i {source} hører ikke til denne databasen.")
            if check is None:  # nobody erased here yet: this key becomes the database's
                session.execute(delete(AppSetting).where(AppSetting.key == DATABASE_ID))
                session.add(AppSetting(key=DATABASE_ID, value=brought.database_id))
                session.add(AppSetting(key=KEY_CHECK, value=brought.secret.check()))
                database_id = brought.database_id
            else:
                database_id = settings.get(DATABASE_ID) or brought.database_id
            mine = erasure_register.load(database_id)
            erasures = mine.erasures if mine is not None and mine.secret == brought.secret else []
            erasure_register.save(Register(database_id, brought.secret, erasures))
