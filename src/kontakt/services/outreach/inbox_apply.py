"""Applying chosen proposals in one transaction, and undoing them.

Every message of the fetch is recorded as processed (so the next fetch does
not propose it again), whether its proposals were chosen or not. What each
applied change did is stored on its message (``inbound_message.undo``), and
the opt-outs go through the audit log under the same change id, so
:func:`undo_steps` can put everything back: the reservation (through
:class:`~kontakt.services.undo.UndoService`), the hold, the participant's
answer and the history entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kontakt.services.audit import ContactAudit
from kontakt.services.outreach.inbox_model import (
    ANSWER_LABELS,
    Action,
    FetchResult,
    MessageInfo,
    Proposal,
)
from kontakt.storage import address_holds
from kontakt.storage.base import utcnow
from kontakt.storage.mailbox_models import InboundMessage
from kontakt.storage.models import Contact, Interaction
from kontakt.storage.outreach_models import EventParticipant

__all__ = ["Applied", "apply_proposals", "revert_steps"]

CHANNEL = "e-post"


@dataclass(frozen=True, slots=True)
class Applied:
    """How applying went: how many changes of each kind, and the id that undoes them."""

    change_id: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """All changes applied."""
        return sum(self.counts.values())

    def text(self) -> str:
        """One Norwegian sentence."""
        labels = {
            Action.OPT_OUT: "reservert mot e-post",
            Action.HOLD: "adresser satt på vent",
            Action.SOFT_BOUNCE: "midlertidige feil talt",
            Action.RSVP: "svar på invitasjoner",
            Action.REPLY: "svar lagret i historikken",
        }
        parts = [f"{n} {labels[Action(a)]}" for a, n in self.counts.items() if n]
        return ("Utført: " + ", ".join(parts) + ".") if parts else "Ingen endringer."


def _when(info: MessageInfo) -> str:
    return f"{info.date:%d.%m.%Y %H:%M}" if info.date else "ukjent dato"


def _source(info: MessageInfo) -> str:
    """The message named in a history note: date, sender, subject, Message-ID."""
    return (
        f"E-post {_when(info)} fra {info.sender}, emne «{info.subject}»"
        + (f", Message-ID <{info.message_id}>" if info.message_id else "")
        + "."
    )


def _history(
    session: Session, p: Proposal, subject: str, note: str, event_id: int | None = None
) -> int:
    item = Interaction(
        contact_id=p.contact_id, channel=CHANNEL, subject=subject[:300], note=note,
        mailing_id=p.mailing_id, event_id=event_id,
    )  # fmt: skip
    session.add(item)
    session.flush()
    return item.id


def _opt_out(
    session: Session, p: Proposal, info: MessageInfo, audit: ContactAudit, change_id: str
) -> dict[str, Any] | None:
    contact = session.get(Contact, p.contact_id)
    if contact is None or contact.deleted_at is not None or contact.opted_out:
        return None
    before = audit.state(session, contact)
    contact.opted_out = True
    contact.updated_at = utcnow()
    session.flush()
    audit.record(session, "opt_out", contact.uid, before, audit.state(session, contact), change_id)
    first = info.first_lines.splitlines()[0] if info.first_lines else ""
    note = f"{_source(info)}\nSvaret: «{first[:200]}»\nKilde: Hent svar (e-post), {audit.actor}."
    return {"opt_out": True, "interactions": [_history(session, p, "Reservert mot e-post", note)]}


def _bounce(session: Session, p: Proposal, info: MessageInfo) -> dict[str, Any]:
    hard = p.action is Action.HOLD
    before, held = address_holds.record_bounce(
        session, p.address, p.contact_id, hard, p.reason, p.mailing_id, info.message_id
    )
    subject = (
        f"E-postadressen {p.address} er satt på vent (returnert)"
        if held
        else f"E-post til {p.address} kom i retur (midlertidig)"
    )
    note = f"{_source(info)}\nÅrsak: {p.reason}"
    return {"hold": {"address": p.address, "before": before},
            "interactions": [_history(session, p, subject, note)]}  # fmt: skip


def _rsvp(session: Session, p: Proposal, info: MessageInfo) -> dict[str, Any]:
    assert p.event_id is not None
    participant = session.scalar(
        select(EventParticipant).where(
            EventParticipant.event_id == p.event_id, EventParticipant.contact_id == p.contact_id
        )
    )
    before = participant.status if participant is not None else None
    # Nobody who came is marked as only having answered.
    if p.answer in ("accepted", "tentative", "declined") and before != "attended":
        if participant is None:
            participant = EventParticipant(event_id=p.event_id, contact_id=p.contact_id, status="")
            session.add(participant)
        participant.status = p.answer
        participant.updated_at = utcnow()
    label = ANSWER_LABELS.get(p.answer, p.answer)
    subject = f"{label}: {p.event_title}"
    note = _source(info)
    return {
        "participant": {"event_id": p.event_id, "contact_id": p.contact_id, "before": before},
        "interactions": [_history(session, p, subject, note, p.event_id)],
    }


def _reply(session: Session, p: Proposal, info: MessageInfo) -> dict[str, Any]:
    soft = address_holds.clear_soft(session, p.address)
    note = f"{_source(info)}\n{info.first_lines}"
    step: dict[str, Any] = {"interactions": [_history(session, p, f"Svar: {info.subject}", note)]}
    if soft is not None:
        step["hold"] = {"address": p.address, "before": soft}
    return step


def apply_proposals(
    session: Session,
    result: FetchResult,
    chosen: Iterable[int],
    audit: ContactAudit,
    change_id: str,
) -> Applied:
    """Apply the chosen proposals (by key) and record every message as processed."""
    keys = set(chosen)
    counts: dict[str, int] = {}
    steps: dict[int, list[dict[str, Any]]] = {}
    for p in result.proposals:
        if p.key not in keys:
            continue
        info = result.messages[p.message]
        if p.action is Action.OPT_OUT:
            step = _opt_out(session, p, info, audit, change_id)
        elif p.action in (Action.HOLD, Action.SOFT_BOUNCE):
            step = _bounce(session, p, info)
        elif p.action is Action.RSVP:
            step = _rsvp(session, p, info)
        else:
            step = _reply(session, p, info)
        if step is not None:
            steps.setdefault(p.message, []).append(step)
            counts[p.action.value] = counts.get(p.action.value, 0) + 1
    _record_messages(session, result, steps, change_id)
    return Applied(change_id, counts)


def _record_messages(
    session: Session, result: FetchResult, steps: dict[int, list[dict[str, Any]]], change_id: str
) -> None:
    first = {p.message: p for p in reversed(result.proposals)}
    for info in result.messages:
        exists = session.scalar(
            select(InboundMessage.id).where(
                InboundMessage.folder == info.folder,
                InboundMessage.uid_validity == info.uid_validity,
                InboundMessage.uid == info.uid,
            )
        )
        if exists is not None:
            continue
        p = first.get(info.index)
        done = steps.get(info.index)
        session.add(
            InboundMessage(
                folder=info.folder[:300], uid_validity=info.uid_validity, uid=info.uid,
                message_id=info.message_id[:300], kind=info.kind,
                contact_id=p.contact_id if p else None,
                mailing_id=p.mailing_id if p else None,
                event_id=p.event_id if p else None,
                applied=bool(done), change_id=change_id if done else None,
                undo={"steps": done} if done else None,
            )
        )  # fmt: skip


def revert_steps(session: Session, change_id: str) -> tuple[int, bool]:
    """Undo what :func:`apply_proposals` did (except the reservations: the audit log's undo
    does those). Returns (messages reverted, whether reservations were among them)."""
    rows = list(
        session.scalars(
            select(InboundMessage).where(
                InboundMessage.change_id == change_id, InboundMessage.applied.is_(True)
            )
        )
    )
    had_opt_out = False
    for row in rows:
        for step in reversed((row.undo or {}).get("steps", [])):
            if step.get("opt_out") and row.contact_id is not None:
                had_opt_out = True
                session.add(
                    Interaction(
                        contact_id=row.contact_id, channel="annet",
                        subject="Reservasjon mot e-post (fra svar på e-post) angret",
                        note=f"Angret {utcnow():%d.%m.%Y %H:%M}.", mailing_id=row.mailing_id,
                    )
                )  # fmt: skip
            hold = step.get("hold")
            if hold:
                address_holds.restore(session, hold["address"], hold["before"])
            part = step.get("participant")
            if part:
                _restore_participant(session, part)
            for iid in step.get("interactions", []):
                item = session.get(Interaction, iid)
                if item is not None:
                    session.delete(item)
        row.applied = False
        row.note = f"Angret {utcnow():%d.%m.%Y %H:%M}"
    return len(rows), had_opt_out


def _restore_participant(session: Session, part: dict[str, Any]) -> None:
    participant = session.scalar(
        select(EventParticipant).where(
            EventParticipant.event_id == part["event_id"],
            EventParticipant.contact_id == part["contact_id"],
        )
    )
    if participant is None:
        return
    if part["before"] is None:
        session.delete(participant)
    else:
        participant.status = part["before"]
