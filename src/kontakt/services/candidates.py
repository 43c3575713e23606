"""Candidates for an election (issue 22): who stands where, and «Marker valgte».

A candidate is a contact with a role of kind «kandidat» for a municipality or
a county. :meth:`CandidateService.candidates` lists them for a place (the
command line's ``candidates list``, the Kandidatpakke, and phase 2's «who
could fill this empty cell»). :meth:`CandidateService.mark_elected` records
the result after the election: the elected get a folkevalgt role for the
2027–2031 term and their candidate role's result «valgt»; the others «ikke
valgt». It is one change in the audit log (one change id), undone as one.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.candidates import ELECTED, NOT_ELECTED, elected_role, is_county_election
from kontakt.domain.geography import Geography
from kontakt.domain.records import CleanContact, ContactRow, Place, RoleData, RoleKind
from kontakt.domain.text import clean, fold
from kontakt.errors import ValidationError
from kontakt.services.audit import ContactAudit
from kontakt.storage.contact_repository import ContactRepository
from kontakt.storage.models import Contact, Role


@dataclass(frozen=True, slots=True)
class CandidatePlace:
    """A municipality or a county whose candidates are meant.

    Attributes:
        place: The municipality or county (number and official name).
        county: True for a county, False for a municipality.
        county_number: The county's number (a municipality's county).
    """

    place: Place
    county: bool
    county_number: str

    @property
    def name(self) -> str:
        """The official name, e.g. «Bergen» or «Vestland»."""
        return self.place.name


@dataclass(frozen=True, slots=True)
class Candidate:
    """One candidacy: the contact and the candidate role.

    Attributes:
        row: The contact.
        role: The candidate role.
        index: The role's position among the contact's roles.
    """

    row: ContactRow
    role: RoleData
    index: int


@dataclass(frozen=True, slots=True)
class ElectionOutcome:
    """What «Marker valgte» did.

    Attributes:
        change_id: The audit change id (undo it with ``UndoService.undo``).
        elected: The candidates now marked «valgt» (with their new folkevalgt role).
        not_elected: The candidates marked «ikke valgt», to review.
    """

    change_id: str
    elected: tuple[Candidate, ...]
    not_elected: tuple[Candidate, ...]


class CandidateService:
    """Lists candidates by place and records who was elected.

    Args:
        sessions: Session factory; one session per call.
        contacts: The contacts as stored.
        audit: Records each change (the history keeps before and after).
        geography: Counties and municipalities.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        contacts: ContactRepository,
        audit: ContactAudit,
        geography: Geography,
    ) -> None:
        self._sessions = sessions
        self._contacts = contacts
        self._audit = audit
        self._geography = geography

    def place(self, municipality: str | None = None, county: str | None = None) -> CandidatePlace:
        """The municipality or county named (by name or number).

        Raises:
            ValidationError: Neither or both given.
            NotFoundError: Unknown place (with the closest names).
        """
        if bool(clean(municipality or "")) == bool(clean(county or "")):
            raise ValidationError("Oppgi enten en kommune eller et fylke.", field="place")
        if municipality:
            m = self._geography.find_municipality(municipality)
            return CandidatePlace(Place(m.number, m.name), False, m.county_number)
        c = self._geography.find_county(county or "")
        return CandidatePlace(Place(c.number, c.name), True, c.number)

    def candidates(
        self, place: CandidatePlace | None = None, election: str = "", whole_county: bool = False
    ) -> list[Candidate]:
        """The live contacts standing for election at a place (all places when None).

        A county's candidates are those for the county itself (fylkestingsvalget);
        a municipality's those for the municipality. Sorted by election, list,
        place on the list and name.

        Args:
            place: The municipality or county; None for every candidate.
            election: Only this election (any case); empty for every election.
            whole_county: For a county, its municipalities' candidates too (e.g.
                who could fill an empty cell of the overview).
        """
        query = (
            select(Role.contact_id)
            .join(Contact, Contact.id == Role.contact_id)
            .where(Role.kind == RoleKind.KANDIDAT.value, Contact.deleted_at.is_(None))
            .distinct()
        )
        if place is not None and place.county:
            query = query.where(Role.county_number == place.place.number)
        elif place is not None:
            query = query.where(Role.municipality_number == place.place.number)
        with self._sessions() as session:
            rows = self._contacts.rows(session, list(session.scalars(query)))
        found = [
            Candidate(row, role, i)
            for row in rows
            for i, role in enumerate(row.roles)
            if role.kind is RoleKind.KANDIDAT
            and _at(role, place, whole_county)
            and (not election or fold(role.election) == fold(clean(election)))
        ]
        found.sort(
            key=lambda c: (
                fold(c.role.election),
                fold(c.role.list_name),
                c.role.list_place if c.role.list_place is not None else 10_000,
                fold(c.row.full_name),
            )
        )
        return found

    def places(self, election: str = "") -> list[tuple[CandidatePlace, int]]:
        """Every municipality and county with candidates, and how many, by name."""
        counts: dict[tuple[bool, str], int] = {}
        for c in self.candidates(None, election):
            key = (False, c.role.municipality) if c.role.municipality else (True, c.role.county)
            if key[1]:
                counts[key] = counts.get(key, 0) + 1
        found = [
            (self.place(county=number) if county else self.place(municipality=number), n)
            for (county, number), n in counts.items()
        ]
        return sorted(found, key=lambda p: (p[0].county, fold(p[0].name)))

    def mark_elected(
        self,
        place: CandidatePlace,
        elected_uids: Collection[str],
        election: str = "",
    ) -> ElectionOutcome:
        """Record the result at a place: the chosen are elected, the rest not.

        Each elected candidate gets a folkevalgt role (kommune: «<Kommune>
        kommunestyre», fylke: «<Fylke> fylkesting», 2027-10-01 to 2031-09-30)
        unless they have it already, and the candidate role's result «valgt»;
        every other candidate there «ikke valgt». All in one transaction, one
        change id.

        Raises:
            ValidationError: No candidates there, or a uid that is not one of them.
        """
        candidates = self.candidates(place, election)
        if not candidates:
            raise ValidationError(f"Ingen kandidater i {place.name}.", field="place")
        known = {c.row.uid for c in candidates}
        strangers = [u for u in elected_uids if u not in known]
        if strangers:
            raise ValidationError(
                f"Ikke kandidat i {place.name}: {', '.join(strangers)}.", field="uid"
            )
        change_id = uuid.uuid4().hex
        chosen = set(elected_uids)
        by_uid: dict[str, list[Candidate]] = {}
        for c in candidates:
            by_uid.setdefault(c.row.uid, []).append(c)
        with self._sessions.begin() as session:
            for uid, theirs in by_uid.items():
                self._record(session, uid, theirs, uid in chosen, place, change_id)
        return ElectionOutcome(
            change_id,
            tuple(c for c in candidates if c.row.uid in chosen),
            tuple(c for c in candidates if c.row.uid not in chosen),
        )

    def _record(
        self,
        session: Session,
        uid: str,
        candidacies: Sequence[Candidate],
        elected: bool,
        place: CandidatePlace,
        change_id: str,
    ) -> None:
        contact = self._contacts.load(session, uid)
        before = self._audit.state(session, contact)
        row = self._contacts.snapshot(session, contact)
        roles = list(row.roles)
        result = ELECTED if elected else NOT_ELECTED
        for c in candidacies:
            roles[c.index] = dataclasses.replace(roles[c.index], result=result)
            if elected:
                new = elected_role(c.role, self._place_name(c.role, place))
                if not any(_same_seat(r, new) for r in roles):
                    roles.append(new)
        draft = dataclasses.replace(row.to_draft(), roles=tuple(roles))
        m = row.municipality.number if row.municipality else None
        county = row.county.number if row.county else None
        self._contacts.apply(session, contact, CleanContact(draft, m, county))
        after = self._audit.state(session, contact)
        self._audit.record(session, "update", uid, before, after, change_id)

    def _place_name(self, role: RoleData, place: CandidatePlace) -> str:
        """The municipality's name for a municipal election, the county's for a county one."""
        if is_county_election(role):
            number = role.county or place.county_number
            return self._geography.county(number).name
        if role.municipality:
            return self._geography.municipality(role.municipality).name
        return place.name


