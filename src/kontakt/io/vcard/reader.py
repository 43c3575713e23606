"""Reading .vcf files (vCard 2.1, 3.0 and 4.0) into plain contact records.

Each card goes through the repair pre-pass (:mod:`~kontakt.io.vcard.repair`)
and is then parsed by vobject on its own, so a broken card is reported and
skipped while the others are read. The result is one :class:`VCardContact`
per readable card and one :class:`CardProblem` per card that was skipped or
needed a warning, each naming the card's number and line in Norwegian.

A file that is no vCard file at all (or cannot be read) raises
:class:`~kontakt.io.importers.raw.ImportRefused`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vobject

from kontakt.domain.records import ContactDraft, EmailData, EmailKind, PhoneData, PhoneKind
from kontakt.io.importers.raw import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportRefused,
    file_label,
    format_count,
)
from kontakt.io.importers.safety import unreadable
from kontakt.io.vcard.kontakt_fields import kontakt_fields
from kontakt.io.vcard.lines import OversizedVCard
from kontakt.io.vcard.repair import Repair, RepairedCard, decode_container, repair_cards

__all__ = [
    "MAX_CARDS",
    "CardProblem",
    "VCardContact",
    "VCardFile",
    "read_vcard_bytes",
    "read_vcard_file",
]

MAX_CARDS = MAX_ROWS
"""Largest number of cards read from one file (as many as rows from a sheet)."""

_URN_UUID = re.compile(r"^urn:uuid:", re.IGNORECASE)
_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
_TEL_URI = re.compile(r"^tel:", re.IGNORECASE)
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_BEGIN = re.compile(rb"BEGIN[ \t]*:[ \t]*VCARD", re.IGNORECASE)

# Words in Apple/Google X-ABLabel texts, lower case, and the kind they mean.
_MOBILE_LABELS = ("mobil", "mobile", "cell", "iphone")
_WORK_LABELS = ("work", "jobb", "arbeid", "kontor")
_HOME_LABELS = ("home", "hjem", "privat", "private")


@dataclass(frozen=True, slots=True)
class VCardContact:
    """What one card holds that Kontakt can use.

    Attributes:
        card: 1-based number of the card in the file.
        line: 1-based line number of its BEGIN:VCARD.
        version: The vCard version the card declares (``""`` if none).
        uid: UID without a ``urn:uuid:`` prefix; ``""`` if none.
        formatted_name: FN as written (``""`` if none).
        given_name: Given and additional (middle) names from N, else from FN.
        family_name: Family name from N, else the last word of FN.
        emails: E-mail addresses as written (not validated), the preferred
            one first and marked ``primary``; kinds from TYPE or the label.
        phones: Phone numbers as written (``tel:`` removed, not normalised),
            the preferred one first and marked ``primary``. Fax numbers are
            left out.
        organisation: The first ORG's name.
        departments: The first ORG's units below the name.
        title: TITLE.
        categories: CATEGORIES, every occurrence, repeats left out.
        note: NOTE (several joined by a blank line).
        repairs: What the repair pre-pass dealt with in this card.
        locality: The first Norwegian (or country-less) ADR's locality (city).
        region: That ADR's region (Kontakt writes the county there).
        roles: Kontakt's X-KONTAKT-ROLE lines, as written.
        reserved: True when X-KONTAKT-RESERVED says so (the person asked for no e-mail).
        from_kontakt: The card was written by Kontakt (its PRODID).
    """

    card: int
    line: int
    version: str
    uid: str
    formatted_name: str
    given_name: str
    family_name: str
    emails: tuple[EmailData, ...]
    phones: tuple[PhoneData, ...]
    organisation: str
    departments: tuple[str, ...]
    title: str
    categories: tuple[str, ...]
    note: str
    repairs: frozenset[Repair]
    locality: str = ""
    region: str = ""
    roles: tuple[str, ...] = ()
    reserved: bool = False
    from_kontakt: bool = False

    def to_draft(self, county_names: Iterable[str] = ()) -> ContactDraft:
        """The card as a contact draft: the categories become topics.

        Args:
            county_names: Names of the counties. Kontakt's own export puts the
                county's name among the categories; the first category that
                is a county's name (case ignored) becomes the draft's county
                instead of a topic.

        Returns:
            A draft with raw values, for the contact service to normalise.
        """
        counties = {name.casefold() for name in county_names}
        county = next((c for c in self.categories if c.casefold() in counties), "")
        if self.region.casefold() in counties:
            county = self.region
        return ContactDraft(
            given_name=self.given_name,
            family_name=self.family_name,
            emails=self.emails,
            phones=self.phones,
            organisation=self.organisation,
            title=self.title,
            county=county,
            notes=self.note,
            topics=tuple(c for c in self.categories if c.casefold() != county.casefold()),
            opted_out=self.reserved,
        )


@dataclass(frozen=True, slots=True)
class CardProblem:
    """Something wrong with one card, in Norwegian.

    Attributes:
        card: 1-based number of the card in the file.
        line: 1-based line number the message is about.
        message: The whole message, e.g. «Kort 3 (linje 41): mangler
            END:VCARD – hoppet over».
        skipped: True when the card was not read at all.
    """

    card: int
    line: int
    message: str
    skipped: bool

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class VCardFile:
    """Everything read from one .vcf file.

    Attributes:
        name: The file's name (for messages).
        cards: How many cards the file holds (read or not).
        contacts: The cards that could be read, in file order.
        problems: Skipped cards and warnings, in file order.
    """

    name: str
    cards: int
    contacts: tuple[VCardContact, ...]
    problems: tuple[CardProblem, ...]


def read_vcard_file(path: Path) -> VCardFile:
    """Read a .vcf file.

    Args:
        path: The file the user picked (any name ending: the content decides).

    Returns:
        The contacts and the problems found.

    Raises:
        ImportRefused: If the file is missing, unreadable, too large, holds no
            vCard at all or more than :data:`MAX_CARDS` cards.
    """
    path = Path(path)
    if path.is_dir():
        raise ImportRefused(f"{file_label(path)} er en mappe, ikke en fil.")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            megabytes = f"{size / 2**20:.1f}".replace(".", ",")
            raise ImportRefused(
                f"Fila {file_label(path)} er for stor ({megabytes} MB); grensen er "
                f"{MAX_FILE_BYTES // 2**20} MB."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from exc
    return read_vcard_bytes(data, path.name)


def read_vcard_bytes(data: bytes, name: str = "vCard") -> VCardFile:
    """Read vCards from the bytes of a file.

    Args:
        data: The whole file.
        name: The file's name, for messages.

    Returns:
        The contacts and the problems found.

    Raises:
        ImportRefused: If the data holds no vCard at all or more than
            :data:`MAX_CARDS` cards.
    """
    label = file_label(Path(name))
    if not data.strip():
        raise ImportRefused(f"Fila {label} er tom.")
    if _BEGIN.search(data) is None and _BEGIN.search(_as_utf8(data)) is None:
        raise ImportRefused(f"Fila {label} er ikke en vCard-fil (fant ingen BEGIN:VCARD).")
    contacts: list[VCardContact] = []
    problems: list[CardProblem] = []
    count = 0
    cards = repair_cards(data)
    while True:
        try:
            card = next(cards, None)
        except OversizedVCard as exc:
            where = f"kort {exc.card} (linje {exc.line})" if exc.card else f"linje {exc.line}"
            raise ImportRefused(
                f"Fila {label} blir ikke lest fordi den ser mistenkelig ut: {where}: {exc.what}."
            ) from None
        if card is None:
            break
        count += 1
        if count > MAX_CARDS:
            raise ImportRefused(
                f"Fila {label} har mer enn {format_count(MAX_CARDS)} kort; del den opp."
            )
        contact = _read_card(card, problems)
        if contact is not None:
            contacts.append(contact)
    if count == 0:
        raise ImportRefused(f"Fila {label} er ikke en vCard-fil (fant ingen BEGIN:VCARD).")
    return VCardFile(name=name, cards=count, contacts=tuple(contacts), problems=tuple(problems))


def _as_utf8(data: bytes) -> bytes:
    """The start of a UTF-16/32 file as UTF-8, to look for BEGIN:VCARD in it."""
    return decode_container(data[:4096])[0]


# -- one card -----------------------------------------------------------------------------


def _problem(card: RepairedCard, text: str, *, skipped: bool, line: int = 0) -> CardProblem:
    at = line or card.line
    return CardProblem(card.number, at, f"Kort {card.number} (linje {at}): {text}", skipped)


def _read_card(card: RepairedCard, problems: list[CardProblem]) -> VCardContact | None:
    """The card's contact, or None (with a problem added) when it cannot be used."""
    if card.ignored_lines:
        problems.append(_ignored_lines(card))
    if not card.complete:
        problems.append(_problem(card, "mangler END:VCARD – hoppet over", skipped=True))
        return None
    try:
        component = vobject.readOne(card.text, transform=True)
    except Exception:  # vobject raises many kinds; any of them means this card is unreadable
        problems.append(
            _problem(card, "kortet er skadet og kunne ikke leses – hoppet over", skipped=True)
        )
        return None
    contact = _contact(card, component)
    if not (contact.given_name or contact.family_name):
        if not (contact.emails or contact.phones or contact.organisation):
            problems.append(
                _problem(card, "har verken navn, e-post eller telefon – hoppet over", skipped=True)
            )
            return None
        problems.append(_problem(card, "mangler navn (verken N eller FN)", skipped=False))
    return contact


