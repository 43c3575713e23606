"""Value types passed between the layers: drafts in, row snapshots out.

They are plain frozen dataclasses so that the window, the command line and
the tests all speak the same language, and nothing outside storage/ ever holds
an ORM object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from kontakt.domain.pickling import pickled_by_fields


class RoleKind(StrEnum):
    """What kind of role (verv) a person holds."""

    FOLKEVALGT = "folkevalgt"
    TILLITSVALGT = "tillitsvalgt"
    ANSATT = "ansatt"
    ANNET = "annet"
    KANDIDAT = "kandidat"


class RoleLevel(StrEnum):
    """Where a role is held."""

    KOMMUNE = "kommune"
    FYLKE = "fylke"
    STORTING = "storting"
    ORGANISASJON = "organisasjon"


class ConsentBasis(StrEnum):
    """Legal basis for processing a person's data (GDPR art. 6 and 9)."""

    MEDLEMSKAP = "medlemskap"
    REGELMESSIG_KONTAKT = "regelmessig kontakt"
    OFFENTLIG_VERV = "offentlig verv"
    SAMTYKKE = "samtykke"
    BERETTIGET_INTERESSE = "berettiget interesse"


class EmailKind(StrEnum):
    """Kind of an e-mail address."""

    JOBB = "jobb"
    PRIVAT = "privat"
    ANNET = "annet"


class PhoneKind(StrEnum):
    """Kind of a phone number."""

    MOBIL = "mobil"
    JOBB = "jobb"
    PRIVAT = "privat"
    ANNET = "annet"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class EmailData:
    """One e-mail address of a contact (already normalised when read from storage)."""

    address: str
    kind: EmailKind = EmailKind.ANNET
    primary: bool = False


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class PhoneData:
    """One phone number; ``number`` is E.164 (``+4798765432``) once normalised."""

    number: str
    kind: PhoneKind = PhoneKind.MOBIL
    primary: bool = False


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class RoleData:
    """A role (verv), e.g. folkevalgt / kommune / "Bergen bystyre" / "Medlem".

    A candidate (kind «kandidat») also has the election («kommunestyrevalget
    2027»), the party list, the place on it, the municipality or county it is
    for (a name or number as typed; the number once validated) and, after
    the election, the result («valgt», «ikke valgt» or ``""``).
    """

    kind: RoleKind
    level: RoleLevel | None = None
    body: str = ""
    title: str = ""
    organisation: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    election: str = ""
    list_name: str = ""
    list_place: int | None = None
    municipality: str = ""
    county: str = ""
    result: str = ""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ContactDraft:
    """The editable fields of a contact, as the editor, an import or the CLI give them.

    Raw values are accepted (phone as typed, municipality by name or number);
    the contact service normalises and validates them before anything is stored.
    """

    given_name: str = ""
    family_name: str = ""
    emails: tuple[EmailData, ...] = ()
    phones: tuple[PhoneData, ...] = ()
    organisation: str = ""
    title: str = ""
    municipality: str = ""
    county: str = ""
    party: str = ""
    notes: str = ""
    topics: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    roles: tuple[RoleData, ...] = ()
    consent_basis: ConsentBasis | None = None
    consent_date: dt.date | None = None
    consent_source: str = ""
    opted_out: bool = False
    last_confirmed: dt.date | None = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class CleanContact:
    """A validated draft (``services.validation``) plus the resolved place numbers."""

    draft: ContactDraft
    municipality_number: str | None
    county_number: str | None


@dataclass(frozen=True, slots=True)
class Place:
    """A county or municipality as shown to the user: number and official name."""

    number: str
    name: str


