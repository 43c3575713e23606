"""Follow-ups on SQLite and PostgreSQL: added, listed, ticked off, undone, erased."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from kontakt.app import Core
from kontakt.domain.follow_ups import FollowUpQuery, due_text
from kontakt.domain.records import ContactDraft, EmailData, EmailKind
from kontakt.errors import NotFoundError, ValidationError
from kontakt.storage.politics_models import FollowUp

TODAY = dt.date.today()


def person(core: Core, given: str, email: str, topics: tuple[str, ...] = ()) -> str:
    draft = ContactDraft(
        given_name=given,
        family_name="Berg",
        emails=(EmailData(email, EmailKind.PRIVAT, True),),
        municipality="4601",
        topics=topics,
    )
    return core.contacts.create(draft).uid


def stored(core: Core) -> int:
    with core.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(FollowUp)) or 0)


def test_add_list_done_reopen(core: Core) -> None:
    kari = person(core, "Kari", "kari@example.org")
    ola = person(core, "Ola", "ola@example.org")
    late = core.followups.add(
        kari, "Ring om fylkesmøtet", TODAY - dt.timedelta(days=3), "Hun ba om det"
    )
    later = core.followups.add(ola, "Send høringssvaret", TODAY + dt.timedelta(days=10))
    undated = core.followups.add(ola, "Spør om verv")

    rows = core.followups.list()
    assert [r.id for r in rows] == [late, later, undated]
    first = rows[0]
    assert (first.uid, first.name, first.note) == (kari, "Kari Berg", "Hun ba om det")
    assert first.overdue(TODAY) and first.actor
    assert "forfalt (3 dager siden)" in due_text(first, TODAY)
    assert core.followups.due_count(TODAY) == 1

    before = core.followups.done(late)
    assert not before.done
    assert [r.id for r in core.followups.list()] == [later, undated]
    assert core.followups.due_count(TODAY) == 0
    everything = core.followups.list(FollowUpQuery(include_done=True))
    assert [r.id for r in everything] == [later, undated, late]
    assert everything[-1].done_at is not None

    core.followups.reopen(late)
    assert core.followups.get(late).done_at is None

    soon = core.followups.list(FollowUpQuery(due_before=TODAY + dt.timedelta(days=1)))
    assert [r.id for r in soon] == [late]
    assert [r.id for r in core.followups.list(FollowUpQuery(uid=ola))] == [later, undated]


def test_edit_and_delete_are_undone_by_restore(core: Core) -> None:
    kari = person(core, "Kari", "kari@example.org", ("psykisk helse",))
    fid = core.followups.add(kari, "Ring", TODAY, county="46", topic="Psykisk helse")
    before = core.followups.edit(fid, "Ring igjen", None, "ny merknad")
    changed = core.followups.get(fid)
    assert (changed.what, changed.due, changed.note) == ("Ring igjen", None, "ny merknad")
    core.followups.restore([before])
    assert core.followups.get(fid) == before
    assert (before.county_number, before.topic) == ("46", "Psykisk helse")

    gone = core.followups.delete([fid])
    assert stored(core) == 0
    core.followups.restore(gone)
    assert core.followups.get(fid) == before
    # The undo of «Ferdig» is a reopen.
    core.followups.done(fid)
    core.followups.restore([before])
    assert core.followups.get(fid).done_at is None


def test_add_many_for_a_cell_and_bad_input(core: Core) -> None:
    kari = person(core, "Kari", "kari@example.org")
    ola = person(core, "Ola", "ola@example.org")
    ids = core.followups.add_many([kari, ola], "Spør om de vil bidra", TODAY, "", "46", None)
    assert [core.followups.get(i).uid for i in ids] == [kari, ola]
    assert core.followups.get(ids[0]).county_number == "46"

    with pytest.raises(NotFoundError, match="ukjent-uid"):
        core.followups.add_many([kari, "ukjent-uid"], "Ring")
    with pytest.raises(ValidationError, match="Skriv hva"):
        core.followups.add(kari, "   ")
    with pytest.raises(ValidationError, match="for langt"):
        core.followups.add(kari, "x" * 301)
    with pytest.raises(NotFoundError, match="temaet"):
        core.followups.add(kari, "Ring", topic="finnes ikke")
    with pytest.raises(NotFoundError, match="oppfølging med nummer 9999"):
        core.followups.done(9999)
    assert stored(core) == 2  # nothing of the refused ones


def test_erasure_removes_the_persons_follow_ups(core: Core) -> None:
    kari = person(core, "Kari", "kari@example.org")
    ola = person(core, "Ola", "ola@example.org")
    fid = core.followups.add(kari, "Ring")
    core.followups.add(ola, "Send brev")
    gone = core.followups.delete([fid])
    core.followups.restore(gone)  # back before the erasure

    core.privacy.erase(kari)
    assert [r.uid for r in core.followups.list(FollowUpQuery(include_done=True))] == [ola]
    assert stored(core) == 1
    # An undo that would bring the erased person's follow-up back does not.
    core.followups.restore(gone)
    assert stored(core) == 1


def test_a_trashed_contacts_follow_ups_are_not_listed(core: Core) -> None:
    kari = person(core, "Kari", "kari@example.org")
    core.followups.add(kari, "Ring", TODAY - dt.timedelta(days=1))
    core.contacts.trash([kari])
    assert core.followups.list() == []
    assert core.followups.due_count(TODAY) == 0


def test_a_merge_moves_the_follow_ups_and_its_undo_moves_them_back(core: Core) -> None:
    keep = person(core, "Kari", "kari@example.org")
    other = person(core, "Kari", "kari.berg@example.org")
    fid = core.followups.add(other, "Ring", TODAY)
    plan = core.merging.plan(keep, other)
    core.merging.merge(keep, other, {}, plan.versions)
    assert core.followups.get(fid).uid == keep
    assert [r.id for r in core.followups.list(FollowUpQuery(uid=keep))] == [fid]
    core.merging.undo()
    assert core.followups.get(fid).uid == other
