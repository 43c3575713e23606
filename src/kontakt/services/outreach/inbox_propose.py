"""From raw incoming messages to proposed changes: classify, tie to what was sent, propose.

One :class:`Proposer` per fetch. Each message is parsed and classified
(:mod:`kontakt.io.mailbox`), tied to a message Kontakt sent
(:class:`~.inbox_match.SentIndex`), and turned into proposals; a message
that matches nothing is counted and left alone, as is a bounce naming an
address that was not a recipient of the mailing it refers to.
"""

from __future__ import annotations

from kontakt.io.mailbox.classify import Classified, Kind, classify
from kontakt.io.mailbox.parse import Inbound, parse_message
from kontakt.services.outreach.inbox_match import Sent, SentIndex
from kontakt.services.outreach.inbox_model import Action, FetchResult, MessageInfo, Proposal

__all__ = ["UNMATCHED", "Proposer"]

UNMATCHED = "unmatched"


class Proposer:
    """Collects the proposals of one fetch.

    Args:
        index: What Kontakt sent.
        seen_ids: Message-IDs processed by earlier fetches (skipped).
    """

    def __init__(self, index: SentIndex, seen_ids: set[str]) -> None:
        self._index = index
        self._seen = seen_ids
        self.result = FetchResult()

    def add(self, folder: str, uid_validity: int, uid: int, raw: bytes) -> None:
        """Read one message and propose what it asks for."""
        inbound = parse_message(raw)
        if inbound.message_id and inbound.message_id in self._seen:
            self.result.skipped += 1
            return
        if inbound.message_id:
            self._seen.add(inbound.message_id)
        found = classify(inbound)
        before = len(self.result.proposals)
        kind = found.kind.value
        if found.kind is Kind.AUTO_REPLY:
            self.result.auto_replies += 1
        else:
            self._propose(found, len(self.result.messages))
            if len(self.result.proposals) == before:
                kind = UNMATCHED
                self.result.unmatched += 1
        self.result.messages.append(
            MessageInfo(
                len(self.result.messages), folder, uid_validity, uid, inbound.message_id, kind,
                inbound.from_address, inbound.from_name, inbound.date, inbound.subject,
                inbound.first_lines(),
            )
        )  # fmt: skip

    def _propose(self, found: Classified, message: int) -> None:
        inbound = found.inbound
        if found.kind is Kind.BOUNCE:
            self._bounce(found, message)
        elif found.kind is Kind.RSVP:
            self._calendar(found, message)
        else:
            sent = self._index.reply_to(inbound.in_reply_to, inbound.from_address)
            if sent is None:
                return
            if found.kind is Kind.OPT_OUT:
                self._add(Action.OPT_OUT, message, sent, inbound.from_address,
                          why=f"Ba om å bli avmeldt: «{_said(inbound)}»")  # fmt: skip
            elif found.plain is not None and sent.event_id is not None:
                self._rsvp(message, sent, inbound.from_address, found.plain.value,
                           f"Svarte «{_said(inbound)}» på invitasjonen")  # fmt: skip
            else:
                subject = self._index.mailing_subjects.get(sent.mailing_id, "")
                self._add(Action.REPLY, message, sent, inbound.from_address,
                          why=f"Svarte på «{subject}»")  # fmt: skip

    def _bounce(self, found: Classified, message: int) -> None:
        bounce, inbound = found.bounce, found.inbound
        assert bounce is not None
        refs = [*bounce.original_ids, *inbound.in_reply_to]
        for address in (*bounce.hard, *bounce.soft):
            sent = self._index.bounced(refs, address, inbound.date)
            if sent is None:
                continue  # not a recipient of the mailing it names: forged or not ours
            hard = address in bounce.hard
            self._add(
                Action.HOLD if hard else Action.SOFT_BOUNCE, message, sent, address,
                reason=bounce.reason(address),
                why=("Returnert: adressen virker ikke" if hard
                     else "Returnert: midlertidig feil (tre på rad setter adressen på vent)"),
            )  # fmt: skip

    def _calendar(self, found: Classified, message: int) -> None:
        inbound = found.inbound
        for answer in found.answers:
            event_id = self._index.event_of(answer.uid)
            sent: Sent | None = None
            if event_id is not None:
                sent = self._index.invited(event_id, answer.address)
            if sent is None:  # an unknown UID: the invitation it answers, by reference
                ref = self._index.by_reference(inbound.in_reply_to)
                if ref is not None and ref.event_id is not None:
                    sent = ref if self._index.is_theirs(ref, answer.address) else None
            if sent is None or not self._index.is_theirs(sent, inbound.from_address):
                continue  # someone answering for another address: not taken
            self._rsvp(message, sent, answer.address, answer.answer, "Svar fra kalenderprogram")

    def _rsvp(self, message: int, sent: Sent, address: str, answer: str, why: str) -> None:
        assert sent.event_id is not None
        self._add(Action.RSVP, message, sent, address, answer=answer, why=why,
                  event_id=sent.event_id)  # fmt: skip

    def _add(
        self, action: Action, message: int, sent: Sent, address: str,
        reason: str = "", why: str = "", answer: str = "", event_id: int | None = None,
    ) -> None:  # fmt: skip
        uid, name = self._index.contacts.get(sent.contact_id, ("", ""))
        if not uid:
            return  # the contact is gone (erased)
        self.result.proposals.append(
            Proposal(
                key=len(self.result.proposals), action=action, message=message,
                contact_id=sent.contact_id, contact_uid=uid, contact_name=name,
                address=address, mailing_id=sent.mailing_id,
                mailing_subject=self._index.mailing_subjects.get(sent.mailing_id, ""),
                event_id=event_id, event_title=self._index.events.get(event_id or 0, ""),
                answer=answer, reason=reason[:300], why=why,
            )
        )  # fmt: skip


def _said(inbound: Inbound) -> str:
    """The person's words, short: the first own line, else the subject."""
    line = inbound.first_lines(1) or inbound.subject
    return line[:80]
