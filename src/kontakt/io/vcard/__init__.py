"""vCard files: a fast writer (3.0 and 4.0) and a forgiving reader (2.1, 3.0 and 4.0).

Pure Python, no Qt and no database. The writer takes
:class:`~kontakt.domain.records.ContactRow` snapshots
(:func:`write_vcards`, :func:`vcard_text`); the reader
(:func:`read_vcard_file`, :func:`read_vcard_bytes`) gives one
:class:`VCardContact` per card plus Norwegian :class:`CardProblem` messages,
and raises :class:`~kontakt.io.importers.raw.ImportRefused` for a file that is
not a vCard file at all. The reader's repair pre-pass is in
:mod:`kontakt.io.vcard.repair`.
"""

from kontakt.io.vcard.reader import (
    MAX_CARDS,
    CardProblem,
    VCardContact,
    VCardFile,
    read_vcard_bytes,
    read_vcard_file,
)
from kontakt.io.vcard.repair import Repair
from kontakt.io.vcard.writer import PRODID, VCardOptions, VCardVersion, vcard_text, write_vcards

__all__ = [
    "MAX_CARDS",
    "PRODID",
    "CardProblem",
    "Repair",
    "VCardContact",
    "VCardFile",
    "VCardOptions",
    "VCardVersion",
    "read_vcard_bytes",
    "read_vcard_file",
    "vcard_text",
    "write_vcards",
]
