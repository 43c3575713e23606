"""Errors a user can cause, each carrying a Norwegian message fit to show as is.

The window shows ``str(error)`` in a dialog and the command line prints it on
stderr and exits 1, so the message must name what was wrong (file, row,
column, field) in plain bokmål.
"""

from __future__ import annotations


class KontaktError(Exception):
    """Base of all errors the user can cause or fix; ``str()`` is the Norwegian message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(KontaktError):
    """A value that cannot be accepted, e.g. an invalid e-mail or phone number.

    Attributes:
        field: The field the value was for (English identifier), if known.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(KontaktError):
    """A contact, list, topic or saved search that does not exist."""


class ConflictError(KontaktError):
    """A contact or an event changed in the database since it was read (optimistic locking).

    Attributes:
        uid: The contact's or event's uid.
        changed_fields: Names of the fields that differ between the version the
            user read and the one now stored (empty when unknown).
    """

    def __init__(self, message: str, uid: str, changed_fields: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.uid = uid
        self.changed_fields = changed_fields


class DatabaseError(KontaktError):
    """The database cannot be opened, is damaged or is newer than this program."""


class BusyError(KontaktError):
    """Someone else is writing to the database and did not finish within the waiting time.

    Nothing of the refused write is stored; trying again later is safe.
    """
