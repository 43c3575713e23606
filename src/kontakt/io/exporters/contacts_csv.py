"""CSV in the exact column layouts of Google Contacts and Outlook (UTF-8; see GOOGLE, OUTLOOK).

The headers are those the two programs write themselves (samples in
../shared/interop/csv/), so that their import takes our file without a
mapping step. Every cell goes through :func:`csv_safe`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

from kontakt.domain.exporting import ExportOptions, roles_text, shared_emails, shared_phones
from kontakt.domain.normalize import international_phone
from kontakt.domain.records import ContactRow, EmailKind, PhoneData, PhoneKind
from kontakt.domain.wording import plural
from kontakt.io.exporters.kontakt_fields import kontakt_fields, notes_with_block
from kontakt.io.exporters.safety import csv_safe
from kontakt.io.files import atomic_path

GOOGLE_HEADERS = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,"
    "E-mail 3 - Label,E-mail 3 - Value,E-mail 4 - Label,E-mail 4 - Value,"
    "Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,"
    "Phone 3 - Label,Phone 3 - Value,Address 1 - Label,Address 1 - Formatted,"
    "Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,"
    "Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,"
    "Website 1 - Label,Website 1 - Value,Event 1 - Label,Event 1 - Value,"
    "Event 2 - Label,Event 2 - Value"
).split(",") + [f"Custom Field {n} - {part}" for n in range(1, 7) for part in ("Label", "Value")]

OUTLOOK_HEADERS = (
    "Title|First Name|Middle Name|Last Name|Suffix|Company|Department|Job Title|"
    "Business Street|Business Street 2|Business Street 3|Business City|Business State|"
    "Business Postal Code|Business Country/Region|Home Street|Home Street 2|Home Street 3|"
    "Home City|Home State|Home Postal Code|Home Country/Region|Other Street|Other Street 2|"
    "Other Street 3|Other City|Other State|Other Postal Code|Other Country/Region|"
    "Assistant's Phone|Business Fax|Business Phone|Business Phone 2|Callback|Car Phone|"
    "Company Main Phone|Home Fax|Home Phone|Home Phone 2|ISDN|Mobile Phone|Other Fax|"
    "Other Phone|Pager|Primary Phone|Radio Phone|TTY/TDD Phone|Telex|Account|Anniversary|"
    "Assistant's Name|Billing Information|Birthday|Business Address PO Box|Categories|"
    "Children|Directory Server|E-mail Address|E-mail Type|E-mail Display Name|"
    "E-mail 2 Address|E-mail 2 Type|E-mail 2 Display Name|E-mail 3 Address|E-mail 3 Type|"
    "E-mail 3 Display Name|Gender|Government ID Number|Hobby|Home Address PO Box|Initials|"
    "Internet Free Busy|Keywords|Language|Location|Manager's Name|Mileage|Notes|"
    "Office Location|Organizational ID Number|Other Address PO Box|Priority|Private|"
    "Profession|Referred By|Sensitivity|Spouse|User 1|User 2|User 3|User 4|Web Page"
).split("|")

# What Outlook itself writes into a contact's empty fields.
OUTLOOK_DEFAULTS = {
    "Anniversary": "0/0/00",
    "Birthday": "0/0/00",
    "Gender": "Unspecified",
    "Priority": "Normal",
    "Private": "False",
    "Sensitivity": "Normal",
}

_GOOGLE_EMAIL_LABELS = {EmailKind.JOBB: "Work", EmailKind.PRIVAT: "Home", EmailKind.ANNET: "Other"}
_GOOGLE_PHONE_LABELS = {
    PhoneKind.MOBIL: "Mobile",
    PhoneKind.JOBB: "Work",
    PhoneKind.PRIVAT: "Home",
    PhoneKind.ANNET: "Other",
}
_GOOGLE_SLOTS = {"E-mail": 4, "Phone": 3}
_OUTLOOK_PHONE_SLOTS = {
    PhoneKind.MOBIL: ("Mobile Phone",),
    PhoneKind.JOBB: ("Business Phone", "Business Phone 2"),
    PhoneKind.PRIVAT: ("Home Phone", "Home Phone 2"),
    PhoneKind.ANNET: ("Other Phone",),
}
# Every other column of Outlook's that holds a person's own number, for numbers
# whose kind's columns are full.
_OUTLOOK_ANY_PHONE = (
    "Other Phone", "Mobile Phone", "Business Phone", "Business Phone 2", "Home Phone",
    "Home Phone 2", "Car Phone",
)  # fmt: skip
OUTLOOK_EMAILS = 3  # «E-mail Address», «E-mail 2 Address», «E-mail 3 Address»
_GOOGLE_MORE = " ::: "  # how Google joins several values in one cell


def categories(row: ContactRow) -> list[str]:
    """Topics, the county, then the labels: the contact's groups in other address books
    (each once; the importer leaves a row's own topics and county out of its labels)."""
    names = [*row.topics, *([row.county.name] if row.county else []), *row.labels]
    return list(dict.fromkeys(names))


def _slots(cell: dict[str, str], kind: str, pairs: list[tuple[str, str]]) -> None:
    """Fill ``<kind> N - Label/Value``; values beyond the last slot join the last one."""
    slots = _GOOGLE_SLOTS[kind]
    for n, (label, value) in enumerate(pairs[:slots], 1):
        cell[f"{kind} {n} - Label"] = label
        cell[f"{kind} {n} - Value"] = value
    if len(pairs) > slots:
        rest = [value for _, value in pairs[slots - 1 :]]
        cell[f"{kind} {slots} - Value"] = _GOOGLE_MORE.join(rest)


def google_cells(row: ContactRow, options: ExportOptions) -> dict[str, str]:
    """One contact as Google Contacts columns."""
    cell = {
        "First Name": row.given_name,
        "Last Name": row.family_name,
        "Organization Name": row.organisation,
        "Organization Title": row.title,
        # Google's system groups («* myContacts», «* starred») are Google's to set.
        "Labels": _GOOGLE_MORE.join(categories(row)),
    }
    if options.include_notes:
        cell["Notes"] = row.notes
    emails = shared_emails(row, options)
    _slots(
        cell,
        "E-mail",
        [(("* " if e.primary else "") + _GOOGLE_EMAIL_LABELS[e.kind], e.address) for e in emails],
    )
    phones = shared_phones(row, options)
    _slots(
        cell,
        "Phone",
        [(_GOOGLE_PHONE_LABELS[p.kind], international_phone(p.number)) for p in phones],
    )
    if row.municipality or row.county:
        cell["Address 1 - Label"] = "Other"
        cell["Address 1 - City"] = row.municipality.name if row.municipality else ""
        cell["Address 1 - Region"] = row.county.name if row.county else ""
        cell["Address 1 - Country"] = "Norge"
    for n, (label, value) in enumerate(kontakt_fields(row), 1):
        cell[f"Custom Field {n} - Label"] = label
        cell[f"Custom Field {n} - Value"] = value
    return cell


def outlook_cells(row: ContactRow, options: ExportOptions) -> dict[str, str]:
    """One contact as Outlook columns."""
    cell = dict(OUTLOOK_DEFAULTS)
    cell.update(
        {
            "First Name": row.given_name,
            "Last Name": row.family_name,
            "Company": row.organisation,
            "Job Title": row.title,
            "Profession": roles_text(row),
            "Categories": ";".join(categories(row)),
            "Other City": row.municipality.name if row.municipality else "",
            "Other State": row.county.name if row.county else "",
        }
    )
    cell["Notes"] = notes_with_block(row.notes if options.include_notes else "", row)
    for n, email in enumerate(shared_emails(row, options)[:OUTLOOK_EMAILS], 1):
        prefix = "E-mail" if n == 1 else f"E-mail {n}"
        cell[f"{prefix} Address"] = email.address
        cell[f"{prefix} Type"] = "SMTP"
        cell[f"{prefix} Display Name"] = f"{row.full_name} ({email.address})".strip()
    for column, phone in outlook_phone_columns(shared_phones(row, options)):
        cell[column] = international_phone(phone.number)
    return cell


def outlook_phone_columns(phones: Iterable[PhoneData]) -> list[tuple[str, PhoneData]]:
    """Which Outlook column each number goes in: its kind's, else any free one that
    holds a person's number; the primary one also in «Primary Phone». Numbers
    beyond the columns are left out (:func:`outlook_left_out` counts them)."""
    taken: set[str] = set()
    placed: list[tuple[str, PhoneData]] = []
    for phone in phones:
        if phone.primary and "Primary Phone" not in taken:
            taken.add("Primary Phone")
            placed.append(("Primary Phone", phone))
        candidates = (*_OUTLOOK_PHONE_SLOTS[phone.kind], *_OUTLOOK_ANY_PHONE)
        column = next((c for c in candidates if c not in taken), None)
        if column is not None:
            taken.add(column)
            placed.append((column, phone))
    return placed


def outlook_left_out(rows: Iterable[ContactRow], options: ExportOptions) -> str:
    """What the Outlook layout has no column for, in a sentence; ``""`` when all fit."""
    phones = emails = people = 0
    for row in rows:
        chosen = shared_phones(row, options)
        placed = {id(p) for _, p in outlook_phone_columns(chosen)}
        lost_phones = sum(1 for p in chosen if id(p) not in placed)
        lost_emails = max(0, len(shared_emails(row, options)) - OUTLOOK_EMAILS)
        phones, emails = phones + lost_phones, emails + lost_emails
        people += bool(lost_phones or lost_emails)
    if not people:
        return ""
    lost = [
        plural(phones, "telefonnummer", "telefonnumre") if phones else "",
        plural(emails, "e-postadresse", "e-postadresser") if emails else "",
    ]
    return (
        f"Outlook har plass til {OUTLOOK_EMAILS} e-postadresser og "
        f"{len(_OUTLOOK_ANY_PHONE)} telefonnumre per kontakt: "
        f"{' og '.join(t for t in lost if t)} hos {plural(people, 'kontakt', 'kontakter')} "
        "ble ikke med i fila."
    )


Quoting = Literal[0, 1, 2, 3]  # csv.QUOTE_*
Layout = tuple[list[str], Callable[[ContactRow, ExportOptions], dict[str, str]], Quoting, str]

# Encodings, per program (æøå, and Sami and other names no code page holds):
# - Outlook for Windows reads a CSV in the system's ANSI code page (cp1252 in
#   Norway) unless a byte order mark says UTF-8 (Microsoft's advice for other
#   languages is to save as «CSV UTF-8», which has one); Outlook on the web reads
#   UTF-8 and skips the mark. This is also the CSV people open in Excel, which
#   without the mark reads cp1252 on Windows and Mac Roman on a Mac («Ã˜» for
#   «Ø»). A code page instead would lose every name outside it («Áltá», «Łukasz»).
#   So: UTF-8 with BOM.
# - Google Contacts writes its CSV as UTF-8 without a mark and reads UTF-8; a mark
#   risks sticking to the first header («\ufeffFirst Name») in tools that follow
#   Google's own layout. So: UTF-8 as Google writes it.
GOOGLE: Layout = (GOOGLE_HEADERS, google_cells, csv.QUOTE_MINIMAL, "utf-8")
OUTLOOK: Layout = (OUTLOOK_HEADERS, outlook_cells, csv.QUOTE_ALL, "utf-8-sig")


def csv_steps(
    rows: Iterable[ContactRow], target: Path, layout: Layout, options: ExportOptions
) -> Iterator[int]:
    """Write the contacts in a layout (:data:`GOOGLE` or :data:`OUTLOOK`), atomically,
    yielding how many are written so far."""
    headers, cells, quoting, encoding = layout
    with atomic_path(target) as tmp, tmp.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, quoting=quoting, lineterminator="\r\n")
        writer.writerow(headers)
        n = 0
        for n, row in enumerate(rows, 1):
            values = cells(row, options)
            writer.writerow([csv_safe(values.get(h, "")) for h in headers])
            if n % 1000 == 0:
                yield n
    yield n
