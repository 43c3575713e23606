"""Checks that run before a file is handed to a parser: existence, size, type, encryption.

Every check raises :class:`~kontakt.io.importers.raw.ImportRefused` with a
Norwegian message naming the file. The zip container checks live in
:mod:`~kontakt.io.importers.zipcheck`.
"""

from __future__ import annotations

from pathlib import Path

from kontakt.io.importers.raw import (
    ACCEPTED_SUFFIXES,
    MAX_FILE_BYTES,
    ImportRefused,
    display_name,
    file_label,
)

ZIP_SUFFIXES = (".xlsx", ".xlsm", ".ods")
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK"
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), b"EncryptedPackage")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def kind_of(path: Path) -> str:
    """How the file is named in a message: "Excel-fil", "OpenDocument-regnearkfil" or "CSV-fil"."""
    suffix = path.suffix.lower()
    if suffix == ".ods":
        return "OpenDocument-regnearkfil"
    if suffix == ".csv":
        return "CSV-fil"
    return "Excel-fil"


def corrupt(path: Path, reason: str) -> ImportRefused:
    """The refusal for a damaged file or one that only pretends to be a spreadsheet."""
    return ImportRefused(
        f"Fila {file_label(path)} er skadet eller ikke en ekte {kind_of(path)} ({reason})."
    )


def password_protected(path: Path) -> ImportRefused:
    """The refusal for an encrypted workbook."""
    return ImportRefused(
        f"Fila {file_label(path)} er passordbeskyttet. Lagre den uten passord og prøv igjen."
    )


def check_path(path: Path) -> str:
    """Refuse a missing, unreadable, too large or wrongly named file before opening it.

    Args:
        path: The file the user picked.

    Returns:
        The file's suffix in lower case, one of the accepted ones.

    Raises:
        ImportRefused: If the file cannot be imported.
    """
    suffix = path.suffix.lower()
    if path.is_dir():  # before the suffix: a folder named "liste.xlsx" is still a folder
        raise ImportRefused(f"{file_label(path)} er en mappe, ikke en fil.")
    if suffix not in ACCEPTED_SUFFIXES:
        what = f"filtypen «{display_name(suffix)}»" if suffix else "filer uten filendelse"
        raise ImportRefused(
            f"Fila {file_label(path)} kan ikke importeres: {what} støttes ikke. "
            f"Godtatte filtyper: {' '.join(ACCEPTED_SUFFIXES)}."
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportRefused(f"Fila {file_label(path)} finnes ikke.") from None
    except OSError as exc:
        raise unreadable(path, exc) from exc
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            f"Fila {file_label(path)} er for stor ({_megabytes(size)} MB); "
            f"grensen er {MAX_FILE_BYTES // (1024 * 1024)} MB."
        )
    return suffix


def unreadable(path: Path, exc: OSError) -> ImportRefused:
    """The refusal for a file the operating system will not let us read."""
    if isinstance(exc, FileNotFoundError):
        return ImportRefused(f"Fila {file_label(path)} finnes ikke.")
    if isinstance(exc, PermissionError):
        return ImportRefused(f"Fila {file_label(path)} kan ikke leses: ingen tilgang.")
    reason = display_name(exc.strerror or type(exc).__name__)
    return ImportRefused(f"Fila {file_label(path)} kan ikke leses: {reason}.")


def read_head(path: Path, size: int = 8) -> bytes:
    """The first ``size`` bytes of the file (fewer if it is shorter)."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as exc:
        raise unreadable(path, exc) from exc


def is_encrypted_office(path: Path) -> bool:
    """Whether an OLE compound file is an encrypted Office Open XML package.

    Excel saves a password-protected .xlsx as an OLE file holding an
    ``EncryptedPackage`` stream; the stream's name sits in the directory as
    UTF-16. The file is at most 50 MB, so it is searched whole.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from exc
    return data.startswith(OLE_MAGIC) and any(marker in data for marker in _ENCRYPTED_MARKERS)


def check_container(path: Path, suffix: str) -> None:
    """Refuse a spreadsheet whose first bytes show it is not what its name says.

    Args:
        path: The file.
        suffix: Its lower-case suffix.

    Raises:
        ImportRefused: For an encrypted workbook, or a file whose content does
            not match its suffix.
    """
    head = read_head(path)
    if head.startswith(OLE_MAGIC) and is_encrypted_office(path):
        raise password_protected(path)
    if suffix in ZIP_SUFFIXES:
        if head.startswith(OLE_MAGIC):
            raise corrupt(path, "fila er i det gamle binære formatet; gi den endelsen .xls")
        if not head.startswith(ZIP_MAGIC):
            raise corrupt(path, "fila er ikke en zip-pakke")
    elif suffix == ".xls" and not head.startswith(OLE_MAGIC):
        if head.startswith(ZIP_MAGIC):
            raise corrupt(path, "fila er i det nye formatet; gi den endelsen .xlsx")
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise corrupt(path, "fila er en nettside eller XML-fil med endelsen .xls")
        raise corrupt(path, "fila er ikke et Excel 97–2003-dokument")
