"""GDPR: everything about one person (art. 15), erasure on request (art. 17), suppression.

Erasure removes the contact and everything hanging on it (e-mails, phones,
roles, tags, list memberships, history, mailing and event records, idea-bank
authorships and documents received), strips the personal data out of the
audit log and the import log (the entries stay, so the log still shows that
something happened), leaves a suppression entry (salted SHA-256 of each
e-mail address and phone number, no name) so a later import does not
quietly add the person back, and finally rewrites the database file so no
deleted bytes remain (SQLite: secure_delete, WAL checkpoint, VACUUM).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session, sessionmaker

from kontakt import __version__
from kontakt.domain.contact_state import row_to_json
from kontakt.domain.normalize import normalize_email
from kontakt.services.contact_store import ContactStore
from kontakt.services.ideabank.reading import contact_documents
from kontakt.storage.base import utcnow
from kontakt.storage.models import AuditEntry, ContactList, ImportChange, Interaction, ListMember
from kontakt.storage.outreach_models import Event, EventParticipant, Mailing, MailingRecipient
from kontakt.storage.privacy_models import AppSetting, Suppression

SALT_KEY = "suppression_salt"
PURPOSE = (
    "Kontaktliste for SVs helsepolitiske nettverk: å dele ideer, interpellasjoner og "
    "høringssvar mellom fylkene, og å invitere til nettverkets møter."
)
RETENTION = (
    "Opplysningene beholdes så lenge personen har kontakt med nettverket. Kontakter som "
    "ikke er bekreftet på 24 måneder, og de som ikke lenger har verv, gjennomgås og "
    "slettes om de ikke lenger trengs. Sikkerhetskopier slettes etter oppbevaringstiden."
)
ERASED_NOTE = "Slettet etter ønske"


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


class PrivacyService:
    """Access and erasure for one person.

    Args:
        sessions: Session factory.
        store: Loads contacts and their snapshots.
    """

    def __init__(self, sessions: sessionmaker[Session], store: ContactStore) -> None:
        self._sessions = sessions
        self._store = store

    # -- access (art. 15) -------------------------------------------------------------

    def export_person(self, uid: str) -> dict[str, Any]:
        """Everything stored about one person, as JSON-ready data.

        Raises:
            NotFoundError: No contact with this uid.
        """
        with self._sessions() as session:
            contact = self._store.load(session, uid)
            row = self._store.row(session, contact.id)
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
            imports = session.scalars(
                select(ImportChange)
                .where(ImportChange.contact_uid == uid)
                .order_by(ImportChange.id)
            ).all()
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
                "endringslogg": [
                    {
                        "tid": _iso(a.at),
                        "av": a.actor,
                        "handling": a.action,
                        "før": a.before,
                        "etter": a.after,
                    }
                    for a in audit
                ],
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
                    {"import": i.batch_id, "handling": i.action, "før": i.before} for i in imports
                ],
            }

    # -- erasure (art. 17) ------------------------------------------------------------

    def _salt(self, session: Session) -> str:
        salt = session.get(AppSetting, SALT_KEY)
        if salt is None:
            salt = AppSetting(key=SALT_KEY, value=secrets.token_hex(16))
            session.add(salt)
            session.flush()
        return salt.value

    @staticmethod
    def _digest(salt: str, value: str) -> str:
        return hashlib.sha256(f"{salt}:{value}".encode()).hexdigest()

    def suppressed(self, emails: Iterable[str], phones: Iterable[str]) -> bool:
        """Whether any of these (normalised) addresses or numbers belongs to an erased person."""
        with self._sessions() as session:
            salt = session.get(AppSetting, SALT_KEY)
            if salt is None:
                return False
            digests = [self._digest(salt.value, v) for v in (*_emails(emails), *phones)]
            if not digests:
                return False
            found = session.scalar(select(Suppression.id).where(Suppression.digest.in_(digests)))
            return found is not None

    def suppression_digests(self) -> tuple[str, set[str]]:
        """The salt and every suppression digest (for checking a whole import at once)."""
        with self._sessions() as session:
            salt = session.get(AppSetting, SALT_KEY)
            if salt is None:
                return "", set()
            return salt.value, set(session.scalars(select(Suppression.digest)))

    def erase(self, uid: str) -> str:
        """Delete the person for good and leave only a suppression entry; returns their name.

        Raises:
            NotFoundError: No contact with this uid.
        """
        with self._sessions.begin() as session:
            contact = self._store.load(session, uid)
            row = self._store.row(session, contact.id)
            salt = self._salt(session)
            values = [*_emails(e.address for e in row.emails), *(p.number for p in row.phones)]
            known = set(session.scalars(select(Suppression.digest)))
            for value in values:
                digest = self._digest(salt, value)
                if digest not in known:
                    session.add(Suppression(digest=digest))
                    known.add(digest)
            # The log keeps that something happened, never what it was about.
            session.execute(
                update(AuditEntry)
                .where(AuditEntry.entity_uid == uid)
                .values(before=None, after=None)
            )
            session.execute(
                update(ImportChange).where(ImportChange.contact_uid == uid).values(before=None)
            )
            session.add(
                AuditEntry(
                    actor=self._store.actor,
                    action="erase",
                    entity="contact",
                    entity_uid=uid,
                    before=None,
                    after=None,
                )
            )
            # Cascades: e-mails, phones, roles, tags, list memberships, history, mailing
            # and event records, idea-bank authorships and receipts (the documents stay).
            session.delete(contact)
        self.scrub_file()
        return row.full_name

    def scrub_file(self) -> None:
        """Rewrite the SQLite file so deleted rows leave no bytes behind (file and WAL)."""
        engine = self._sessions.kw["bind"]
        if engine.dialect.name != "sqlite":
            with engine.connect() as conn:  # PostgreSQL: VACUUM frees the dead tuples
                conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                    text("VACUUM mailing_recipient, interaction, contact, audit_entry")
                )
            return
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.execute("VACUUM")
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _emails(addresses: Iterable[str]) -> list[str]:
    found = []
    for address in addresses:
        try:
            # Compared without case: «Kari@X.no» and «kari@x.no» reach the same person.
            found.append(normalize_email(address).casefold())
        except Exception:  # not an address: nothing to compare
            continue
    return found


def erased_checker(
    sessions: sessionmaker[Session],
) -> Callable[[Iterable[str], Iterable[str]], bool] | None:
    """A test «was this e-mail or phone erased on request?» for a whole import, or None
    when nobody was ever erased (one query for all the rows)."""
    with sessions() as session:
        salt = session.get(AppSetting, SALT_KEY)
        if salt is None:
            return None
        digests = set(session.scalars(select(Suppression.digest)))
    if not digests:
        return None
    value = salt.value

    def erased(emails: Iterable[str], phones: Iterable[str]) -> bool:
        return any(PrivacyService._digest(value, v) in digests for v in (*_emails(emails), *phones))

    return erased
