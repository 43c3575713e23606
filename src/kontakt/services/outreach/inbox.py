"""The mailbox («E-post -> Hent svar»): read replies, bounces, opt-outs and RSVPs, propose, apply.

For the window (a worker thread) and the command line alike::

    inbox = core.inbox
    server = inbox.saved_mailbox()              # settings + password (or ImapServer(...))
    steps = inbox.fetch_steps(server, since=dt.date(2026, 12, 1))
    result = drive(steps)                       # or next() in a QThread; close() cancels
    # show result.proposals (who, what, why, result.messages[p.message])
    applied = inbox.apply(result, [p.key for p in chosen])
    inbox.undo(applied.change_id)               # Ctrl+Z

Nothing changes while fetching: messages are read with PEEK from folders
opened read-only, and the database is only read. :meth:`InboxService.apply`
writes the chosen changes and records every message of the result as
processed, in one transaction; :meth:`InboxService.undo` reverts them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.errors import KontaktError, NotFoundError
from kontakt.services.audit import ContactAudit
from kontakt.services.outreach.imap import FolderMessage, ImapSettings, Mailbox
from kontakt.services.outreach.inbox_apply import Applied, apply_proposals, revert_steps
from kontakt.services.outreach.inbox_match import SentIndex
from kontakt.services.outreach.inbox_model import Action, FetchResult, MessageInfo, Proposal
from kontakt.services.outreach.inbox_propose import Proposer
from kontakt.services.outreach.inbox_responses import Response, responses_to
from kontakt.services.outreach.settings import (
    IMAP_KEYRING_SERVICE,
    KeyringUnavailable,
    MailSettings,
    get_imap_password,
    imap_account,
    load_settings,
    set_imap_password,
)
from kontakt.services.undo import UndoService
from kontakt.storage import address_holds
from kontakt.storage.address_holds import HoldInfo
from kontakt.storage.mailbox_models import InboundMessage
from kontakt.storage.models import Contact
from kontakt.storage.secrets import get_secret

__all__ = [
    "Action",
    "Applied",
    "FetchResult",
    "ImapServer",
    "InboxService",
    "MessageInfo",
    "Proposal",
    "Response",
]

FetchSteps = Generator[tuple[int, int], None, FetchResult]


class MailboxNotConfigured(KontaktError):
    """No incoming server is saved in «Innstillinger for e-post»."""


@dataclass(frozen=True)
class ImapServer:
    """A mailbox to read: the settings and the password for this session."""

    settings: ImapSettings
    password: str = field(default="", repr=False)


class InboxService:
    """Reads the organiser's mailbox and applies what the secretary approves.

    Args:
        sessions: Session factory.
        audit: Records the reservations (so they can be undone like other changes).
        undo: Reverts the reservations of an applied fetch.
    """

    def __init__(
        self, sessions: sessionmaker[Session], audit: ContactAudit, undo: UndoService
    ) -> None:
        self._sessions = sessions
        self._audit = audit
        self._undo = undo

    # -- settings ------------------------------------------------------------------

    def settings(self) -> MailSettings:
        """The saved mail settings (the incoming side is ``.imap``)."""
        return load_settings()

    def saved_mailbox(self, settings: ImapSettings | None = None) -> ImapServer:
        """The saved (or given) incoming server with its password.

        The password: ``KONTAKT_IMAP_PASSWORD``, the keyring's, or by default
        the one for sending.

        Raises:
            MailboxNotConfigured: No incoming server is saved or given.
        """
        saved = self.settings()
        imap = settings or saved.imap
        if not imap.host:
            raise MailboxNotConfigured(
                "Innkommende e-post er ikke satt opp: fyll inn IMAP-tjener under "
                "«Innstillinger for e-post», eller oppgi --imap-host."
            )
        try:
            password = get_imap_password(MailSettings(saved.smtp, saved.limits, imap))
        except KeyringUnavailable:
            password = ""
        return ImapServer(imap, password)

    def stored_password(self, settings: ImapSettings) -> str:
        """The reading password kept in the keyring for this server and user ("" for none,
        or when the machine has no acceptable keyring); the sending one is not looked at."""
        if not settings.user:
            return ""
        try:
            return get_secret(IMAP_KEYRING_SERVICE, imap_account(settings))
        except KeyringUnavailable:
            return ""

    def save_password(self, settings: ImapSettings, password: str) -> None:
        """Keep a typed reading password in the keyring.

        Raises:
            KeyringUnavailable: This machine cannot keep it.
        """
        set_imap_password(settings, password)

    def check(self, server: ImapServer) -> str:
        """Log in and look into each folder: a line for the settings dialog.

        Raises:
            ImapError: The server could not be reached, refused the login or a folder.
        """
        counts = []
        with Mailbox(server.settings, server.password) as box:
            for folder in server.settings.folders:
                _validity, uids = box.new_uids(folder, None, set())
                counts.append(f"«{folder}» har {len(uids)} meldinger")
        return "Tilkoblingen virker: " + ", ".join(counts) + "."

    # -- reading -------------------------------------------------------------------

    def _known(self, session: Session) -> tuple[dict[str, set[tuple[int, int]]], set[str]]:
        by_folder: dict[str, set[tuple[int, int]]] = {}
        ids: set[str] = set()
        for folder, validity, uid, mid in session.execute(
            select(
                InboundMessage.folder, InboundMessage.uid_validity, InboundMessage.uid,
                InboundMessage.message_id,
            )
        ):  # fmt: skip
            by_folder.setdefault(folder, set()).add((int(validity), int(uid)))
            if mid:
                ids.add(mid)
        return by_folder, ids

    def fetch_steps(
        self,
        server: ImapServer,
        since: dt.date | None = None,
        folders: Sequence[str] | None = None,
    ) -> FetchSteps:
        """Read new messages and propose changes, yielding ``(done, total)``.

        Closing the generator (cancel) stops between messages; nothing was
        changed. Messages processed by an earlier apply are not downloaded again.

        Raises:
            ImapError: The server could not be reached, refused the login or a folder.
        """
        with self._sessions() as session:
            known, seen_ids = self._known(session)
            proposer = Proposer(SentIndex.load(session), seen_ids)
        yield 0, 0
        with Mailbox(server.settings, server.password) as box:
            plan = []
            for folder in folders or server.settings.folders:
                validity, uids = box.new_uids(folder, since, known.get(folder, set()))
                plan.append((folder, validity, uids))
            total, done = sum(len(u) for _, _, u in plan), 0
            yield done, total
            for folder, validity, uids in plan:
                for msg in box.fetch(folder, validity, uids):
                    proposer.add(msg.folder, msg.uid_validity, msg.uid, msg.raw)
                    done += 1
                    yield done, total
        return proposer.result

    def propose(self, messages: Iterable[FolderMessage]) -> FetchResult:
        """Propose changes for messages read some other way (a file, a test)."""
        with self._sessions() as session:
            known, seen_ids = self._known(session)
            proposer = Proposer(SentIndex.load(session), seen_ids)
        for m in messages:
            if (m.uid_validity, m.uid) not in known.get(m.folder, set()):
                proposer.add(m.folder, m.uid_validity, m.uid, m.raw)
        return proposer.result

    # -- deciding ------------------------------------------------------------------

    def apply(
        self, result: FetchResult, chosen: Iterable[int] | None = None, change_id: str = ""
    ) -> Applied:
        """Apply the chosen proposals (by key; None: all) in one transaction.

        Every message of ``result`` is recorded as processed, chosen or not,
        so the next fetch does not propose it again. Undo with :meth:`undo`.
        """
        change_id = change_id or str(uuid.uuid4())
        keys = [p.key for p in result.proposals] if chosen is None else list(chosen)
        with self._sessions.begin() as session:
            return apply_proposals(session, result, keys, self._audit, change_id)

    def undo(self, change_id: str) -> int:
        """Revert an apply: reservations, holds, answers and history entries.

        Returns how many messages' changes were reverted.

        Raises:
            NotFoundError: Nothing was applied under this id.
            ConflictError: A reserved contact was changed since; nothing is reverted.
        """
        with self._sessions() as session:
            rows = session.scalars(
                select(InboundMessage.undo).where(
                    InboundMessage.change_id == change_id, InboundMessage.applied.is_(True)
                )
            ).all()
        if not rows:
            raise NotFoundError("Det er ingenting å angre.")
        if any(s.get("opt_out") for u in rows for s in (u or {}).get("steps", [])):
            self._undo.undo(change_id)  # refuses (and changes nothing) on a conflict
        with self._sessions.begin() as session:
            count, _ = revert_steps(session, change_id)
        return count

    def responses(self, mailing_id: int) -> list[Response]:
        """What came back to a mailing and was applied: replies, opt-outs, bounces, answers."""
        with self._sessions() as session:
            return responses_to(session, mailing_id)

    # -- holds -----------------------------------------------------------------------

    def holds(self, uid: str) -> list[HoldInfo]:
        """The contact's bounced addresses: on hold (with reason and date) or counting."""
        with self._sessions() as session:
            cid = session.scalar(select(Contact.id).where(Contact.uid == uid))
            return [] if cid is None else address_holds.holds_of(session, cid)

    def release(self, address: str) -> bool:
        """Take an address off hold; True if it was on hold or counted."""
        with self._sessions.begin() as session:
            return address_holds.release(session, address)

    def move_processed(self, server: ImapServer, result: FetchResult) -> int:
        """Move the messages of ``result`` to the folder «Kontakt» (when the secretary
        turned that on); returns how many were moved.

        Raises:
            ImapError: The server refused.
        """
        by_folder: dict[str, list[int]] = {}
        for m in result.messages:
            by_folder.setdefault(m.folder, []).append(m.uid)
        moved = 0
        with Mailbox(server.settings, server.password) as box:
            for folder, uids in by_folder.items():
                moved += box.move(folder, uids)
        return moved
