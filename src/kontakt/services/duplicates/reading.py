"""The live contacts' names, places, e-mails and phones, read in bulk with plain SQL.

No ORM objects: 100,000 contacts come as a few lists (columns) of plain
values, about 0.4 s and some tens of MB, which is what finding duplicates
in the whole list needs. E-mails and phones stay flat ``(person, value)``
lists: most people are in no pair, so nobody needs their own list of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from kontakt.services.importing.duplicates import fetch_all

_CONTACTS_SQL = (
    "SELECT id, uid, given_name, family_name, municipality_number, organisation"
    " FROM contact WHERE deleted_at IS NULL ORDER BY id"
)
# Unordered: sorting 100,000 rows costs SQLite 0.04 s each; the few people in
# pairs get theirs in order in People.values_of.
_EMAILS_SQL = "SELECT contact_id, address, position FROM contact_email"
_PHONES_SQL = "SELECT contact_id, number, position FROM contact_phone"


@dataclass
class People:
    """Live contacts in the order stored (by id); person ``i`` is index ``i`` of each column.

    Attributes:
        emails: ``(person, address, position)``, in no order.
        phones: ``(person, number, position)``, in no order.
    """

    uids: list[str]
    given: list[str]
    family: list[str]
    municipality: list[str | None]
    organisation: list[str]
    emails: list[tuple[int, str, int]]
    phones: list[tuple[int, str, int]]

    def __len__(self) -> int:
        return len(self.uids)

    def name(self, i: int) -> str:
        """Person ``i``'s given and family name."""
        return f"{self.given[i]} {self.family[i]}".strip()

    def values_of(self, wanted: set[int]) -> dict[int, tuple[list[str], list[str]]]:
        """The e-mails and phones of some people, each in the order stored: person -> both."""
        found: dict[int, tuple[list[str], list[str]]] = {}
        for i in wanted:
            found[i] = ([], [])
        for column, values in ((0, self.emails), (1, self.phones)):
            held = sorted((i, position, value) for i, value, position in values if i in found)
            for i, _, value in held:
                found[i][column].append(value)
        return found


def read_people(conn: Connection) -> People:
    """Every live contact (not those in the trash), with their e-mails and phones."""
    rows = fetch_all(conn, _CONTACTS_SQL)
    ids: list[int] = [r[0] for r in rows]
    people = People(
        uids=[r[1] for r in rows],
        given=[r[2] or "" for r in rows],
        family=[r[3] or "" for r in rows],
        municipality=[r[4] or None for r in rows],
        organisation=[r[5] or "" for r in rows],
        emails=[],
        phones=[],
    )
    del rows
    index = {cid: n for n, cid in enumerate(ids)}

    def flat(sql: str) -> list[tuple[int, str, int]]:
        # A trashed contact's values (no index) and empty ones are left out.
        rows = fetch_all(conn, sql)
        return [(at, v, p) for cid, v, p in rows if (at := index.get(cid)) is not None and v]

    people.emails = flat(_EMAILS_SQL)
    people.phones = flat(_PHONES_SQL)
    return people
