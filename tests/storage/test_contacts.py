"""Creating, editing, trashing and purging contacts, each change audited, conflicts caught."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from kontakt.app import Core
from kontakt.domain.records import (
    ConsentBasis,
    ContactDraft,
    ContactFilter,
    EmailData,
    EmailKind,
    PhoneData,
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.errors import ConflictError, NotFoundError
from kontakt.services.validation import DraftErrors
from kontakt.storage.models import AuditEntry, Contact

KARI = ContactDraft(
    given_name="  Kari\u00a0 ",
    family_name="Nordmann",
    emails=(EmailData("mailto:Kari.Nordmann@Example.ORG", EmailKind.JOBB),),
    phones=(PhoneData("987 65 432"), PhoneData(98765433.0)),  # type: ignore[arg-type]
    organisation="Fagforbundet",
    municipality="4601",
    topics=("psykisk helse", "Rus"),
    roles=(RoleData(RoleKind.TILLITSVALGT, RoleLevel.ORGANISASJON, "Fagforbundet Vestland"),),
    consent_basis=ConsentBasis.SAMTYKKE,
    consent_date=dt.date(2025, 3, 1),
)


def _audit(core: Core, uid: str) -> list[AuditEntry]:
    with core.sessions() as s:
        return list(
            s.scalars(
                select(AuditEntry).where(AuditEntry.entity_uid == uid).order_by(AuditEntry.id)
            )
        )


def _contact_count(core: Core) -> int:
    with core.sessions() as s:
        return s.scalar(select(func.count()).select_from(Contact)) or 0


def test_create_normalises_and_audits(core: Core) -> None:
    row = core.contacts.create(KARI)
    assert (row.given_name, row.family_name) == ("Kari", "Nordmann")
    assert row.primary_email == "Kari.Nordmann@example.org"
    assert [p.number for p in row.phones] == ["+4798765432", "+4798765433"]
    assert [p.primary for p in row.phones] == [True, False]
    assert row.municipality and row.municipality.name == "Bergen"
    assert row.county and row.county.number == "46"
    # Topics match the seed vocabulary ignoring case; no duplicates are made.
    assert row.topics == ("Psykisk helse", "Rus")
    assert row.version == 1
    [entry] = _audit(core, row.uid)
    assert entry.action == "create" and entry.before is None
    assert entry.after is not None and entry.after["family_name"] == "Nordmann"
    assert core.contacts.get(row.uid) == row


def test_invalid_fields_are_all_reported_and_nothing_is_stored(core: Core) -> None:
    bad = ContactDraft(
        given_name="Ola",
        emails=(EmailData("ola@"),),
        phones=(PhoneData("12"),),
        municipality="Bergn",
    )
    with pytest.raises(DraftErrors) as caught:
        core.contacts.create(bad)
    fields = [f for f, _ in caught.value.errors]
    assert fields == ["emails[0]", "phones[0]", "municipality"]
    assert "Bergen" in str(caught.value)  # the closest municipality is suggested
    assert _contact_count(core) == 0


def test_a_contact_needs_a_name(core: Core) -> None:
    with pytest.raises(DraftErrors, match="må ha et navn"):
        core.contacts.create(ContactDraft(emails=(EmailData("a@example.org"),)))


def test_update_writes_before_and_after_to_the_audit_log(core: Core) -> None:
    row = core.contacts.create(KARI)
    draft = row.to_draft()
    changed = core.contacts.update(
        row.uid,
        ContactDraft(**{**_fields(draft), "organisation": "Sykepleierforbundet"}),
        row.version,
    )
    assert changed.organisation == "Sykepleierforbundet"
    assert changed.version == row.version + 1
    entry = _audit(core, row.uid)[-1]
    assert entry.action == "update"
    assert entry.before is not None and entry.after is not None
    assert entry.before["organisation"] == "Fagforbundet"
    assert entry.after["organisation"] == "Sykepleierforbundet"


def test_saving_a_stale_version_raises_a_conflict_naming_the_changed_field(core: Core) -> None:
    row = core.contacts.create(KARI)
    # Another window saves first.
    core.contacts.update(
        row.uid, ContactDraft(**{**_fields(row.to_draft()), "title": "Leder"}), row.version
    )
    with pytest.raises(ConflictError) as caught:
        core.contacts.update(
            row.uid, ContactDraft(**{**_fields(row.to_draft()), "notes": "mitt notat"}), row.version
        )
    assert caught.value.changed_fields == ("title",)
    assert "endret" in str(caught.value)
    assert core.contacts.get(row.uid).title == "Leder"  # not overwritten


def test_two_sessions_writing_the_same_contact_lose_no_update(core: Core) -> None:
    uid = core.contacts.create(KARI).uid
    with core.sessions() as first, core.sessions() as second:
        a = first.scalars(select(Contact).where(Contact.uid == uid)).one()
        b = second.scalars(select(Contact).where(Contact.uid == uid)).one()
        # End both read transactions, keeping the loaded values (as a window does).
        first.commit()
        second.commit()
        a.title = "Fra første vindu"
        first.commit()
        b.title = "Fra andre vindu"
        with pytest.raises(StaleDataError):
            second.commit()
    assert core.contacts.get(uid).title == "Fra første vindu"


def test_trash_restore_and_purge(core: Core) -> None:
    keep = core.contacts.create(KARI)
    gone = core.contacts.create(ContactDraft(given_name="Ola", family_name="Nordmann"))
    assert core.contacts.trash([gone.uid]) == 1
    assert core.search.count(ContactFilter()) == 1
    assert core.search.count(ContactFilter(trashed=True)) == 1
    assert core.contacts.restore([gone.uid]) == 1
    assert core.search.count(ContactFilter()) == 2
    # Purge only deletes what is in the trash.
    assert core.contacts.purge([keep.uid]) == 0
    core.contacts.trash([gone.uid])
    assert core.contacts.empty_trash() == 1
    with pytest.raises(NotFoundError):
        core.contacts.get(gone.uid)
    actions = [e.action for e in _audit(core, gone.uid)]
    assert actions == ["create", "trash", "restore", "trash", "purge"]
    assert core.contacts.get(keep.uid).deleted_at is None


def _fields(draft: ContactDraft) -> dict[str, object]:
    return {name: getattr(draft, name) for name in draft.__dataclass_fields__}
