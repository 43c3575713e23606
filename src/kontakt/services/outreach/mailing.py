"""Mailings: plan the recipients, store the mailing, send one personal message each.

The mailing and all its recipients are stored before the first message
leaves. Each recipient then goes pending -> sending -> sent or failed
(:mod:`kontakt.services.outreach.delivery`); one whose message cannot be built
fails with the reason and the others go on. A recipient found in "sending"
after a crash may or may not have got the message: it is never re-sent on its
own; the secretary decides (:meth:`MailingService.settle_uncertain`).
«Fortsett utsending» sends only the pending ones.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.records import ContactRow
from kontakt.domain.templating import merge_values, render
from kontakt.domain.text import clean
from kontakt.errors import KontaktError, NotFoundError
from kontakt.services.outreach.delivery import Delivery, DeliveryHook, RecipientStatus
from kontakt.services.outreach.message import Attachment, MailDraft, Sender, message_problem
from kontakt.services.outreach.pacing import Limits, Pacer
from kontakt.services.outreach.smtp import ConnectionLost, ServerRefused, SmtpConnection
from kontakt.services.scope import ContactScope, scope_rows
from kontakt.services.search import SearchService
from kontakt.storage.address_holds import held_addresses
from kontakt.storage.base import utcnow
from kontakt.storage.models import Contact
from kontakt.storage.outreach_models import Mailing, MailingAttachment, MailingRecipient

__all__ = [
    "HELD_REASON",
    "DeliveryHook",
    "LeftOut",
    "MailingPlan",
    "MailingService",
    "MailingStopped",
    "RecipientStatus",
    "SendOutcome",
    "plan_recipients",
]

Steps = Generator[tuple[int, int], None, "SendOutcome"]


class MailingStopped(KontaktError):
    """Sending stopped before the end (server refused, daily cap); the rest stay pending."""


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A contact in the scope who gets no message, and why."""

    uid: str
    name: str
    reason: str


@dataclass
class MailingPlan:
    """Who will get the message and who is left out."""

    recipients: list[ContactRow] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def held(self) -> int:
        """How many are left out because their address is on hold (it bounced)."""
        return sum(1 for x in self.left_out if x.reason.startswith(HELD_REASON))


@dataclass(frozen=True, slots=True)
class RecipientInfo:
    """One recipient as the secretary sees it."""

    name: str
    address: str
    status: RecipientStatus
    error: str


@dataclass(frozen=True, slots=True)
class MailingSummary:
    """A mailing and how far it has come."""

    id: int
    subject: str
    created_at: dt.datetime
    counts: dict[RecipientStatus, int]

    @property
    def total(self) -> int:
        """All recipients."""
        return sum(self.counts.values())

    def count(self, status: RecipientStatus) -> int:
        """Recipients in one state."""
        return self.counts.get(status, 0)


HELD_REASON = "adressen er satt på vent"


def stored_mailing(session: Session, mailing_id: int) -> Mailing:
    """The stored mailing with this number.

    Raises:
        NotFoundError: No such mailing (the message names the number).
    """
    mailing = session.get(Mailing, mailing_id)
    if mailing is None:
        raise NotFoundError(f"Fant ingen utsending nr. {mailing_id}.")
    return mailing


def plan_recipients(rows: list[ContactRow], held: Mapping[str, str] | None = None) -> MailingPlan:
    """Split contacts into recipients and those left out (opted out, no e-mail, on hold).

    Args:
        rows: The contacts of the scope.
        held: Addresses on hold (lower case) -> why (the mailbox's bounces).
    """
    plan = MailingPlan()
    held = held or {}
    for row in rows:
        name = row.full_name or row.primary_email or "(uten navn)"
        if row.opted_out:
            plan.left_out.append(LeftOut(row.uid, name, "har reservert seg mot e-post"))
        elif not row.primary_email:
            plan.left_out.append(LeftOut(row.uid, name, "mangler e-postadresse"))
        elif row.primary_email.lower() in held:
            why = held[row.primary_email.lower()]
            plan.left_out.append(LeftOut(row.uid, name, f"{HELD_REASON} ({why})"))
        else:
            plan.recipients.append(row)
    return plan


