"""Read a document file for the idea bank and pull its text out for search.

PDF through pypdf, DOCX through python-docx, plain text decoded the way CSV
files are (UTF-8, UTF-16 or Windows-1252). Other files can be attached but
carry no searchable text. Nothing here crashes on a bad file: every failure
is a :class:`DocumentRefused` with a Norwegian message naming the file. The
text kept per file is capped (:data:`MAX_TEXT_CHARS`), and a file over
:data:`MAX_FILE_BYTES` is refused, since files live in the database and go out
by e-mail.
"""

from __future__ import annotations

import io
import logging
import mimetypes
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

from kontakt.domain.documents import DocumentFile
from kontakt.errors import KontaktError
from kontakt.io.importers.csv_reader import decode
from kontakt.io.importers.raw import file_label

# E-mail servers commonly refuse messages over 25 MB.
MAX_FILE_BYTES = 25 * 1024 * 1024
# About 100 pages of dense text: enough to find a document by, small enough to index.
MAX_TEXT_CHARS = 250_000
# A zip-based DOCX: most parts and bytes allowed unpacked, highest packing ratio
# for a part of 1 MB or more (a zip bomb packs thousands of times smaller).
DOCX_MAX_MEMBERS = 2_000
DOCX_MAX_UNPACKED = 200 * 1024 * 1024
DOCX_MAX_RATIO = 100

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
# Files a folder import takes, and the type each one is stored with.
IMPORTABLE = {".pdf": PDF, ".docx": DOCX, ".txt": TEXT}

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACING = re.compile(r"[ \t\xa0]+")
# Typographic ligatures (ﬁ, ﬂ, ﬀ …) that PDF text comes out with: as letters, so
# that «flettefelt» finds «ﬂettefelt».
_LIGATURES = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFB00, 0xFB07)}


class DocumentRefused(KontaktError):
    """A file that cannot be read or added; the message names it."""


def mime_type_of(name: str) -> str:
    """The MIME type stored for a file name (``application/octet-stream`` when unknown)."""
    suffix = Path(name).suffix.lower()
    if suffix in IMPORTABLE:
        return IMPORTABLE[suffix]
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def read_document(path: Path) -> DocumentFile:
    """Read a file and extract its text (PDF, DOCX, TXT; other types get no text).

    Raises:
        DocumentRefused: Missing, unreadable, too large, damaged or
            password-protected (Norwegian message naming the file).
    """
    label = file_label(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentRefused(
                f"Fila {label} er for stor ({size / 1_048_576:.0f} MB); "
                f"grensen er {MAX_FILE_BYTES // 1_048_576} MB."
            )
        content = path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentRefused(f"Fant ikke fila {label}.") from exc
    except IsADirectoryError as exc:
        raise DocumentRefused(f"{label} er en mappe, ikke en fil.") from exc
    except OSError as exc:
        raise DocumentRefused(f"Kan ikke lese fila {label}: {exc.strerror}.") from exc
    mime = mime_type_of(path.name)
    text, truncated = extract_text(path.name, content, mime)
    return DocumentFile(path.name, content, mime, text, truncated)


def extract_text(name: str, content: bytes, mime: str) -> tuple[str, bool]:
    """The file's text, capped at :data:`MAX_TEXT_CHARS`, and whether it was cut.

    Raises:
        DocumentRefused: A PDF, DOCX or text file that cannot be read.
    """
    label = file_label(Path(name))
    if mime == PDF:
        pieces = _pdf_pages(label, content)
    elif mime == DOCX:
        pieces = _docx_blocks(label, content)
    elif mime == TEXT:
        pieces = iter([_plain_text(label, content)])
    else:
        return "", False
    return _capped(label, pieces)


def _capped(label: str, pieces: Iterator[str]) -> tuple[str, bool]:
    kept: list[str] = []
    total = 0
    try:
        for piece in pieces:
            kept.append(piece)
            total += len(piece) + 1
            if total > MAX_TEXT_CHARS:
                break
    except DocumentRefused:
        raise
    except RecursionError as exc:
        raise DocumentRefused(f"Fila {label} er skadet (for dypt nøstet innhold).") from exc
    except Exception as exc:  # a parser's own error on a damaged file
        raise DocumentRefused(
            f"Fila {label} er skadet og kan ikke leses ({_reason(exc)})."
        ) from exc
    text = _BLANK_LINES.sub("\n\n", "\n".join(kept).replace("\r\n", "\n")).strip()
    return text[:MAX_TEXT_CHARS], total > MAX_TEXT_CHARS


def _reason(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:120] if lines else type(exc).__name__


def _pdf_pages(label: str, content: bytes) -> Iterator[str]:
    from pypdf import PdfReader

    # pypdf logs every oddity of a damaged-but-readable PDF; they are not the user's concern.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not content.lstrip()[:5].startswith(b"%PDF"):
        raise DocumentRefused(f"Fila {label} er ikke en PDF (den begynner ikke med %PDF).")
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentRefused(
                f"Fila {label} er passordbeskyttet. Lagre den uten passord og prøv igjen."
            )
        pages = reader.pages
        count = len(pages)
    except DocumentRefused:
        raise
    except Exception as exc:
        raise DocumentRefused(
            f"Fila {label} er skadet og kan ikke leses ({_reason(exc)})."
        ) from exc
    for number in range(count):
        # Some writers (Qt among them) space words with tabs in the extracted text.
        yield _SPACING.sub(" ", (pages[number].extract_text() or "").translate(_LIGATURES))


def _docx_blocks(label: str, content: bytes) -> Iterator[str]:
    if content.startswith(_OLE_MAGIC):
        raise DocumentRefused(
            f"Fila {label} er passordbeskyttet eller i det gamle Word-formatet. "
            "Lagre den som .docx uten passord og prøv igjen."
        )
    _check_zip(label, content)
    from docx import Document
    from docx.table import Table

    try:
        document = Document(io.BytesIO(content))
    except Exception as exc:
        raise DocumentRefused(
            f"Fila {label} er skadet eller ikke en ekte Word-fil ({_reason(exc)})."
        ) from exc
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                yield "\t".join(cell.text for cell in row.cells)
        else:
            yield block.text


def _check_zip(label: str, content: bytes) -> None:
    """Refuse what is no zip, or a zip bomb, before python-docx unpacks anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentRefused(
            f"Fila {label} er skadet eller ikke en ekte Word-fil ({_reason(exc)})."
        ) from exc
    if len(infos) > DOCX_MAX_MEMBERS:
        raise DocumentRefused(f"Fila {label} ser mistenkelig ut: den har for mange deler.")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > DOCX_MAX_UNPACKED or (info.file_size >= 1_048_576 and ratio > DOCX_MAX_RATIO):
            raise DocumentRefused(
                f"Fila {label} ser mistenkelig ut: den pakkes ut til langt mer enn sin størrelse."
            )


def _plain_text(label: str, content: bytes) -> str:
    text = decode(content)
    sample = text[:65536]
    if "\x00" * 4 in sample or len(_CONTROL.findall(sample)) > len(sample) // 50 + 2:
        raise DocumentRefused(f"Fila {label} ser ikke ut som tekst (den inneholder binærdata).")
    return text
