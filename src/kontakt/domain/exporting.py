"""What an export writes: the formats, the options a user chooses, and the shared wording.

Pure Python: the writers in ``kontakt.io.exporters`` and the PDF writer in the
window layer all take their choices from here, so that a vCard, a spreadsheet
and a printed list leave out the same things.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kontakt.domain.records import (
    ContactRow,
    EmailData,
    PhoneData,
    PhoneKind,
    RoleData,
    RoleKind,
)
from kontakt.domain.role_text import role_line


class ExportFormat(StrEnum):
    """The formats of ``kontakt export FORMAT`` (names fixed by the command-line contract)."""

    VCARD = "vcard"
    VCARD4 = "vcard4"
    XLSX = "xlsx"
    CSV_GOOGLE = "csv-google"
    CSV_OUTLOOK = "csv-outlook"
    PDF = "pdf"

    @property
    def suffix(self) -> str:
        """The file name ending, with its dot."""
        return _SUFFIXES[self]

    @property
    def label(self) -> str:
        """Norwegian name for the export dialog."""
        return _LABELS[self]


_SUFFIXES = {
    ExportFormat.VCARD: ".vcf",
    ExportFormat.VCARD4: ".vcf",
    ExportFormat.XLSX: ".xlsx",
    ExportFormat.CSV_GOOGLE: ".csv",
    ExportFormat.CSV_OUTLOOK: ".csv",
    ExportFormat.PDF: ".pdf",
}
_LABELS = {
    ExportFormat.VCARD: "vCard 3.0 – til mobil, Kontakter, Google og Outlook (.vcf)",
    ExportFormat.VCARD4: "vCard 4.0 (.vcf)",
    ExportFormat.XLSX: "Excel-liste (.xlsx)",
    ExportFormat.CSV_GOOGLE: "CSV for Google Kontakter (.csv)",
    ExportFormat.CSV_OUTLOOK: "CSV for Outlook (.csv)",
    ExportFormat.PDF: "PDF-liste for utskrift (.pdf)",
}


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What to include beyond names, work details, e-mails and phones.

    Attributes:
        include_notes: The contact's notes (often private remarks): off by default.
        include_private: Phone numbers marked «privat»: off by default (e-mail
            addresses are always written: they are how the network reaches people).
        title: A heading for lists (xlsx title row, PDF), e.g. the filter in words.
    """

    include_notes: bool = False
    include_private: bool = False
    title: str = ""


def shared_emails(row: ContactRow, options: ExportOptions) -> tuple[EmailData, ...]:
    """The e-mails to write, primary first."""
    return tuple(sorted(row.emails, key=lambda e: not e.primary))


def shared_phones(row: ContactRow, options: ExportOptions) -> tuple[PhoneData, ...]:
    """The phone numbers to write, primary first; private ones only when chosen."""
    items = [p for p in row.phones if options.include_private or p.kind != PhoneKind.PRIVAT]
    return tuple(sorted(items, key=lambda p: not p.primary))


def role_text(role: RoleData) -> str:
    """One role in words: «Medlem, Bergen kommunestyre» (title first, then body).

    A candidate reads «Kandidat nr. 3, SV, kommunestyrevalget 2027 (Bergen)».
    """
    if role.kind is RoleKind.KANDIDAT:
        return role_line(role)
    return ", ".join(p for p in (role.title, role.body or role.organisation) if p)


def roles_text(row: ContactRow) -> str:
    """All of a contact's roles on one line, separated by «; »."""
    return "; ".join(t for t in (role_text(r) for r in row.roles) if t)
