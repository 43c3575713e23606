"""Zip-bomb and XML-attack checks for the zip-based spreadsheets (.xlsx, .xlsm, .ods).

The zip container is inspected without trusting its directory:

* at most 1,000 members, at most 200 MB unpacked in total, no member of 1 MB
  or more that packs more than 100 times smaller, no member name with ``..``
  or an absolute path, only the ``stored`` and ``deflate`` methods;
* every member is unpacked here once, in bounded steps, and must produce
  exactly the size and CRC its directory entry claims, so that a lying
  directory cannot smuggle a bomb past the size limits;
* XML members (``*.xml``, ``*.rels``; not ``customXml/``, which no reader
  here opens) must not contain ``<!DOCTYPE`` or ``<!ENTITY`` (billion laughs,
  external entities). python-calamine does not expand entities anyway, but
  refusing gives a clear message.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol

from kontakt.io.importers.raw import ImportRefused, display_name, file_label, format_count
from kontakt.io.importers.safety import corrupt, password_protected, unreadable

MAX_MEMBERS = 1_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_MIN_BYTES = 1024 * 1024

_CHUNK = 1024 * 1024

_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_LOCAL_HEADER = struct.Struct("<4s22xHH")


class MemberScanner(Protocol):
    """Receives the unpacked bytes of one zip member, in order."""

    def feed(self, data: bytes) -> None:
        """Take the next piece of the member's content."""

    def close(self) -> None:
        """Called once after the last piece."""


ScannerFactory = Callable[[zipfile.ZipInfo], MemberScanner | None]


def suspicious(path: Path, reason: str) -> ImportRefused:
    """The refusal for a file built to exhaust memory or attack the XML parser."""
    return ImportRefused(
        f"Fila {file_label(path)} blir ikke lest fordi den ser mistenkelig ut: {reason}. "
        "Åpne den i Excel eller LibreOffice, lagre den på nytt og prøv igjen."
    )


def _check_member_name(path: Path, name: str) -> None:
    normalised = name.replace("\\", "/")
    parts = PurePosixPath(normalised).parts
    absolute = normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":")
    if absolute or ".." in parts or "\x00" in name:
        raise suspicious(path, f"pakken inneholder et ulovlig filnavn («{display_name(name)}»)")


def check_zip_directory(
    path: Path,
    infos: list[zipfile.ZipInfo],
    *,
    max_members: int = MAX_MEMBERS,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    max_ratio: int = MAX_RATIO,
    ratio_min_bytes: int = RATIO_MIN_BYTES,
) -> None:
    """Apply the zip-bomb limits to a zip directory, as it claims to be.

    Args:
        path: The file, for messages.
        infos: Its directory entries.
        max_members: Most members allowed.
        max_unpacked: Most unpacked bytes allowed in total.
        max_ratio: Highest packing ratio allowed for a member of at least
            ``ratio_min_bytes`` unpacked.
        ratio_min_bytes: Smaller members are not ratio-checked (tiny XML parts
            pack very well).

    Raises:
        ImportRefused: If a limit is broken.
    """
    if len(infos) > max_members:
        raise suspicious(path, f"pakken har over {format_count(max_members)} deler")
    total = 0
    for info in infos:
        _check_member_name(path, info.filename)
        if info.flag_bits & 0x1:
            raise password_protected(path)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise corrupt(path, f"ukjent komprimering i «{display_name(info.filename)}»")
        total += info.file_size
        if total > max_unpacked:
            limit = max_unpacked // (1024 * 1024)
            raise suspicious(path, f"den pakkes ut til over {format_count(limit)} MB")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= ratio_min_bytes and ratio > max_ratio:
            raise suspicious(
                path,
                f"delen «{display_name(info.filename)}» pakkes ut til "
                f"{format_count(int(ratio))} ganger sin størrelse",
            )