def _ignored_lines(card: RepairedCard) -> CardProblem:
    lines = card.ignored_lines
    total = max(card.ignored_count, len(lines))
    if total == 1:
        text = f"linje {lines[0]} er ikke vCard-data og ble ignorert"
    else:
        shown = [str(n) for n in lines[:10]]
        listed = ", ".join(shown[:-1]) + " og " + shown[-1] if len(shown) > 1 else shown[0]
        more = f" (og {total - len(shown)} til)" if total > len(shown) else ""
        text = f"linje {listed}{more} er ikke vCard-data og ble ignorert"
    return _problem(card, text, skipped=False, line=lines[0])


def _contact(card: RepairedCard, component: Any) -> VCardContact:
    labels = {
        line.group.lower(): _label(line.value)
        for line in component.getChildren()
        if line.name == "X-ABLABEL" and line.group
    }
    by_name: dict[str, list[Any]] = {}
    for line in component.getChildren():
        by_name.setdefault(line.name, []).append(line)

    formatted = _first_text(by_name.get("FN", ()))
    given, family = _name(by_name.get("N", ()), formatted)
    org = _org(by_name.get("ORG", ()))
    return VCardContact(
        card=card.number,
        line=card.line,
        version=card.version,
        uid=_URN_UUID.sub("", _first_text(by_name.get("UID", ()))),
        formatted_name=formatted,
        given_name=given,
        family_name=family,
        emails=_emails(by_name.get("EMAIL", ()), labels),
        phones=_phones(by_name.get("TEL", ()), labels),
        organisation=org[0] if org else "",
        departments=tuple(org[1:]),
        title=_first_text(by_name.get("TITLE", ())),
        categories=_categories(by_name.get("CATEGORIES", ())),
        note="\n\n".join(t for t in (_text(line.value) for line in by_name.get("NOTE", ())) if t),
        repairs=card.repairs,
        **kontakt_fields(by_name),
    )