class MailingService:
    """Stores and sends mailings.

    Args:
        sessions: Session factory.
        search: Finds the contacts of a scope.
        actor: Who is sending (recorded on the mailing).
    """

    def __init__(self, sessions: sessionmaker[Session], search: SearchService, actor: str) -> None:
        self._sessions = sessions
        self._search = search
        self._actor = actor
        self._delivery_hooks: list[DeliveryHook] = []

    def add_delivery_hook(self, hook: DeliveryHook) -> None:
        """Have ``hook`` called for every recipient marked sent (see :data:`DeliveryHook`)."""
        self._delivery_hooks.append(hook)

    # -- before sending ------------------------------------------------------------

    def plan(self, scope: ContactScope) -> MailingPlan:
        """The recipients of a scope, and who is left out and why (also addresses on hold)."""
        rows = scope_rows(self._search, scope)
        with self._sessions() as session:
            held = held_addresses(session)
        return plan_recipients(rows, held)

    @staticmethod
    def problems(draft: MailDraft, plan: MailingPlan) -> list[LeftOut]:
        """The recipients whose message cannot be built, and why (they will fail when sent).

        A value that cannot go into a header, such as a line break in a role
        merged into the subject, stored before Kontakt cleaned text on the way in.
        """
        draft = draft.cleaned()
        found = []
        for row in plan.recipients:
            reason = message_problem(draft, row.full_name, row.primary_email, merge_values(row))
            if reason is not None:
                found.append(LeftOut(row.uid, row.full_name or row.primary_email, reason))
        return found

    def create(
        self,
        draft: MailDraft,
        sender: Sender,
        plan: MailingPlan,
        scope_text: str = "",
        event_id: int | None = None,
        on_stored: Callable[[Session, int], None] | None = None,
    ) -> int:
        """Store the mailing and every recipient (pending); returns the mailing's number.

        ``on_stored(session, mailing_id)`` runs in the same transaction, e.g. to
        tie the mailing to what it carries.

        The subject, texts and sender are stored cleaned of control characters.
        A recipient whose message cannot be built (see :meth:`problems`) is
        stored like the others and fails, with the reason, when it is sent.

        Raises:
            ValidationError: An unknown merge field or an empty subject/body.
            KontaktError: Nobody to send to, or no sender address.
        """
        draft, sender = draft.cleaned(), sender.cleaned()
        draft.check()
        if not plan.recipients:
            raise KontaktError(
                "Ingen mottakere: alle i utvalget mangler e-post eller har reservert seg."
            )
        if "@" not in sender.address:
            raise KontaktError("Oppgi avsenderens e-postadresse i innstillingene for e-post.")
        for row in plan.recipients:  # every merge renders before anything is stored
            render(draft.subject, merge_values(row))
        with self._sessions.begin() as session:
            mailing = Mailing(
                actor=self._actor,
                subject=draft.subject,
                body=draft.body,
                html=draft.html,
                kind="newsletter" if draft.markdown else "message",
                markdown=draft.markdown,
                sender_name=sender.name,
                sender_address=sender.address,
                scope=clean(scope_text)[:500],
                event_id=event_id,
            )
            session.add(mailing)
            session.flush()
            session.add_all(
                MailingAttachment(
                    mailing_id=mailing.id,
                    filename=a.filename,
                    mime_type=a.mime_type,
                    content=a.content,
                )
                for a in draft.attachments
            )
            session.add_all(
                MailingRecipient(
                    mailing_id=mailing.id,
                    contact_id=row.id,
                    name=row.full_name,
                    address=row.primary_email,
                    values=merge_values(row),
                    status=RecipientStatus.PENDING.value,
                    message_id="",
                    error="",
                )
                for row in plan.recipients
            )
            if on_stored is not None:
                on_stored(session, mailing.id)
            return mailing.id

    # -- looking -------------------------------------------------------------------

    def summary(self, mailing_id: int) -> MailingSummary:
        """How far a mailing has come.

        Raises:
            NotFoundError: No such mailing.
        """
        with self._sessions() as session:
            mailing = stored_mailing(session, mailing_id)
            counts = session.execute(
                select(MailingRecipient.status, func.count())
                .where(MailingRecipient.mailing_id == mailing_id)
                .group_by(MailingRecipient.status)
            ).all()
            return MailingSummary(
                mailing.id,
                mailing.subject,
                mailing.created_at,
                {RecipientStatus(s): int(n) for s, n in counts},
            )

    def mailings(self) -> list[MailingSummary]:
        """Every mailing, newest first."""
        with self._sessions() as session:
            ids = list(session.scalars(select(Mailing.id).order_by(Mailing.id.desc())))
        return [self.summary(i) for i in ids]

    def recipients(
        self, mailing_id: int, status: RecipientStatus | None = None
    ) -> list[RecipientInfo]:
        """The recipients of a mailing (in one state, or all)."""
        query = select(MailingRecipient).where(MailingRecipient.mailing_id == mailing_id)
        if status is not None:
            query = query.where(MailingRecipient.status == status.value)
        with self._sessions() as session:
            return [
                RecipientInfo(r.name, r.address, RecipientStatus(r.status), r.error)
                for r in session.scalars(query.order_by(MailingRecipient.id))
            ]

    def sent_last_day(self) -> int:
        """Messages handed to the server in the last 24 hours (for the daily cap)."""
        since = utcnow() - dt.timedelta(days=1)
        with self._sessions() as session:
            return int(
                session.scalar(
                    select(func.count()).where(
                        MailingRecipient.sent_at.is_not(None), MailingRecipient.sent_at >= since
                    )
                )
                or 0
            )

    # -- deciding ------------------------------------------------------------------

    def settle_uncertain(self, mailing_id: int, delivered: bool) -> int:
        """Decide about recipients left in "sending" by a crash: count them as sent, or
        send them again with the rest. Returns how many were settled."""
        status = RecipientStatus.SENT if delivered else RecipientStatus.PENDING
        with self._sessions.begin() as session:
            if delivered and self._delivery_hooks:
                now = utcnow()
                for contact_id in session.scalars(
                    select(MailingRecipient.contact_id).where(
                        MailingRecipient.mailing_id == mailing_id,
                        MailingRecipient.status == RecipientStatus.SENDING.value,
                    )
                ).all():
                    for hook in self._delivery_hooks:
                        hook(session, mailing_id, contact_id, now)
            result = session.execute(
                update(MailingRecipient)
                .where(
                    MailingRecipient.mailing_id == mailing_id,
                    MailingRecipient.status == RecipientStatus.SENDING.value,
                )
                .values(status=status.value, error="")
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def retry_failed(self, mailing_id: int) -> int:
        """Put the failed recipients back in the queue; returns how many.

        Each is sent as the contact is now: a name, role or address corrected
        since the mailing was made is used (so a value that could not go into a
        header, once fixed, goes out). Someone who has since reserved themselves
        against e-mail, lost their address or gone to the trash stays failed,
        with that reason.
        """
        with self._sessions() as session:
            uids = list(
                session.scalars(
                    select(Contact.uid)
                    .join(MailingRecipient, MailingRecipient.contact_id == Contact.id)
                    .where(
                        MailingRecipient.mailing_id == mailing_id,
                        MailingRecipient.status == RecipientStatus.FAILED.value,
                    )
                )
            )
        now = {row.id: row for row in self._search.rows_by_uid(uids)}
        queued = 0
        with self._sessions.begin() as session:
            for recipient in session.scalars(
                select(MailingRecipient).where(
                    MailingRecipient.mailing_id == mailing_id,
                    MailingRecipient.status == RecipientStatus.FAILED.value,
                )
            ):
                row = now.get(recipient.contact_id)
                reason = _not_sendable(row)
                if reason:
                    recipient.error = reason
                    continue
                assert row is not None
                recipient.name = row.full_name
                recipient.address = row.primary_email
                recipient.values = merge_values(row)
                recipient.status = RecipientStatus.PENDING.value
                recipient.error = ""
                queued += 1
        return queued

    # -- sending -------------------------------------------------------------------

    def send_steps(
        self,
        mailing_id: int,
        connect: Callable[[], SmtpConnection],
        limits: Limits | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> Steps:
        """Send every pending recipient one personal message, yielding ``(done, total)``.

        Closing the generator (cancel) stops before the next message; nothing is
        left half-done. Returns how it went.

        Raises:
            MailingStopped: The server refused us or the daily cap was reached;
                the message says how many are left and how to go on.
        """
        with self._sessions() as session:
            mailing = stored_mailing(session, mailing_id)
            draft = MailDraft(
                mailing.subject,
                mailing.body,
                mailing.html,
                tuple(
                    Attachment(a.filename, a.content, a.mime_type)
                    for a in session.scalars(
                        select(MailingAttachment)
                        .where(MailingAttachment.mailing_id == mailing_id)
                        .order_by(MailingAttachment.id)
                    )
                ),
            )
            sender = Sender(mailing.sender_name, mailing.sender_address)
            pending = list(
                session.scalars(
                    select(MailingRecipient.id)
                    .where(
                        MailingRecipient.mailing_id == mailing_id,
                        MailingRecipient.status == RecipientStatus.PENDING.value,
                    )
                    .order_by(MailingRecipient.id)
                )
            )
        summary = self.summary(mailing_id)
        total = summary.total
        done = total - len(pending) - summary.count(RecipientStatus.SENDING)
        pacer = Pacer(limits or Limits(), self.sent_last_day())
        delivery = Delivery(self._sessions, mailing_id, draft, sender, self._delivery_hooks)
        conn: SmtpConnection | None = None
        yield done, total
        try:
            for recipient_id in pending:
                if pacer.day_is_full:
                    raise self._stopped(
                        mailing_id, f"Dagens grense på {pacer.limits.per_day} e-poster er nådd."
                    )
                prepared = delivery.prepare(recipient_id)
                if prepared is None:  # failed with the reason; nothing was sent
                    done += 1
                    yield done, total
                    continue
                wait = pacer.wait_seconds()
                while wait > 0:
                    sleep(min(wait, 0.5))
                    yield done, total
                    wait = pacer.wait_seconds()
                if conn is None:
                    conn = connect()
                    try:
                        conn.connect()
                    except ServerRefused as exc:
                        conn = None
                        raise self._stopped(mailing_id, str(exc)) from exc
                try:
                    delivery.send(conn, prepared)
                except ConnectionLost:
                    conn.close()
                    conn = None
                except ServerRefused as exc:
                    raise self._stopped(mailing_id, str(exc)) from exc
                pacer.sent()
                done += 1
                yield done, total
        finally:
            if conn is not None:
                conn.close()
        self._finish(mailing_id)
        return SendOutcome(self.summary(mailing_id))

    def _finish(self, mailing_id: int) -> None:
        summary = self.summary(mailing_id)
        if summary.count(RecipientStatus.PENDING) or summary.count(RecipientStatus.SENDING):
            return
        with self._sessions.begin() as session:
            mailing = session.get_one(Mailing, mailing_id)
            mailing.finished_at = mailing.finished_at or utcnow()

    def _stopped(self, mailing_id: int, reason: str) -> MailingStopped:
        summary = self.summary(mailing_id)
        left = summary.count(RecipientStatus.PENDING)
        return MailingStopped(
            f"{reason} Utsending nr. {mailing_id} stoppet: {summary.count(RecipientStatus.SENT)} "
            f"sendt, {left} igjen. Fortsett senere med «Fortsett utsending» "
            f"(kontakt mail resume {mailing_id})."
        )


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """How a sending run ended."""

    summary: MailingSummary

    def text(self) -> str:
        """One Norwegian sentence."""
        s = self.summary
        parts = [
            f"Utsending nr. {s.id}: {s.count(RecipientStatus.SENT)} sendt",
            f"{s.count(RecipientStatus.FAILED)} feilet",
        ]
        if s.count(RecipientStatus.PENDING):
            parts.append(f"{s.count(RecipientStatus.PENDING)} venter")
        if s.count(RecipientStatus.SENDING):
            parts.append(f"{s.count(RecipientStatus.SENDING)} usikre")
        return ", ".join(parts) + "."


def _not_sendable(row: ContactRow | None) -> str:
    """Why a contact can no longer be sent to (Norwegian), or "" when it can."""
    if row is None or row.deleted_at is not None:
        return "Kontakten er slettet eller ligger i papirkurven."
    if row.opted_out:
        return "Kontakten har reservert seg mot e-post."
    if not row.primary_email:
        return "Kontakten har ingen e-postadresse."
    return ""
