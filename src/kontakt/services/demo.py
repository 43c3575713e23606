"""Invented sample contacts so a new user can try Kontakt without real data.

About 300 people across all 15 counties, every topic and every role kind.
The names are common Norwegian names put together at random; e-mail addresses
are on example.org (reserved for examples, RFC 2606) so nothing can reach a
real person. Every sample contact carries the label «eksempeldata» so that it
can be found and removed in one go.

:meth:`DemoService.add_data` (``kontakt demo`` and «Last inn eksempeldata»)
adds a year of invented activity around them as well: events with participants,
idea-bank documents and history notes (see :mod:`.demo_activity`).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.geography import Geography
from kontakt.domain.records import (
    ConsentBasis,
    ContactDraft,
    ContactRow,
    EmailData,
    EmailKind,
    PhoneData,
    PhoneKind,
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.domain.text import fold
from kontakt.errors import KontaktError
from kontakt.services.catalog import CatalogService
from kontakt.services.contacts import ContactService
from kontakt.services.demo_activity import ActivityCount, ActivityServices, add_demo_activity
from kontakt.services.demo_candidates import add_demo_candidates
from kontakt.services.demo_followups import add_demo_follow_ups
from kontakt.services.demo_survey import add_demo_surveys
from kontakt.services.demo_uses import add_demo_uses
from kontakt.services.ideabank import IdeaBankService
from kontakt.services.ideabank.uses import DocumentUseService
from kontakt.services.outreach.events import EventService
from kontakt.services.outreach.history import HistoryService
from kontakt.storage.models import Label, contact_label

DEMO_LABEL = "eksempeldata"
DEMO_COUNT = 300

GIVEN = (
    "Kari Ola Ingrid Lars Astrid Per Sigrid Nils Hilde Jon Marit Knut Ragnhild Øystein Åse "
    "Bjørn Solveig Håkon Tone Eirik Liv Arne Kristin Terje Nora Emil Sara Magnus Ida Jonas "
    "Maja Anders Ane Henrik Sunniva Even Tuva Sindre Live Ørjan Ellen Tor Gunn Vegard Siri "
    "Aslak Inga Mathis Ánde Elle"
).split()
FAMILY = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
    "Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl "
    "Jørgensen Halvorsen Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen Strand "
    "Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken Kristoffersen Mathisen Lie "
    "Amundsen Nguyen Rasmussen Ali Lunde Solheim Berge Moe Nygård Bakke Kristensen Fredriksen "
    "Holm Lien Andresen Ødegård Aas Sara Gaup Hætta"
).split()
UNIONS = ("Fagforbundet", "Norsk Sykepleierforbund", "Delta", "Legeforeningen", "FO")
HOSPITALS = {
    "03": "Oslo universitetssykehus",
    "11": "Helse Stavanger",
    "15": "Helse Møre og Romsdal",
    "18": "Nordlandssykehuset",
    "31": "Sykehuset Østfold",
    "32": "Akershus universitetssykehus",
    "33": "Vestre Viken",
    "34": "Sykehuset Innlandet",
    "39": "Sykehuset i Vestfold",
    "40": "Sykehuset Telemark",
    "42": "Sørlandet sykehus",
    "46": "Helse Bergen",
    "50": "St. Olavs hospital",
    "55": "Universitetssykehuset Nord-Norge",
    "56": "Finnmarkssykehuset",
}
MOBILE_PREFIXES = (
    "40",
    "41",
    "46",
    "47",
    "48",
    "90",
    "91",
    "92",
    "93",
    "94",
    "95",
    "97",
    "98",
    "99",
)
PARTIES = ("SV", "SV", "SV", "Ap", "Sp", "Rødt", "MDG", "KrF", "V", "H", "FrP")


def confirmed_on(i: int, today: dt.date) -> dt.date | None:
    """When sample contact ``i`` was last confirmed: one in six never, the rest spread
    over the last 30 months (so «bekreftet siste N måneder» and the review have
    something to show). Not drawn from the generator, so names stay as they were."""
    if i % 6 == 5:
        return None
    return today - dt.timedelta(days=(i * 97) % 915)


def _draft(
    rng: random.Random,
    geography: Geography,
    i: int,
    topics: list[str],
    today: dt.date | None = None,
) -> ContactDraft:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    county = geography.counties[i % len(geography.counties)]
    municipality = rng.choice(geography.municipalities_in(county.number))
    kind = (RoleKind.FOLKEVALGT, RoleKind.TILLITSVALGT, RoleKind.ANSATT, RoleKind.ANNET)[i % 4]
    local = fold(f"{given}.{family}").replace(" ", "").translate(str.maketrans("æøåá", "eoaa"))
    organisation = ""
    party = ""
    if kind is RoleKind.FOLKEVALGT:
        party = rng.choice(PARTIES)
        level = rng.choice(
            (RoleLevel.KOMMUNE, RoleLevel.KOMMUNE, RoleLevel.FYLKE, RoleLevel.STORTING)
        )
        body = {
            RoleLevel.KOMMUNE: f"{municipality.name} kommunestyre",
            RoleLevel.FYLKE: f"{county.name} fylkesting",
            RoleLevel.STORTING: "Helse- og omsorgskomiteen",
        }[level]
        title = rng.choice(("Medlem", "Medlem", "Gruppeleder", "Leder av helseutvalget"))
        role = RoleData(kind, level, body, title, party, None, None)
    elif kind is RoleKind.TILLITSVALGT:
        organisation = rng.choice(UNIONS)
        title = rng.choice(("Hovedtillitsvalgt", "Plasstillitsvalgt", "Fylkesleder"))
        role = RoleData(
            kind, RoleLevel.ORGANISASJON, f"{organisation} {county.name}", title, organisation
        )
    elif kind is RoleKind.ANSATT:
        organisation = rng.choice((HOSPITALS[county.number], f"{municipality.name} kommune"))
        title = rng.choice(("Sykepleier", "Helsefagarbeider", "Lege", "Psykolog"))
        role = RoleData(kind, RoleLevel.ORGANISASJON, organisation, title, organisation)
    else:
        title = rng.choice(("Medlem", "Pårørende", "Brukerrepresentant"))
        role = RoleData(kind, None, "SVs helsepolitiske nettverk", title)
    n_topics = rng.choice((1, 1, 2, 2, 3))
    chosen = [topics[i % len(topics)], *rng.sample(topics, n_topics - 1)]
    # Prefixes phonenumbers knows as Norwegian mobile ranges (42-44 and 49 are not).
    phone = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(1000000):06d}"
    return ContactDraft(
        given_name=given,
        family_name=family,
        emails=(EmailData(f"{local}{i}@example.org", EmailKind.PRIVAT, True),),
        phones=(PhoneData(phone, PhoneKind.MOBIL, True),) if rng.random() < 0.85 else (),
        organisation=organisation,
        title=role.title,
        municipality=municipality.number,
        party=party,
        notes="Oppdiktet eksempelkontakt.",
        topics=tuple(dict.fromkeys(chosen)),
        labels=(DEMO_LABEL,),
        roles=(role,),
        consent_basis=ConsentBasis.OFFENTLIG_VERV
        if kind is RoleKind.FOLKEVALGT
        else ConsentBasis.SAMTYKKE,
        consent_source="eksempeldata",
        opted_out=rng.random() < 0.05,
        last_confirmed=confirmed_on(i, today) if today is not None else None,
    )


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What :meth:`DemoService.add_data` added."""

    contacts: int
    activity: ActivityCount
    survey_responses: int = 0
    document_uses: int = 0
    candidates: int = 0

    def lines(self) -> list[str]:
        """The report, in Norwegian, one sentence a line."""
        a = self.activity
        return [
            f"La inn {self.contacts} oppdiktede eksempelkontakter (etikett «{DEMO_LABEL}»).",
            f"La inn {a.events} digitale arrangementer ({a.events_held} holdt, "
            f"{a.events_planned} kommende) med {a.participants} inviterte, {a.documents} "
            f"dokumenter i idébanken og {a.notes} notater i kontaktenes historikk.",
            f"La inn {self.survey_responses} svar på medlemsundersøkelsene 2025 og 2024.",
            *(
                [f"Registrerte {self.document_uses} steder dokumentene i idébanken er brukt."]
                if self.document_uses
                else []
            ),
            *(
                [f"La inn {self.candidates} kandidaturer for valget 2027."]
                if self.candidates
                else []
            ),
        ]


