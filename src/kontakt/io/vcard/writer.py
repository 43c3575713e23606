"""Writing contacts as vCard 3.0 (RFC 2426) or 4.0 (RFC 6350).

A small hand-written serialiser: vobject's takes about 16 s for 50,000
contacts, this one well under a second (``bench/bench_vcard.py``). Output is
UTF-8 with CRLF line ends, lines folded at 75 octets, one card after another.

Which data goes out is decided by :class:`VCardOptions`: notes and private
(home) e-mail addresses and phone numbers only when asked for, since a vCard
file is easily passed on.

The place is an ADR with the municipality as locality and the county as
region (country «Norge»), which every address book shows. What only Kontakt
uses goes in X- properties (RFC 6350 6.10: kept and ignored by others;
vobject and khard keep them): ``X-KONTAKT-RESERVED:TRUE`` for a person who
asked for no e-mail, and one ``X-KONTAKT-ROLE`` per role in
:mod:`kontakt.domain.role_text`'s shape. The reader takes both back.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO, Literal, TextIO, TypeVar, cast

from kontakt.domain.records import ContactRow, EmailData, EmailKind, PhoneData, PhoneKind
from kontakt.domain.role_text import role_line
from kontakt.io.vcard.escape import escape_text, fold_line

__all__ = [
    "PRODID",
    "RESERVED",
    "ROLE",
    "VCardOptions",
    "VCardVersion",
    "vcard_text",
    "write_vcards",
]

VCardVersion = Literal["3.0", "4.0"]

PRODID = "-//Kontakt//Kontakt//NB"
"""The PRODID every written card carries."""

RESERVED = "X-KONTAKT-RESERVED"
"""``TRUE`` on the card of a person who asked for no e-mail."""

ROLE = "X-KONTAKT-ROLE"
"""One role (verv), as :func:`kontakt.domain.role_text.role_line` writes it."""

_Item = TypeVar("_Item", EmailData, PhoneData)
_BATCH = 1000  # cards joined and written at a time
_E164 = re.compile(r"\+?[0-9]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")

_EMAIL_TYPES_30 = {EmailKind.JOBB: "INTERNET,WORK", EmailKind.PRIVAT: "INTERNET,HOME"}
_EMAIL_TYPES_40 = {EmailKind.JOBB: "work", EmailKind.PRIVAT: "home"}
_PHONE_TYPES_30 = {PhoneKind.MOBIL: "CELL", PhoneKind.JOBB: "WORK", PhoneKind.PRIVAT: "HOME"}
_PHONE_TYPES_40 = {PhoneKind.MOBIL: "cell", PhoneKind.JOBB: "work", PhoneKind.PRIVAT: "home"}


@dataclass(frozen=True, slots=True)
class VCardOptions:
    """What to write.

    Attributes:
        version: ``"3.0"`` (read by everything) or ``"4.0"``.
        include_notes: Write the contact's notes as NOTE.
        include_private: Write phone numbers of kind *privat* (vCard HOME); left
            out by default. E-mail addresses are always written (as in every
            export: they are how the network reaches people).
        include_county: Add the county's name to CATEGORIES after the topics.
    """

    version: VCardVersion = "3.0"
    include_notes: bool = False
    include_private: bool = False
    include_county: bool = True


DEFAULT_OPTIONS = VCardOptions()


def vcard_text(row: ContactRow, options: VCardOptions = DEFAULT_OPTIONS) -> str:
    """One contact as a vCard, from BEGIN:VCARD to END:VCARD.

    Args:
        row: The contact.
        options: What to include and which vCard version to write.

    Returns:
        The card's text with CRLF after every line (the last one included),
        lines folded at 75 octets of UTF-8.
    """
    if options.version == "4.0":
        return _card_40(row, options)
    if options.version == "3.0":
        return _card_30(row, options)
    raise ValueError(f"unsupported vCard version: {options.version!r}")


def write_vcards(
    rows: Iterable[ContactRow],
    out: BinaryIO | TextIO,
    options: VCardOptions = DEFAULT_OPTIONS,
) -> int:
    """Write contacts as vCards to a stream, one card after another.

    The rows are consumed lazily and written in batches, so an iterator over
    a large search result never has to be a list.

    Args:
        rows: The contacts, in the order wanted in the file.
        out: A binary stream (gets UTF-8) or a text stream. A text stream must
            be UTF-8 (or have no encoding, like ``io.StringIO``) and should be
            opened with ``newline=""``, or the CRLF line ends are translated.
        options: What to include and which vCard version to write.

    Returns:
        The number of cards written.

    Raises:
        ValueError: If ``out`` is a text stream with an encoding other than UTF-8.
    """
    if options.version not in ("3.0", "4.0"):
        raise ValueError(f"unsupported vCard version: {options.version!r}")
    card = _card_40 if options.version == "4.0" else _card_30
    text = isinstance(out, io.TextIOBase)
    if text:
        encoding = getattr(out, "encoding", None)
        if encoding and codecs.lookup(encoding).name != "utf-8":
            raise ValueError(f"vCard files are UTF-8; the stream's encoding is {encoding}")
    count = 0
    batch: list[str] = []
    for row in rows:
        batch.append(card(row, options))
        if len(batch) == _BATCH:
            _flush(out, batch, text)
            count += len(batch)
            batch = []
    if batch:
        _flush(out, batch, text)
        count += len(batch)
    return count


def _flush(out: BinaryIO | TextIO, batch: list[str], text: bool) -> None:
    chunk = "".join(batch)
    if text:
        cast(TextIO, out).write(chunk)
    else:
        cast(BinaryIO, out).write(chunk.encode("utf-8"))


# -- the two versions ---------------------------------------------------------------------


def _card_30(row: ContactRow, options: VCardOptions) -> str:
    lines = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:" + PRODID]
    if row.uid:
        lines.append("UID:" + escape_text(row.uid))
    _names(lines, row)
    emails = _chosen(row.emails, options, None)
    for email, preferred in emails:
        types = _EMAIL_TYPES_30.get(email.kind, "INTERNET")
        if preferred:
            types += ",PREF"
        lines.append(f"EMAIL;TYPE={types}:{escape_text(email.address)}")
    for phone, preferred in _chosen(row.phones, options, PhoneKind.PRIVAT):
        kind = _PHONE_TYPES_30.get(phone.kind, "")
        types = f"{kind},PREF" if kind and preferred else kind or ("PREF" if preferred else "")
        params = f";TYPE={types}" if types else ""
        lines.append(f"TEL{params}:{escape_text(phone.number)}")
    _common(lines, row, options)
    if row.updated_at is not None:
        lines.append("REV:" + _utc(row.updated_at).strftime("%Y-%m-%dT%H:%M:%SZ"))
    lines.append("END:VCARD\r\n")
    return "\r\n".join(map(fold_line, lines))


def _card_40(row: ContactRow, options: VCardOptions) -> str:
    lines = ["BEGIN:VCARD", "VERSION:4.0", "PRODID:" + PRODID]
    if row.uid:
        lines.append("UID:" + _uid_40(row.uid))
    _names(lines, row)
    for email, preferred in _chosen(row.emails, options, None):
        kind = _EMAIL_TYPES_40.get(email.kind)
        params = (f";TYPE={kind}" if kind else "") + (";PREF=1" if preferred else "")
        lines.append(f"EMAIL{params}:{escape_text(email.address)}")
    for phone, preferred in _chosen(row.phones, options, PhoneKind.PRIVAT):
        kind = _PHONE_TYPES_40.get(phone.kind)
        params = (f";TYPE={kind}" if kind else "") + (";PREF=1" if preferred else "")
        if _E164.fullmatch(phone.number):
            lines.append(f"TEL;VALUE=uri{params}:tel:{phone.number}")
        else:
            lines.append(f"TEL{params}:{escape_text(phone.number)}")
    _common(lines, row, options)
    if row.updated_at is not None:
        lines.append("REV:" + _utc(row.updated_at).strftime("%Y%m%dT%H%M%SZ"))
    lines.append("END:VCARD\r\n")
    return "\r\n".join(map(fold_line, lines))


# -- shared parts -------------------------------------------------------------------------


def _names(lines: list[str], row: ContactRow) -> None:
    family = escape_text(row.family_name)
    given = escape_text(row.given_name)
    lines.append(f"N:{family};{given};;;")
    lines.append("FN:" + escape_text(_display_name(row)))


def _display_name(row: ContactRow) -> str:
    """FN is required: the full name, else the organisation, e-mail or phone number."""
    return (
        row.full_name
        or row.organisation
        or row.primary_email
        or row.primary_phone
        or row.uid
        or "Uten navn"
    )


def _common(lines: list[str], row: ContactRow, options: VCardOptions) -> None:
    if row.municipality or row.county:
        locality = escape_text(row.municipality.name) if row.municipality else ""
        region = escape_text(row.county.name) if row.county else ""
        lines.append(f"ADR:;;;{locality};{region};;Norge")
    if row.organisation:
        lines.append("ORG:" + escape_text(row.organisation))
    if row.title:
        lines.append("TITLE:" + escape_text(row.title))
    lines.extend(f"{ROLE}:{escape_text(role_line(role))}" for role in row.roles)
    if row.opted_out:
        lines.append(f"{RESERVED}:TRUE")
    categories = _categories(row, options)
    if categories:
        lines.append("CATEGORIES:" + ",".join(map(escape_text, categories)))
    if options.include_notes and row.notes:
        lines.append("NOTE:" + escape_text(row.notes))


def _categories(row: ContactRow, options: VCardOptions) -> list[str]:
    """The topics, then the county's name; empty and repeated names left out."""
    names = list(row.topics)
    if options.include_county and row.county is not None:
        names.append(row.county.name)
    seen: set[str] = set()
    unique: list[str] = []
    for name in names:
        key = name.strip().casefold()
        if key and key not in seen:
            seen.add(key)
            unique.append(name.strip())
    return unique


def _chosen(
    items: tuple[_Item, ...], options: VCardOptions, private: PhoneKind | None
) -> list[tuple[_Item, bool]]:
    """The items to write, the preferred one first, each with whether it is preferred.

    The preferred item is the one marked primary, else the first written.
    """
    if private is not None and not options.include_private:
        items = tuple(item for item in items if item.kind != private)
    if not items:
        return []
    first = next((i for i, item in enumerate(items) if item.primary), 0)
    ordered = [(items[first], True)]
    ordered.extend((item, False) for i, item in enumerate(items) if i != first)
    return ordered


def _uid_40(uid: str) -> str:
    """A UUID as RFC 6350 recommends (``urn:uuid:...``, as written); any other uid as text."""
    if _UUID.fullmatch(uid):
        return "urn:uuid:" + uid
    return escape_text(uid)


def _utc(moment: dt.datetime) -> dt.datetime:
    """A timestamp in UTC; a naive one (as SQLite gives them back) already is UTC."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC)
