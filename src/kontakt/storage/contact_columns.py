"""The contact's columns, declared once: what a save writes and what a snapshot reads.

Every path that stores or loads a contact goes through these lists: a save in
the editor and an undo (the ORM), the bulk insert of an import, the fast row
loading of the table, the exports and the audit snapshots. A new contact field
is a column of the model and its migration, a field of the domain records,
and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from kontakt.domain.geography import Geography
from kontakt.domain.records import CleanContact, ContactDraft, EmailData, PhoneData, RoleData
from kontakt.domain.text import fold, sort_key, sort_key_or_last


class Column(NamedTuple):
    """One column of the ``contact`` table.

    Attributes:
        name: The column.
        write: Its value from a validated contact, as a Python expression over
            ``d`` (the draft), ``m`` and ``c`` (the municipality's and county's
            numbers) and ``municipality`` and ``county`` (their names, "" for
            none); None for the bookkeeping columns a save does not set from
            the draft (uid, stamps, version).
        read: The :class:`~kontakt.domain.records.ContactRow` attribute it
            becomes; None for columns kept only for sorting and searching.
        convert: How a database value becomes that attribute ("date",
            "datetime", "bool", "consent", "place"; see ``contact_rows``);
            None to take it as it is.
    """

    name: str
    write: str | None
    read: str | None
    convert: str | None = None


def search_text(d: ContactDraft, municipality: str) -> str:
    """The casefolded text free-text search matches.

    Names, organisation, e-mails, phones (E.164 and national digits, so "98765"
    finds +4798765432) and the municipality.
    """
    parts = [d.given_name, d.family_name, d.organisation]
    parts += [e.address for e in d.emails]
    for p in d.phones:
        parts.append(p.number)
        parts.append(p.number[3:] if p.number.startswith("+47") else p.number.lstrip("+"))
    parts.append(municipality)
    return fold(" ".join(p for p in parts if p))


CONTACT: tuple[Column, ...] = (
    Column("id", None, "id"),
    Column("uid", None, "uid"),
    Column("given_name", "d.given_name", "given_name"),
    Column("family_name", "d.family_name", "family_name"),
    Column("sort_key", 'sort_key(f"{d.family_name} {d.given_name}")', None),
    Column("organisation", "d.organisation", "organisation"),
    Column("organisation_sort", "sort_key_or_last(d.organisation)", None),
    Column("municipality_sort", "sort_key_or_last(municipality)", None),
    Column("county_sort", "sort_key_or_last(county)", None),
    Column("title", "d.title", "title"),
    Column("municipality_number", "m", "municipality", "place"),
    Column("county_number", "c", "county", "place"),
    Column("party", "d.party", "party"),
    Column("notes", "d.notes", "notes"),
    Column(
        "consent_basis",
        "d.consent_basis.value if d.consent_basis else None",
        "consent_basis",
        "consent",
    ),
    Column("consent_date", "d.consent_date", "consent_date", "date"),
    Column("consent_source", "d.consent_source", "consent_source"),
    Column("opted_out", "d.opted_out", "opted_out", "bool"),
    Column("last_confirmed", "d.last_confirmed", "last_confirmed", "date"),
    Column("search_text", "search_text(d, municipality)", None),
    Column("created_at", None, "created_at", "datetime"),
    Column("updated_at", None, "updated_at", "datetime"),
    Column("deleted_at", None, "deleted_at", "datetime"),
    Column("version", None, "version"),
)
"""Every column of ``contact`` that Kontakt writes or reads."""

WRITTEN: tuple[str, ...] = tuple(c.name for c in CONTACT if c.write is not None)
"""The columns a save sets from a validated contact, in the order of :func:`contact_values`."""

READ: tuple[Column, ...] = tuple(c for c in CONTACT if c.read is not None)
"""The columns a snapshot reads, in the order the row loader selects them."""

# The child tables, each column list in the order the bulk insert, the ORM
# save and the row loader use. ``position`` keeps the user's order.
EMAIL = ("address", "kind", "is_primary", "position")
PHONE = ("number", "kind", "is_primary", "position")
ROLE = (
    "kind",
    "level",
    "body",
    "title",
    "organisation",
    "start_date",
    "end_date",
    "election",
    "list_name",
    "list_place",
    "municipality_number",
    "county_number",
    "result",
    "position",
)


def _compile_writer() -> Callable[..., tuple[Any, ...]]:
    """One function computing every written column, made from :data:`CONTACT`.

    Made once, as :mod:`dataclasses` makes ``__init__``: an import writes
    50,000 contacts, and one call per column cost 100 ms more than one
    tuple built in one function (measured).
    """
    values = ", ".join(f"{c.write}" for c in CONTACT if c.write is not None)
    source = f"def written(d, m, c, municipality, county):\n    return ({values},)\n"
    namespace: dict[str, Any] = {
        "sort_key": sort_key,
        "sort_key_or_last": sort_key_or_last,
        "search_text": search_text,
    }
    exec(compile(source, "<contact_columns>", "exec"), namespace)
    return namespace["written"]  # type: ignore[no-any-return]


_written = _compile_writer()


def contact_values(clean: CleanContact, geography: Geography) -> tuple[Any, ...]:
    """The values of :data:`WRITTEN` for a validated contact (its children not included).

    Used for ORM saves and bulk inserts alike, so that both store the same
    sort keys and search text.
    """
    m, c = clean.municipality_number, clean.county_number
    municipality = geography.municipality(m).name if m else ""
    county = geography.county(c).name if c else ""
    return _written(clean.draft, m, c, municipality, county)


def email_values(e: EmailData, position: int) -> tuple[Any, ...]:
    """The values of :data:`EMAIL` for one e-mail address."""
    return (e.address, e.kind.value, e.primary, position)


def phone_values(p: PhoneData, position: int) -> tuple[Any, ...]:
    """The values of :data:`PHONE` for one phone number."""
    return (p.number, p.kind.value, p.primary, position)


def role_values(r: RoleData, position: int) -> tuple[Any, ...]:
    """The values of :data:`ROLE` for one role."""
    level = r.level.value if r.level else None
    return (
        r.kind.value,
        level,
        r.body,
        r.title,
        r.organisation,
        r.start,
        r.end,
        r.election,
        r.list_name,
        r.list_place,
        r.municipality or None,
        r.county or None,
        r.result,
        position,
    )
