"""The erasure register: one owner-only file per database, outside the database.

It keeps what an erasure must not lose when the database file is replaced by a
backup or lost, and what must not travel with the file:

- the key and salt of the suppression digests (``kontakt.domain.suppression``),
  so that the database and its backups alone cannot be used to test guesses;
- for each erasure, the person's contact id (a random UUID, no name) and the
  digests of their addresses and numbers, so that a restored backup from before
  the erasure can be cleaned again even when the database it replaces cannot be
  read any more.

No name, address or number is written here. The file lives in the user's
config folder (``sletteregister/<database id>.json``, 0600 in a 0700 folder),
named after the database's random id (``app_setting.database_id``), which
backups share with the database they were taken of.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kontakt.domain.suppression import ErasureSecret
from kontakt.errors import DatabaseError
from kontakt.paths import config_dir
from kontakt.storage.private_files import private_folder, write_private

FORMAT = 1
_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class Erasure:
    """One erasure: whose (contact uid, or None for digests migrated from an older
    Kontakt), when (ISO time), and the digests of their addresses and numbers."""

    uid: str | None
    at: str
    digests: list[str] = field(default_factory=list)


@dataclass
class Register:
    """The key, salt and erasures of one database, and where its file has been
    (to find the register when neither the file nor its backup can say which
    database it is)."""

    database_id: str
    secret: ErasureSecret
    erasures: list[Erasure] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    def uids(self) -> set[str]:
        """Contact ids of everyone erased."""
        return {e.uid for e in self.erasures if e.uid}

    def digests(self) -> set[str]:
        """Every suppression digest."""
        return {d for e in self.erasures for d in e.digests}

    def to_json(self) -> dict[str, Any]:
        """As written to the file."""
        return {
            "format": FORMAT,
            "database": self.database_id,
            "key": self.secret.key.hex(),
            "salt": self.secret.salt,
            "erasures": [{"uid": e.uid, "at": e.at, "digests": e.digests} for e in self.erasures],
            "paths": self.paths,
        }

    @classmethod
    def from_json(cls, data: Any) -> Register:
        """Read back what :meth:`to_json` wrote.

        Raises:
            ValueError: Not a register of this format.
        """
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("ukjent format")
        database_id = str(data["database"])
        if not valid_id(database_id):
            raise ValueError("ugyldig database-id")
        key = bytes.fromhex(str(data["key"]))
        if len(key) != 32:
            raise ValueError("ugyldig nøkkel")
        erasures = [
            Erasure(
                str(e["uid"]) if e.get("uid") else None,
                str(e.get("at", "")),
                [str(d) for d in e.get("digests", [])],
            )
            for e in data.get("erasures", [])
        ]
        paths = [str(p) for p in data.get("paths", [])]
        return cls(database_id, ErasureSecret(key, str(data["salt"])), erasures, paths)


def new_database_id() -> str:
    """A random id for a database (kept in it; names its register file)."""
    return uuid.uuid4().hex


def valid_id(database_id: str) -> bool:
    """True for an id Kontakt made (a database file could hold anything there)."""
    return bool(_ID.match(database_id))


def register_dir() -> Path:
    """The folder of the register files."""
    return config_dir() / "sletteregister"


def register_path(database_id: str) -> Path:
    """The register file of one database."""
    return register_dir() / f"{database_id}.json"


def load(database_id: str | None) -> Register | None:
    """The register of this database, or None when this machine has none.

    Raises:
        DatabaseError: The file is there but cannot be read.
    """
    if not database_id or not valid_id(database_id):
        return None
    path = register_path(database_id)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DatabaseError(f"Kan ikke lese sletteregisteret {path}: {exc.strerror}") from exc
    try:
        return Register.from_json(json.loads(text))
    except (ValueError, KeyError, TypeError) as exc:
        raise DatabaseError(f"Sletteregisteret {path} er skadet: {exc}") from exc


def find_by_path(db_path: Path) -> Register | None:
    """The register of the database file at ``db_path`` (for a file that cannot be read)."""
    wanted = str(db_path.absolute())
    folder = register_dir()
    if not folder.is_dir():
        return None
    for file in sorted(folder.glob("*.json")):
        try:
            register = load(file.stem)
        except DatabaseError:
            continue
        if register is not None and wanted in register.paths:
            return register
    return None


def save(register: Register) -> None:
    """Write the register (all at once, owner-only).

    Raises:
        DatabaseError: It cannot be written (e.g. the disk is full); nothing changed.
    """
    path = register_path(register.database_id)
    data = json.dumps(register.to_json(), indent=1).encode()
    try:
        private_folder(path.parent)
        write_private(path, data)
    except OSError as exc:
        raise DatabaseError(
            f"Kan ikke skrive sletteregisteret {path}: {exc.strerror or exc}. Ingenting er slettet."
        ) from exc
