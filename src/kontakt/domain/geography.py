"""Norwegian counties (fylker) and municipalities (kommuner) and lookup by number or name.

The official lists (SSB, valid from 2024) are read from ``kontakt/data/fylker.csv`` and
``kontakt/data/kommuner.csv``. Lookups are forgiving, because the values come from people
and spreadsheets: numbers may have lost their leading zeros or turned into floats, names may
be typed without æ, ø and å ("Baerum", "Tromsoe"), in another case, with other spacing or
hyphenation, in only one of their language forms ("Kautokeino" for
"Guovdageaidnu - Kautokeino") or as they were before a reform ("Hordaland", "Viken").

Use :func:`load_geography` to get the shared, cached :class:`Geography`.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from kontakt.domain.place_names import (
    FORMER_COUNTY_NAMES,
    FORMER_COUNTY_NUMBERS,
    FORMER_MUNICIPALITY_NAMES,
    Spellings,
    exact_key,
    name_forms,
    place_key,
    typed_spellings,
)
from kontakt.domain.text import clean, fold
from kontakt.errors import KontaktError, NotFoundError, ValidationError

__all__ = ["County", "Geography", "Municipality", "load_geography"]


@dataclass(frozen=True, slots=True)
class County:
    """A current county (fylke).

    Attributes:
        number: Two-digit county number, e.g. ``"46"``.
        name: Official SSB name, e.g. ``"Vestland"`` or ``"Troms - Romsa - Tromssa"``.
    """

    number: str
    name: str


@dataclass(frozen=True, slots=True)
class Municipality:
    """A current municipality (kommune).

    Attributes:
        number: Four-digit municipality number, e.g. ``"0301"``.
        name: Official SSB name, e.g. ``"Oslo - Oslove"`` or ``"Herøy (Nordland)"``.
        county_number: Two-digit number of the county it lies in, e.g. ``"03"``.
    """

    number: str
    name: str
    county_number: str


_FLOAT_NUMBER = re.compile(r"^(\d+)\.0*$")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")
_MAX_SUGGESTIONS = 3


def _shown(text: str) -> str:
    """Shorten a user's text for an error message."""
    return text if len(text) <= 60 else text[:59] + "…"


