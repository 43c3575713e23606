"""GDPR: everything about one person (art. 15), erasure on request (art. 17), suppression.

Erasure removes the contact and everything hanging on it (e-mails, phones,
roles, tags, list memberships, history, mailing and event records, idea-bank
authorships and documents received), strips the personal data out of the
audit log and the import log (the entries stay, so the log still shows that
something happened), leaves suppression digests (keyed hashes of each e-mail address and phone
number, no name; ``services/suppression.py``) so a later import does not
quietly add the person back, records the erasure in the register outside the
database (so a restored backup is cleaned again; ``services/backups.py``), and
finally rewrites the database file so no deleted bytes remain
(``services/scrub.py``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kontakt import __version__
from kontakt.domain.contact_state import row_to_json
from kontakt.domain.records import ImportBatchInfo
from kontakt.domain.suppression import suppression_values
from kontakt.errors import DatabaseError, KontaktError
from kontakt.services.audit import ContactAudit
from kontakt.services.ideabank.reading import contact_documents
from kontakt.services.scrub import ScrubIncomplete, finish_pending, mark_pending, scrub
from kontakt.services.suppression import ErasureKeyMissing, SuppressionList, register_for
from kontakt.storage import address_holds, audit_log, erasure_register, import_batches
from kontakt.storage.base import utcnow
from kontakt.storage.cleanup_models import ContactAlias, ContactMerge
from kontakt.storage.contact_repository import ContactRepository
from kontakt.storage.engine import failure_reason
from kontakt.storage.erasure_register import Erasure, Register
from kontakt.storage.import_batches import Change
from kontakt.storage.models import AuditEntry, ContactList, Interaction, ListMember
from kontakt.storage.outreach_models import Event, EventParticipant, Mailing, MailingRecipient
from kontakt.storage.privacy_models import Suppression

log = logging.getLogger(__name__)

__all__ = [
    "ERASED_NOTE",
    "PURPOSE",
    "RETENTION",
    "ErasureKeyMissing",
    "PrivacyService",
    "ScrubIncomplete",
    "erased_checker",
]

PURPOSE = (
    "Kontaktliste for SVs helsepolitiske nettverk: å dele ideer, interpellasjoner og "
    "høringssvar mellom fylkene, og å invitere til nettverkets møter."
)
RETENTION = (
    "Opplysningene beholdes så lenge personen har kontakt med nettverket. Kontakter som "
    "ikke er bekreftet på 24 måneder, og de som ikke lenger har verv, gjennomgås og "
    "slettes om de ikke lenger trengs. Sikkerhetskopier slettes når de er 90 dager gamle "
    "(en innstilling). Ved sletting etter ønske beholdes bare en anonym sperre (nøkkelbaserte "
    "koder for e-post og telefon, uten navn, med nøkkelen utenfor listen), slik at personen "
    "ikke legges inn igjen ved en feil."
)
ERASED_NOTE = "Slettet etter ønske"


def _change_log(
    audit: Sequence[AuditEntry], imports: Sequence[tuple[Change, ImportBatchInfo]]
) -> list[dict[str, Any]]:
    """The audit log of one person, oldest first; a contact an import created is
    recorded by its import batch, not by an entry of its own: «opprettet av import N
    fra FIL»."""
    entries = [
        (a.at, {"tid": _iso(a.at), "av": a.actor, "handling": a.action,
                "før": a.before, "etter": a.after})
        for a in audit
    ]  # fmt: skip
    entries += [
        (batch.imported_at, {
            "tid": _iso(batch.imported_at),
            "av": batch.actor,
            "handling": f"opprettet av import {batch.id} fra {batch.file_name}",
            "før": None,
            "etter": None,
        })
        for change, batch in imports
        if change.action == "created"
    ]  # fmt: skip
    entries.sort(key=lambda e: e[0])
    return [e for _, e in entries]


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


class PrivacyService:
    """Access and erasure for one person.

    Args:
        sessions: Session factory.
        contacts: Loads contacts and their snapshots.
        audit: Records an erasure.
        after_erasure: Called after every erasure, also one that failed or is not yet
            complete (app.py: delete the backups past the retention period).
    """

    # How long an erasure waits for another reader to let go of the WAL.
    scrub_wait = 5.0

    def __init__(
        self,
        sessions: sessionmaker[Session],
        contacts: ContactRepository,
        audit: ContactAudit,
        after_erasure: Callable[[], object] | None = None,
    ) -> None:
        self._sessions = sessions
        self._contacts = contacts
        self._audit = audit
        self._after_erasure = after_erasure
        self._suppression = SuppressionList(sessions)
        engine = sessions.kw["bind"]
        # The SQLite file, so the register can be found when the file cannot be read.
        self._file = (
            str(Path(engine.url.database).absolute())
            if engine.dialect.name == "sqlite" and engine.url.database
            else None
        )

    # -- access (art. 15) -------------------------------------------------------------

    def export_person(self, uid: str) -> dict[str, Any]:
        """Everything stored about one person, as JSON-ready data.

        Raises:
            NotFoundError: No contact with this uid.
        """
        with self._sessions() as session:
            contact = self._contacts.load(session, uid)
            row = self._contacts.row(session, contact.id)
            person = row_to_json(row)
            person.update(
                {
                    "emails": [
                        {"address": e.address, "kind": e.kind.value, "primary": e.primary}
                        for e in row.emails
                    ],
                    "phones": [
                        {"number": p.number, "kind": p.kind.value, "primary": p.primary}
                        for p in row.phones
                    ],
                    "notes": row.notes,
                    "consent": {
                        "basis": row.consent_basis.value if row.consent_basis else None,
                        "date": _iso(row.consent_date),
                        "source": row.consent_source,
                    },
                    "opted_out": row.opted_out,
                    "last_confirmed": _iso(row.last_confirmed),
                    "trashed_at": _iso(row.deleted_at),
                    "version": row.version,
                }
            )
            lists = session.execute(
                select(ContactList.name, ListMember.added_at)
                .join(ListMember, ListMember.list_id == ContactList.id)
                .where(ListMember.contact_id == contact.id)
            ).all()
            history = session.scalars(
                select(Interaction)
                .where(Interaction.contact_id == contact.id)
                .order_by(Interaction.at)
            ).all()
            mailings = session.execute(
                select(MailingRecipient, Mailing.subject, Mailing.created_at)
                .join(Mailing, Mailing.id == MailingRecipient.mailing_id)
                .where(MailingRecipient.contact_id == contact.id)
                .order_by(Mailing.id)
            ).all()
            events = session.execute(
                select(Event.title, Event.starts_at, EventParticipant.status)
                .join(EventParticipant, EventParticipant.event_id == Event.id)
                .where(EventParticipant.contact_id == contact.id)
                .order_by(Event.starts_at)
            ).all()
            audit = session.scalars(
                select(AuditEntry).where(AuditEntry.entity_uid == uid).order_by(AuditEntry.id)
            ).all()
            documents = contact_documents(session, contact.id)
            imports = import_batches.of_contact(session, uid)
            holds = address_holds.holds_of(session, contact.id)
            return {
                "eksportert": utcnow().isoformat(),
                "program": f"Kontakt {__version__}",
                "formål": PURPOSE,
                "oppbevaring": RETENTION,
                "person": person,
                "lister": [{"navn": n, "lagt_til": _iso(at)} for n, at in lists],
                "historikk": [
                    {"tid": _iso(h.at), "kanal": h.channel, "emne": h.subject, "notat": h.note}
                    for h in history
                ],
                "utsendinger": [
                    {
                        "emne": subject,
                        "opprettet": _iso(created),
                        "adresse": r.address,
                        "status": r.status,
                        "sendt": _iso(r.sent_at),
                        "flettefelt": r.values,
                    }
                    for r, subject, created in mailings
                ],
                "arrangementer": [
                    {"tittel": title, "start": _iso(start), "status": status}
                    for title, start, status in events
                ],
                "endringslogg": _change_log(audit, imports),
                "dokumenter": [
                    {
                        "tittel": d.title,
                        "type": d.kind.value,
                        "rolle": d.involvement.value,
                        "dato": _iso(d.when),
                    }
                    for d in documents
                ],
                "importer": [
                    {
                        "import": batch.id,
                        "fil": batch.file_name,
                        "tid": _iso(batch.imported_at),
                        "handling": change.action,
                        "før": change.before,
                    }
                    for change, batch in imports
                ],
                # The mailbox: addresses that bounced (on hold or counted).
                "returnerte_adresser": [
                    {
                        "adresse": h.address,
                        "type": h.kind,
                        "årsak": h.reason,
                        "på_vent_fra": _iso(h.held_at),
                        "midlertidige_feil": h.soft_count,
                    }
                    for h in holds
                ],
            }

    # -- erasure (art. 17) ------------------------------------------------------------

    def erase(self, uid: str) -> str:
        """Delete the person for good and leave only suppression digests; returns their name.

        The erasure is written to the erasure register outside the database (their
        uid and digests) before it is committed, so that a backup restored later
        can be cleaned of them again. Then ``after_erasure`` runs, whatever happened.

        Raises:
            NotFoundError: No contact with this uid.
            ErasureKeyMissing: The database's digests have a key this machine lacks.
            DatabaseError: Nothing was erased (the database or register could not be written).
            ScrubIncomplete: The person is erased, but the file still holds their bytes
                for now (another reader, a full disk); the message says what and until when.
        """
        try:
            return self._erase(uid)
        finally:
            if self._after_erasure is not None:
                self._after_erasure()

    def _erase(self, uid: str) -> str:
        saved: tuple[Register, Erasure] | None = None
        try:
            with self._sessions.begin() as session:
                contact = self._contacts.load(session, uid)
                row = self._contacts.row(session, contact.id)
                register = register_for(session, create=True)
                assert register is not None
                emails = (e.address for e in row.emails)
                values = suppression_values(emails, (p.number for p in row.phones))
                digests = list(dict.fromkeys(register.secret.digest(v) for v in values))
                known = set(
                    session.scalars(
                        select(Suppression.digest).where(Suppression.digest.in_(digests))
                    )
                )
                session.add_all(Suppression(digest=d) for d in digests if d not in known)
                # The log keeps that something happened, never what it was about.
                # Uids merged into this contact are the same person: forgotten too.
                aliases = session.scalars(
                    select(ContactAlias.uid).where(ContactAlias.contact_id == contact.id)
                ).all()
                for known_as in (uid, *aliases):
                    audit_log.forget(session, known_as)
                    import_batches.forget(session, known_as)
                # Merges naming the person hold their data (states before); the
                # aliases of the contact go with it (cascade).
                session.execute(
                    delete(ContactMerge).where(
                        or_(
                            ContactMerge.kept_uid == uid,
                            ContactMerge.other_uid.in_([uid, *aliases]),
                        )
                    )
                )
                self._audit.record(session, "erase", uid, None, None, None)
                # Cascades: e-mails, phones, roles, tags, list memberships, history, mailing
                # and event records, idea-bank authorships and receipts (the documents stay).
                self._contacts.remove(session, contact)
                mark_pending(session)
                session.flush()  # SQLite: the write lock is held from here to the commit
                # Read again under the lock: another process may have added an erasure.
                register = erasure_register.load(register.database_id) or register
                erasure = Erasure(uid, utcnow().isoformat(timespec="seconds"), digests)
                register.erasures.append(erasure)
                if self._file is not None and self._file not in register.paths:
                    register.paths.append(self._file)
                erasure_register.save(register)
                saved = (register, erasure)
        except SQLAlchemyError as exc:
            if saved is not None:  # the commit failed: the register must not claim it
                saved[0].erasures.remove(saved[1])
                with contextlib.suppress(KontaktError):
                    erasure_register.save(saved[0])
            raise DatabaseError(
                f"Kunne ikke slette kontakten {uid}: {failure_reason(exc)}. Ingenting er slettet."
            ) from exc
        remains = scrub(self._sessions.kw["bind"], self.scrub_wait)
        if remains:
            raise ScrubIncomplete(
                f"{row.full_name} er slettet for godt, men {remains}", row.full_name
            )
        return row.full_name

    # -- the suppression list -----------------------------------------------------------

    def suppressed(self, emails: Iterable[str], phones: Iterable[str]) -> bool:
        """Whether any of these (normalised) addresses or numbers belongs to an erased person.

        Raises:
            ErasureKeyMissing: There are digests but this machine lacks their key.
        """
        return self._suppression.suppressed(emails, phones)

    def export_key(self, target: Path) -> Path:
        """Write the suppression key for another board member (see SuppressionList)."""
        return self._suppression.export_key(target)

    def import_key(self, source: Path) -> None:
        """Take another member's suppression key (see SuppressionList)."""
        self._suppression.import_key(source)

    def prepare(self) -> None:
        """At start-up: migrate an older Kontakt's digests and finish a pending rewrite.

        Never stops the database from opening: a problem here is logged, and said
        again where it matters (an erasure, an import).
        """
        try:
            self._suppression.migrate()
        except (KontaktError, SQLAlchemyError) as exc:
            # The frames, type and codes, not the text (the log holds no personal data).
            log.warning("suppression digests not migrated", exc_info=exc)
        finish_pending(self._sessions.kw["bind"])


def erased_checker(
    sessions: sessionmaker[Session],
) -> Callable[[Iterable[str], Iterable[str]], bool] | None:
    """A test «was this e-mail or phone erased on request?» for a whole import, or None
    when nobody was ever erased (one query for all the rows).

    Raises:
        ErasureKeyMissing: There are digests but this machine lacks their key.
    """
    return SuppressionList(sessions).checker()
