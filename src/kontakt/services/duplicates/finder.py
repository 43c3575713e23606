"""Find the duplicates already inside: pairs (and groups) of live contacts that may be one person.

Nothing is merged here: the secretary looks at each pair and merges it or
says «Ikke samme person», which is remembered so the pair is not proposed
again. Contacts in the trash are left out.
"""

from __future__ import annotations

from collections.abc import Generator

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.geography import Geography
from kontakt.errors import NotFoundError, ValidationError
from kontakt.services.duplicates import evidence
from kontakt.services.duplicates.model import DuplicatePair, Person
from kontakt.services.duplicates.reading import People, read_people
from kontakt.storage import not_duplicates
from kontakt.storage.models import Contact

Progress = Generator[tuple[int, int], None, list[DuplicatePair]]


class DuplicateFinder:
    """Finds possible duplicates in the whole database and remembers «not the same person».

    Args:
        sessions: The database's session factory.
        geography: Names the municipalities.
        actor: Who says «Ikke samme person» (recorded with the pair).
    """

    def __init__(
        self, sessions: sessionmaker[Session], geography: Geography, actor: str = ""
    ) -> None:
        self._sessions = sessions
        self._geography = geography
        self._actor = actor
        self._place_names: dict[str, str] = {}

    def find(self) -> list[DuplicatePair]:
        """Every pair that may be one person, grouped, strongest group first."""
        steps = self.steps()
        while True:
            try:
                next(steps)
            except StopIteration as stop:
                found: list[DuplicatePair] = stop.value
                return found

    def steps(self) -> Progress:
        """:meth:`find` as a generator yielding ``(done, total)`` for a progress bar."""
        with self._sessions() as session:
            conn = session.connection()
            people = read_people(conn)
            decided = not_duplicates.all_pairs(conn)
        names = evidence.folded_names(people)
        places = evidence.by_municipality(people, names)
        total = len(places) + 3
        yield 1, total
        found: evidence.Found = {}
        personal = evidence.personal_addresses(people)
        evidence.addresses_and_phones(people, personal, found)
        yield 2, total
        has_email = [False] * len(people)
        for i, _, _ in personal:
            has_email[i] = True
        for done, (number, in_place) in enumerate(places.items(), start=3):
            evidence.names_in_municipality(in_place, has_email, self._place_name(number), found)
            if done % 16 == 0:
                yield done, total
        evidence.names_and_organisations(people, names, found)
        pairs = self._pairs(people, found, decided)
        yield total, total
        return pairs

    def mark_not_duplicate(self, uid_1: str, uid_2: str) -> bool:
        """Remember that two contacts are different people; False if remembered already.

        Raises:
            ValidationError: Both uids are the same contact.
            NotFoundError: A uid names no contact.
        """
        if uid_1 == uid_2:
            raise ValidationError("En kontakt kan ikke være «ikke samme person» som seg selv.")
        with self._sessions.begin() as session:
            conn = session.connection()
            for uid in (uid_1, uid_2):
                if not _exists(conn, uid):
                    raise NotFoundError(f"Fant ingen kontakt med uid «{uid[:40]}».")
            return not_duplicates.add(session, uid_1, uid_2, self._actor)

    def unmark_not_duplicate(self, uid_1: str, uid_2: str) -> bool:
        """Undo :meth:`mark_not_duplicate`: the pair may be proposed again."""
        with self._sessions.begin() as session:
            return not_duplicates.remove(session, uid_1, uid_2)

    # -- assembling ---------------------------------------------------------------------

    def _place_name(self, number: str) -> str:
        name = self._place_names.get(number)
        if name is None:
            try:
                name = self._geography.municipality(number).name
            except NotFoundError:  # a number from before a merger of municipalities
                name = number
            self._place_names[number] = name
        return name

    def _person(self, people: People, i: int, values: tuple[list[str], list[str]]) -> Person:
        muni = people.municipality[i]
        return Person(
            uid=people.uids[i],
            given_name=people.given[i],
            family_name=people.family[i],
            emails=tuple(values[0]),
            phones=tuple(values[1]),
            municipality=(muni, self._place_name(muni)) if muni else None,
            organisation=people.organisation[i],
        )

    def _pairs(
        self, people: People, found: evidence.Found, decided: set[tuple[str, str]]
    ) -> list[DuplicatePair]:
        """The pairs not decided already, in groups, strongest first."""
        values = people.values_of({i for pair in found for i in pair})
        persons: dict[int, Person] = {}

        def person(i: int) -> Person:
            if i not in persons:
                persons[i] = self._person(people, i, values[i])
            return persons[i]

        pairs: list[DuplicatePair] = []
        for (i, j), kinds in found.items():
            if not_duplicates.ordered(people.uids[i], people.uids[j]) in decided:
                continue
            reasons = tuple(sorted(kinds.values(), key=lambda r: -r.evidence))
            pairs.append(DuplicatePair(person(i), person(j), reasons, 0))
        return grouped(pairs)


def _exists(conn: Connection, uid: str) -> bool:
    """True if a contact (live or in the trash) has this uid."""
    return conn.execute(select(Contact.id).where(Contact.uid == uid)).first() is not None


def grouped(pairs: list[DuplicatePair]) -> list[DuplicatePair]:
    """The pairs numbered by group (connected pairs), strongest group first.

    Within a group the pairs come strongest first; groups are ordered by their
    strongest pair, then by name.
    """
    parent: dict[str, str] = {}

    def root(uid: str) -> str:
        while parent.setdefault(uid, uid) != uid:
            parent[uid] = parent[parent[uid]]
            uid = parent[uid]
        return uid

    for p in pairs:
        parent[root(p.a.uid)] = root(p.b.uid)
    ordered = sorted(pairs, key=lambda p: (p.rank, p.a.name.casefold(), p.b.name.casefold()))
    numbers: dict[str, int] = {}
    for p in ordered:
        numbers.setdefault(root(p.a.uid), len(numbers) + 1)
    numbered = [DuplicatePair(p.a, p.b, p.reasons, numbers[root(p.a.uid)]) for p in ordered]
    numbered.sort(key=lambda p: p.group)  # stable: strongest first within each group
    return numbered