def _as_text(value: str | int | float, what: str, field: str) -> tuple[str, bool]:
    """Turn a number or text from the user into cleaned text.

    Args:
        value: Text, an integer or a spreadsheet float such as ``301.0``.
        what: Norwegian noun for error messages, e.g. ``"kommunenummer"``.
        field: Field name for :class:`ValidationError`.

    Returns:
        The cleaned text and whether it is a number (ASCII digits only).

    Raises:
        ValidationError: If the value is a non-integral or negative number or a bool.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationError(f"Ugyldig {what} «{_shown(clean(value))}».", field=field)
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer() or value < 0:
            raise ValidationError(f"Ugyldig {what} «{value}».", field=field)
        return str(int(value)), True
    if isinstance(value, int):
        if value < 0:
            raise ValidationError(f"Ugyldig {what} «{value}».", field=field)
        return str(value), True
    text = clean(value)
    match = _FLOAT_NUMBER.match(text)
    if match and text.isascii():
        return match.group(1), True
    return text, text.isascii() and text.isdigit()


def _without_suffix(key: str, suffixes: tuple[str, ...]) -> str | None:
    """Return ``key`` without the first matching suffix (e.g. "kommune"), or None."""
    for suffix in suffixes:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return None


class Geography:
    """The current counties and municipalities with forgiving lookups.

    Attributes:
        counties: The current counties sorted by number.
        municipalities: The current municipalities sorted by number.
    """

    def __init__(self, counties: Iterable[County], municipalities: Iterable[Municipality]) -> None:
        """Index the given counties and municipalities.

        Args:
            counties: The current counties.
            municipalities: The current municipalities; each county number must be a county.

        Raises:
            ValueError: If a municipality refers to an unknown county or a number repeats.
        """
        self._municipality_answers: dict[tuple[object, ...], Municipality | KontaktError] = {}
        self.counties: tuple[County, ...] = tuple(sorted(counties, key=lambda c: c.number))
        self.municipalities: tuple[Municipality, ...] = tuple(
            sorted(municipalities, key=lambda m: m.number)
        )
        self._county_by_number = {c.number: c for c in self.counties}
        self._municipality_by_number = {m.number: m for m in self.municipalities}
        if len(self._county_by_number) != len(self.counties):
            raise ValueError("duplicate county number")
        if len(self._municipality_by_number) != len(self.municipalities):
            raise ValueError("duplicate municipality number")

        in_county: dict[str, list[Municipality]] = {c.number: [] for c in self.counties}
        for municipality in self.municipalities:
            if municipality.county_number not in in_county:
                raise ValueError(f"unknown county number {municipality.county_number!r}")
            in_county[municipality.county_number].append(municipality)
        self._in_county = {number: tuple(items) for number, items in in_county.items()}

        # key -> municipality numbers
        municipality_index: dict[str, set[str]] = {}
        for municipality in self.municipalities:
            for form in name_forms(municipality.name):
                municipality_index.setdefault(place_key(form), set()).add(municipality.number)
        for name, number in FORMER_MUNICIPALITY_NAMES.items():
            if number in self._municipality_by_number:
                municipality_index.setdefault(place_key(name), set()).add(number)
        self._municipality_index = {k: tuple(sorted(v)) for k, v in municipality_index.items()}

        # key -> current county numbers, and the name to suggest for each key
        county_index: dict[str, set[str]] = {}
        self._county_key_names: dict[str, str] = {}
        for county in self.counties:
            for form in name_forms(county.name):
                county_index.setdefault(place_key(form), set()).add(county.number)
                self._county_key_names.setdefault(place_key(form), county.name)
        for name, numbers in FORMER_COUNTY_NAMES.items():
            known = {n for n in numbers if n in self._county_by_number}
            if known:
                county_index.setdefault(place_key(name), set()).update(known)
                self._county_key_names.setdefault(place_key(name), name)
        self._county_index = {k: tuple(sorted(v)) for k, v in county_index.items()}
        self._spellings: Spellings | None = None

    # -- exact lookups ------------------------------------------------------------------

    def county(self, number: str) -> County:
        """Return the county with this exact current number.

        Args:
            number: Two-digit county number, e.g. ``"46"``.

        Returns:
            The county.

        Raises:
            NotFoundError: If no current county has this number.
        """
        try:
            return self._county_by_number[number]
        except KeyError:
            raise NotFoundError(f"Ukjent fylkesnummer «{_shown(clean(number))}».") from None

    def municipality(self, number: str) -> Municipality:
        """Return the municipality with this exact four-digit number.

        Args:
            number: Four-digit municipality number, e.g. ``"0301"``.

        Returns:
            The municipality.

        Raises:
            NotFoundError: If no current municipality has this number.
        """
        try:
            return self._municipality_by_number[number]
        except KeyError:
            raise NotFoundError(f"Ukjent kommunenummer «{_shown(clean(number))}».") from None

    def municipalities_in(self, county_number: str) -> tuple[Municipality, ...]:
        """Return the municipalities of a current county, sorted by number.

        Args:
            county_number: Exact current county number, e.g. ``"46"``.

        Returns:
            The county's municipalities.

        Raises:
            NotFoundError: If no current county has this number.
        """
        return self._in_county[self.county(county_number).number]

    def display_name(self, place: County | Municipality) -> str:
        """Return the name to show for a county or municipality (the official name).

        Args:
            place: A county or municipality.

        Returns:
            The official name, e.g. ``"Oslo - Oslove"``.
        """
        return place.name

    # -- forgiving lookups --------------------------------------------------------------

    def successors(self, text: str | int | float) -> tuple[County, ...]:
        """Return the current counties a current or former county stands for.

        Args:
            text: County number or name, current or former: ``"46"``, ``12``,
                ``"Hordaland"``, ``"Viken"``.

        Returns:
            One county for a current or merged county, several for a county that was
            split in 2024 (``"Viken"`` gives Østfold, Akershus and Buskerud), sorted by number.

        Raises:
            ValidationError: If the text is empty or not a valid number.
            NotFoundError: If no county has this number or name.
        """
        shown, is_number = _as_text(text, "fylkesnummer", "county")
        if not shown:
            raise ValidationError("Fylket er tomt.", field="county")
        if is_number:
            number = shown.zfill(2) if len(shown) <= 2 else shown
            if number in self._county_by_number:
                return (self._county_by_number[number],)
            if number in FORMER_COUNTY_NUMBERS:
                return tuple(
                    self._county_by_number[n]
                    for n in FORMER_COUNTY_NUMBERS[number]
                    if n in self._county_by_number
                )
            raise NotFoundError(f"Ukjent fylkesnummer «{_shown(shown)}».")
        key = place_key(shown)
        numbers = self._county_index.get(key)
        bare = _without_suffix(key, ("fylkeskommune", "fylke"))
        if numbers is None:
            numbers = self._county_index.get(bare) if bare else None
        if numbers is None:
            loose = self._typed().counties
            numbers = loose.get(key) or (loose.get(bare) if bare else None)
        if numbers is None:
            raise NotFoundError(f"Ukjent fylke «{_shown(shown)}».{self._county_suggestions(key)}")
        return tuple(self._county_by_number[n] for n in numbers)

    def find_county(
        self, text: str | int | float, municipality: str | int | float | None = None
    ) -> County:
        """Find a current county by number or name, current or former.

        A county split in 2024 (Viken, Vestfold og Telemark, Troms og Finnmark) needs
        ``municipality`` to tell which of its successors is meant. For other counties
        ``municipality`` is not looked at.

        Args:
            text: County number (``"46"``, ``46``, ``46.0``, ``"3"``) or name in any
                language form, current or former (``"Romsa"``, ``"Hordaland"``, ``"Viken"``).
            municipality: Municipality number or name, used only for a split county.

        Returns:
            The current county.

        Raises:
            ValidationError: If the text is empty or not a number, the county was split and
                no municipality is given, or the municipality is not in the county.
            NotFoundError: If the county (or the municipality) is unknown.
        """
        counties = self.successors(text)
        if len(counties) == 1:
            return counties[0]
        if municipality is None:
            names = ", ".join(self.display_name(c) for c in counties)
            shown, _ = _as_text(text, "fylkesnummer", "county")
            raise ValidationError(
                f"Fylket «{_shown(shown)}» ble delt i 2024 ({names}). "
                "Oppgi kommunen for å velge riktig fylke.",
                field="county",
            )
        found = self.find_municipality(municipality, county=text)
        return self._county_by_number[found.county_number]

    def find_municipality(
        self, text: str | int | float, county: str | int | float | None = None
    ) -> Municipality:
        """Find a current municipality by number or name (answers are remembered).

        An import asks for the same few hundred names tens of thousands of times.
        See :meth:`_find_municipality` for the rules.
        """
        key = (type(text), text, type(county), county)
        cached = self._municipality_answers.get(key)
        if cached is None:
            try:
                cached = self._find_municipality(text, county)
            except KontaktError as exc:
                cached = exc
            if len(self._municipality_answers) < 20_000:
                self._municipality_answers[key] = cached
        if isinstance(cached, KontaktError):
            raise cached
        return cached

    def _find_municipality(
        self, text: str | int | float, county: str | int | float | None = None
    ) -> Municipality:
        """Find a current municipality by number or name.

        Args:
            text: Municipality number (``"301"``, ``301``, ``301.0``, ``" 0301 "``) or name
                in any language form (``"Kautokeino"``, ``"baerum"``, ``"Herøy (Nordland)"``).
            county: County number or name, current or former, to pick between municipalities
                with the same name and to check the result against.

        Returns:
            The municipality.

        Raises:
            ValidationError: If the text is empty or not a valid number, the name fits
                municipalities in several counties and ``county`` does not narrow it down,
                or the municipality is not in ``county``.
            NotFoundError: If no municipality has this number or name, or ``county``
                is unknown.
        """
        shown, is_number = _as_text(text, "kommunenummer", "municipality")
        if not shown:
            raise ValidationError("Kommunenavnet er tomt.", field="municipality")
        allowed = None if county is None else {c.number for c in self.successors(county)}

        if is_number:
            number = shown.zfill(4) if len(shown) <= 4 else shown
            found = self.municipality(number)
            if allowed is not None and found.county_number not in allowed:
                raise self._wrong_county(shown, (found,), county)
            return found

        key = place_key(shown)
        numbers = self._municipality_index.get(key)
        bare = _without_suffix(key, ("kommune",))
        if numbers is None:
            numbers = self._municipality_index.get(bare) if bare else None
        if numbers is None:
            numbers = self._loose_municipality(shown, key, bare, allowed)
        if numbers is None:
            raise NotFoundError(
                f"Ukjent kommune «{_shown(shown)}».{self._municipality_suggestions(key)}"
            )
        candidates = tuple(self._municipality_by_number[n] for n in numbers)
        if allowed is not None:
            narrowed = tuple(m for m in candidates if m.county_number in allowed)
            if not narrowed:
                raise self._wrong_county(shown, candidates, county)
            candidates = narrowed
        if len(candidates) == 1:
            return candidates[0]
        names = ", ".join(self.display_name(m) for m in candidates)
        raise ValidationError(
            f"Kommunen «{_shown(shown)}» finnes i flere fylker: {names}. Oppgi fylket.",
            field="municipality",
        )

    def read_as(self, text: str) -> bool:
        """Whether a place name was recognised only through how æ, ø and å were typed.

        ``"Tromso"``, ``"Baerum"`` and ``"Aalesund"`` are read as Tromsø, Bærum and
        Ålesund: the import says so, naming what it read. Numbers and names
        written with æøå (any case, spacing or punctuation) need no note.

        Args:
            text: The place name as typed.
        """
        if not isinstance(text, str):
            return False
        key = exact_key(text)
        exact = self._typed().exact
        if not key or key.isdigit() or key in exact:
            return False
        for suffix in ("fylkeskommune", "fylke", "kommune"):
            if key.endswith(suffix) and key[: -len(suffix)] in exact:
                return False
        return True

    # -- helpers ------------------------------------------------------------------------

    def _typed(self) -> Spellings:
        """The names as typed without æøå (built on first use: it costs ~30 ms, and
        most programs that load the geography never need it)."""
        if self._spellings is not None:
            return self._spellings
        self._spellings = typed_spellings(
            [(m.name, (m.number,)) for m in self.municipalities],
            [(c.name, (c.number,)) for c in self.counties]
            + [
                (name, tuple(n for n in numbers if n in self._county_by_number))
                for name, numbers in FORMER_COUNTY_NAMES.items()
            ],
            self._municipality_index,
            self._county_index,
        )
        return self._spellings

    def _loose_municipality(
        self, shown: str, key: str, bare: str | None, allowed: set[str] | None
    ) -> tuple[str, ...] | None:
        """The municipality a name typed without æøå stands for (``"Tromso"``), or None.

        Raises:
            ValidationError: The name fits several municipalities' names («Ha»: Hå
                and others), and ``allowed`` counties do not tell which.
        """
        loose = self._typed().municipalities
        numbers = loose.get(key) or (loose.get(bare) if bare else None)
        if numbers is None:
            return None
        candidates = [self._municipality_by_number[n] for n in numbers]
        if allowed is not None:
            candidates = [m for m in candidates if m.county_number in allowed] or candidates
        # «Heroy»: two Herøy, told apart by county as for «Herøy» itself (below).
        names = {place_key(_PARENTHESIS.sub("", m.name)) for m in candidates}
        if len(names) > 1:
            listed = ", ".join(self.display_name(m) for m in candidates)
            raise ValidationError(
                f"Kommunen «{_shown(shown)}» kan være {listed}. "
                "Skriv navnet med æ, ø og å, eller bruk kommunenummeret.",
                field="municipality",
            )
        return tuple(m.number for m in candidates)

    def _wrong_county(
        self,
        shown: str,
        candidates: tuple[Municipality, ...],
        county: str | int | float | None,
    ) -> ValidationError:
        """Build the error for a municipality that is not in the county given."""
        county_text, _ = _as_text(county if county is not None else "", "fylke", "county")
        where = ", ".join(
            dict.fromkeys(
                self.display_name(self._county_by_number[m.county_number]) for m in candidates
            )
        )
        names = ", ".join(self.display_name(m) for m in candidates)
        official = "" if fold(names) == fold(shown) else f" ({names})"
        return ValidationError(
            f"Kommunen «{_shown(shown)}»{official} ligger ikke i fylket "
            f"«{_shown(county_text)}», men i {where}.",
            field="municipality",
        )

    def _municipality_suggestions(self, key: str) -> str:
        """Return " Mente du: A, B, C?" for the closest municipality names, or ""."""
        names: list[str] = []
        for match in difflib.get_close_matches(key, self._municipality_index, n=10):
            for number in self._municipality_index[match]:
                name = self.display_name(self._municipality_by_number[number])
                if name not in names:
                    names.append(name)
        return f" Mente du: {', '.join(names[:_MAX_SUGGESTIONS])}?" if names else ""

    def _county_suggestions(self, key: str) -> str:
        """Return " Mente du: A, B?" for the closest county names, or ""."""
        names: list[str] = []
        for match in difflib.get_close_matches(key, self._county_index, n=10):
            name = self._county_key_names[match]
            if name not in names:
                names.append(name)
        return f" Mente du: {', '.join(names[:_MAX_SUGGESTIONS])}?" if names else ""


def _read_csv(name: str) -> list[dict[str, str]]:
    """Read a ``;``-separated UTF-8 data file shipped in ``kontakt/data``.

    Args:
        name: File name, e.g. ``"fylker.csv"``.

    Returns:
        One dict per row, keyed by the header, values stripped.
    """
    text = (resources.files("kontakt") / "data" / name).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]


@functools.cache
def load_geography() -> Geography:
    """Load the official county and municipality lists (cached after the first call).

    Returns:
        The shared :class:`Geography`.
    """
    counties = [County(number=r["nummer"], name=r["navn"]) for r in _read_csv("fylker.csv")]
    municipalities = [
        Municipality(number=r["nummer"], name=r["navn"], county_number=r["fylkesnummer"])
        for r in _read_csv("kommuner.csv")
    ]
    return Geography(counties, municipalities)
