"""Reading .csv files: encoding and delimiter detection, then the same header logic as sheets.

Encoding: the user's choice, else guessed (:mod:`.encoding`): a byte-order
mark, UTF-16 by its zero bytes, UTF-8 (with a few stray bytes read as
Windows-1252, noted), the Norwegian code pages, a detector. A stray byte or
an uncertain guess is one of the table's problems (a warning); the table
says which encoding it was read with and whether that was a sure thing.

Delimiter: ``;`` (Excel with Norwegian settings), ``,`` or tab. Each is tried
on the first 64 KB with the :mod:`csv` module itself, so quoted fields with
delimiters or line breaks inside count right; the one that splits the most
records into the same number (more than one) of fields wins. (``csv.Sniffer``
was tried and left out: it looks at physical lines, so the multi-line quoted
addresses in Google and Outlook exports mislead it.)

Every cell is text (an empty one is ``None``), cleaned like spreadsheet text.
Row numbers count records, as a spreadsheet program shows them.

Limits, so that memory and time stay in proportion to the file whatever it
holds: a record (one row, its quoted line breaks included) of at most
:data:`MAX_RECORD_CHARS` characters and :data:`MAX_COLUMNS` fields, a field of
at most ``csv.field_size_limit()`` characters, and at most
:data:`MAX_LINES` lines in the file. Past any of them the file is refused
with a message naming the row.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from kontakt.io.importers.encoding import Decoded, encoding_label, known_encoding
from kontakt.io.importers.encoding import decode as guess_encoding
from kontakt.io.importers.layout import build_table
from kontakt.io.importers.raw import (
    ImportRefused,
    RawTable,
    display_name,
    file_label,
    format_count,
)
from kontakt.io.importers.safety import OLE_MAGIC, corrupt, unreadable

MAX_RECORD_CHARS = 1024 * 1024
"""Most characters in one record (a wide Outlook export row is a few kilobytes)."""

MAX_COLUMNS = 16_384
"""Most fields in one record: as many columns as a spreadsheet has."""

MAX_LINES = 5_000_000
"""Most lines in one file (blank ones included)."""

DELIMITERS = ("\t", ";", ",")
"""Candidate delimiters; on a tie the earlier one wins."""

_SAMPLE_CHARS = 64 * 1024
_SAMPLE_RECORDS = 50
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def decode(data: bytes) -> str:
    """Decode the bytes of a text file, guessing the encoding (:mod:`.encoding`).

    Args:
        data: The whole file.

    Returns:
        The text, without a byte-order mark.
    """
    return guess_encoding(data).text


def _score(sample: str, delimiter: str, truncated: bool) -> tuple[int, int]:
    """(records with the most common field count, that count); (0, 0) if it is 1."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    widths: list[int] = []
    try:
        for record in reader:
            if record:
                widths.append(len(record))
            if len(widths) > _SAMPLE_RECORDS:
                break
    except csv.Error:
        return (0, 0)
    if truncated and widths:
        widths.pop()  # the last record may be cut off by the sample's end
    if not widths:
        return (0, 0)
    counts = Counter(widths)
    width, agreeing = max(counts.items(), key=lambda item: (item[1], item[0]))
    return (agreeing, width) if width > 1 else (0, 0)


def detect_delimiter(text: str) -> str:
    """Pick the delimiter among ``;``, ``,`` and tab (see the module docstring).

    Args:
        text: The decoded file.

    Returns:
        The delimiter; ``,`` when no candidate splits anything.
    """
    sample = text[:_SAMPLE_CHARS]
    truncated = len(text) > _SAMPLE_CHARS
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        score = _score(sample, delimiter, truncated)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _looks_binary(text: str) -> bool:
    """Whether decoded text is really binary data: over 2 % control characters in 64 KB."""
    sample = text[:_SAMPLE_CHARS]
    controls = len(_BINARY.findall(sample))
    return controls > len(sample) // 50 + 2 or "\x00" * 4 in sample


class _TooBig(Exception):
    """A record or the file is over a limit (the reason in Norwegian)."""


