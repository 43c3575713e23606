"""Validate and normalise a ``ContactDraft`` before it is stored.

Every text is cleaned here (:func:`~kontakt.domain.text.clean`, notes with
:func:`~kontakt.domain.text.clean_multiline`), so that the editor, the
command line, the service API and the importers store the same clean text.

Every problem is collected, not only the first, so that the editor can mark
each field at once; :class:`DraftErrors` carries them all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from kontakt.domain.candidates import RESULTS
from kontakt.domain.geography import Geography
from kontakt.domain.normalize import normalize_email, normalize_name, normalize_phone
from kontakt.domain.records import CleanContact, ContactDraft, EmailData, PhoneData, RoleData
from kontakt.domain.text import clean, clean_multiline, is_tidy
from kontakt.errors import KontaktError, ValidationError


class DraftErrors(ValidationError):
    """One or more fields of a contact are invalid.

    Attributes:
        errors: ``(field, message)`` pairs; field is e.g. ``"emails[1]"``,
            ``"phones[0]"``, ``"municipality"``, ``"name"``.
    """

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(" ".join(message for _, message in errors), field=errors[0][0])
        self.errors = errors


_Item = TypeVar("_Item", EmailData, PhoneData)
_T = TypeVar("_T")


def _attempt(
    errors: list[tuple[str, str]], field: str, fn: Callable[..., _T], *args: object
) -> _T | None:
    """Call ``fn(*args)``; a KontaktError is recorded against ``field`` instead of raised."""
    try:
        return fn(*args)
    except KontaktError as exc:
        errors.append((field, str(exc)))
        return None


def _normalised(
    errors: list[tuple[str, str]],
    field: str,
    items: tuple[_Item, ...],
    attribute: str,
    normalise: Callable[[str], str],
) -> list[tuple[_Item, str]]:
    """Normalise each item's value; blanks are dropped, duplicates kept once (any case).

    Returns (item, normalised value) pairs.
    """
    result: list[tuple[_Item, str]] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        raw = getattr(item, attribute)
        if not clean(str(raw)):
            continue
        value = _attempt(errors, f"{field}[{i}]", normalise, raw)
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append((item, value))
    return result


def _letters_or_nothing(name: str | None) -> str:
    """A name with no letter at all ("-", "?", "...") is a placeholder, not a name."""
    return name if name and any(ch.isalpha() for ch in name) else ""


def _first_primary(items: list[tuple[_Item, str]]) -> int:
    return next((i for i, (item, _) in enumerate(items) if item.primary), 0)


def _emails(items: list[tuple[EmailData, str]]) -> tuple[EmailData, ...]:
    """The addresses, normalised, with exactly one primary (the first marked, else the first)."""
    first = _first_primary(items)
    return tuple(
        EmailData(address, item.kind, i == first) for i, (item, address) in enumerate(items)
    )


def _phones(items: list[tuple[PhoneData, str]]) -> tuple[PhoneData, ...]:
    """The numbers, normalised, with exactly one primary (the first marked, else the first)."""
    first = _first_primary(items)
    return tuple(PhoneData(number, item.kind, i == first) for i, (item, number) in enumerate(items))


def _names(names: tuple[str, ...]) -> tuple[str, ...]:
    """Topic or label names cleaned, blanks dropped, each once."""
    return tuple(dict.fromkeys(t for t in (clean(t) for t in names) if t))


def _role_place(
    errors: list[tuple[str, str]], i: int, role: RoleData, geography: Geography
) -> tuple[str, str]:
    """A candidate's municipality and county as numbers (the county follows the municipality)."""
    if clean(role.municipality):
        m = _attempt(
            errors,
            f"roles[{i}].municipality",
            geography.find_municipality,
            role.municipality,
            clean(role.county) or None,
        )
        return (m.number, m.county_number) if m is not None else ("", "")
    if clean(role.county):
        c = _attempt(errors, f"roles[{i}].county", geography.find_county, role.county)
        return ("", c.number) if c is not None else ("", "")
    return ("", "")


