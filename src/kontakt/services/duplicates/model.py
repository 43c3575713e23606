"""What the finder of duplicates proposes: two people, why they may be one, how strongly."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any


class Evidence(IntEnum):
    """Kinds of evidence that two records are one person; the value is its weight."""

    NAME_AND_ORGANISATION = 20
    SIMILAR_NAME_IN_MUNICIPALITY = 30
    SAME_NAME_IN_MUNICIPALITY = 35
    PHONE = 50
    EMAIL = 50


@dataclass(frozen=True, slots=True)
class Reason:
    """One piece of evidence and its Norwegian wording."""

    evidence: Evidence
    text: str


@dataclass(frozen=True, slots=True)
class Person:
    """One side of a pair, as the lists show it.

    Attributes:
        municipality: ``(number, name)``, or None.
    """

    uid: str
    given_name: str
    family_name: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    municipality: tuple[str, str] | None
    organisation: str

    @property
    def name(self) -> str:
        """Given and family name ("(uten navn)" for none)."""
        return f"{self.given_name} {self.family_name}".strip() or "(uten navn)"

    @property
    def municipality_name(self) -> str:
        """The municipality's name, or ""."""
        return self.municipality[1] if self.municipality else ""

    def to_json(self) -> dict[str, Any]:
        """The side as ``kontakt duplicates --json`` prints it."""
        place = self.municipality
        return {
            "uid": self.uid,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "emails": list(self.emails),
            "phones": list(self.phones),
            "municipality": {"number": place[0], "name": place[1]} if place else None,
            "organisation": self.organisation,
        }


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two live contacts that may be one person.

    Attributes:
        a: The older record (the one stored first).
        b: The newer record.
        reasons: Strongest first.
        group: Pairs sharing a person share a group (three records of one
            person are one group); groups are numbered from 1, strongest first.
    """

    a: Person
    b: Person
    reasons: tuple[Reason, ...]
    group: int

    @property
    def strength(self) -> int:
        """The sum of the reasons' weights: several reasons are stronger than one."""
        return sum(r.evidence for r in self.reasons)

    @property
    def rank(self) -> tuple[int, int]:
        """Sorts strongest first: by the strongest reason, then by all of them."""
        return (-max(r.evidence for r in self.reasons), -self.strength)

    @property
    def reason_texts(self) -> list[str]:
        """The reasons in Norwegian, strongest first."""
        return [r.text for r in self.reasons]

    def to_json(self) -> dict[str, Any]:
        """The pair as ``kontakt duplicates --json`` prints it."""
        return {
            "group": self.group,
            "strength": self.strength,
            "reasons": self.reason_texts,
            "a": self.a.to_json(),
            "b": self.b.to_json(),
        }
