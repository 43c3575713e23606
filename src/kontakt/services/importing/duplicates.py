"""Find who a row already is: same e-mail, same phone, or a similar name in the same kommune.

A shared mailbox (postmottak@, post@, kontakt@ …) or a placeholder
("anonymous", "-") identifies nobody, so it never makes two people one
(the rules in :mod:`kontakt.domain.duplicate_rules`, shared with the finder
of duplicates already inside, :mod:`kontakt.services.duplicates`).

A name is weaker evidence than an address: two people with personal e-mail
addresses that differ are two people, however alike their names. So a row
with an e-mail address is matched by name only against people who have none.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Connection

from kontakt.domain.duplicate_rules import NAME_SIMILARITY, identifying_email, identifying_name
from kontakt.domain.text import fold
from kontakt.services.importing.model import RowPlan


@dataclass(frozen=True, slots=True)
class Match:
    """A duplicate: the key of what it matches (a uid or "row:N") and why, in Norwegian."""

    key: str
    reason: str


Personal = list[tuple[str, str]]
"""A person's identifying e-mail addresses: (casefolded, as written) pairs."""


def personal(emails: Iterable[str]) -> Personal:
    """The addresses that identify a person (no shared mailboxes), casefolded for matching."""
    return [(e.casefold(), e) for e in emails if identifying_email(e)]


class DuplicateIndex:
    """E-mails, phones and names of known people, for matching new rows against.

    Names are folded and indexed per municipality only when a row from that
    municipality asks: a file seldom needs the names of all 100,000 people.
    """

    def __init__(self) -> None:
        # Identifying e-mail (casefolded) or phone -> key of the first person with it
        self._emails: dict[str, str] = {}
        self._phones: dict[str, str] = {}
        # municipality -> (name, key, has an identifying e-mail), in the order added
        self._people: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
        # (municipality, only people without e-mail) -> folded name -> key (first one wins)
        self._names: dict[tuple[str, bool], dict[str, str]] = {}
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
        self.add_personal(key, personal(emails), phones, name, municipality)

    def add_personal(
        self, key: str, emails: Personal, phones: Iterable[str], name: str, municipality: str | None
    ) -> None:
        """:meth:`add` with the identifying addresses picked out already (:func:`personal`)."""
        if emails:
            self._keys_with_email.add(key)
            for folded, _ in emails:
                self._emails.setdefault(folded, key)
        for p in phones:
            self._phones.setdefault(p, key)
        if municipality and identifying_name(name):
            has_email = bool(emails)
            self._people[municipality].append((name, key, has_email))
            for without_email in (False, True) if self._names else ():
                names = self._names.get((municipality, without_email))
                if names is not None and not (without_email and has_email):
                    names.setdefault(fold(name), key)

    def fill(
        self,
        people: Sequence[tuple[str, str, str | None]],
        emails: Sequence[tuple[str, str]],
        phones: Sequence[tuple[str, str]],
    ) -> None:
        """Remember many people at once, into an empty index: as :meth:`add` for each
        person in turn, in a few passes instead of one call per person.

        Args:
            people: (key, name, municipality) in the order :meth:`add` would see them.
            emails: (key, address) in the same order of people.
            phones: (key, number) in the same order of people.
        """
        # Reversed, so that the first one's entry is written last and wins. A shared
        # mailbox is kept too: find() never looks one up.
        self._emails = {e.casefold(): key for key, e in reversed(emails)}
        self._phones = {p: key for key, p in reversed(phones)}
        self._keys_with_email = {key for key, e in emails if identifying_email(e)}
        with_email = self._keys_with_email
        for key, name, municipality in people:
            if municipality and identifying_name(name):
                self._people[municipality].append((name, key, key in with_email))

    def _names_in(self, municipality: str, without_email: bool) -> dict[str, str]:
        """Folded name -> key of the people in a municipality (only those without e-mail)."""
        names = self._names.get((municipality, without_email))
        if names is None:
            names = {}
            for name, key, has_email in self._people.get(municipality, ()):
                if not (without_email and has_email):
                    names.setdefault(fold(name), key)
            self._names[(municipality, without_email)] = names
        return names

    def find(
        self, emails: Iterable[str], phones: Iterable[str], name: str, municipality: str | None
    ) -> Match | None:
        """The first known person this one matches, or None."""
        return self.find_personal(personal(emails), phones, name, municipality)

    def find_personal(
        self, emails: Personal, phones: Iterable[str], name: str, municipality: str | None
    ) -> Match | None:
        """:meth:`find` with the identifying addresses picked out already (:func:`personal`)."""
        for folded, e in emails:
            key = self._emails.get(folded)
            if key is not None:
                return Match(key, f"samme e-post ({e})")
        for p in phones:
            key = self._phones.get(p)
            if key is not None:
                return Match(key, f"samme telefon ({p})")
        if not municipality or not identifying_name(name):
            return None
        with_email = bool(emails)
        people = self._names_in(municipality, without_email=with_email)
        if not people:
            return None
        folded_name = fold(name)
        if folded_name in people:
            found = Match(people[folded_name], f"samme navn i samme kommune ({name})")
        else:
            best = process.extractOne(
                folded_name, people.keys(), scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY
            )
            if best is None:
                return None
            found = Match(people[best[0]], f"lignende navn i samme kommune ({best[0].title()})")
        # A person who has since been given an e-mail address is not matched by name
        # from a row with another address.
        if with_email and found.key in self._keys_with_email:
            return None
        return found


