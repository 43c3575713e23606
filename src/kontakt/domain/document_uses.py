"""Where an idea-bank document was used («ideas that travel»): value types and counting.

A use is a municipality or a county (a county council, or a use not tied to
one municipality), a date, the contact who used it and an outcome. The
summary counts *places*, not uses, so an interpellation put forward twice in
Bergen counts once:

- a place is a municipality, or a county for a use recorded without one;
- «fremmet i N» counts the places where the document was put forward at all:
  every outcome (fremmet, vedtatt, avvist, trukket) means it was;
- «vedtatt / avvist / trukket i N» count the places with that outcome (a
  place rejected in 2025 and adopted in 2026 counts in both);
- a use without an outcome yet counts only in «brukt i N».

Kept apart from :mod:`kontakt.domain.documents` so that module stays about
the documents themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from kontakt.domain.documents import DocumentRow, Person
from kontakt.domain.records import Place
from kontakt.domain.text import clean, fold, sort_key
from kontakt.domain.wording import plural
from kontakt.errors import ValidationError


class UseOutcome(StrEnum):
    """What came of a use, stored in Norwegian as the network says it."""

    FREMMET = "fremmet"
    VEDTATT = "vedtatt"
    AVVIST = "avvist"
    TRUKKET = "trukket"


OUTCOME_LABELS: dict[UseOutcome, str] = {o: o.value.capitalize() for o in UseOutcome}


def parse_outcome(text: str) -> UseOutcome | None:
    """The outcome a user typed («Vedtatt», «vedtatt»); None for an empty text.

    Raises:
        ValidationError: Not one of fremmet, vedtatt, avvist, trukket.
    """
    key = fold(clean(text))
    if not key:
        return None
    for outcome in UseOutcome:
        if outcome.value == key:
            return outcome
    choices = ", ".join(o.value for o in UseOutcome)
    raise ValidationError(f"Ukjent utfall «{clean(text)[:40]}» (velg {choices}).", "outcome")


@dataclass(frozen=True, slots=True)
class UseDraft:
    """A use as the form, the command line or a reply gives it.

    Places by name or number (resolved by the service), ``by`` a contact uid.
    """

    municipality: str = ""
    county: str = ""
    date: dt.date | None = None
    outcome: UseOutcome | None = None
    by: str = ""
    link: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class DocumentUseRow:
    """One stored use, as shown. ``by`` is None when nobody is named (or they were erased)."""

    id: int
    document_id: int
    county: Place | None
    municipality: Place | None
    date: dt.date | None
    outcome: UseOutcome | None
    by: Person | None
    link: str
    note: str

    @property
    def place_name(self) -> str:
        """The municipality's name, else the county's."""
        place = self.municipality or self.county
        return place.name if place else ""

    @property
    def place_key(self) -> str:
        """What the summary counts as one place: the municipality, else the county."""
        place = self.municipality or self.county
        return place.number if place else ""

    def to_draft(self) -> UseDraft:
        """The editable part (to change a field, or to put a deleted use back)."""
        return UseDraft(
            municipality=self.municipality.number if self.municipality else "",
            county=self.county.number if self.county and not self.municipality else "",
            date=self.date,
            outcome=self.outcome,
            by=self.by.uid if self.by else "",
            link=self.link,
            note=self.note,
        )


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """Distinct places: municipalities and counties (county-level uses)."""

    municipalities: int = 0
    counties: int = 0

    @property
    def total(self) -> int:
        """Places in all."""
        return self.municipalities + self.counties

    def text(self, short: bool = False) -> str:
        """«9 kommuner», «9 kommuner og 1 fylke»; ``short``: «3» when only municipalities."""
        if short and not self.counties:
            return str(self.municipalities)
        parts = []
        if self.municipalities or not self.counties:
            parts.append(plural(self.municipalities, "kommune", "kommuner"))
        if self.counties:
            parts.append(plural(self.counties, "fylke", "fylker"))
        return " og ".join(parts)


def _count(rows: list[DocumentUseRow]) -> PlaceCount:
    municipalities = {r.place_key for r in rows if r.municipality}
    counties = {r.place_key for r in rows if not r.municipality and r.county}
    return PlaceCount(len(municipalities), len(counties))


@dataclass(frozen=True, slots=True)
class UseSummary:
    """How far a document has travelled (see the module's rules for what counts)."""

    uses: int = 0
    used: PlaceCount = PlaceCount()
    put_forward: PlaceCount = PlaceCount()
    by_outcome: dict[UseOutcome, PlaceCount] = field(default_factory=dict)

    def text(self) -> str:
        """«Brukt: fremmet i 9 kommuner, vedtatt i 3», or «Ikke brukt ennå.».

        Places used without an outcome yet lead: «Brukt i 4 kommuner: fremmet i 3, …».
        """
        if not self.uses:
            return "Ikke brukt ennå."
        short = not self.used.counties
        parts = []
        if self.put_forward.total:
            parts.append(f"fremmet i {self.put_forward.text(short=short)}")
        for outcome in (UseOutcome.VEDTATT, UseOutcome.AVVIST, UseOutcome.TRUKKET):
            count = self.by_outcome.get(outcome, PlaceCount())
            if count.total:
                parts.append(f"{outcome.value} i {count.text(short=short)}")
        if self.used.total > self.put_forward.total:
            head = f"Brukt i {self.used.text()}"
            return f"{head}: {', '.join(parts)}" if parts else head
        parts[0] = f"fremmet i {self.put_forward.text()}"
        return "Brukt: " + ", ".join(parts)


def summarise(rows: list[DocumentUseRow]) -> UseSummary:
    """Count the places per outcome of a document's uses."""
    with_outcome = [r for r in rows if r.outcome is not None]
    return UseSummary(
        uses=len(rows),
        used=_count(rows),
        put_forward=_count(with_outcome),
        by_outcome={o: _count([r for r in rows if r.outcome is o]) for o in UseOutcome},
    )


@dataclass(frozen=True, slots=True)
class CountyUses:
    """A document's uses in one county (its municipalities and the county itself)."""

    county: Place
    uses: tuple[DocumentUseRow, ...]
    summary: UseSummary


def by_county(rows: list[DocumentUseRow]) -> list[CountyUses]:
    """The uses grouped per county (by name), newest first within each."""
    groups: dict[str, list[DocumentUseRow]] = defaultdict(list)
    places: dict[str, Place] = {}
    for r in rows:
        county = r.county or Place("", "(uten fylke)")
        groups[county.number].append(r)
        places[county.number] = county
    ordered = sorted(groups, key=lambda n: sort_key(places[n].name))
    return [
        CountyUses(
            places[n],
            tuple(sorted(groups[n], key=lambda r: (r.date or dt.date.min, r.id), reverse=True)),
            summarise(groups[n]),
        )
        for n in ordered
    ]


def used_text(r: DocumentRow) -> str:
    """The list's «Brukt» cell: «9 steder, vedtatt i 3», «1 sted» or ""."""
    if not r.used_places:
        return ""
    text = f"{r.used_places} {'sted' if r.used_places == 1 else 'steder'}"
    return text + (f", vedtatt i {r.adopted_places}" if r.adopted_places else "")
