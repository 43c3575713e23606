"""A .vcf file of many cards (kontakt.io.vcard's writer), written atomically in steps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kontakt.domain.exporting import ExportOptions
from kontakt.domain.records import ContactRow
from kontakt.io.files import atomic_path
from kontakt.io.vcard import VCardOptions, VCardVersion, write_vcards

CHUNK = 2000


def vcard_steps(
    rows: list[ContactRow], target: Path, options: ExportOptions, version: VCardVersion = "3.0"
) -> Iterator[int]:
    """Write the contacts as vCards (UTF-8, CRLF), yielding how many are written so far."""
    card_options = VCardOptions(
        version=version,
        include_notes=options.include_notes,
        include_private=options.include_private,
    )
    with atomic_path(target) as tmp, tmp.open("wb") as handle:
        for start in range(0, len(rows), CHUNK):
            write_vcards(rows[start : start + CHUNK], handle, card_options)
            yield min(start + CHUNK, len(rows))
    yield len(rows)
