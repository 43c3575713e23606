"""What the secretary is told when an event is changed or deleted.

Changing an event whose invitation has gone out does not reach those invited;
deleting one takes its participant list and answers, while what happened
stays in the contacts' histories and the invitation among the mailings. The
texts say so in these words, and :func:`confirm_deletion` asks before anything
is deleted, with «Avbryt» as the default answer.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from kontakt.domain.wording import plural
from kontakt.services.outreach.events import EventData, EventSummary, EventTraces
from kontakt.ui.dialogs.event_texts import local_year, long_span_text

DELETE_TITLE = "Slett arrangement"
DELETE_BUTTON = "Slett arrangementet"
CANCEL_BUTTON = "Avbryt"


def already_invited(people: int) -> str:
    """The warning shown while an event whose invitation has been sent is changed."""
    return (
        f"Invitasjonen er allerede sendt til {plural(people, 'person', 'personer')}. "
        "De får ikke beskjed om endringen automatisk – send en ny invitasjon."
    )


def saved_notice(before: EventData, after: EventData, invited: int) -> str:
    """What the events window says after a change was saved."""
    told = (before.title, before.starts_at, before.ends_at, before.link, before.place)
    if not invited or told == (
        after.title,
        after.starts_at,
        after.ends_at,
        after.link,
        after.place,
    ):
        return "Endringene er lagret."
    return (
        f"Endringene er lagret. {plural(invited, 'person', 'personer')} har alt fått "
        "invitasjonen og får ikke beskjed automatisk – trykk «Inviter …» og send en ny."
    )


def deletion_question(
    summary: EventSummary, traces: EventTraces, now: dt.datetime | None = None
) -> tuple[str, str]:
    """The question, and what goes and what stays (plain text, paragraphs between blank lines)."""
    d = summary.data
    question = f"Slette «{d.title}» ({long_span_text(d.starts_at, d.ends_at)})?"
    goes: list[str] = []
    if traces.participants:
        who = plural(traces.participants, "person", "personer")
        goes.append(f"Deltakerlista ({who}) og svarene som er registrert, slettes.")
    now = now or dt.datetime.now(dt.UTC)
    if d.starts_at <= now:
        goes.append(f"Arrangementet teller ikke lenger med i målet for {local_year(d.starts_at)}.")
    stays: list[str] = []
    if traces.invited:
        who = plural(traces.invited, "person", "personer")
        stays.append(
            f"• invitasjonen som ble sendt til {who} – under «Utsendinger» "
            "og i mottakernes historikk"
        )
    if traces.attended:
        who = plural(traces.attended, "person", "personer")
        stays.append(
            f"• «Deltok: {d.title}» i historikken til {who}, med en merknad om når "
            "arrangementet var"
        )
    paragraphs = [" ".join(goes)] if goes else []
    if stays:
        paragraphs.append("Dette beholdes:\n" + "\n".join(stays))
    elif not traces.participants:
        paragraphs.append("Ingen er invitert eller registrert som deltaker.")
    paragraphs.append("Slettingen kan ikke angres.")
    return question, "\n\n".join(paragraphs)


def confirm_deletion(parent: QWidget, summary: EventSummary, traces: EventTraces) -> bool:
    """Ask before deleting; True when the secretary chose «Slett arrangementet»."""
    question, details = deletion_question(summary, traces)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(DELETE_TITLE)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<b>{html.escape(question)}</b>")
    box.setInformativeText(html.escape(details).replace("\n", "<br>"))
    delete = box.addButton(DELETE_BUTTON, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(CANCEL_BUTTON, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is delete