class DemoService:
    """Adds the sample data through the services a user's own data goes through.

    Args:
        sessions: Session factory (to see whether the sample data is there already).
        geography: Counties and municipalities the sample people live in.
        catalog, contacts, events, ideabank, history: The services it adds through.
        document_uses: Where the sample documents were used (issue 22).
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        geography: Geography,
        catalog: CatalogService,
        contacts: ContactService,
        events: EventService,
        ideabank: IdeaBankService,
        history: HistoryService,
        document_uses: DocumentUseService | None = None,
    ) -> None:
        self._sessions = sessions
        self._ideabank = ideabank
        self._document_uses = document_uses
        self._geography = geography
        self._catalog = catalog
        self._contacts = contacts
        self._activity = ActivityServices(events, ideabank, catalog, history)

    def _add_contacts(
        self, count: int, seed: int, today: dt.date | None = None
    ) -> list[ContactRow]:
        with self._sessions() as session:
            label_id = session.scalar(select(Label.id).where(Label.name_key == DEMO_LABEL))
            if label_id is not None and session.scalar(
                select(contact_label.c.contact_id)
                .where(contact_label.c.label_id == label_id)
                .limit(1)
            ):
                raise KontaktError(
                    "Eksempeldata er allerede lagt inn (kontakter med etiketten «eksempeldata»)."
                )
        rng = random.Random(seed)
        topics = [t.name for t in self._catalog.topics()]
        drafts = [_draft(rng, self._geography, i, topics, today) for i in range(count)]
        return self._contacts.create_many(drafts)

    def add_contacts(self, count: int = DEMO_COUNT, seed: int = 2025) -> int:
        """Add the sample contacts in one transaction; refuses if they are already there.

        Raises:
            KontaktError: Sample data was loaded before.
        """
        return len(self._add_contacts(count, seed))

    def add_data(
        self, today: dt.date | None = None, count: int = DEMO_COUNT, seed: int = 2025
    ) -> DemoSummary:
        """Add the sample contacts and a year of activity around them; refuses a second time.

        The contacts come first, in one transaction; the refusal comes before
        anything is stored. Events are dated from ``today`` (the computer's date).

        Raises:
            KontaktError: Sample data was loaded before.
        """
        today = today or dt.date.today()
        rows = self._add_contacts(count, seed, today)
        activity = add_demo_activity(self._activity, rows, today, seed)
        surveys = add_demo_surveys(self._sessions, rows, today, seed)
        uses = 0
        if self._document_uses is not None:
            uses = add_demo_uses(self._document_uses, self._ideabank, rows, today, seed)
        candidates = add_demo_candidates(self._contacts, rows)
        # Last: last year's coverage snapshot is made from the grid as it now stands.
        add_demo_follow_ups(self._sessions, self._geography, rows, today, seed)
        return DemoSummary(
            len(rows),
            activity,
            survey_responses=surveys,
            document_uses=uses,
            candidates=candidates,
        )
