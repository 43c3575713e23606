"""One mailing's messages, one recipient at a time, each outcome recorded as it happens.

A recipient goes pending -> sending (committed before the message is handed
to the server) -> sent (committed after) or failed. Its message is built
first: one that cannot be built (a value that cannot go into a header, such
as a line break in a role merged into the subject) marks that recipient
failed with the reason before anything is sent, so it never stays «sending»
and the others still go out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum

from sqlalchemy.orm import Session, sessionmaker

from kontakt.services.outreach.message import (
    MailDraft,
    Sender,
    UnsendableMessage,
    build_message,
    new_message_id,
)
from kontakt.services.outreach.smtp import (
    ConnectionLost,
    RecipientRefused,
    ServerRefused,
    SmtpConnection,
)
from kontakt.storage.address_holds import held_reason
from kontakt.storage.base import utcnow
from kontakt.storage.models import Interaction
from kontakt.storage.outreach_models import MailingRecipient

CHANNEL = "e-post"
# Called in the transaction that marks a recipient sent, with (session, mailing id,
# contact id, sent at): lets another feature (the idea bank) record the delivery
# atomically with it, also when a mailing is resumed later.
DeliveryHook = Callable[[Session, int, int, dt.datetime], None]


class RecipientStatus(StrEnum):
    """How far one recipient's message has come."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Prepared:
    """A recipient's message, built and ready to hand over."""

    recipient_id: int
    contact_id: int
    address: str
    message: EmailMessage


class Delivery:
    """Builds and sends the messages of one mailing, recording each recipient's state.

    Args:
        sessions: Session factory (one short transaction per state change).
        mailing_id: The mailing.
        draft: Its subject, texts and attachments.
        sender: Who it comes from.
        hooks: Called for every recipient marked sent (see :data:`DeliveryHook`).
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        mailing_id: int,
        draft: MailDraft,
        sender: Sender,
        hooks: Sequence[DeliveryHook] = (),
    ) -> None:
        self._sessions = sessions
        self._mailing_id = mailing_id
        self._draft = draft
        self._sender = sender
        self._hooks = tuple(hooks)

    def prepare(self, recipient_id: int) -> Prepared | None:
        """Build one recipient's message.

        Returns:
            The message, or None when it cannot be built or the address has
            been put on hold since (it bounced): the recipient is then marked
            failed with the reason (nothing was sent).
        """
        with self._sessions.begin() as session:
            r = session.get_one(MailingRecipient, recipient_id)
            held = held_reason(session, r.address)
            if held:  # bounced since the mailing was made (a resumed or retried one)
                r.status = RecipientStatus.FAILED.value
                r.error = f"Adressen er satt på vent: {held}"
                return None
            try:
                msg = build_message(
                    self._draft,
                    self._sender,
                    r.name,
                    r.address,
                    dict(r.values),
                    new_message_id(self._sender, self._mailing_id, recipient_id),
                )
            except UnsendableMessage as exc:
                r.status = RecipientStatus.FAILED.value
                r.error = str(exc)
                return None
            return Prepared(recipient_id, r.contact_id, r.address, msg)

    def send(self, conn: SmtpConnection, prepared: Prepared) -> None:
        """Hand one message to the server, recording «sending» before and the outcome after.

        A refused recipient is marked failed and the call returns.

        Raises:
            ConnectionLost: The recipient is marked failed; reconnect and go on.
            ServerRefused: Refused at MAIL FROM: the recipient is back in the queue.
        """
        recipient_id = prepared.recipient_id
        self._set(recipient_id, RecipientStatus.SENDING, "", str(prepared.message["Message-ID"]))
        try:
            conn.send(prepared.message, prepared.address)
        except RecipientRefused as exc:
            self._set(recipient_id, RecipientStatus.FAILED, str(exc))
            return
        except ConnectionLost as exc:
            self._set(recipient_id, RecipientStatus.FAILED, str(exc))
            raise
        except ServerRefused:
            # Refused at MAIL FROM: the message was not taken; it stays in the queue.
            self._set(recipient_id, RecipientStatus.PENDING, "")
            raise
        with self._sessions.begin() as session:
            r = session.get_one(MailingRecipient, recipient_id)
            r.status = RecipientStatus.SENT.value
            r.sent_at = utcnow()
            session.add(
                Interaction(
                    contact_id=prepared.contact_id,
                    channel=CHANNEL,
                    subject=str(prepared.message["Subject"])[:300],
                    note="",
                    mailing_id=self._mailing_id,
                )
            )
            for hook in self._hooks:
                hook(session, self._mailing_id, prepared.contact_id, r.sent_at)

    def _set(
        self, recipient_id: int, status: RecipientStatus, error: str, message_id: str | None = None
    ) -> None:
        with self._sessions.begin() as session:
            r = session.get_one(MailingRecipient, recipient_id)
            r.status = status.value
            r.error = error
            if message_id is not None:
                r.message_id = message_id
