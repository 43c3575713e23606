"""The two stores of preferences (declared in :mod:`kontakt.domain.preferences`).

:class:`SettingsService` keeps the database's preferences in its
``app_setting`` table, shared by everyone who opens it;
:class:`PreferenceFile` keeps the user's in a JSON file in their settings
folder. Both take a declared preference, never a key typed by the caller, and
read what earlier versions wrote: the same keys, the same file layout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.preferences import Preference, Scope, V, declared
from kontakt.errors import KontaktError
from kontakt.io.files import write_json_atomically
from kontakt.paths import config_dir
from kontakt.storage.privacy_models import AppSetting


class SettingsService:
    """The database's preferences (``Scope.DATABASE``), with their defaults.

    Args:
        sessions: Session factory of the open database.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, preference: Preference[V]) -> V:
        """The stored value (the default when never set or unreadable).

        Raises:
            ValueError: ``preference`` is not one of the database's.
        """
        declared(preference, Scope.DATABASE)
        with self._sessions() as session:
            row = session.get(AppSetting, preference.key)
        return preference.parse(None if row is None else row.value)

    def set(self, preference: Preference[V], value: V) -> None:
        """Store a value (a number is kept within the preference's bounds).

        Raises:
            ValueError: ``preference`` is not one of the database's.
        """
        declared(preference, Scope.DATABASE)
        text = str(preference.parse(value))
        with self._sessions.begin() as session:
            row = session.get(AppSetting, preference.key)
            if row is None:
                session.add(AppSetting(key=preference.key, value=text))
            else:
                row.value = text


class PreferenceFile:
    """The user's preferences kept in one JSON file (``Scope.USER``).

    The whole file is read once; :meth:`set` changes the copy in memory and
    :meth:`save` writes it back all at once, owner-only. Whatever else the file
    holds is kept as it is.

    Args:
        name: The file's name (a preference's ``file``).
        folder: Where it is; the user's settings folder by default.
    """

    def __init__(self, name: str, folder: Path | None = None) -> None:
        self.path = (folder or config_dir()) / name
        self._data: dict[str, Any] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # none yet, unreadable or damaged: the defaults
            return
        if isinstance(data, dict):
            self._data = data

    @classmethod
    def at(cls, path: Path) -> PreferenceFile:
        """The file at ``path`` (a test's, or one the caller was given)."""
        return cls(path.name, path.parent)

    def _check(self, preference: Preference[V]) -> tuple[str, ...]:
        declared(preference, Scope.USER)
        if preference.file != self.path.name:
            raise ValueError(f"{preference.key!r} is kept in {preference.file}")
        return preference.path

    def get(self, preference: Preference[V]) -> V:
        """The value in the file (the default when missing or unreadable).

        Raises:
            ValueError: ``preference`` is not kept in this file.
        """
        *parents, leaf = self._check(preference)
        node: object = self._data
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        return preference.parse(node.get(leaf) if isinstance(node, dict) else None)

    def set(self, preference: Preference[V], value: V) -> None:
        """Change a value in memory (kept within its bounds); :meth:`save` writes it.

        Raises:
            ValueError: ``preference`` is not kept in this file.
        """
        *parents, leaf = self._check(preference)
        node = self._data
        for part in parents:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[leaf] = preference.parse(value)

    def save(self) -> None:
        """Write the file all at once, readable by the owner only.

        Raises:
            KontaktError: The settings folder cannot be made.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KontaktError(f"Kan ikke lage mappen {self.path.parent}: {exc.strerror}") from exc
        write_json_atomically(self.path, self._data)
