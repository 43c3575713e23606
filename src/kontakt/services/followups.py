"""Follow-ups: a light task list of people to get back to, by a date.

Made by hand, for the contacts chosen in the window (one each), from the
command line, or (phase 2) from an empty cell of the overview, when the
cell's county and topic are kept. Each change returns what undoing it needs,
so the window's undo stack can put it back. Who made a follow-up and when is
kept on its row; it is not part of the contact's audited state. An erased
contact's follow-ups go with it (ON DELETE CASCADE); a merge moves them.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.follow_ups import WHAT_MAX, FollowUpQuery, FollowUpRow
from kontakt.domain.text import clean, clean_multiline, fold
from kontakt.errors import NotFoundError, ValidationError
from kontakt.storage.base import utcnow
from kontakt.storage.models import Contact, Topic
from kontakt.storage.politics_models import FollowUp


def _what(text: str) -> str:
    what = clean(text)
    if not what:
        raise ValidationError("Skriv hva som skal følges opp.", field="what")
    if len(what) > WHAT_MAX:
        raise ValidationError(
            f"«Hva» er for langt ({len(what)} tegn; høyst {WHAT_MAX}).", field="what"
        )
    return what


_COLUMNS = (
    FollowUp.id,
    Contact.uid,
    Contact.given_name,
    Contact.family_name,
    FollowUp.what,
    FollowUp.note,
    FollowUp.due,
    FollowUp.done_at,
    FollowUp.county_number,
    Topic.name,
    FollowUp.actor,
    FollowUp.created_at,
)


def _query() -> Select[*tuple[Any, ...]]:
    # Plain columns, not ORM objects: 10,000 open follow-ups list in a fraction
    # of the time (the list is read after every change in the window).
    return (
        select(*_COLUMNS)
        .join(Contact, Contact.id == FollowUp.contact_id)
        .outerjoin(Topic, Topic.id == FollowUp.topic_id)
    )


def _row(r: Sequence[Any]) -> FollowUpRow:
    given, family = r[2], r[3]
    return FollowUpRow(
        id=r[0],
        uid=r[1],
        name=" ".join(p for p in (given, family) if p) or "(uten navn)",
        what=r[4],
        note=r[5],
        due=r[6],
        done_at=r[7],
        county_number=r[8],
        topic=r[9],
        actor=r[10],
        created_at=r[11],
    )


class FollowUpService:
    """Adds, lists, ticks off, edits and deletes follow-ups.

    Args:
        sessions: Session factory.
        actor: Who is working (kept on each follow-up made).
    """

    def __init__(self, sessions: sessionmaker[Session], actor: str) -> None:
        self._sessions = sessions
        self._actor = actor

    # -- adding --------------------------------------------------------------------

    def add(
        self,
        uid: str,
        what: str,
        due: dt.date | None = None,
        note: str = "",
        county: str | None = None,
        topic: str | None = None,
    ) -> int:
        """One follow-up for the contact ``uid``; returns its id (undo: :meth:`delete`).

        Raises:
            NotFoundError: No such contact (or it is in the trash), or no such topic.
            ValidationError: ``what`` is empty or too long.
        """
        return self.add_many([uid], what, due, note, county, topic)[0]

    def add_many(
        self,
        uids: Sequence[str],
        what: str,
        due: dt.date | None = None,
        note: str = "",
        county: str | None = None,
        topic: str | None = None,
    ) -> builtins.list[int]:
        """The same follow-up for each contact, in one transaction; returns the ids in order.

        This is what the overview's empty cell offers (phase 2): ``county`` and
        ``topic`` (a topic's name) record the cell it came from. Nothing is
        stored if one uid is unknown.

        Raises:
            NotFoundError: A contact or the topic does not exist.
            ValidationError: ``what`` is empty or too long.
        """
        text = _what(what)
        body = clean_multiline(note)
        with self._sessions.begin() as session:
            topic_id = self._topic_id(session, topic)
            ids = dict(
                session.execute(
                    select(Contact.uid, Contact.id).where(
                        Contact.uid.in_(set(uids)), Contact.deleted_at.is_(None)
                    )
                ).all()
            )
            missing = [u for u in uids if u not in ids]
            if missing:
                raise NotFoundError(f"Fant ingen kontakt med id {missing[0]}.")
            made = [
                FollowUp(
                    contact_id=ids[u],
                    what=text,
                    note=body,
                    due=due,
                    county_number=county,
                    topic_id=topic_id,
                    actor=self._actor,
                    created_at=utcnow(),
                )
                for u in uids
            ]
            session.add_all(made)
            session.flush()
            return [f.id for f in made]

    @staticmethod
    def _topic_id(session: Session, topic: str | None) -> int | None:
        if not topic:
            return None
        found = session.scalar(select(Topic.id).where(Topic.name_key == fold(clean(topic))))
        if found is None:
            raise NotFoundError(f"Fant ikke temaet «{topic}».")
        return found

    # -- reading -------------------------------------------------------------------

    def list(self, query: FollowUpQuery | None = None) -> builtins.list[FollowUpRow]:
        """Follow-ups of contacts not in the trash: earliest due first, undated last.

        Raises:
            NotFoundError: ``query.uid`` names no contact.
        """
        q = query or FollowUpQuery()
        stmt = _query().where(Contact.deleted_at.is_(None))
        if not q.include_done:
            stmt = stmt.where(FollowUp.done_at.is_(None))
        if q.due_before is not None:
            stmt = stmt.where(FollowUp.due < q.due_before)
        with self._sessions() as session:
            if q.uid is not None:
                if session.scalar(select(Contact.id).where(Contact.uid == q.uid)) is None:
                    raise NotFoundError(f"Fant ingen kontakt med id {q.uid}.")
                stmt = stmt.where(Contact.uid == q.uid)
            stmt = stmt.order_by(
                FollowUp.done_at.is_not(None),
                FollowUp.due.is_(None),
                FollowUp.due,
                FollowUp.id,
            )
            return [_row(r) for r in session.execute(stmt).all()]

    def get(self, follow_up_id: int) -> FollowUpRow:
        """One follow-up.

        Raises:
            NotFoundError: No such follow-up.
        """
        with self._sessions() as session:
            found = session.execute(_query().where(FollowUp.id == follow_up_id)).first()
        if found is None:
            raise NotFoundError(f"Fant ingen oppfølging med nummer {follow_up_id}.")
        return _row(found)

    def due_count(self, today: dt.date) -> int:
        """Open follow-ups due today or earlier (for the window's reminder)."""
        stmt = (
            select(func.count())
            .select_from(FollowUp)
            .join(Contact, Contact.id == FollowUp.contact_id)
            .where(
                Contact.deleted_at.is_(None),
                FollowUp.done_at.is_(None),
                FollowUp.due <= today,
            )
        )
        with self._sessions() as session:
            return int(session.scalar(stmt) or 0)

    # -- changing ------------------------------------------------------------------

    def done(self, follow_up_id: int) -> FollowUpRow:
        """Mark it «Ferdig»; returns it as it was (undo: :meth:`reopen`, or :meth:`restore`).

        Raises:
            NotFoundError: No such follow-up.
        """
        return self._set_done(follow_up_id, utcnow())

    def reopen(self, follow_up_id: int) -> FollowUpRow:
        """Open it again; returns it as it was.

        Raises:
            NotFoundError: No such follow-up.
        """
        return self._set_done(follow_up_id, None)

    def _set_done(self, follow_up_id: int, when: dt.datetime | None) -> FollowUpRow:
        before = self.get(follow_up_id)
        with self._sessions.begin() as session:
            found = session.get(FollowUp, follow_up_id)
            if found is None:
                raise NotFoundError(f"Fant ingen oppfølging med nummer {follow_up_id}.")
            if (found.done_at is None) != (when is None):
                found.done_at = when
        return before

    def edit(self, follow_up_id: int, what: str, due: dt.date | None, note: str) -> FollowUpRow:
        """Change what, when and the note; returns it as it was (undo: :meth:`restore`).

        Raises:
            NotFoundError: No such follow-up.
            ValidationError: ``what`` is empty or too long.
        """
        text = _what(what)
        before = self.get(follow_up_id)
        with self._sessions.begin() as session:
            found = session.get(FollowUp, follow_up_id)
            if found is None:
                raise NotFoundError(f"Fant ingen oppfølging med nummer {follow_up_id}.")
            found.what = text
            found.due = due
            found.note = clean_multiline(note)
        return before

    def delete(
        self, follow_up_ids: Sequence[int], missing_ok: bool = False
    ) -> builtins.list[FollowUpRow]:
        """Delete them; returns them as they were (undo: :meth:`restore`).

        ``missing_ok`` (the undo of an add): those already gone are passed over.

        Raises:
            NotFoundError: One of them does not exist (then none is deleted).
        """
        with self._sessions.begin() as session:
            rows = session.execute(_query().where(FollowUp.id.in_(follow_up_ids))).all()
            if not missing_ok and len(rows) != len(set(follow_up_ids)):
                found = {r[0] for r in rows}
                gone = next(i for i in follow_up_ids if i not in found)
                raise NotFoundError(f"Fant ingen oppfølging med nummer {gone}.")
            before = [_row(r) for r in rows]
            session.execute(delete(FollowUp).where(FollowUp.id.in_([r.id for r in before])))
        return before

    def restore(self, rows: Sequence[FollowUpRow]) -> None:
        """Put follow-ups back as they were (the undo of an edit, a tick or a delete).

        A follow-up whose contact has since been erased stays gone: an erased
        person stays erased.
        """
        with self._sessions.begin() as session:
            ids = dict(
                session.execute(
                    select(Contact.uid, Contact.id).where(Contact.uid.in_({r.uid for r in rows}))
                ).all()
            )
            for r in rows:
                if r.uid not in ids:
                    continue
                found = session.get(FollowUp, r.id)
                if found is None:
                    found = FollowUp(id=r.id, contact_id=ids[r.uid])
                    session.add(found)
                found.what = r.what
                found.note = r.note
                found.due = r.due
                found.done_at = r.done_at
                found.county_number = r.county_number
                found.topic_id = self._topic_id_or_none(session, r.topic)
                found.actor = r.actor
                found.created_at = r.created_at

    def _topic_id_or_none(self, session: Session, topic: str | None) -> int | None:
        try:
            return self._topic_id(session, topic)
        except NotFoundError:
            return None  # the topic was deleted meanwhile (SET NULL would have done the same)