def _is_plain(r: RoleData) -> bool:
    """A role with tidy texts and no place or result to check (most roles)."""
    return (
        is_tidy(r.body)
        and is_tidy(r.title)
        and is_tidy(r.organisation)
        and not r.municipality
        and not r.county
        and not r.result
        and r.list_place is None
        and is_tidy(r.election)
        and is_tidy(r.list_name)
    )


def _roles(
    errors: list[tuple[str, str]], roles: tuple[RoleData, ...], geography: Geography
) -> tuple[RoleData, ...]:
    """The roles with their texts cleaned (a role goes into e-mail subjects through {verv})
    and a candidate's place resolved to numbers, its result and list place checked."""
    if all(_is_plain(r) for r in roles):
        return roles  # the common case, checked cheaply: an import validates many drafts
    result: list[RoleData] = []
    for i, r in enumerate(roles):
        municipality, county = _role_place(errors, i, r, geography)
        outcome = clean(r.result).casefold()
        if outcome not in RESULTS:
            errors.append(
                (
                    f"roles[{i}].result",
                    f"Resultatet må være «valgt» eller «ikke valgt», ikke «{clean(r.result)}».",
                )
            )
        if r.list_place is not None and not 1 <= r.list_place <= 9999:
            errors.append(
                (
                    f"roles[{i}].list_place",
                    f"Listeplassen må være et tall fra 1, ikke {r.list_place}.",
                )
            )
        result.append(
            RoleData(
                r.kind,
                r.level,
                clean(r.body),
                clean(r.title),
                clean(r.organisation),
                r.start,
                r.end,
                clean(r.election),
                clean(r.list_name),
                r.list_place,
                municipality,
                county,
                outcome,
            )
        )
    return tuple(result)


def validate_draft(draft: ContactDraft, geography: Geography) -> CleanContact:
    """Normalise every field of the draft or raise :class:`DraftErrors` listing all problems."""
    errors: list[tuple[str, str]] = []

    given = _letters_or_nothing(_attempt(errors, "given_name", normalize_name, draft.given_name))
    family = _letters_or_nothing(_attempt(errors, "family_name", normalize_name, draft.family_name))
    if not given and not family and not any(f.startswith(("given", "family")) for f, _ in errors):
        errors.append(("name", "Kontakten må ha et navn."))

    emails = _normalised(errors, "emails", draft.emails, "address", normalize_email)
    phones = _normalised(errors, "phones", draft.phones, "number", normalize_phone)

    roles = _roles(errors, draft.roles, geography)

    municipality_number: str | None = None
    county_number: str | None = None
    if clean(draft.municipality):
        m = _attempt(
            errors,
            "municipality",
            geography.find_municipality,
            draft.municipality,
            clean(draft.county) or None,
        )
        if m is not None:
            municipality_number, county_number = m.number, m.county_number
    elif clean(draft.county):
        c = _attempt(errors, "county", geography.find_county, draft.county)
        if c is not None:
            county_number = c.number

    if errors:
        raise DraftErrors(errors)

    # Built field by field rather than with dataclasses.replace: an import
    # validates tens of thousands of drafts.
    cleaned = ContactDraft(
        given_name=given,
        family_name=family,
        emails=_emails(emails),
        phones=_phones(phones),
        organisation=clean(draft.organisation),
        title=clean(draft.title),
        municipality=municipality_number or "",
        county=county_number or "",
        party=clean(draft.party),
        notes=clean_multiline(draft.notes).strip(),
        topics=_names(draft.topics),
        labels=_names(draft.labels),
        roles=roles,
        consent_basis=draft.consent_basis,
        consent_date=draft.consent_date,
        consent_source=clean(draft.consent_source),
        opted_out=draft.opted_out,
        last_confirmed=draft.last_confirmed,
    )
    return CleanContact(cleaned, municipality_number, county_number)