_CONTACTS_SQL = (
    "SELECT id, uid, given_name, family_name, municipality_number, version FROM contact"
    " WHERE deleted_at IS NULL"
)
_EMAILS_SQL = "SELECT contact_id, address FROM contact_email"
_PHONES_SQL = "SELECT contact_id, number FROM contact_phone"
# Contacts indexed by id are looked up this many at a time.
_ID_CHUNK = 500


def fetch_all(conn: Connection, sql: str) -> list[Any]:
    """``sql``'s rows as plain tuples."""
    # Through the DB-API cursor: 300,000 rows through SQLAlchemy's result objects
    # cost about 0.3 s more.
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _fetch_for(conn: Connection, sql: str, column: str, ids: Sequence[int] | None) -> list[Any]:
    """``sql``'s rows, or only those whose ``column`` is one of ``ids`` (in chunks)."""
    if ids is None:
        return fetch_all(conn, sql)
    joiner = " AND " if " WHERE " in sql else " WHERE "
    rows: list[Any] = []
    for start in range(0, len(ids), _ID_CHUNK):
        # The ids are the database's own integers: written into the text, they
        # spare a parameter style per driver.
        listed = ",".join(str(int(i)) for i in ids[start : start + _ID_CHUNK])
        rows += fetch_all(conn, f"{sql}{joiner}{column} IN ({listed})")
    return rows


@dataclass
class StoredPeople:
    """The database's people as the duplicate check saw them.

    Attributes:
        index: Their e-mails, phones and names (keys are uids).
        names: uid -> full name, for messages.
        versions: Each contact indexed as ``id << 32 | version``, to tell later
            who changed since (0.8 MB for 100,000 contacts).
        fingerprint: Count, largest id, sum of ids and sum of versions of the
            contacts indexed; of all live contacts, what :data:`LIVE_FINGERPRINT_SQL`
            gives. Adding, changing, trashing or restoring a contact changes it.
    """

    index: DuplicateIndex
    names: dict[str, str]
    versions: array[int]
    fingerprint: tuple[int, int, int, int]


LIVE_FINGERPRINT_SQL = (
    "SELECT count(*), coalesce(max(id), 0), coalesce(sum(id), 0), coalesce(sum(version), 0)"
    " FROM contact WHERE deleted_at IS NULL"
)


def version_mark(contact_id: int, version: int) -> int:
    """A contact's id and version in one 64-bit number."""
    return contact_id << 32 | (version & 0xFFFFFFFF)


def index_of_database(conn: Connection, ids: Sequence[int] | None = None) -> StoredPeople:
    """An index of every live contact (or of the live contacts with these ids)."""
    # The contacts first: on PostgreSQL each query sees the database as it is
    # then, and a contact changed after this one is seen with its old version,
    # so that applying the import looks at it again.
    people = _fetch_for(conn, _CONTACTS_SQL, "id", ids)
    people.sort()  # by id: first one wins, in the table's order
    uid_of = {row[0]: row[1] for row in people}

    def in_order(sql: str) -> list[tuple[str, str]]:
        # (uid, value) of the live people, by id as the people, each person's
        # in the order stored (the sort is stable)
        rows = _fetch_for(conn, sql, "contact_id", ids)
        rows.sort(key=itemgetter(0))
        return [(uid, value) for cid, value in rows if (uid := uid_of.get(cid)) is not None]

    emails = in_order(_EMAILS_SQL)
    phones = in_order(_PHONES_SQL)
    index = DuplicateIndex()
    names = {uid: f"{given} {family}".strip() for _, uid, given, family, _, _ in people}
    index.fill([(row[1], names[row[1]], row[4]) for row in people], emails, phones)
    versions = array("q", [version_mark(row[0], row[5]) for row in people])
    ids = [row[0] for row in people]
    version_sum = sum(row[5] for row in people)
    mark = (len(ids), max(ids, default=0), sum(ids), version_sum)
    return StoredPeople(index, names, versions, mark)


class RowMarker:
    """Marks planned rows, in file order, that match a stored contact or an earlier row.

    Args:
        stored: The database's people (keys are uids).
        names: uid -> full name, for messages.
    """

    def __init__(self, stored: DuplicateIndex, names: dict[str, str]) -> None:
        self._stored = stored
        self._names = names
        self._in_file = DuplicateIndex()
        self._first_row_of: dict[str, int] = {}  # stored uid -> first row matching it

    def mark(self, plan: RowPlan) -> RowPlan:
        """The row with its duplicate fields set; rows must come in file order."""
        if plan.clean is None:
            return plan.with_duplicate(None, None, "")
        d = plan.clean.draft
        emails = personal(e.address for e in d.emails)
        phones = [p.number for p in d.phones]
        name = f"{d.given_name} {d.family_name}"
        muni = plan.clean.municipality_number
        of: str | None = None
        row: int | None = None
        reason = ""
        match = self._stored.find_personal(emails, phones, name, muni)
        if match is not None:
            of = match.key
            reason = f"Finnes fra før: {self._names.get(match.key, '')}, {match.reason}"
            first = self._first_row_of.setdefault(match.key, plan.row)
            if first != plan.row:
                reason += f" (samme person som rad {first})"
        else:
            earlier = self._in_file.find_personal(emails, phones, name, muni)
            if earlier is not None:
                row = int(earlier.key.split(":")[1])
                reason = f"Samme person som rad {row}, {earlier.reason}"
        # A repeat is filed under the row it repeats: one person, all their details.
        key = f"row:{row}" if row else f"row:{plan.row}"
        self._in_file.add_personal(key, emails, phones, name, muni)
        return plan.with_duplicate(of, row, reason)