class _CappedLines:
    """The text's lines for csv.reader, refusing a record or a file out of proportion."""

    def __init__(self, text: str) -> None:
        # The line ends csv wants (LF, CR LF, CR), without copying the text as io.StringIO does.
        self._lines = (match.group() for match in _LINE.finditer(text))
        self.record_chars = 0
        self.lines = 0

    def __iter__(self) -> _CappedLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.lines += 1
        self.record_chars += len(line)
        if self.record_chars > MAX_RECORD_CHARS:
            raise _TooBig(f"raden er over {format_count(MAX_RECORD_CHARS)} tegn lang")
        if self.lines > MAX_LINES:
            raise _TooBig(f"fila har over {format_count(MAX_LINES)} linjer")
        return line


def _records(path: Path, text: str, delimiter: str) -> Iterator[tuple[int, Sequence[object]]]:
    lines = _CappedLines(text)
    reader = csv.reader(lines, delimiter=delimiter)
    number = 0
    while True:
        lines.record_chars = 0
        try:
            record = next(reader)
            if len(record) > MAX_COLUMNS:
                raise _TooBig(f"raden har over {format_count(MAX_COLUMNS)} kolonner")
        except StopIteration:
            return
        except _TooBig as exc:
            hint = "" if "linjer" in str(exc) else " Er det riktig fil, og er skilletegnet riktig?"
            raise ImportRefused(
                f"Fila {file_label(path)} kan ikke leses fra rad {number + 1}: {exc}.{hint}"
            ) from None
        except csv.Error as exc:
            if "field limit" in str(exc):
                reason = (
                    f"en celle er lengre enn {format_count(csv.field_size_limit())} tegn, "
                    "kanskje fordi et anførselstegn aldri lukkes"
                )
            else:
                reason = "feil i CSV-formatet"
            raise ImportRefused(
                f"Fila {file_label(path)} kan ikke leses fra rad {number + 1}: {reason}."
            ) from exc
        number += 1
        yield number, record


def read_csv(
    path: Path, sheet: str | None, header_row: int | None, encoding: str | None = None
) -> RawTable:
    """Read a CSV file into a RawTable.

    Args:
        path: A file that passed :func:`~kontakt.io.importers.safety.check_path`.
        sheet: ``None`` or ``""``; a CSV file has no sheets.
        header_row: 1-based header row, or ``None`` to detect it.
        encoding: The encoding the user chose (a Python codec name), or None to guess.

    Returns:
        The table, with ``sheet == ""``.

    Raises:
        ImportRefused: If the file cannot be imported.
    """
    if sheet:
        raise ImportRefused(
            f"Fila {file_label(path)} er en CSV-fil og har ingen ark, så arket "
            f"«{display_name(sheet)}» finnes ikke."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from exc
    if data.startswith((b"PK\x03\x04", OLE_MAGIC)):
        raise corrupt(path, "det er et regneark; gi fila riktig filendelse, som .xlsx eller .xls")
    if encoding and not known_encoding(encoding):
        raise ImportRefused(f"Tegnkodingen «{display_name(encoding)}» finnes ikke.")
    decoded = guess_encoding(data, encoding)
    text = decoded.text
    if _looks_binary(text):
        raise corrupt(path, "fila inneholder binære data, ikke tekst")
    delimiter = detect_delimiter(text)
    table = build_table(
        path, "", _records(path, text, delimiter), header_row=header_row, csv_width=True
    )
    return replace(
        table,
        encoding=decoded.encoding,
        encoding_certain=decoded.certain,
        problems=(*table.problems, *_encoding_notes(path, decoded)),
    )


def _encoding_notes(path: Path, decoded: Decoded) -> list[tuple[int, str, bool]]:
    """Warnings about how the file was decoded, as table problems (row, message, left out)."""
    notes = []
    if decoded.stray_lines:
        lines = decoded.stray_lines
        shown = ", ".join(map(str, lines[:5])) + (" …" if len(lines) > 5 else "")
        word = "linje" if len(lines) == 1 else "linjene"
        notes.append(
            (
                lines[0],
                f"Fila {file_label(path)} er UTF-8, men {word} {shown} har tegn som ikke er "
                "det; de er lest som Windows-1252. Sjekk æ, ø og å der.",
                False,
            )
        )
    if not decoded.certain:
        notes.append(
            (
                0,
                f"Tegnkodingen i {file_label(path)} er gjettet: lest som "
                f"{encoding_label(decoded.encoding)}. Sjekk at æ, ø og å ser riktige ut; "
                "ellers velg en annen tegnkoding.",
                False,
            )
        )
    return notes
