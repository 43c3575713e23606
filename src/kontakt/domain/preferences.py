"""Kontakt's preferences, declared once: name, type, default, bounds and where each is kept.

Two scopes:

* ``Scope.DATABASE``: shared by everyone who opens the database, kept in its
  ``app_setting`` table (how many backups, how old they may get, when a
  contact is due for review). Read and written by
  :class:`kontakt.services.settings.SettingsService`.
* ``Scope.USER``: the person at the keyboard, kept in a small JSON file in the
  user's settings folder: the mail server and sender (``e-post.json``; the
  password is in the keyring) and the database the window opens
  (``database.json``). Read and written by
  :class:`kontakt.services.settings.PreferenceFile`.

A preference's key is the name it has on disk, so settings written by
earlier versions are read as before: the ``app_setting`` key, or the path
inside the JSON file with dots (``smtp.host`` is ``{"smtp": {"host": ...}}``).

Window state (size, column widths, the folders last used) is not a
preference: it lives in QSettings, its keys declared in
:mod:`kontakt.ui.ui_state`. The ``app_setting`` table also holds records the
erasure machinery keeps for itself (``database_id``, ``erasure_key_check``,
``suppression_salt``, ``scrub_pending``); those belong to their modules and
are not preferences, and :func:`declared` refuses them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

V = TypeVar("V", int, str)


class Scope(Enum):
    """Where a preference is kept."""

    DATABASE = "database"  # the app_setting table: shared by everyone who opens it
    USER = "user"  # a JSON file in the user's settings folder


@dataclass(frozen=True, slots=True)
class Preference(Generic[V]):
    """One preference.

    Attributes:
        key: Its name on disk (``app_setting.key``, or the dotted path in the file).
        default: The value when it was never set, or what is stored is unreadable;
            its type is the preference's type.
        scope: Where it is kept.
        label: What the window calls it (Norwegian), where it is shown.
        file: For ``Scope.USER``: the file in the user's settings folder.
        minimum: The smallest whole number allowed (smaller ones are raised to it).
        maximum: The largest whole number allowed (larger ones are lowered to it).
        choices: The texts allowed (anything else reads as the default).
    """

    key: str
    default: V
    scope: Scope
    label: str = ""
    file: str = ""
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()

    @property
    def path(self) -> tuple[str, ...]:
        """The key split at its dots: where the value sits in a JSON file."""
        return tuple(self.key.split("."))

    @property
    def bounds(self) -> tuple[int, int]:
        """(minimum, maximum) of a number, for a spin box; a missing bound is 32-bit's."""
        low = -(2**31) if self.minimum is None else self.minimum
        return low, 2**31 - 1 if self.maximum is None else self.maximum

    def parse(self, raw: object) -> V:
        """A stored value as this preference's type: the default when it is missing or
        unreadable, a number kept within its bounds."""
        default = self.default
        if isinstance(default, str):
            if isinstance(raw, str) and (not self.choices or raw in self.choices):
                return raw
            return default
        number = _whole_number(raw)
        return default if number is None else self.bounded(number)

    def bounded(self, value: int) -> int:
        """A whole number raised to the minimum or lowered to the maximum."""
        if self.minimum is not None:
            value = max(self.minimum, value)
        if self.maximum is not None:
            value = min(self.maximum, value)
        return value


def _whole_number(raw: object) -> int | None:
    """The whole number in ``raw`` (an ``app_setting`` text or a JSON number), or None."""
    if isinstance(raw, bool):  # JSON true is no number, though Python's bool is an int
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if math.isfinite(raw) and raw.is_integer() else None
    if isinstance(raw, str):
        try:
            return int(raw.strip())
        except ValueError:
            return None
    return None


# -- per database (app_setting) ---------------------------------------------------

BACKUP_KEEP = Preference(
    "backup_keep", 10, Scope.DATABASE, "Antall sikkerhetskopier som beholdes", minimum=1,
    maximum=1000,
)  # fmt: skip
# Older backups are deleted, so that an erased person does not linger in them.
BACKUP_MAX_AGE_DAYS = Preference(
    "backup_max_age_days", 90, Scope.DATABASE, "Sikkerhetskopier slettes etter (dager)",
    minimum=1, maximum=3650,
)  # fmt: skip
# Contacts not confirmed for this long are due for review.
REVIEW_MONTHS = Preference(
    "review_months", 24, Scope.DATABASE,
    "Gjennomgang når en kontakt ikke er bekreftet på (måneder)", minimum=1, maximum=240,
)  # fmt: skip
# The day-before reminder of an event goes out from this time (HH:MM, local time).
EVENT_REMINDER_TIME = Preference(
    "event_reminder_time", "18:00", Scope.DATABASE, "Påminnelse dagen før, klokkeslett"
)

