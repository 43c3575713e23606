"""Attendance reports from Teams and Zoom (.csv, .tsv, .xlsx): who took part.

Teams writes UTF-16 tab-separated text in sections («1. Summary»,
«2. Participants» with Name / Email ...); Zoom writes CSV with «Name (original
name)» and «Email» or «User Email», sometimes below a block of meeting
details. The reader finds the participants' header row, reads rows to the
next blank line, and gives each person's name and e-mail address.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from kontakt.io.importers.table import ImportRefused

NAME_HEADERS = ("name", "full name", "navn", "fullt navn", "name (original name)", "participant")
EMAIL_HEADERS = ("email", "e-mail", "e-post", "user email", "participant id (upn)", "epost")
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Attendee:
    """One participant as the report names them."""

    name: str
    email: str


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("utf-8", data, 0, 1, "unknown")  # pragma: no cover (cp1252 takes all)


def _rows_of_text(text: str) -> list[list[str]]:
    lines = text.splitlines()
    sample = "\n".join(lines[:50])
    delimiter = max(("\t", ";", ","), key=sample.count)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _rows_of_sheet(path: Path) -> list[list[str]]:
    # Through the same size checks as the contact import: a hostile .xlsx aborted the process.
    from kontakt.io.importers.spreadsheet import first_sheet_grid

    return [["" if v is None else str(v) for v in row] for row in first_sheet_grid(path)]


def _header(cell: str) -> str:
    return re.sub(r"\s+", " ", cell.strip().strip('"').casefold())


def read_attendance(path: Path) -> list[Attendee]:
    """The participants in a Teams or Zoom attendance report, each once.

    Raises:
        ImportRefused: Unreadable, too big, or no participant list found (Norwegian message).
    """
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ImportRefused(f"{path.name}: fila er for stor for en deltakerliste.")
        if path.suffix.lower() in (".xlsx", ".xls", ".ods"):
            rows = _rows_of_sheet(path)
        else:
            rows = _rows_of_text(_decode(path.read_bytes()))
    except ImportRefused:
        raise
    except Exception as exc:  # unreadable in any way: a clear message, never a crash
        raise ImportRefused(f"{path.name}: kan ikke lese fila ({exc}).") from exc
    for index, row in enumerate(rows):
        headers = [_header(c) for c in row]
        name_col = next((i for i, h in enumerate(headers) if h in NAME_HEADERS), None)
        if name_col is None:
            continue
        email_col = next((i for i, h in enumerate(headers) if h in EMAIL_HEADERS), None)
        return _people(rows[index + 1 :], name_col, email_col)
    raise ImportRefused(
        f"{path.name}: fant ingen deltakerliste (en kolonne «Name»/«Navn», gjerne med «Email»)."
    )


def _people(rows: list[list[str]], name_col: int, email_col: int | None) -> list[Attendee]:
    found: dict[tuple[str, str], Attendee] = {}
    for row in rows:
        if not any(c.strip() for c in row):
            break  # the end of the participants' section
        if len(row) == 1 and re.match(r"\d+\.\s", row[0]):
            break  # the next Teams section
        name = row[name_col].strip() if name_col < len(row) else ""
        email = row[email_col].strip() if email_col is not None and email_col < len(row) else ""
        name = re.sub(r"\s*\((?:gjest|guest|extern|ekstern|external)\)\s*$", "", name, flags=re.I)
        if "@" not in email:
            email = ""
        if name or email:
            key = (name.casefold(), email.casefold())
            found.setdefault(key, Attendee(name, email))
    return list(found.values())
