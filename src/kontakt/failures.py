"""One Norwegian line for the failures a program meets at its edges.

A full disk, a damaged, busy or unreachable database, a file that cannot be
read or written, text that is not UTF-8: none of these is a bug, and each
gets a sentence that says what happened and what to do. :func:`describe`
returns None for anything else: a failure nobody foresaw, which the caller
reports with a pointer to the log instead.
"""

from __future__ import annotations

import codecs
import errno
import sqlite3

from sqlalchemy.exc import DBAPIError

from kontakt.domain.control_chars import printable
from kontakt.errors import KontaktError

DISK_FULL = (
    "Disken er full, så det som var i gang, ble ikke lagret; databasen er hel. "
    "Frigjør plass og prøv igjen."
)
DISK_ERROR = (
    "Kunne ikke lese eller skrive databasefila ({reason}): disken er kanskje full, eller fila "
    "ble for stor. Det som var i gang, ble ikke lagret; frigjør plass og prøv igjen."
)
NOT_UTF8 = (
    "En tekst eller et filnavn er ikke gyldig UTF-8 (skrevet med et annet tegnsett, kanskje "
    "Latin-1). Skriv teksten på nytt i en UTF-8-terminal, eller gi fila et navn med UTF-8."
)

# SQLite's primary result codes (the low byte of the extended code).
_SQLITE_MESSAGES = {
    3: "Du har ikke tilgang til databasefila.",  # PERM
    5: "Databasen er opptatt: et annet Kontakt-vindu eller -program skriver til den. "
    "Prøv igjen om litt.",  # BUSY
    6: "Databasen er opptatt: et annet Kontakt-vindu eller -program skriver til den. "
    "Prøv igjen om litt.",  # LOCKED
    7: "Det er ikke nok minne til dette.",  # NOMEM
    8: "Databasen kan ikke skrives til: fila eller mappen er skrivebeskyttet.",  # READONLY
    11: "Databasen er skadet ({reason}). Kjør «kontakt check», og gjenopprett om nødvendig "
    "en sikkerhetskopi med «kontakt restore FIL».",  # CORRUPT
    13: DISK_FULL,  # FULL
    14: "Kan ikke åpne databasefila: mappen finnes ikke, eller du har ikke tilgang.",  # CANTOPEN
    23: "Du har ikke tilgang til databasen.",  # AUTH
    26: "Fila er ikke en database ({reason}).",  # NOTADB
}


PRINTABLE_ERRORS = "kontakt-printable"


def _escape_unencodable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return (
        "".join(
            f"\\x{ord(ch) - 0xDC00:02x}" if "\udc80" <= ch <= "\udcff" else ascii(ch)[1:-1]
            for ch in bad
        ),
        exc.end,
    )


# For streams: ``stream.reconfigure(errors=PRINTABLE_ERRORS)``.
codecs.register_error(PRINTABLE_ERRORS, _escape_unencodable)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _sqlite(exc: sqlite3.Error) -> str:
    code = getattr(exc, "sqlite_errorcode", None)
    reason = _first_line(exc)
    if not isinstance(code, int):
        return f"Databasefeil: {reason}."
    if code & 0xFF == 10:  # IOERR
        return DISK_ERROR.format(reason=reason)
    template = _SQLITE_MESSAGES.get(code & 0xFF)
    return template.format(reason=reason) if template else f"Databasefeil: {reason}."


def _server(exc: Exception) -> str:
    state = getattr(exc, "sqlstate", None)
    reason = _first_line(exc)
    if state == "53100":  # disk_full
        return (
            "Databasetjenerens disk er full, så det som var i gang, ble ikke lagret. "
            "Be den som drifter tjeneren om å frigjøre plass."
        )
    if state is None or (isinstance(state, str) and state.startswith("08")):
        return f"Fikk ikke kontakt med databasetjeneren: {reason}"
    return f"Databasetjeneren svarte med en feil: {reason}"


def _os(exc: OSError) -> str:
    name = f"«{printable(str(exc.filename))}»" if exc.filename is not None else "fila"
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"Disken er full: kunne ikke skrive {name}. Frigjør plass og prøv igjen."
    if code == errno.EFBIG:
        return f"Kunne ikke skrive {name}: fila ble for stor for disken eller systemets grense."
    by_code = {
        errno.ENOENT: f"Finner ikke {name}.",
        errno.EACCES: f"Du har ikke tilgang til {name}.",
        errno.EPERM: f"Du har ikke tilgang til {name}.",
        errno.EROFS: f"{name} ligger på en skrivebeskyttet disk.",
        errno.EISDIR: f"{name} er en mappe, ikke en fil.",
        errno.ENOTDIR: f"{name}: en del av stien er ikke en mappe.",
        errno.EIO: f"Lese- eller skrivefeil på disken ved {name}.",
    }
    found = by_code.get(code) if code is not None else None
    return found or f"Kan ikke lese eller skrive {name}: {exc.strerror or _first_line(exc)}."


def describe(exc: BaseException) -> str | None:
    """The Norwegian one-line message for an expected failure, or None for a bug."""
    if isinstance(exc, KontaktError):
        return " ".join(str(exc).split("\n"))
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    if isinstance(exc, sqlite3.Error):
        return _sqlite(exc)
    if type(exc).__module__.startswith("psycopg") and isinstance(exc, Exception):
        return _server(exc)
    if isinstance(exc, DBAPIError):
        return f"Databasefeil: {_first_line(exc)}."
    if isinstance(exc, OSError):
        return _os(exc)
    if isinstance(exc, UnicodeError):
        return NOT_UTF8
    if isinstance(exc, MemoryError):
        return "Det er ikke nok minne til dette."
    return None
