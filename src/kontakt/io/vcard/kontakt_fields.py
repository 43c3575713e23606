"""What Kontakt reads from a card beyond names and numbers: the place and its own X- lines.

A card Kontakt wrote is known by its PRODID. The place is the ADR's locality
(municipality) and region (county) of the first address in Norway (or with no
country); Kontakt's own cards have one such ADR. ``X-KONTAKT-ROLE`` and
``X-KONTAKT-RESERVED`` are written by :mod:`kontakt.io.vcard.writer`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from kontakt.domain.survey import parse_yes_no
from kontakt.io.vcard.writer import PRODID, RESERVED, ROLE

_NORWAY = frozenset({"", "norge", "noreg", "norway", "no", "nor", "norga"})


class KontaktFields(TypedDict):
    """The extra fields of a :class:`kontakt.io.vcard.reader.VCardContact`."""

    locality: str
    region: str
    roles: tuple[str, ...]
    reserved: bool
    from_kontakt: bool


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(_text(v) for v in value if _text(v))
    return str(value).strip() if value is not None else ""


def _place(lines: Iterable[Any]) -> tuple[str, str]:
    for line in lines:
        address = line.value
        country = _text(getattr(address, "country", ""))
        locality = _text(getattr(address, "city", ""))
        region = _text(getattr(address, "region", ""))
        if country.casefold() in _NORWAY and (locality or region):
            return locality, region
    return "", ""


def kontakt_fields(by_name: Mapping[str, list[Any]]) -> KontaktFields:
    """The place, roles and reservation of one card (its lines by property name)."""
    locality, region = _place(by_name.get("ADR", ()))
    roles = tuple(t for t in (_text(line.value) for line in by_name.get(ROLE, ())) if t)
    reserved = any(
        parse_yes_no(_text(line.value)) is not False for line in by_name.get(RESERVED, ())
    )
    from_kontakt = any(_text(line.value) == PRODID for line in by_name.get("PRODID", ()))
    return KontaktFields(
        locality=locality, region=region, roles=roles, reserved=reserved, from_kontakt=from_kontakt
    )
