"""One mailing as the board looks back at it: the message as sent, who got it, what came back.

«Utsendinger -> Vis …» in the window, ``kontakt mail show`` on the command
line and the report saved for the board (Excel) read the same
:class:`MailingReport`. The message is the stored one: the text with its
merge fields (``{fornavn}`` …), as every recipient's copy was made from it.
Nothing here tracks opening or clicking: what came back is what «Hent svar»
read from the mailbox.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.services.outreach.delivery import RecipientStatus
from kontakt.services.outreach.inbox_responses import Response, responses_to
from kontakt.services.outreach.mailing import stored_mailing
from kontakt.storage.outreach_models import (
    Event,
    Mailing,
    MailingAttachment,
    MailingRecipient,
)

STATUS_LABELS = {
    RecipientStatus.SENT: "Sendt",
    RecipientStatus.FAILED: "Feilet",
    RecipientStatus.PENDING: "Venter",
    RecipientStatus.SENDING: "Usikker",
}


@dataclass(frozen=True, slots=True)
class RecipientLine:
    """One recipient of the mailing, as the report lists them."""

    name: str
    address: str
    status: RecipientStatus
    sent_at: dt.datetime | None
    error: str


@dataclass(frozen=True, slots=True)
class MailingOverview:
    """A mailing in the list: number, subject, when, how far it came."""

    id: int
    subject: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    counts: dict[RecipientStatus, int]

    def to_json(self) -> dict[str, Any]:
        """For ``kontakt mail list --json``."""
        return {
            "id": self.id,
            "subject": self.subject,
            "created_at": self.created_at.astimezone().isoformat(),
            "finished_at": self.finished_at.astimezone().isoformat() if self.finished_at else None,
            "counts": {s.value: self.counts.get(s, 0) for s in RecipientStatus},
        }


@dataclass(frozen=True, slots=True)
class MailingReport:
    """Everything about one mailing.

    Attributes:
        overview: Number, subject, dates and counts.
        actor: Who stored it.
        sender_name: The sender's name.
        sender_address: The sender's address.
        scope: Who it went to, in words (the filter or list).
        event_title: The event it invited to or followed up, if any.
        body: The text as written (with its merge fields).
        html: The HTML part as written ("" for none).
        attachments: The attached files' names.
        recipients: Every recipient and how it went.
        responses: What came back and was applied («Hent svar»).
    """

    overview: MailingOverview
    actor: str
    sender_name: str
    sender_address: str
    scope: str
    event_title: str
    body: str
    html: str
    attachments: tuple[str, ...]
    recipients: tuple[RecipientLine, ...]
    responses: tuple[Response, ...]

    @property
    def audience(self) -> str:
        """Who it went to, in words: the filter or list, else how many."""
        n = len(self.recipients)
        return self.scope or f"{n} {'mottaker' if n == 1 else 'mottakere'}"

    def to_json(self) -> dict[str, Any]:
        """For ``kontakt mail show --json``: the mailing, not its recipients' details."""
        return {
            **self.overview.to_json(),
            "sender": {"name": self.sender_name, "address": self.sender_address},
            "scope": self.scope,
            "event": self.event_title or None,
            "text": self.body,
            "html": bool(self.html),
            "attachments": list(self.attachments),
            "responses": {
                kind: sum(1 for r in self.responses if r.kind == kind)
                for kind in ("reply", "opt_out", "bounce", "rsvp")
            },
        }


class MailingReports:
    """Reads mailings back for the list, the report and the command line.

    Args:
        sessions: Session factory.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def mailings(self) -> list[MailingOverview]:
        """Every mailing, newest first."""
        with self._sessions() as session:
            counts: dict[int, dict[RecipientStatus, int]] = {}
            for mailing_id, status, n in session.execute(
                select(MailingRecipient.mailing_id, MailingRecipient.status, func.count())
                .group_by(MailingRecipient.mailing_id, MailingRecipient.status)
            ):  # fmt: skip
                counts.setdefault(mailing_id, {})[RecipientStatus(status)] = int(n)
            rows = session.execute(
                select(Mailing.id, Mailing.subject, Mailing.created_at, Mailing.finished_at)
                .order_by(Mailing.id.desc())
            ).all()  # fmt: skip
        return [
            MailingOverview(i, subject, created, finished, counts.get(i, {}))
            for i, subject, created, finished in rows
        ]

    def report(self, mailing_id: int) -> MailingReport:
        """One mailing in full.

        Raises:
            NotFoundError: No such mailing.
        """
        with self._sessions() as session:
            mailing = stored_mailing(session, mailing_id)
            lines = tuple(
                RecipientLine(r.name, r.address, RecipientStatus(r.status), r.sent_at, r.error)
                for r in session.scalars(
                    select(MailingRecipient)
                    .where(MailingRecipient.mailing_id == mailing_id)
                    .order_by(MailingRecipient.id)
                )
            )
            counts: dict[RecipientStatus, int] = {}
            for line in lines:
                counts[line.status] = counts.get(line.status, 0) + 1
            files = tuple(
                session.scalars(
                    select(MailingAttachment.filename)
                    .where(MailingAttachment.mailing_id == mailing_id)
                    .order_by(MailingAttachment.id)
                )
            )
            event = session.get(Event, mailing.event_id) if mailing.event_id else None
            overview = MailingOverview(
                mailing.id, mailing.subject, mailing.created_at, mailing.finished_at, counts
            )
            return MailingReport(
                overview, mailing.actor, mailing.sender_name, mailing.sender_address,
                mailing.scope, event.title if event else "", mailing.body, mailing.html,
                files, lines, tuple(responses_to(session, mailing_id)),
            )  # fmt: skip
