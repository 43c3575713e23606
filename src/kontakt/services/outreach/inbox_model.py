"""What a fetch found: the messages read and the changes proposed, for the window and the CLI.

Nothing here changes the database: a :class:`FetchResult` is shown to the
secretary (every proposal with who, what, why and the message), and the
chosen proposals are applied by :meth:`InboxService.apply
<kontakt.services.outreach.inbox.InboxService.apply>`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Action", "FetchResult", "MessageInfo", "Proposal"]


class Action(StrEnum):
    """What applying a proposal does."""

    OPT_OUT = "opt_out"  # the contact is reserved against e-mail
    HOLD = "hold"  # a hard bounce: the address goes on hold
    SOFT_BOUNCE = "soft_bounce"  # counted; the third in a row puts it on hold
    RSVP = "rsvp"  # the participant's answer in the event
    REPLY = "reply"  # a history entry of the person


ACTION_LABELS = {
    Action.OPT_OUT: "Reserver mot e-post",
    Action.HOLD: "Sett adressen på vent",
    Action.SOFT_BOUNCE: "Tell midlertidig feil",
    Action.RSVP: "Registrer svar på invitasjon",
    Action.REPLY: "Lagre svaret i historikken",
}
ANSWER_LABELS = {"accepted": "Takket ja", "declined": "Takket nei", "tentative": "Kanskje"}


@dataclass(frozen=True, slots=True)
class MessageInfo:
    """One message read, as the secretary sees it, and where it is on the server.

    Attributes:
        index: Its place in :attr:`FetchResult.messages`.
        folder: The IMAP folder.
        uid_validity: The folder's UIDVALIDITY.
        uid: The message's UID in the folder.
        message_id: Its Message-ID ("" if none).
        kind: bounce, rsvp, auto_reply, opt_out, reply, or unmatched.
        sender: Its From address.
        sender_name: Its From name.
        date: When it was written, if known.
        subject: Its subject.
        first_lines: Its first lines of own text.
    """

    index: int
    folder: str
    uid_validity: int
    uid: int
    message_id: str
    kind: str
    sender: str
    sender_name: str
    date: dt.datetime | None
    subject: str
    first_lines: str


@dataclass(frozen=True, slots=True)
class Proposal:
    """One change the mailbox proposes.

    Attributes:
        key: Its number in the result (the window's row; pass chosen keys to apply).
        action: What it does.
        message: The index of the message it comes from.
        contact_id: The contact it concerns.
        contact_uid: The contact's uid.
        contact_name: The contact's name.
        address: The e-mail address concerned.
        mailing_id: The mailing the message answers or bounced from.
        mailing_subject: That mailing's subject.
        event_id: For an RSVP: the event.
        event_title: The event's title.
        answer: For an RSVP: accepted, declined or tentative.
        reason: For a bounce: the server's words.
        why: Why Kontakt proposes this, in Norwegian.
    """

    key: int
    action: Action
    message: int
    contact_id: int
    contact_uid: str
    contact_name: str
    address: str
    mailing_id: int | None
    mailing_subject: str = ""
    event_id: int | None = None
    event_title: str = ""
    answer: str = ""
    reason: str = ""
    why: str = ""

    @property
    def what(self) -> str:
        """The change in Norwegian, for the review list."""
        if self.action is Action.RSVP:
            return f"{ANSWER_LABELS.get(self.answer, self.answer)}: {self.event_title}"
        return ACTION_LABELS[self.action]


@dataclass
class FetchResult:
    """Everything one fetch read and proposes.

    Attributes:
        messages: Every new message read (proposals point into it).
        proposals: The proposed changes.
        auto_replies: How many were automatic answers (ignored).
        unmatched: How many matched nothing Kontakt sent (left alone).
        skipped: Messages already processed by an earlier fetch (not read again).
    """

    messages: list[MessageInfo] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    auto_replies: int = 0
    unmatched: int = 0
    skipped: int = 0

    def to_json(self, applied: bool = False) -> dict[str, Any]:
        """The issue's JSON: bounces, opt_outs, rsvps, auto_replies, replies, unmatched."""
        msgs = self.messages
        bounces = [
            {
                "email": p.address,
                "kind": "hard" if p.action is Action.HOLD else "soft",
                "reason": p.reason,
                "mailing": p.mailing_id,
            }
            for p in self.proposals
            if p.action in (Action.HOLD, Action.SOFT_BOUNCE)
        ]
        return {
            "bounces": bounces,
            "opt_outs": [
                {"email": p.address, "mailing": p.mailing_id}
                for p in self.proposals
                if p.action is Action.OPT_OUT
            ],
            "rsvps": [
                {"email": p.address, "event": p.event_id, "answer": p.answer}
                for p in self.proposals
                if p.action is Action.RSVP
            ],
            "auto_replies": self.auto_replies,
            "replies": [
                {"email": p.address, "subject": msgs[p.message].subject, "mailing": p.mailing_id}
                for p in self.proposals
                if p.action is Action.REPLY
            ],
            "unmatched": self.unmatched,
            "applied": applied,
        }