# -- per user: sending e-mail (e-post.json; the password is in the keyring) ---------

MAIL_FILE = "e-post.json"
SMTP_HOST = Preference("smtp.host", "", Scope.USER, "E-posttjener", MAIL_FILE)
SMTP_PORT = Preference("smtp.port", 587, Scope.USER, "Port", MAIL_FILE, minimum=1, maximum=65535)
SMTP_SECURITY = Preference(
    "smtp.security", "starttls", Scope.USER, "Sikkerhet", MAIL_FILE,
    choices=("starttls", "ssl", "none"),
)  # fmt: skip
SMTP_USER = Preference("smtp.user", "", Scope.USER, "Brukernavn", MAIL_FILE)
SENDER_NAME = Preference("smtp.sender_name", "", Scope.USER, "Avsendernavn", MAIL_FILE)
SENDER_ADDRESS = Preference("smtp.sender_address", "", Scope.USER, "Avsenderadresse", MAIL_FILE)
# E-mail accounts limit how much may be sent; these suit the common ones.
PER_MINUTE = Preference(
    "limits.per_minute", 30, Scope.USER, "Høyst per minutt", MAIL_FILE, minimum=1, maximum=10_000
)
PER_DAY = Preference(
    "limits.per_day", 500, Scope.USER, "Høyst per døgn", MAIL_FILE, minimum=1, maximum=100_000
)

# -- per user: reading replies (IMAP, same file; the password is in the keyring) ----
IMAP_HOST = Preference("imap.host", "", Scope.USER, "Innkommende e-posttjener (IMAP)", MAIL_FILE)
IMAP_PORT = Preference("imap.port", 993, Scope.USER, "Port", MAIL_FILE, minimum=1, maximum=65535)
IMAP_SECURITY = Preference(
    "imap.security", "ssl", Scope.USER, "Sikkerhet", MAIL_FILE,
    choices=("ssl", "starttls", "none"),
)  # fmt: skip
IMAP_USER = Preference("imap.user", "", Scope.USER, "Brukernavn", MAIL_FILE)
# Comma-separated folder names; INBOX is every server's inbox.
IMAP_FOLDERS = Preference("imap.folders", "INBOX", Scope.USER, "Mapper", MAIL_FILE)
IMAP_MOVE_PROCESSED = Preference(
    "imap.move_processed", 0, Scope.USER, "Flytt behandlede meldinger til mappen Kontakt",
    MAIL_FILE, minimum=0, maximum=1,
)  # fmt: skip
IMAP_SAME_PASSWORD = Preference(
    "imap.same_password", 1, Scope.USER, "Samme passord som for sending", MAIL_FILE,
    minimum=0, maximum=1,
)  # fmt: skip

# -- per user: the database the window opens (database.json) ------------------------

DATABASE_FILE = "database.json"
# The URL without its password (that is in the keyring); "" when none was chosen.
WINDOW_DATABASE = Preference("url", "", Scope.USER, "Database", DATABASE_FILE)

PREFERENCES: tuple[Preference[int] | Preference[str], ...] = (
    BACKUP_KEEP,
    BACKUP_MAX_AGE_DAYS,
    REVIEW_MONTHS,
    EVENT_REMINDER_TIME,
    SMTP_HOST,
    SMTP_PORT,
    SMTP_SECURITY,
    SMTP_USER,
    SENDER_NAME,
    SENDER_ADDRESS,
    PER_MINUTE,
    PER_DAY,
    IMAP_HOST,
    IMAP_PORT,
    IMAP_SECURITY,
    IMAP_USER,
    IMAP_FOLDERS,
    IMAP_MOVE_PROCESSED,
    IMAP_SAME_PASSWORD,
    WINDOW_DATABASE,
)


def declared(preference: Preference[V], scope: Scope) -> Preference[V]:
    """``preference``, checked to be one declared here and kept in ``scope``.

    Raises:
        ValueError: It is not declared here, or it is kept elsewhere (a caller
            that makes up a key, or asks the wrong store).
    """
    if preference not in PREFERENCES:
        raise ValueError(f"{preference.key!r} is not a declared preference")
    if preference.scope is not scope:
        raise ValueError(f"{preference.key!r} is kept in {preference.scope.value}, not here")
    return preference
