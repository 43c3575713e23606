"""Find who a row already is: same e-mail, same phone, or a similar name in the same kommune.

A shared mailbox (postmottak@, post@, kontakt@ …) or a placeholder
("anonymous", "-") identifies nobody, so it never makes two people one.

A name is weaker evidence than an address: two people with personal e-mail
addresses that differ are two people, however alike their names. So a row
with an e-mail address is matched by name only against people who have none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, select

from kontakt.domain.text import fold
from kontakt.storage.models import Contact, ContactEmail, ContactPhone

SHARED_MAILBOXES = frozenset(
    {
        "post", "postmottak", "postkasse", "kontakt", "info", "firmapost", "servicetorget",
        "sentralbord", "sentralbordet", "admin", "administrasjon", "office", "mail", "epost",
        "sekretariat", "sekretariatet", "noreply", "no-reply", "donotreply", "resepsjon",
        "ekspedisjon", "kundeservice", "support", "hello", "hei", "styret", "leder",
    }
)  # fmt: skip
PLACEHOLDERS = frozenset(
    {"", "-", "--", "---", ".", "x", "xx", "n/a", "na", "nn", "ukjent", "ingen", "anonym",
     "anonymous", "test", "none", "null", "mangler"}
)  # fmt: skip
# Two folded names this similar (0-100) in one municipality are taken as one person.
NAME_SIMILARITY = 92


def identifying_email(address: str) -> bool:
    """False for shared mailboxes and placeholders that do not identify a person."""
    local = address.split("@", 1)[0].casefold()
    return local not in SHARED_MAILBOXES and local not in PLACEHOLDERS


def identifying_name(name: str) -> bool:
    """False for placeholder names ("-", "anonymous", "ukjent")."""
    return fold(name).strip() not in PLACEHOLDERS and len(fold(name).strip()) > 2


@dataclass(frozen=True, slots=True)
class Match:
    """A duplicate: the key of what it matches (a uid or "row:N") and why, in Norwegian."""

    key: str
    reason: str


class DuplicateIndex:
    """E-mails, phones and names of known people, for matching new rows against."""

    def __init__(self) -> None:
        self._emails: dict[str, str] = {}
        self._phones: dict[str, str] = {}
        self._names: dict[str | None, dict[str, str]] = defaultdict(dict)
        # The same, for people without an identifying e-mail address.
        self._names_without_email: dict[str | None, dict[str, str]] = defaultdict(dict)
        self._keys_with_email: set[str] = set()

    def add(
        self,
        key: str,
        emails: Iterable[str],
        phones: Iterable[str],
        name: str,
        municipality: str | None,
    ) -> None:
        """Remember a person under ``key`` (first one wins for each value)."""
        has_email = False
        for e in emails:
            if identifying_email(e):
                has_email = True
                self._keys_with_email.add(key)
                self._emails.setdefault(e.casefold(), key)
        for p in phones:
            self._phones.setdefault(p, key)
        if municipality and identifying_name(name):
            self._names[municipality].setdefault(fold(name), key)
            if not has_email:
                self._names_without_email[municipality].setdefault(fold(name), key)

    def find(
        self, emails: Iterable[str], phones: Iterable[str], name: str, municipality: str | None
    ) -> Match | None:
        """The first known person this one matches, or None."""
        emails = list(emails)
        for e in emails:
            if identifying_email(e) and e.casefold() in self._emails:
                return Match(self._emails[e.casefold()], f"samme e-post ({e})")
        for p in phones:
            if p in self._phones:
                return Match(self._phones[p], f"samme telefon ({p})")
        if not municipality or not identifying_name(name):
            return None
        with_email = any(identifying_email(e) for e in emails)
        people = (self._names_without_email if with_email else self._names).get(municipality)
        if not people:
            return None
        folded = fold(name)
        if folded in people:
            found = Match(people[folded], f"samme navn i samme kommune ({name})")
        else:
            best = process.extractOne(
                folded, people.keys(), scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY
            )
            if best is None:
                return None
            found = Match(people[best[0]], f"lignende navn i samme kommune ({best[0].title()})")
        # A person who has since been given an e-mail address is not matched by name
        # from a row with another address.
        if with_email and found.key in self._keys_with_email:
            return None
        return found


def index_of_database(conn: Connection) -> tuple[DuplicateIndex, dict[str, str]]:
    """An index of every live contact (keys are uids), and uid -> full name for messages."""
    index = DuplicateIndex()
    ids: dict[int, tuple[str, str, str | None]] = {}
    for cid, uid, given, family, municipality in conn.execute(
        select(
            Contact.id,
            Contact.uid,
            Contact.given_name,
            Contact.family_name,
            Contact.municipality_number,
        ).where(Contact.deleted_at.is_(None))
    ):
        ids[cid] = (uid, f"{given} {family}".strip(), municipality)
    emails: dict[int, list[str]] = defaultdict(list)
    for cid, address in conn.execute(select(ContactEmail.contact_id, ContactEmail.address)):
        emails[cid].append(address)
    phones: dict[int, list[str]] = defaultdict(list)
    for cid, number in conn.execute(select(ContactPhone.contact_id, ContactPhone.number)):
        phones[cid].append(number)
    names = {}
    for cid, (uid, name, municipality) in ids.items():
        index.add(uid, emails.get(cid, ()), phones.get(cid, ()), name, municipality)
        names[uid] = name
    return index, names
