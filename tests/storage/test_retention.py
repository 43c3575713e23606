"""Retention review: not confirmed for N months, every role ended; confirm in bulk."""

from __future__ import annotations

import datetime as dt

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, RoleData, RoleKind, RoleLevel

TODAY = dt.date(2027, 11, 15)


def role(end: dt.date | None) -> RoleData:
    return RoleData(RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, "Bodø bystyre", "Medlem",
                    start=dt.date(2023, 10, 1), end=end)  # fmt: skip


def test_review_lists_and_bulk_confirm(core: Core) -> None:
    c = core.contacts
    old = c.create(ContactDraft("Gammel", "Bekreftelse", last_confirmed=dt.date(2025, 6, 1)))
    fresh = c.create(ContactDraft("Fersk", "Bekreftelse", last_confirmed=dt.date(2027, 9, 1)))
    ended = c.create(
        ContactDraft("Ferdig", "Representant", last_confirmed=dt.date(2027, 9, 1),
                     roles=(role(dt.date(2027, 10, 31)), role(dt.date(2019, 10, 31))))
    )  # fmt: skip
    c.create(ContactDraft("Sittende", "Representant", roles=(role(dt.date(2031, 10, 31)),)))
    c.create(ContactDraft("Uten", "Slutt", roles=(role(None), role(dt.date(2020, 1, 1)))))
    trashed = c.create(ContactDraft("I", "Papirkurven", last_confirmed=dt.date(2020, 1, 1)))
    c.trash([trashed.uid])

    due = core.retention.not_confirmed(24, TODAY)
    assert [r.uid for r in due] == [old.uid]
    assert core.retention.count_due(24, TODAY) == 1  # the window's reminder counts the same
    assert {r.uid for r in core.retention.not_confirmed(1, TODAY)} >= {old.uid, fresh.uid}
    assert core.retention.count_due(1, TODAY) == len(core.retention.not_confirmed(1, TODAY))
    assert [r.uid for r in core.retention.roles_ended(TODAY)] == [ended.uid]
    assert core.retention.roles_ended(dt.date(2027, 10, 1)) == []  # the term runs to October

    change = core.retention.confirm(due, TODAY)
    assert core.contacts.get(old.uid).last_confirmed == TODAY
    assert core.retention.not_confirmed(24, TODAY) == []
    core.undo.undo(change)  # one change, undone as one
    assert core.contacts.get(old.uid).last_confirmed == dt.date(2025, 6, 1)
