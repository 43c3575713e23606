"""Where idea-bank documents were used: record, edit, delete (undoably) and count.

One unit of work per method. Places resolve through the geography as
everywhere in Kontakt (names, numbers, former county names); «by» is a
contact uid. An erased person's uses stay, without the name (the foreign key
is ``SET NULL``). What the summary counts is defined in
:mod:`kontakt.domain.document_uses`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.document_uses import (
    CountyUses,
    DocumentUseRow,
    UseDraft,
    UseOutcome,
    UseSummary,
    by_county,
    summarise,
)
from kontakt.domain.documents import Person
from kontakt.domain.geography import Geography
from kontakt.domain.text import clean, clean_multiline
from kontakt.errors import NotFoundError, ValidationError
from kontakt.services.ideabank import reading
from kontakt.services.ideabank.writing import checked_link
from kontakt.storage.document_query import place_of
from kontakt.storage.ideabank_models import Document, DocumentMailing, DocumentUse
from kontakt.storage.models import Contact

MAX_NOTE = 5000
EARLIEST = dt.date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class ReplyUse:
    """A use to offer for a reply: the document the mailing carried, and the form prefilled."""

    document_id: int
    title: str
    draft: UseDraft


class DocumentUseService:
    """The uses of the idea bank's documents.

    Args:
        sessions: Session factory.
        geography: Resolves county and municipality names.
        actor: Who records the uses (stored with each).
    """

    def __init__(self, sessions: sessionmaker[Session], geography: Geography, actor: str) -> None:
        self._sessions = sessions
        self._geography = geography
        self._actor = actor[:100]

    # -- writing -------------------------------------------------------------------------

    def add(self, document_id: int, draft: UseDraft) -> int:
        """Record a use of a document; returns the use's number.

        Raises:
            NotFoundError: No such document, an unknown place or contact.
            ValidationError: No place, a bad date, link or note.
        """
        with self._sessions.begin() as session:
            reading.get_document(session, document_id)
            use = DocumentUse(document_id=document_id, actor=self._actor)
            self._apply(session, use, draft)
            session.add(use)
            session.flush()
            return use.id

    def update(self, use_id: int, draft: UseDraft) -> UseDraft:
        """Change a use; returns what it was (give it back to :meth:`update` to undo).

        Raises:
            NotFoundError: The use was deleted, or an unknown place or contact.
            ValidationError: As :meth:`add`.
        """
        with self._sessions.begin() as session:
            use = self._get(session, use_id)
            before = self._row(session, use).to_draft()
            self._apply(session, use, draft)
            return before

    def delete(self, use_id: int) -> DocumentUseRow:
        """Delete a use; returns it as it was (give it to :meth:`restore` to undo)."""
        with self._sessions.begin() as session:
            use = self._get(session, use_id)
            row = self._row(session, use)
            session.delete(use)
            return row

    def restore(self, row: DocumentUseRow) -> int:
        """Undo :meth:`delete`: record the use again (a new number); returns it.

        A person erased since is not brought back: the use returns without a name.

        Raises:
            NotFoundError: The document was deleted since.
        """
        draft = row.to_draft()
        if draft.by:
            with self._sessions() as session:
                known = session.scalar(
                    select(Contact.id).where(Contact.uid == draft.by, Contact.deleted_at.is_(None))
                )
            if known is None:
                draft = replace(draft, by="")
        return self.add(row.document_id, draft)

    def _apply(self, session: Session, use: DocumentUse, draft: UseDraft) -> None:
        county, municipality = self._place(draft)
        if draft.date is not None and not EARLIEST <= draft.date <= dt.date(9999, 12, 31):
            raise ValidationError(f"Datoen {draft.date:%d.%m.%Y} er ikke rimelig.", "date")
        note = clean_multiline(draft.note).strip()
        if len(note) > MAX_NOTE:
            raise ValidationError(f"Notatet er for langt (over {MAX_NOTE} tegn).", "note")
        use.county_number = county
        use.municipality_number = municipality
        use.date = draft.date
        use.outcome = draft.outcome.value if draft.outcome else ""
        use.link = checked_link(draft.link)
        use.note = note
        use.contact_id = self._contact_id(session, draft.by)

    def _place(self, draft: UseDraft) -> tuple[str, str | None]:
        county_text, municipality_text = clean(draft.county), clean(draft.municipality)
        if municipality_text:
            found = self._geography.find_municipality(municipality_text, county=county_text or None)
            return found.county_number, found.number
        if county_text:
            return self._geography.find_county(county_text).number, None
        raise ValidationError("Velg kommunen eller fylket dokumentet ble brukt i.", "place")

    @staticmethod
    def _contact_id(session: Session, uid: str) -> int | None:
        uid = clean(uid)
        if not uid:
            return None
        found = session.scalar(
            select(Contact.id).where(Contact.uid == uid, Contact.deleted_at.is_(None))
        )
        if found is None:
            raise NotFoundError(f"Fant ingen kontakt med id {uid[:60]}.")
        return found

    @staticmethod
    def _get(session: Session, use_id: int) -> DocumentUse:
        use = session.get(DocumentUse, use_id)
        if use is None:
            raise NotFoundError(f"Fant ikke bruk nr. {use_id} (slettet av noen andre?).")
        return use

    def from_reply(
        self, mailing_id: int, contact_uid: str, today: dt.date | None = None
    ) -> ReplyUse | None:
        """What a reply to a mailing that carried a document prefills, or None.

        The document the mailing carried (the first, if several), the replying
        contact's municipality (else county), today and the contact as «by».
        None when the mailing carried no document.
        """
        with self._sessions() as session:
            found = session.execute(
                select(Document.id, Document.title)
                .join(DocumentMailing, DocumentMailing.document_id == Document.id)
                .where(DocumentMailing.mailing_id == mailing_id)
                .order_by(Document.id)
                .limit(1)
            ).first()
            if found is None:
                return None
            person = session.execute(
                select(Contact.municipality_number, Contact.county_number).where(
                    Contact.uid == contact_uid, Contact.deleted_at.is_(None)
                )
            ).first()
        municipality, county = person if person is not None else (None, None)
        draft = UseDraft(
            municipality=municipality or "",
            county="" if municipality else county or "",
            date=today or dt.date.today(),
            by=contact_uid if person is not None else "",
        )
        return ReplyUse(found.id, found.title, draft)

    # -- reading -------------------------------------------------------------------------

    def uses(self, document_id: int) -> list[DocumentUseRow]:
        """A document's uses, newest first (undated last).

        Raises:
            NotFoundError: No such document.
        """
        with self._sessions() as session:
            reading.get_document(session, document_id)
            return self._rows(session, [document_id])

    def summary(self, document_id: int) -> UseSummary:
        """«fremmet i 9 kommuner, vedtatt i 3» as numbers (see the domain module)."""
        return summarise(self.uses(document_id))

    def per_county(self, document_id: int) -> list[CountyUses]:
        """The document's uses grouped per county, with each county's counts."""
        return by_county(self.uses(document_id))

    def _row(self, session: Session, use: DocumentUse) -> DocumentUseRow:
        session.flush()
        return next(r for r in self._rows(session, [use.document_id]) if r.id == use.id)

    def _rows(self, session: Session, document_ids: list[int]) -> list[DocumentUseRow]:
        query = (
            select(DocumentUse, Contact.uid, Contact.given_name, Contact.family_name)
            .outerjoin(Contact, Contact.id == DocumentUse.contact_id)
            .where(DocumentUse.document_id.in_(document_ids))
            .order_by(DocumentUse.date.desc().nulls_last(), DocumentUse.id.desc())
        )
        rows = []
        for use, uid, given, family in session.execute(query):
            county, municipality = place_of(
                self._geography, use.county_number, use.municipality_number
            )
            name = " ".join(p for p in (given, family) if p) or "(uten navn)"
            rows.append(
                DocumentUseRow(
                    id=use.id,
                    document_id=use.document_id,
                    county=county,
                    municipality=municipality,
                    date=use.date,
                    outcome=UseOutcome(use.outcome) if use.outcome else None,
                    by=Person(uid, name) if uid else None,
                    link=use.link,
                    note=use.note,
                )
            )
        return rows