@dataclass(frozen=True, slots=True)
class ContactRow:
    """A read-only snapshot of one contact with everything the table and exports show."""

    id: int
    uid: str
    given_name: str
    family_name: str
    emails: tuple[EmailData, ...]
    phones: tuple[PhoneData, ...]
    organisation: str
    title: str
    municipality: Place | None
    county: Place | None
    party: str
    notes: str
    topics: tuple[str, ...]
    labels: tuple[str, ...]
    roles: tuple[RoleData, ...]
    consent_basis: ConsentBasis | None
    consent_date: dt.date | None
    consent_source: str
    opted_out: bool
    last_confirmed: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None
    version: int

    @property
    def full_name(self) -> str:
        """Given and family name joined, as a person would write it."""
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    @property
    def primary_email(self) -> str:
        """The primary e-mail address, else the first, else ``""``."""
        return _primary(self.emails).address if self.emails else ""

    @property
    def primary_phone(self) -> str:
        """The primary phone number (E.164), else the first, else ``""``."""
        return _primary(self.phones).number if self.phones else ""

    def to_draft(self) -> ContactDraft:
        """The editable part of this snapshot, e.g. to change one field and save."""
        return ContactDraft(
            given_name=self.given_name,
            family_name=self.family_name,
            emails=self.emails,
            phones=self.phones,
            organisation=self.organisation,
            title=self.title,
            municipality=self.municipality.number if self.municipality else "",
            county=self.county.number if self.county else "",
            party=self.party,
            notes=self.notes,
            topics=self.topics,
            labels=self.labels,
            roles=self.roles,
            consent_basis=self.consent_basis,
            consent_date=self.consent_date,
            consent_source=self.consent_source,
            opted_out=self.opted_out,
            last_confirmed=self.last_confirmed,
        )


_T = TypeVar("_T", EmailData, PhoneData)


def _primary(items: tuple[_T, ...]) -> _T:
    return next((item for item in items if item.primary), items[0])


class SortField(StrEnum):
    """Columns the contact search can sort by."""

    NAME = "name"
    MUNICIPALITY = "municipality"
    COUNTY = "county"
    ORGANISATION = "organisation"
    UPDATED = "updated"


@dataclass(frozen=True, slots=True)
class ContactFilter:
    """One filter for the contact search, used by the window, the CLI and exports.

    Every criterion narrows the result (AND). Names given by the user (county,
    municipality, topic, list) are resolved by the search service; unknown
    names raise a ``NotFoundError`` with the closest matches.

    Attributes:
        text: Free text over name, e-mail, phone, organisation and municipality;
            several words must all match; case and æøå case are ignored.
        county: County number or name (old 2020–2023 names resolve too).
        municipality: Municipality number or name.
        topics: Topic names; a contact must have all of them (any of them
            with ``any_topic``).
        role_kind: Only contacts holding a role of this kind.
        role_level: Only contacts holding a role at this level; with ``role_kind``,
            one role must be of both.
        confirmed_months: Only contacts confirmed within this many months.
        list_name: Only members of this list.
        labels: Label names; a contact must have all of them.
        any_topic: A contact needs only one of ``topics`` instead of all.
        trashed: False: live contacts only; True: the trash only.
        survey: Only contacts who answered this survey (its name).
        survey_question: With ``survey``: only those who answered this question
            (its number or text).
        survey_answer: With ``survey_question``: only those whose answer is this
            value (case ignored) or, for a multi question, lists it.
        uids: Only these contacts (e.g. the people «Hvem kan fylle hullet?»
            offered); empty for no such limit.
    """

    text: str = ""
    county: str = ""
    municipality: str = ""
    topics: tuple[str, ...] = ()
    role_kind: RoleKind | None = None
    role_level: RoleLevel | None = None
    confirmed_months: int | None = None
    list_name: str = ""
    labels: tuple[str, ...] = ()
    any_topic: bool = False
    trashed: bool = False
    survey: str = ""
    survey_question: str = ""
    survey_answer: str = ""
    uids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """Which slice of a search result to return and in what order."""

    offset: int = 0
    limit: int | None = 200
    sort: SortField = SortField.NAME
    descending: bool = False
    # Counting every match costs more than finding a page (a scan instead of
    # stopping at the page's end); a caller that shows no total can skip it.
    count_total: bool = True


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of contacts plus the total number matching the filter.

    ``total`` is None when the page did not ask for it and it was not free.
    """

    rows: tuple[ContactRow, ...]
    total: int | None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class ImportBatchInfo:
    """One import as recorded: its number, file, when and by whom, what it did."""

    id: int
    imported_at: dt.datetime
    actor: str
    file_name: str
    counts: dict[str, int]
    undone_at: dt.datetime | None
