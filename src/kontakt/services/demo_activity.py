"""A year of invented network activity around the sample contacts.

Four digital events (three held earlier this year, one next month) with
invitations, answers and attendance; five documents in the idea bank; and
notes of calls and meetings in some contacts' history. Everything is added
through the services' public methods, and nothing is sent: participants are
recorded with :meth:`EventService.set_status`, which stores an invitation
without mailing it. Only sample contacts (label «eksempeldata») take part.

Dates follow the day the sample data is loaded, so the events fall in the
current year: the held ones spread over the year so far (over the last three
months in the year's first four weeks), always before today, on a Tuesday,
Wednesday or Thursday; the coming one on the second Wednesday of next month.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kontakt.domain.documents import DocumentDraft, DocumentKind, DocumentStatus
from kontakt.domain.records import ContactRow, RoleKind, RoleLevel
from kontakt.domain.text import fold
from kontakt.services.catalog import CatalogService
from kontakt.services.ideabank import IdeaBankService
from kontakt.services.outreach.events import EventData, EventService, ParticipantStatus
from kontakt.services.outreach.history import HistoryService

MAX_INVITED = 40
FICTION = "Oppdiktet eksempeldata."


@dataclass(frozen=True, slots=True)
class DemoEvent:
    """An invented event: what it is about and who is asked."""

    title: str
    place: str
    link: str
    description: str
    topics: tuple[str, ...]  # contacts with any of these topics are invited
    start: dt.time
    minutes: int


EVENTS = (
    DemoEvent(
        "Digitalt medlemsmøte: tannhelsereformen",
        "Teams",
        "https://teams.example.net/l/meetup-join/tannhelsereformen",
        "Hvor står arbeidet for en tannhelsereform, og hva kan vi gjøre i kommunene og "
        "fylkene? Kort innledning fra nettverkets arbeidsgruppe, så spørsmål og erfaringer.",
        ("Tannhelsereform", "Eldreomsorg", "Folkehelse"),
        dt.time(19, 0),
        90,
    ),
    DemoEvent(
        "Psykisk helse i kommunene – erfaringsutveksling",
        "Zoom",
        "https://zoom.example.net/j/psykisk-helse",
        "Folkevalgte, tillitsvalgte og ansatte forteller hvordan kommunen deres møter barn, "
        "unge og voksne med psykiske plager. Hva virker, og hva mangler?",
        ("Psykisk helse", "Rus", "Kommunehelsetjenesten"),
        dt.time(19, 0),
        90,
    ),
    DemoEvent(
        "Lunsjwebinar: fastlegeordningen og legevakten",
        "Teams",
        "https://teams.example.net/l/meetup-join/fastlege",
        "Tre korte innlegg om rekruttering av fastleger, legevakt i distriktene og hva "
        "kommunestyret kan vedta. Ta med matpakken.",
        ("Fastlege", "Kommunehelsetjenesten", "Ambulanse"),
        dt.time(12, 0),
        45,
    ),
    DemoEvent(
        "Bemanning i helse og omsorg – innspill til programarbeidet",
        "Teams",
        "https://teams.example.net/l/meetup-join/bemanning",
        "Vi samler forslag til SVs neste program: heltid, turnus og nok folk i sykehus, "
        "sykehjem og hjemmetjenester. Alle i nettverket er velkomne.",
        ("Bemanning", "Sykehus", "Eldreomsorg"),
        dt.time(19, 0),
        90,
    ),
)


@dataclass(frozen=True, slots=True)
class ActivityCount:
    """What :func:`add_demo_activity` added."""

    events_held: int
    events_planned: int
    participants: int
    documents: int
    notes: int

    @property
    def events(self) -> int:
        """Events in all, held and coming."""
        return self.events_held + self.events_planned


def _midweek_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() not in (1, 2, 3):  # Tuesday, Wednesday, Thursday
        day -= dt.timedelta(days=1)
    return day


def _second_wednesday_of_next_month(today: dt.date) -> dt.date:
    first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first + dt.timedelta(days=(2 - first.weekday()) % 7 + 7)


def past_span(today: dt.date) -> tuple[dt.date, int]:
    """(first day, length in days) of the period the held events and notes fall in."""
    start = dt.date(today.year, 1, 1)
    span = (today - start).days
    if span < 28:  # the year has barely begun: the last three months
        return today - dt.timedelta(days=91), 91
    return start, span


def event_dates(today: dt.date) -> tuple[list[dt.date], dt.date]:
    """Three days before ``today`` for the held events, and the coming event's day."""
    start, span = past_span(today)
    held = [_midweek_on_or_before(start + dt.timedelta(days=span * k // 4)) for k in (1, 2, 3)]
    return held, _second_wednesday_of_next_month(today)


def _local(day: dt.date, at: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, at).astimezone()


def _invitees(rng: random.Random, rows: Sequence[ContactRow], topics: Sequence[str]) -> list[int]:
    wanted = {fold(t) for t in topics}
    reachable = [
        r.id
        for r in rows
        if not r.opted_out and r.primary_email and wanted & {fold(t) for t in r.topics}
    ]
    return sorted(rng.sample(reachable, min(MAX_INVITED, len(reachable))))


def _held_status(draw: float) -> ParticipantStatus:
    if draw < 0.40:
        return ParticipantStatus.ATTENDED
    if draw < 0.55:
        return ParticipantStatus.DECLINED
    if draw < 0.65:
        return ParticipantStatus.ACCEPTED  # said yes, did not come
    return ParticipantStatus.INVITED  # never answered


def _coming_status(draw: float) -> ParticipantStatus:
    if draw < 0.35:
        return ParticipantStatus.ACCEPTED
    if draw < 0.50:
        return ParticipantStatus.DECLINED
    return ParticipantStatus.INVITED


def add_events(
    events: EventService, rng: random.Random, rows: Sequence[ContactRow], today: dt.date
) -> tuple[int, int, int]:
    """The four events with their participants; returns (held, coming, participants)."""
    held, coming = event_dates(today)
    participants = 0
    for n, (event, day) in enumerate(zip(EVENTS, [*held, coming], strict=True)):
        starts = _local(day, event.start)
        event_id = events.create(
            EventData(
                event.title,
                starts,
                starts + dt.timedelta(minutes=event.minutes),
                event.link,
                event.place,
                f"{event.description}\n\n{FICTION}",
            )
        )
        status = _held_status if n < len(held) else _coming_status
        for contact_id in _invitees(rng, rows, event.topics):
            events.set_status(event_id, contact_id, status(rng.random()))
            participants += 1
    return len(held), 1, participants


# -- the idea bank -----------------------------------------------------------------------


def _first(rows: Sequence[ContactRow], county: str, level: RoleLevel | None) -> ContactRow | None:
    """The first sample contact in the county holding an elected role at ``level``."""
    for r in rows:
        if r.county is None or r.county.number != county or r.municipality is None:
            continue
        if any(
            x.kind is RoleKind.FOLKEVALGT and (level is None or x.level is level) for x in r.roles
        ):
            return r
    return None


INTERPELLATION = """Interpellasjon til ordføreren om tannhelse for eldre som bor hjemme

Mange eldre som bor hjemme, får ikke den tannhelsehjelpen de har krav på. Den \
offentlige tannhelsetjenesten skal gi et tilbud til dem som får hjemmesykepleie, \
men erfaringer fra hjemmetjenesten i {place} tyder på at mange aldri blir henvist, \
og at munnstell sjelden står i vedtaket om tjenester.

En tannhelsereform skal gjøre tannhelse til en del av helsetjenesten, på lik linje \
med annen helsehjelp. Til den er på plass, kan kommunen selv sørge for at eldre med \
hjemmetjenester får hjelp til daglig munnstell og blir fulgt opp av tannhelsetjenesten.

Jeg ber ordføreren svare på:
1. Hvor mange hjemmeboende med hjemmesykepleie fikk tilbud fra tannhelsetjenesten i fjor?
2. Får ansatte i hjemmetjenesten opplæring i munnstell?
3. Vil ordføreren ta initiativ til et fast samarbeid med fylkets tannhelsetjeneste?
"""

CONSULTATION = """Høringssvar fra SVs helsepolitiske nettverk i Nordland: endringer i \
fastlegeordningen

Nettverket støtter at kommunene får bedre mulighet til å ansette fastleger med fast \
lønn. I mange kommuner i Nordland står fastlegelister uten lege i måneder, og \
innbyggerne må bruke legevakt eller vikarer for helt vanlige kontroller.

Vi mener:
- Basistilskuddet må økes mest der listene er korte og avstandene lange.
- Leger i spesialisering må få veiledning i kommunen, ikke bare i byene.
- Legevakt og fastlegearbeid må ses sammen, slik at vaktbelastningen blir til å leve med.
- Kommunehelsetjenesten må få flere stillinger for sykepleiere og psykologer rundt \
fastlegen, så legen kan bruke tiden på pasientene.

Et trygt fastlegetilbud er avgjørende for at folk skal kunne bo i hele landet.
"""

OPINION = """Ungdom med psykiske plager kan ikke stå i kø

Hver uke møter helsesykepleiere i Tromsø unge som trenger mer hjelp enn skolen kan gi. \
Ventetiden til barne- og ungdomspsykiatrien er for lang, og mange blir sendt hjem med \
beskjed om å vente. Det er ikke godt nok.

Psykisk helse må være like viktig som fysisk helse. Vi vil ha flere helsesykepleiere \
og psykologer i skolen, lavterskeltilbud som er åpne også om kvelden, og et tett \
samarbeid mellom kommunen og sykehuset, slik at ingen faller mellom to stoler.

Kommunebudsjettet er et valg. SV velger ungdommen.
"""

LETTER = """Til helse- og omsorgsministeren

Fødetilbudet i Finnmark

Kvinner i Finnmark har lang vei til nærmeste fødeavdeling, ofte flere timer i bil \
om vinteren. Når fødestuer stenger og jordmødre mangler, øker risikoen for fødsler \
underveis, og mange reiser hjemmefra uker før termin.

Vi ber om at
- følgetjenesten med jordmor blir et fast og fullfinansiert tilbud,
- kommunene får midler til å ansette jordmødre i hele stillinger,
- det blir utredet hvordan fødetilbudet i fylket kan styrkes, ikke bygges ned.

Trygge fødsler er kvinnehelse, og kvinnehelse er et offentlig ansvar.

Med vennlig hilsen
SVs helsepolitiske nettverk, Finnmark
"""

PROGRAMME = """En offentlig tannhelsetjeneste for alle

Tennene er en del av kroppen. Likevel betaler de fleste voksne tannbehandling selv, \
og mange lar være å gå til tannlegen fordi det er for dyrt. Det gir store sosiale \
forskjeller i tannhelse.

SV vil gjennomføre en tannhelsereform i flere trinn: først gratis tannhelsehjelp for \
unge voksne og eldre, så et egenandelstak for alle på linje med annen helsehjelp. \
Den offentlige tannhelsetjenesten skal bygges ut, slik at tilbudet finnes i hele landet.
"""


def _documents(rows: Sequence[ContactRow], today: dt.date) -> list[DocumentDraft]:
    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    councillor = _first(rows, "46", RoleLevel.KOMMUNE)
    municipality = councillor.municipality if councillor else None
    place = municipality.name if municipality else "Bergen"
    troms = _first(rows, "55", None)
    return [
        DocumentDraft(
            f"Interpellasjon: tannhelse for eldre i {place}",
            DocumentKind.INTERPELLASJON,
            DocumentStatus.FREMMET,
            topics=("Tannhelsereform", "Eldreomsorg"),
            municipality=municipality.number if municipality else "4601",
            date=ago(40),
            text=INTERPELLATION.format(place=place),
            authors=(councillor.uid,) if councillor else (),
        ),
        DocumentDraft(
            "Høringssvar: endringer i fastlegeordningen",
            DocumentKind.HORINGSSVAR,
            DocumentStatus.FREMMET,
            topics=("Fastlege", "Kommunehelsetjenesten"),
            county="18",
            date=ago(95),
            text=CONSULTATION,
        ),
        DocumentDraft(
            "Leserinnlegg: Ungdom med psykiske plager kan ikke stå i kø",
            DocumentKind.LESERINNLEGG,
            DocumentStatus.FREMMET,
            topics=("Psykisk helse",),
            municipality="5501",
            date=ago(20),
            text=OPINION,
            authors=(troms.uid,) if troms else (),
        ),
        DocumentDraft(
            "Brev til helse- og omsorgsministeren om fødetilbudet i Finnmark",
            DocumentKind.ANNET,
            DocumentStatus.UTKAST,
            topics=("Fødetilbud", "Kvinnehelse"),
            county="56",
            date=ago(6),
            text=LETTER,
        ),
        DocumentDraft(
            "Programtekst: en offentlig tannhelsetjeneste for alle",
            DocumentKind.PROGRAMTEKST,
            DocumentStatus.VEDTATT,
            topics=("Tannhelsereform",),
            date=ago(300),
            text=PROGRAMME,
        ),
    ]


def add_documents(
    catalog: CatalogService, ideabank: IdeaBankService, rows: Sequence[ContactRow], today: dt.date
) -> int:
    """The idea bank's sample documents (plain text, no files); returns how many.

    Topics the database no longer has are left off rather than created anew.
    """
    known = {fold(t.name): t.name for t in catalog.topics()}
    drafts = _documents(rows, today)
    for d in drafts:
        topics = tuple(known[fold(t)] for t in d.topics if fold(t) in known)
        ideabank.add(replace(d, topics=topics, text=f"{d.text.strip()}\n\n{FICTION}"))
    return len(drafts)


# -- history -----------------------------------------------------------------------------

NOTES = (
    ("telefon", "Ringte om tannhelsereformen", "Vil ta saken opp i helseutvalget før sommeren."),
    ("møte", "Møte om fødetilbudet", "Lokallaget skriver et leserinnlegg og sender utkast."),
    ("telefon", "Erfaringer med fastlegeordningen", "Tre lister uten fast lege i kommunen."),
    ("e-post", "Spørsmål om høringssvaret", "Sendte nettverkets høringssvar som innspill."),
    ("møte", "Kaffe etter medlemsmøtet", "Kan innlede om psykisk helse på et senere møte."),
    (
        "telefon",
        "Bemanning i hjemmetjenesten",
        "Mange ufrivillige deltidsstillinger; sender tall fra kommunen.",
    ),
    ("annet", "Tips om sak i lokalavisa", "Sykehjemmet mangler sykepleiere på natt."),
    ("telefon", "Invitasjon til å innlede", "Takket ja til å innlede om rus og LAR."),
    ("møte", "Fylkesmøte i helsenettverket", "Vil lage en felles interpellasjon i fylket."),
    ("e-post", "Takk for innlegget", "Ønsker å stå på lista til neste webinar."),
)


def add_notes(
    history: HistoryService, rng: random.Random, rows: Sequence[ContactRow], today: dt.date
) -> int:
    """Calls, meetings and e-mails in some sample contacts' history; returns how many."""
    start, span = past_span(today)
    people = rng.sample(list(rows), min(len(NOTES), len(rows)))
    for (channel, subject, note), person in zip(NOTES, people, strict=False):
        day = start + dt.timedelta(days=rng.randrange(span))
        at = _local(day, dt.time(rng.randrange(9, 16), rng.choice((0, 15, 30, 45))))
        history.add_note(person.uid, channel, subject, note, at)
    return len(people)


@dataclass(frozen=True, slots=True)
class ActivityServices:
    """The services the sample activity is added through."""

    events: EventService
    ideabank: IdeaBankService
    catalog: CatalogService
    history: HistoryService


def add_demo_activity(
    services: ActivityServices, rows: Sequence[ContactRow], today: dt.date, seed: int
) -> ActivityCount:
    """Events, documents and history notes around the sample contacts ``rows``."""
    rng = random.Random(seed)
    ordered = sorted(rows, key=lambda r: r.id)
    held, planned, participants = add_events(services.events, rng, ordered, today)
    documents = add_documents(services.catalog, services.ideabank, ordered, today)
    notes = add_notes(services.history, rng, ordered, today)
    return ActivityCount(held, planned, participants, documents, notes)