def _text(value: Any) -> str:
    """A vobject value as one stripped string (a list is joined with commas)."""
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value if _text(v))
    return str(value).strip() if value is not None else ""


def _first_text(lines: Iterable[Any]) -> str:
    return next((t for t in (_text(line.value) for line in lines) if t), "")


def _words(value: Any) -> str:
    """One N component (a string or a list of strings) as words joined by spaces."""
    items = value if isinstance(value, list) else [value]
    return " ".join(s for s in (str(i).strip() for i in items) if s)


def _name(lines: Iterable[Any], formatted: str) -> tuple[str, str]:
    """(given, family) from the first N with a name in it, else split from FN."""
    for line in lines:
        name = line.value
        family = _words(name.family)
        given = " ".join(w for w in (_words(name.given), _words(name.additional)) if w)
        if given or family:
            return given, family
    return _split_formatted(formatted)


def _split_formatted(formatted: str) -> tuple[str, str]:
    """Split an FN: ``"Family, Given"`` or ``"Given ... Family"``; one word is a given name."""
    if not formatted:
        return "", ""
    if formatted.count(",") == 1:
        family, given = (p.strip() for p in formatted.split(","))
        if family and given:
            return given, family
    words = formatted.split()
    if len(words) == 1:
        return words[0], ""
    return " ".join(words[:-1]), words[-1]


