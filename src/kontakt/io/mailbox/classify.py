"""What an incoming message is: a bounce, an RSVP, an auto-reply, an opt-out or a reply.

The order matters. A bounce is decided first (servers' reports often carry
``Auto-Submitted`` too); then a calendar program's answer; then auto-replies
(RFC 3834 ``Auto-Submitted``, ``X-Autoreply``, ``X-Autorespond``,
``Precedence: auto_reply``, «Fravær» / «Out of office» in the subject), which
are never read for opt-outs (an out-of-office that quotes our footer is no
opt-out); then an opt-out in the person's own words; anything else is a reply,
which may carry a plain answer («ja, jeg kommer») the service uses when the
message answers an invitation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kontakt.domain.mail_replies import PlainAnswer, is_auto_reply_subject, plain_answer
from kontakt.domain.mail_replies import wants_opt_out as _wants_opt_out
from kontakt.io.mailbox.bounce import Bounce, find_bounce
from kontakt.io.mailbox.imip import CalendarAnswer, calendar_answers
from kontakt.io.mailbox.parse import Inbound

__all__ = ["Classified", "Kind", "classify"]


class Kind(StrEnum):
    """What a message is."""

    BOUNCE = "bounce"
    RSVP = "rsvp"
    AUTO_REPLY = "auto_reply"
    OPT_OUT = "opt_out"
    REPLY = "reply"


@dataclass(frozen=True)
class Classified:
    """A message and what it was found to be.

    Attributes:
        inbound: The message.
        kind: What it is.
        bounce: The failures, for a bounce.
        answers: The calendar answers, for an iMIP RSVP.
        plain: A plain answer to an invitation in the first words, for a reply.
    """

    inbound: Inbound
    kind: Kind
    bounce: Bounce | None = None
    answers: list[CalendarAnswer] = field(default_factory=list)
    plain: PlainAnswer | None = None


def is_auto_reply(inbound: Inbound) -> bool:
    """An automatic answer (RFC 3834 and the common non-standard markers)."""
    h = inbound.headers
    auto = h.get("auto-submitted", "no").split(";")[0].strip()
    if auto and auto != "no":
        return True
    if "x-autoreply" in h or "x-autorespond" in h:
        return True
    if h.get("precedence", "").strip() in ("auto_reply", "auto-reply", "junk", "bulk", "list"):
        return True
    if "oof" in h.get("x-auto-response-suppress", "") and is_auto_reply_subject(inbound.subject):
        return True
    return is_auto_reply_subject(inbound.subject)


def classify(inbound: Inbound) -> Classified:
    """Decide what ``inbound`` is; never raises."""
    bounce = find_bounce(inbound)
    if bounce is not None:
        return Classified(inbound, Kind.BOUNCE, bounce=bounce)
    answers = calendar_answers(inbound.calendars)
    if answers:
        return Classified(inbound, Kind.RSVP, answers=answers)
    if is_auto_reply(inbound):
        return Classified(inbound, Kind.AUTO_REPLY)
    if _wants_opt_out(inbound.subject, inbound.text):
        return Classified(inbound, Kind.OPT_OUT)
    return Classified(inbound, Kind.REPLY, plain=plain_answer(inbound.subject, inbound.text))
