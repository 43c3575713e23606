"""The contact repository: one column list, and the same stored values by every path."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from sqlalchemy import inspect, text

from kontakt.app import Core
from kontakt.domain.records import (
    ConsentBasis,
    ContactDraft,
    ContactRow,
    EmailData,
    EmailKind,
    PhoneData,
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.services.validation import validate_draft
from kontakt.storage.contact_columns import CONTACT, EMAIL, PHONE, READ, ROLE, WRITTEN
from kontakt.storage.contact_repository import ContactRepository

FULL = ContactDraft(
    given_name="Åse",
    family_name="Ødegård",
    emails=(EmailData("ase@example.org", EmailKind.JOBB, True), EmailData("a@example.net")),
    phones=(PhoneData("+4791234567", primary=True), PhoneData("22 33 44 55")),
    organisation="Helse Bergen",
    title="Overlege",
    municipality="Bergen",
    party="SV",
    notes="Første linje\nandre linje",
    topics=("Rus", "Psykisk helse"),
    labels=("Styret",),
    roles=(
        RoleData(
            RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, "Bystyret", "Medlem", "", dt.date(2023, 10, 1)
        ),
    ),
    consent_basis=ConsentBasis.BERETTIGET_INTERESSE,
    consent_date=dt.date(2025, 3, 1),
    consent_source="Skjema",
    opted_out=True,
    last_confirmed=dt.date(2026, 1, 15),
)


def test_every_column_of_the_tables_is_declared_once(core: Core) -> None:
    tables = inspect(core.engine)
    declared = {c.name for c in CONTACT}
    assert len(declared) == len(CONTACT)
    assert {c["name"] for c in tables.get_columns("contact")} == declared
    for table, names in (("contact_email", EMAIL), ("contact_phone", PHONE), ("role", ROLE)):
        assert {c["name"] for c in tables.get_columns(table)} == {"id", "contact_id", *names}


def test_a_snapshot_fills_every_field_of_a_contact_row() -> None:
    read = {c.read for c in READ}
    children = {"emails", "phones", "roles", "topics", "labels"}
    assert read | children == {f.name for f in fields(ContactRow)}
    assert not read & children


def test_a_save_and_an_import_store_the_same_values(core: Core) -> None:
    """The editor's save (ORM) and an import's bulk insert write from one list."""
    repository = ContactRepository(core.geography)
    clean = validate_draft(FULL, core.geography)
    with core.sessions.begin() as session:
        saved = repository.add(session, "00000000-0000-4000-8000-000000000001", clean)
        session.flush()
        [[(bulk_id, _uid, _clean)]] = list(
            repository.insert_new(session, [clean], ["00000000-0000-4000-8000-000000000002"])
        )
        saved_row, bulk_row = repository.rows(session, [saved.id, bulk_id])
        columns = ", ".join(WRITTEN)
        stored = {
            cid: session.execute(text(f"SELECT {columns} FROM contact WHERE id = {cid}")).one()
            for cid in (saved.id, bulk_id)
        }
    assert stored[saved.id] == stored[bulk_id]
    assert saved_row.to_draft() == bulk_row.to_draft()
    draft = saved_row.to_draft()
    for name in ("given_name", "family_name", "organisation", "title", "party", "notes",
                 "consent_basis", "consent_date", "consent_source", "opted_out",
                 "last_confirmed", "roles"):  # fmt: skip
        assert getattr(draft, name) == getattr(clean.draft, name), name
    assert [e.address for e in saved_row.emails] == ["ase@example.org", "a@example.net"]
    assert saved_row.municipality is not None and saved_row.municipality.name == "Bergen"
    assert saved_row.county is not None and saved_row.county.name == "Vestland"
    assert set(saved_row.topics) == {"Rus", "Psykisk helse"}
    assert saved_row.labels == ("Styret",)
    assert saved_row.opted_out and bulk_row.opted_out