def _org(lines: Iterable[Any]) -> list[str]:
    for line in lines:
        parts = line.value if isinstance(line.value, list) else [line.value]
        names = [_text(p) for p in parts]
        if any(names):
            return [n for n in names if n] if names[0] else ["", *[n for n in names if n]]
    return []


def _categories(lines: Iterable[Any]) -> tuple[str, ...]:
    seen: set[str] = set()
    result: list[str] = []
    for line in lines:
        values = line.value if isinstance(line.value, list) else [line.value]
        for value in values:
            name = _text(value)
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                result.append(name)
    return tuple(result)


def _label(value: Any) -> str:
    """An X-ABLabel as plain lower-case words: ``_$!<Mobile>!$_`` -> ``mobile``."""
    text = _text(value)
    match = _APPLE_LABEL.match(text)
    return (match.group(1) if match else text).lower()


def _types(line: Any, labels: dict[str, str]) -> tuple[set[str], str, int]:
    """(TYPE values in lower case, the group's label, preference rank: lower is preferred)."""
    types = {t.lower() for t in line.params.get("TYPE", [])}
    label = labels.get((line.group or "").lower(), "")
    pref = next((int(p) for p in line.params.get("PREF", []) if str(p).isdigit()), 0)
    if not pref and "pref" in types:
        pref = 1
    return types, label, pref or 1000


def _has(label: str, words: tuple[str, ...]) -> bool:
    return any(word in label for word in words)


def _emails(lines: Iterable[Any], labels: dict[str, str]) -> tuple[EmailData, ...]:
    found: list[tuple[int, int, str, EmailKind]] = []
    seen: set[str] = set()
    for order, line in enumerate(lines):
        address = _MAILTO.sub("", _text(line.value))
        if not address or address.casefold() in seen:
            continue
        seen.add(address.casefold())
        types, label, rank = _types(line, labels)
        if "work" in types or _has(label, _WORK_LABELS):
            kind = EmailKind.JOBB
        elif "home" in types or _has(label, _HOME_LABELS):
            kind = EmailKind.PRIVAT
        else:
            kind = EmailKind.ANNET
        found.append((rank, order, address, kind))
    found.sort()
    return tuple(
        EmailData(address, kind, primary=(i == 0 and rank < 1000))
        for i, (rank, _, address, kind) in enumerate(found)
    )


def _phones(lines: Iterable[Any], labels: dict[str, str]) -> tuple[PhoneData, ...]:
    found: list[tuple[int, int, str, PhoneKind]] = []
    seen: set[str] = set()
    for order, line in enumerate(lines):
        number = _text(line.value)
        if _TEL_URI.match(number):
            number = _TEL_URI.sub("", number).split(";", 1)[0].strip()
        if not number or number in seen:
            continue
        types, label, rank = _types(line, labels)
        if "fax" in types and not types & {"voice", "cell", "text"}:
            continue
        seen.add(number)
        if types & {"cell", "mobile", "iphone"} or _has(label, _MOBILE_LABELS):
            kind = PhoneKind.MOBIL
        elif "work" in types or _has(label, _WORK_LABELS):
            kind = PhoneKind.JOBB
        elif "home" in types or _has(label, _HOME_LABELS):
            kind = PhoneKind.PRIVAT
        else:
            kind = PhoneKind.ANNET
        found.append((rank, order, number, kind))
    found.sort()
    return tuple(
        PhoneData(number, kind, primary=(i == 0 and rank < 1000))
        for i, (rank, _, number, kind) in enumerate(found)
    )
