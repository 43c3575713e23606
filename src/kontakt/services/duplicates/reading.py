"""The live contacts' names, places, e-mails and phones, read in bulk with plain SQL.

No ORM objects: 100,000 contacts come as a few lists of tuples (about 0.3 s
and some tens of MB), which is what finding duplicates in the whole list needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection

from kontakt.services.importing.duplicates import fetch_all

_CONTACTS_SQL = (
    "SELECT id, uid, given_name, family_name, municipality_number, organisation"
    " FROM contact WHERE deleted_at IS NULL ORDER BY id"
)
_EMAILS_SQL = "SELECT contact_id, address FROM contact_email ORDER BY contact_id, position"
_PHONES_SQL = "SELECT contact_id, number FROM contact_phone ORDER BY contact_id, position"


@dataclass
class People:
    """Live contacts in the order stored (by id); person ``i`` is index ``i`` of each list."""

    uids: list[str] = field(default_factory=list)
    given: list[str] = field(default_factory=list)
    family: list[str] = field(default_factory=list)
    municipality: list[str | None] = field(default_factory=list)
    organisation: list[str] = field(default_factory=list)
    emails: list[list[str]] = field(default_factory=list)
    phones: list[list[str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.uids)

    def name(self, i: int) -> str:
        """Person ``i``'s given and family name."""
        return f"{self.given[i]} {self.family[i]}".strip()


def read_people(conn: Connection) -> People:
    """Every live contact (not those in the trash), with their e-mails and phones."""
    people = People()
    index: dict[int, int] = {}
    for n, (cid, uid, given, family, muni, org) in enumerate(fetch_all(conn, _CONTACTS_SQL)):
        index[cid] = n
        people.uids.append(uid)
        people.given.append(given or "")
        people.family.append(family or "")
        people.municipality.append(muni or None)
        people.organisation.append(org or "")
        people.emails.append([])
        people.phones.append([])
    for sql, lists in ((_EMAILS_SQL, people.emails), (_PHONES_SQL, people.phones)):
        for cid, value in fetch_all(conn, sql):
            at = index.get(cid)
            if at is not None and value:  # a trashed contact's are left out
                lists[at].append(value)
    return people
