"""Duplicates already inside the database: find pairs (and groups), remember «Ikke samme person»."""

from kontakt.services.duplicates.finder import DuplicateFinder
from kontakt.services.duplicates.model import DuplicatePair, Evidence, Person, Reason

__all__ = ["DuplicateFinder", "DuplicatePair", "Evidence", "Person", "Reason"]