def member_chunks(path: Path, handle: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """Unpack one member in steps of at most 1 MB, checking its real size and CRC.

    Args:
        path: The file, for messages.
        handle: The file opened for reading in binary mode.
        info: The member's directory entry.

    Yields:
        Pieces of the member's content.

    Raises:
        ImportRefused: If the member unpacks to more or less than it claims,
            or its data are damaged.
    """
    handle.seek(info.header_offset)
    header = handle.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise corrupt(path, "zip-pakken er avkortet")
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise corrupt(path, "zip-pakken er skadet")
    handle.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    remaining = info.compress_size
    produced = 0
    crc = 0
    try:
        while remaining > 0 or (inflater is not None and inflater.unconsumed_tail):
            if inflater is not None and inflater.unconsumed_tail:
                piece = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
            else:
                packed = handle.read(min(_CHUNK, remaining))
                if not packed:
                    raise corrupt(path, "zip-pakken er avkortet")
                remaining -= len(packed)
                piece = packed if inflater is None else inflater.decompress(packed, _CHUNK)
            produced += len(piece)
            if produced > info.file_size:
                raise suspicious(
                    path, f"delen «{display_name(info.filename)}» er større enn pakken oppgir"
                )
            crc = zlib.crc32(piece, crc)
            if piece:
                yield piece
        if inflater is not None:
            tail = inflater.flush()
            produced += len(tail)
            crc = zlib.crc32(tail, crc)
            if tail:
                yield tail
            if not inflater.eof:
                raise corrupt(path, f"delen «{display_name(info.filename)}» er avkortet")
    except zlib.error as exc:
        raise corrupt(path, f"delen «{display_name(info.filename)}» kan ikke pakkes ut") from exc
    if produced != info.file_size or crc != info.CRC:
        raise corrupt(path, f"delen «{display_name(info.filename)}» er skadet")


class _DoctypeScanner:
    """Refuses an XML member that declares a DTD or entities."""

    def __init__(self, path: Path, name: str) -> None:
        self._path = path
        self._name = name
        self._tail = b""

    def feed(self, data: bytes) -> None:
        window = self._tail + data
        if any(marker in window for marker in _DTD_MARKERS):
            raise suspicious(
                self._path,
                f"delen «{display_name(self._name)}» inneholder en DTD med entiteter "
                "(et kjent angrep mot XML-lesere)",
            )
        self._tail = window[-32:]

    def close(self) -> None:
        self._tail = b""


def _is_scanned_xml(name: str) -> bool:
    lower = name.lower()
    return lower.endswith((".xml", ".rels")) and not lower.startswith("customxml/")


def inspect_zip(path: Path, scanner_for: ScannerFactory | None = None) -> list[zipfile.ZipInfo]:
    """Check a zip-based spreadsheet against bombs and XML attacks, unpacking each member once.

    Args:
        path: An .xlsx, .xlsm or .ods file.
        scanner_for: Optional factory giving, per member, an extra scanner that
            sees the member's content (used to measure worksheet extents).

    Returns:
        The zip directory entries.

    Raises:
        ImportRefused: If the file is not a sound zip package or breaks a limit.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except OSError as exc:
        raise unreadable(path, exc) from exc
    except Exception as exc:  # zipfile raises many kinds on malformed input
        raise corrupt(path, "fila er ikke en gyldig zip-pakke") from exc
    check_zip_directory(path, infos)
    try:
        with path.open("rb") as handle:
            for info in infos:
                scanners: list[MemberScanner] = []
                if _is_scanned_xml(info.filename):
                    scanners.append(_DoctypeScanner(path, info.filename))
                extra = scanner_for(info) if scanner_for is not None else None
                if extra is not None:
                    scanners.append(extra)
                for piece in member_chunks(path, handle, info):
                    for scanner in scanners:
                        scanner.feed(piece)
                for scanner in scanners:
                    scanner.close()
    except OSError as exc:
        raise unreadable(path, exc) from exc
    return infos