def _at(role: RoleData, place: CandidatePlace | None, whole_county: bool) -> bool:
    if place is None:
        return True
    if place.county:
        return role.county == place.place.number and (whole_county or not role.municipality)
    return role.municipality == place.place.number


def _same_seat(role: RoleData, new: RoleData) -> bool:
    return (
        role.kind is new.kind
        and role.level is new.level
        and fold(role.body) == fold(new.body)
        and role.start == new.start
    )


def match_names(
    candidates: Sequence[Candidate], names: Sequence[tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """The candidates a list of the elected names, by e-mail or full name (any case).

    Args:
        candidates: The candidates at the place.
        names: ``(name, e-mail)`` pairs as a file of the elected gives them.

    Returns:
        The uids matched and the names not matched (or matching several people).
    """
    by_email: dict[str, set[str]] = {}
    by_name: dict[str, set[str]] = {}
    for c in candidates:
        by_name.setdefault(fold(" ".join(c.row.full_name.split())), set()).add(c.row.uid)
        for e in c.row.emails:
            by_email.setdefault(fold(e.address), set()).add(c.row.uid)
    uids: list[str] = []
    unmatched: list[str] = []
    for name, email in names:
        hits = by_email.get(fold(email.strip()), set()) if email.strip() else set()
        if not hits:
            hits = by_name.get(fold(" ".join(name.split())), set())
        if len(hits) == 1:
            uid = next(iter(hits))
            if uid not in uids:
                uids.append(uid)
        else:
            unmatched.append(name or email)
    return uids, unmatched
