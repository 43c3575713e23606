"""How Norwegian place names are written: the names and numbers used before the
reforms, the language forms of one name, and a key that ignores case, spacing,
punctuation and how æ, ø and å were typed."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kontakt.domain.text import clean, fold

_LANGUAGE_SEPARATOR = " - "

# Names of counties before 2024 (the 2020 reform and the 2024 split) and the current
# county numbers each one stands for. Several numbers mean the county was split.
FORMER_COUNTY_NAMES: Mapping[str, tuple[str, ...]] = {
    # Before 2020.
    "Østfold": ("31",),
    "Akershus": ("32",),
    "Oslo": ("03",),
    "Hedmark": ("34",),
    "Oppland": ("34",),
    "Buskerud": ("33",),
    "Vestfold": ("39",),
    "Telemark": ("40",),
    "Aust-Agder": ("42",),
    "Vest-Agder": ("42",),
    "Rogaland": ("11",),
    "Hordaland": ("46",),
    "Sogn og Fjordane": ("46",),
    "Møre og Romsdal": ("15",),
    "Sør-Trøndelag": ("50",),
    "Nord-Trøndelag": ("50",),
    "Nordland": ("18",),
    "Troms": ("55",),
    "Finnmark": ("56",),
    # 2020-2023 (split again on 1 January 2024).
    "Viken": ("31", "32", "33"),
    "Vestfold og Telemark": ("39", "40"),
    "Troms og Finnmark": ("55", "56"),
    "Romsa ja Finnmárku": ("55", "56"),
    "Tromssa ja Finmarkku": ("55", "56"),
}

# County numbers before 2024 that are not current numbers, and what they became.
FORMER_COUNTY_NUMBERS: Mapping[str, tuple[str, ...]] = {
    "01": ("31",),
    "02": ("32",),
    "04": ("34",),
    "05": ("34",),
    "06": ("33",),
    "07": ("39",),
    "08": ("40",),
    "09": ("42",),
    "10": ("42",),
    "12": ("46",),
    "14": ("46",),
    "16": ("50",),
    "17": ("50",),
    "19": ("55",),
    "20": ("56",),
    "30": ("31", "32", "33"),
    "38": ("39", "40"),
    "54": ("55", "56"),
}

# Municipality names used until 2025 for municipalities that since got a multilingual name.
FORMER_MUNICIPALITY_NAMES: Mapping[str, str] = {
    "Oslo": "0301",
    "Steinkjer": "5006",
    "Lyngen": "5536",
}

# Letters spelled out the way Norwegians write them without a Norwegian keyboard.
_SPELL_OUT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe"})
# How each letter may have been typed on a keyboard without it: «Tromso», «Barum»,
# «Alesund» (the two-letter forms are what place_key already reads).
_TYPED_WITHOUT = {"æ": ("ae", "a", "e"), "ø": ("oe", "o"), "å": ("aa", "a"), "ä": ("ae", "a"),
                  "ö": ("oe", "o")}  # fmt: skip
_MAX_SPELLINGS = 64
_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")


def place_key(text: str) -> str:
    """Reduce a place name to a key that ignores case, spacing, punctuation and æøå spelling.

    Args:
        text: A place name as typed or as in the official list.

    Returns:
        The lowercase key, letters and digits only, e.g. ``"baerum"`` for ``"BÆRUM"``.
    """
    spelled = fold(clean(text)).translate(_SPELL_OUT)
    decomposed = unicodedata.normalize("NFKD", spelled)
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def name_forms(name: str) -> list[str]:
    """Return the forms an official name can be given in.

    Args:
        name: Official name, e.g. ``"Guovdageaidnu - Kautokeino"`` or ``"Herøy (Nordland)"``.

    Returns:
        The full name, each language form alone and each form without a parenthesised
        disambiguation (``"Herøy"``).
    """
    forms = [name, *name.split(_LANGUAGE_SEPARATOR)]
    forms += [_PARENTHESIS.sub("", form) for form in forms if _PARENTHESIS.search(form)]
    return [form for form in forms if form.strip()]


def _letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def loose_keys(name: str) -> set[str]:
    """The keys of the ways a name may be typed without æ, ø and å, one letter for one.

    Args:
        name: An official name form, e.g. ``"Tromsø"``.

    Returns:
        Keys as :func:`place_key` makes them of the typed forms: ``{"tromsoe", "tromso"}``
        for ``"Tromsø"``. A name with very many such letters gets only its own key.
    """
    text = fold(clean(name))
    choices = [_TYPED_WITHOUT.get(ch, (ch,)) for ch in text]
    count = 1
    for options in choices:
        count *= len(options)
    if count > _MAX_SPELLINGS:
        return {place_key(name)}
    return {_letters("".join(spelled)) for spelled in itertools.product(*choices)}


def exact_key(text: str) -> str:
    """A key that ignores case, spacing and punctuation but keeps æ, ø and å as letters.

    Two texts with the same exact key need no note about how they were read:
    ``"BÆRUM"`` and ``"Bærum"`` do, ``"Baerum"`` and ``"Bærum"`` do not.
    """
    return "".join(ch for ch in fold(clean(text)) if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Spellings:
    """Place names as typed on a keyboard without æ, ø and å.

    Attributes:
        exact: Exact keys (:func:`exact_key`) of every official and former name form.
        municipalities: Loose key -> municipality numbers (keys the exact index lacks).
        counties: Loose key -> county numbers (likewise).
    """

    exact: frozenset[str]
    municipalities: dict[str, tuple[str, ...]]
    counties: dict[str, tuple[str, ...]]


def typed_spellings(
    municipalities: Iterable[tuple[str, tuple[str, ...]]],
    counties: Iterable[tuple[str, tuple[str, ...]]],
    municipality_index: Mapping[str, object],
    county_index: Mapping[str, object],
) -> Spellings:
    """Index the ways names may be typed without æøå.

    Args:
        municipalities: (official name, numbers) of each municipality.
        counties: (name, current numbers) of each county, current and former.
        municipality_index: Keys found already by :func:`place_key`: left out.
        county_index: Likewise for counties.
    """
    exact: set[str] = {exact_key(name) for name in FORMER_MUNICIPALITY_NAMES}
    found: list[dict[str, set[str]]] = [{}, {}]
    for index, places in enumerate((municipalities, counties)):
        for name, numbers in places:
            for form in name_forms(name):
                exact.add(exact_key(form))
                for key in loose_keys(form):
                    found[index].setdefault(key, set()).update(numbers)
    return Spellings(
        frozenset(exact),
        {k: tuple(sorted(v)) for k, v in found[0].items() if k not in municipality_index},
        {k: tuple(sorted(v)) for k, v in found[1].items() if k not in county_index and v},
    )
