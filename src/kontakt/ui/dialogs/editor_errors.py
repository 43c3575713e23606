"""The contact editor's error marks: which fields are marked, and where each is shown.

:class:`FieldErrors` is the bookkeeping (no Qt): field names as
:class:`~kontakt.services.validation.DraftErrors` gives them (``"given_name"``,
``"emails[2]"``, ``"roles[0].start"`` ...), kept in the order they were marked and
renumbered when a row above them is removed. :func:`error_target` says where a
field's mark goes in the form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from kontakt.ui.dialogs.contact_editor import ContactEditor

TAB_PERSON = 0
TAB_ROLES = 1

_INDEXED_FIELD = re.compile(r"^(emails|phones|roles)\[(\d+)\](?:\.(start|end))?$")
NAME_FIELDS = frozenset({"name", "given_name", "family_name"})


class FieldErrors:
    """The marked fields and their reasons, in the order they were marked."""

    def __init__(self) -> None:
        self._errors: dict[str, str] = {}

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(list(self._errors.items()))

    def __contains__(self, name: object) -> bool:
        return name in self._errors

    def names(self) -> list[str]:
        """The marked fields."""
        return list(self._errors)

    def clear(self) -> bool:
        """Remove every mark; True if there was one."""
        had = bool(self._errors)
        self._errors.clear()
        return had

    def add(self, errors: Iterable[tuple[str, str]]) -> None:
        """Mark fields; a second, different reason for a field is added to the first."""
        for name, message in errors:
            old = self._errors.get(name)
            if not old:
                self._errors[name] = message
            elif message not in old:
                self._errors[name] = f"{old} {message}"

    def set(self, name: str, message: str | None) -> bool:
        """Mark ``name`` with ``message``, or unmark it (None); True if anything changed."""
        if message is None:
            return self._errors.pop(name, None) is not None
        if self._errors.get(name) == message:
            return False
        self._errors[name] = message
        return True

    def row_removed(self, prefix: str, index: int) -> bool:
        """Row ``index`` of ``prefix`` (``"emails"``, ``"phones"``, ``"roles"``) is gone: drop
        its marks and move the marks of the rows below it up one; True if anything changed."""
        changed = False
        errors: dict[str, str] = {}
        for name, message in self._errors.items():
            match = _INDEXED_FIELD.match(name)
            if match is None or match.group(1) != prefix:
                errors[name] = message
                continue
            row = int(match.group(2))
            changed = True
            if row == index:
                continue
            if row > index:
                suffix = f".{match.group(3)}" if match.group(3) else ""
                name = f"{prefix}[{row - 1}]{suffix}"
            errors[name] = message
        if changed:
            self._errors = errors
        return changed


@dataclass
class Target:
    """Where the error of one field is shown."""

    label: QLabel
    tab: int
    prefix: str = ""
    widgets: list[QWidget] = field(default_factory=list)
    cells: list[tuple[int, str]] = field(default_factory=list)  # (role row, "start"/"end")


def error_target(editor: ContactEditor, name: str) -> Target | None:
    """Where the error of field ``name`` is shown, or None for an unknown field."""
    if name == "given_name":
        return Target(editor.given_name_error, TAB_PERSON, "", [editor.given_name_edit])
    if name == "family_name":
        return Target(editor.family_name_error, TAB_PERSON, "", [editor.family_name_edit])
    if name == "name":
        widgets: list[QWidget] = [editor.given_name_edit, editor.family_name_edit]
        return Target(editor.given_name_error, TAB_PERSON, "", widgets)
    if name == "municipality":
        return Target(editor.municipality_error, TAB_PERSON, "", [editor.municipality_edit])
    if name == "county":
        return Target(editor.county_error, TAB_PERSON, "", [editor.county_combo])
    match = _INDEXED_FIELD.match(name)
    if match is None:
        return None
    kind, index, part = match.group(1), int(match.group(2)), match.group(3)
    if kind in ("emails", "phones") and part is None:
        values = editor.emails if kind == "emails" else editor.phones
        if index >= len(values.rows):
            return None
        what = "E-post" if kind == "emails" else "Telefon"
        return Target(
            values.error_label, TAB_PERSON, f"{what} {index + 1}: ", [values.rows[index].edit]
        )
    if kind == "roles" and part is not None and index < editor.roles.rowCount():
        which = "fra" if part == "start" else "til"
        prefix = f"Verv {index + 1}, {which}: "
        return Target(editor.roles_error, TAB_ROLES, prefix, [], [(index, part)])
    return None
