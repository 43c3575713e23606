"""Reading .csv files: encoding and delimiter detection, then the same header logic as sheets.

Encoding: a byte-order mark decides (UTF-8, UTF-16 as old Gmail exports
wrote, UTF-32); UTF-16 without a mark is recognised by its zero bytes;
otherwise UTF-8 if the bytes are valid UTF-8, else Windows-1252 (what Excel
and Outlook on a Norwegian Windows write).

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

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

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
    """Decode the bytes of a CSV file, guessing the encoding (see the module docstring).

    Args:
        data: The whole file.

    Returns:
        The text, without a byte-order mark.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    sample = data[:4096]
    if len(sample) >= 4:
        half = len(sample) // 2
        zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
        if zeros_odd > half * 0.4 and zeros_even < half * 0.05:
            return data.decode("utf-16-le", errors="replace")
        if zeros_even > half * 0.4 and zeros_odd < half * 0.05:
            return data.decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


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


def read_csv(path: Path, sheet: str | None, header_row: int | None) -> RawTable:
    """Read a CSV file into a RawTable.

    Args:
        path: A file that passed :func:`~kontakt.io.importers.safety.check_path`.
        sheet: ``None`` or ``""``; a CSV file has no sheets.
        header_row: 1-based header row, or ``None`` to detect it.

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
    text = decode(data)
    if _looks_binary(text):
        raise corrupt(path, "fila inneholder binære data, ikke tekst")
    delimiter = detect_delimiter(text)
    return build_table(
        path, "", _records(path, text, delimiter), header_row=header_row, csv_width=True
    )
